import type { Document } from 'yaml';
import { editableScalar } from '../pod/shared';
import { isPlaceholder } from '../pod/source';
import { replaceScalar } from '../scalarEdit';
import { isByteResource, isFractionalBytes, isNegative, parseQuantity, suggestQuantity } from '../quantity';
import type { Fix, Severity } from '../types';
import { containerLabel } from '../workloads';
import type { Rule, RuleFinding } from './rule';
import { describeEntry, resourceQuantities, type QuantityEntry } from '../pod/quantities';
import { valueRange } from '../ranges';

/** The API server rejects a quantity that does not parse or is negative, and warns about a fraction of a byte. */
export const invalidQuantity: Rule = {
  id: 'invalid-quantity',
  defaultSeverity: 'error',
  description: 'A resource quantity that does not parse or is negative; a warning for a fractional memory value such as 500m.',
  fixable: true,
  check({ pod, text }) {
    return resourceQuantities(pod).flatMap((entry): RuleFinding[] => {
      // A placeholder (`${CPU_LIMIT}`, `<memory>`, `__MEM__`) is filled in before the API server reads it.
      if (entry.text === undefined || isPlaceholder(entry.text)) return [];
      const problem = problemOf(entry, entry.text);
      if (!problem) return [];
      const suggestion = suggestQuantity(entry.text, entry.resource);
      const fix = suggestion === undefined ? undefined : suggestFix(text, pod.doc, entry, suggestion);
      const [start, end] = valueRange(text, entry.node);
      const advice = suggestion === undefined ? problem.advice : `did you mean ${suggestion}?`;
      return [
        {
          container: entry.container,
          start,
          end,
          severity: problem.severity,
          message: `${describeEntry(entry, containerLabel)} '${entry.text}' ${problem.what}: ${advice}`,
          fixes: fix ? [fix] : [],
        },
      ];
    });
  },
};

interface Problem {
  severity?: Severity;
  what: string;
  advice: string;
}

function problemOf(entry: QuantityEntry, written: string): Problem | undefined {
  const parsed = parseQuantity(written);
  if (!parsed.ok)
    return { what: `is not a Kubernetes quantity (${parsed.reason})`, advice: 'write a number with an optional unit such as 500m, 256Mi or 1Gi.' };
  if (isNegative(parsed.quantity)) return { what: 'is negative', advice: 'resource quantities must be zero or more.' };
  if (isByteResource(entry.resource) && isFractionalBytes(parsed.quantity)) {
    return { severity: 'warning', what: 'is a fraction of a byte', advice: 'use a whole number of bytes with a unit such as Mi or Gi (m means thousandths).' };
  }
  return undefined;
}

function suggestFix(text: string, doc: Document, entry: QuantityEntry, suggestion: string): Fix | undefined {
  const scalar = editableScalar(doc, entry.node);
  const edit = scalar && replaceScalar(text, scalar, suggestion);
  return edit ? { title: `Did you mean \`${suggestion}\`?`, edits: [edit], preferred: true } : undefined;
}
