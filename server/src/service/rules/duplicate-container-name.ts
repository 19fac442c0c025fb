import { documentOrder } from '../pod/ports';
import type { Container } from '../workloads';
import type { Rule, RuleFinding } from './rule';
import { occurrenceAnchor } from '../ranges';
import { renameContainer } from '../fixes/renameContainer';

/** Container names are unique across containers, initContainers and ephemeralContainers, or the pod is rejected. */
export const duplicateContainerName: Rule = {
  id: 'duplicate-container-name',
  defaultSeverity: 'error',
  description: 'A container name used more than once across containers, initContainers and ephemeralContainers.',
  fixable: true,
  check({ pod, text }) {
    const used = new Set(pod.containers.flatMap((c) => (c.name === undefined ? [] : [c.name])));
    const first = new Map<string, Container>();
    const resume = new Map<string, number>();
    const findings: RuleFinding[] = [];
    for (const container of documentOrder(pod)) {
      const name = container.name;
      if (name === undefined) continue;
      const original = first.get(name);
      if (!original) {
        first.set(name, container);
        continue;
      }
      const rename = freeName(name, used, resume);
      used.add(rename);
      const [start, end] = occurrenceAnchor(pod, container);
      const fix = renameContainer(text, pod, container, rename);
      findings.push({
        container: container,
        start,
        end,
        message: `'${name}' in ${container.list} repeats the name of the container in ${original.list}: rename it, for example to '${rename}'.`,
        related: original.nameNode?.range
          ? [{ start: original.nameNode.range[0], end: original.nameNode.range[1], message: `'${name}' is first declared here` }]
          : undefined,
        fixes: fix ? [fix] : [],
      });
    }
    return findings;
  },
};

/**
 * `x-2`, `x-3`, …: the first that no container of the pod uses (and that stays a valid 63-character name). `used` only
 * grows, so the search for a name resumes where the last one ended (a thousand repeats cost no quadratic scan).
 */
function freeName(name: string, used: Set<string>, resume: Map<string, number>): string {
  for (let n = resume.get(name) ?? 2; ; n++) {
    const candidate = `${name}-${n}`;
    if (!used.has(candidate)) {
      resume.set(name, n + 1);
      return candidate;
    }
  }
}
