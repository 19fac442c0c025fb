import { documentOrder } from '../pod/ports';
import { occurrenceAnchor } from '../ranges';
import type { Rule, RuleFinding } from './rule';
import { isPlaceholder } from '../pod/source';
import { renameContainer } from '../fixes/renameContainer';

// RFC 1123 label as IsDNS1123Label reads it (k8s.io/apimachinery/pkg/util/validation): at most 63 characters.
const DNS_LABEL = /^[a-z0-9]([-a-z0-9]*[a-z0-9])?$/;
const MAX_LABEL = 63;
// Beyond the placeholders every rule skips, names are also filled in by shell variables ($NAME) and printf (%s).
const NAME_PLACEHOLDER = /\$[A-Za-z_][A-Za-z0-9_]*|%[sd]/;

/** The API server validates every container name as a DNS-1123 label and rejects the pod when one is not. */
export const invalidContainerName: Rule = {
  id: 'invalid-container-name',
  defaultSeverity: 'error',
  description: 'A container name that is not a DNS-1123 label (lower-case alphanumerics and "-", at most 63 characters).',
  fixable: false,
  check({ pod, text }) {
    const used = new Set(pod.containers.flatMap((c) => (c.name === undefined ? [] : [c.name])));
    return documentOrder(pod).flatMap((container): RuleFinding[] => {
      const name = container.name;
      if (name === undefined || name === '' || isLabel(name) || isPlaceholder(name) || NAME_PLACEHOLDER.test(name)) return [];
      const rename = nearestLabel(name, used);
      if (rename !== undefined) used.add(rename);
      const [start, end] = occurrenceAnchor(pod, container);
      const fix = rename === undefined ? undefined : renameContainer(text, pod, container, rename);
      const example = rename === undefined ? '' : `, for example '${rename}'`;
      return [
        {
          container,
          start,
          end,
          message: `Container name '${name}' ${problem(name)}, so the API server rejects the pod: use a DNS-1123 label (lower-case letters, digits and '-')${example}.`,
          fixes: fix ? [fix] : [],
        },
      ];
    });
  },
};

/** A DNS-1123 label, as the API server requires of a container name. */
export function isLabel(name: string): boolean {
  return name.length <= MAX_LABEL && DNS_LABEL.test(name);
}

/** What is wrong with the name, in the order the API server's message lists it. */
function problem(name: string): string {
  if (name.length > MAX_LABEL) return `is ${name.length} characters long (at most ${MAX_LABEL})`;
  if (/[A-Z]/.test(name)) return 'has upper-case letters';
  if (/[^a-z0-9-]/.test(name)) return `has '${/[^a-z0-9-]/.exec(name)![0]}', which a label cannot hold`;
  return "starts or ends with '-'";
}

/** Lower-case, every run of characters a label cannot hold as one '-', trimmed and cut to 63; `-2`, `-3`… when another container has it. */
export function nearestLabel(name: string, used: ReadonlySet<string>): string | undefined {
  const base = trimDashes(name.toLowerCase().replace(/[^a-z0-9-]+/g, '-'));
  if (base === '') return undefined;
  for (let n = 1; ; n++) {
    const suffix = n === 1 ? '' : `-${n}`;
    const candidate = trimDashes(base.slice(0, MAX_LABEL - suffix.length)) + suffix;
    if (!used.has(candidate)) return candidate;
  }
}

function trimDashes(label: string): string {
  return label.replace(/^-+|-+$/g, '');
}
