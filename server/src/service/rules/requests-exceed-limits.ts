import type { Document } from 'yaml';
import { editableScalar } from '../pod/shared';
import { replaceScalar } from '../scalarEdit';
import { compareQuantities, parseQuantity, quantityMismatch, type Quantity } from '../quantity';
import type { Fix } from '../types';
import { containerLabel, type Container } from '../workloads';
import type { Rule, RuleFinding } from './rule';
import { resourceQuantities, type QuantityEntry } from '../pod/quantities';
import { valueRange } from '../ranges';

/** The API server rejects a request above its limit: `must be less than or equal to … limit of …`. */
export const requestsExceedLimits: Rule = {
  id: 'requests-exceed-limits',
  defaultSeverity: 'error',
  description: 'A container (or the pod) requests more of a resource than its limit allows.',
  fixable: true,
  check({ pod, text }) {
    const entries = resourceQuantities(pod).map((entry) => ({ entry, value: valueOf(entry) }));
    return entries.flatMap(({ entry: request, value: requested }): RuleFinding[] => {
      if (request.section !== 'requests' || !requested) return [];
      const match = entries.find(({ entry }) => entry.section === 'limits' && entry.container === request.container && entry.resource === request.resource);
      if (!match?.value || compareQuantities(requested, match.value) <= 0) return [];
      const limit = match.entry;
      const owner = request.container ? `'${containerLabel(request.container)}'` : 'The pod';
      const fixes = [
        fix(text, pod.doc, limit, request.text!, `Raise the limit to the request (${request.text!.trim()})`),
        fix(text, pod.doc, request, limit.text!, `Lower the request to the limit (${limit.text!.trim()})`),
      ].filter((f): f is Fix => f !== undefined);
      return [
        {
          container: request.container,
          start: valueRange(text, request.node)[0],
          end: valueRange(text, request.node)[1],
          message: `${owner} requests ${request.text} ${request.resource}, more than its limit of ${limit.text}: raise the limit or lower the request.`,
          related: [
            {
              start: valueRange(text, limit.node)[0],
              end: valueRange(text, limit.node)[1],
              message: `the ${request.resource} limit of ${subject(request.container)} is ${limit.text}`,
            },
          ],
          fixes,
        },
      ];
    });
  },
};

function valueOf(entry: QuantityEntry): Quantity | undefined {
  if (entry.text === undefined) return undefined;
  const parsed = parseQuantity(entry.text);
  return parsed.ok ? parsed.quantity : undefined;
}

function subject(container: Container | undefined): string {
  return container ? `'${containerLabel(container)}'` : 'the pod';
}

const ZERO = parseQuantity('0');

/**
 * Sets `target` to the other value's text, trimmed, in the target's own quoting, when that value suits the resource: a
 * suggestion, since which of the two was meant decides whether the container is throttled or OOM-killed.
 */
function fix(text: string, doc: Document, target: QuantityEntry, value: string, title: string): Fix | undefined {
  if (quantityMismatch(value, target.resource)) return undefined; // `1.5Gi` of cpu: copying it on would spread the slip
  if (Math.abs(Number(value.trim())) === Infinity) return undefined; // `1e309` reads as Infinity: copying it spreads a value no API accepts
  const parsed = parseQuantity(value);
  if (parsed.ok && ZERO.ok && compareQuantities(parsed.quantity, ZERO.quantity) <= 0) return undefined; // a limit of 0 or -0 is the slip itself
  const scalar = editableScalar(doc, target.node);
  const edit = scalar && replaceScalar(text, scalar, value.trim());
  return edit ? { title, edits: [edit], kind: 'suggestion' } : undefined;
}
