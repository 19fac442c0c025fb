import { setScalarText } from '../scalarEdit';
import { podPorts, type DeclaredPort } from '../pod/ports';
import { containerLabel } from '../workloads';
import { choosable } from '../fixes/placeholder';
import type { Rule, RuleFinding } from './rule';
import { portAnchor } from '../ranges';

/** The messages of apimachinery's IsValidPortName (IANA_SVC_NAME), in its order (kubernetes-sidecars.md §4.1). */
export function portNameErrors(name: string): string[] {
  const errors: string[] = [];
  if (name.length > 15) errors.push('must be no more than 15 characters');
  if (!/^[-a-z0-9]+$/.test(name)) errors.push('must contain only alpha-numeric characters (a-z, 0-9), and hyphens (-)');
  if (!/[a-z]/.test(name)) errors.push('must contain at least one letter (a-z)');
  if (name.includes('--')) errors.push('must not contain consecutive hyphens');
  if (name.startsWith('-') || name.endsWith('-')) errors.push('must not begin or end with a hyphen');
  return errors;
}

/**
 * Probes and Services select ports by name: the API rejects a name that is not an IANA service name or that repeats
 * within a container, and warns (1.33+) when two containers share one, since only the first is ever selected.
 */
export const portName: Rule = {
  id: 'port-name',
  defaultSeverity: 'error',
  description:
    'A port name must be a valid IANA service name (at most 15 characters) and unique within its container; two containers sharing one confuse Services.',
  fixable: true,
  check({ pod, text }) {
    const named = podPorts(pod).filter((p): p is DeclaredPort & { name: string } => p.name !== undefined && p.name !== '');
    const taken = new Set(named.map((p) => p.name));
    const firstOf = new Map<string, DeclaredPort>();
    const findings: RuleFinding[] = [];
    for (const port of named) {
      const label = containerLabel(port.container);
      const [start, end] = portAnchor(port, port.nameNode);
      const errors = portNameErrors(port.name);
      if (errors.length > 0) {
        const message = `Port name '${port.name}' of '${label}' ${joinErrors(errors)}: rename it (probes and Services that select it by name need the same change).`;
        findings.push({ container: port.container, start, end, message, fixes: [] });
        continue;
      }
      const own = firstOf.get(`${port.container.list}/${port.container.index}/${port.name}`);
      const first = own ?? firstOf.get(port.name);
      if (!own) firstOf.set(`${port.container.list}/${port.container.index}/${port.name}`, port);
      if (!first) {
        firstOf.set(port.name, port);
        continue;
      }
      const other = containerLabel(first.container);
      const [from, to] = portAnchor(first, first.nameNode);
      const related = [{ start: from, end: to, message: `'${other}' declares port name '${port.name}' here` }];
      if (own) {
        const rename = freeName(port.name, taken);
        const edit = rename && port.container.direct && port.nameNode ? setScalarText(text, pod.doc, port.nameNode, rename) : undefined;
        if (rename) taken.add(rename);
        const message = `'${label}' declares port name '${port.name}' twice, but names must be unique within a container: rename this one.`;
        findings.push({
          container: port.container,
          start,
          end,
          message,
          related,
          fixes: edit ? [{ title: `Rename to '${rename}'`, edits: choosable([edit]), kind: 'suggestion' }] : [],
        });
      } else {
        const message = `'${label}' and '${other}' both name a port '${port.name}', so a Service whose targetPort is '${port.name}' reaches only one of them: give this one another name.`;
        findings.push({ container: port.container, start, end, message, severity: 'warning', related, fixes: [] });
      }
    }
    return findings;
  },
};

function joinErrors(errors: string[]): string {
  return errors.length === 1 ? errors[0] : `${errors.slice(0, -1).join(', ')} and ${errors[errors.length - 1]}`;
}

/** `name-2`, `name-3`, … the first that is valid and not used by any port of the pod (shortened to fit 15 characters). */
function freeName(name: string, taken: Set<string>): string | undefined {
  for (let n = 2; n < 100; n++) {
    const suffix = `-${n}`;
    const candidate = `${name.slice(0, 15 - suffix.length).replace(/-+$/, '')}${suffix}`;
    if (!taken.has(candidate) && portNameErrors(candidate).length === 0) return candidate;
  }
  return undefined;
}
