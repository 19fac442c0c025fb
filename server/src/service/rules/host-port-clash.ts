import { isScalar } from 'yaml';
import { movePort, nextFreePort } from '../fixes/movePort';
import { choosable, plainEdits } from '../fixes/placeholder';
import { setNumber } from '../scalarEdit';
import { collectClashes, concurrent, otherNames, podPorts, usedHostPorts, usedPorts, whichMoves, type DeclaredPort } from '../pod/ports';
import type { Fix } from '../types';
import { containerLabel, type PodSpec } from '../workloads';
import { getScalar } from '../yamlNodes';
import type { Rule, RuleFinding } from './rule';
import { portAnchor } from '../ranges';

type HostPort = DeclaredPort & { hostPort: number; hostPortNode: NonNullable<DeclaredPort['hostPortNode']> };

/** A node has one port space: two containers (or two entries of one) that run together cannot both bind a host port. */
export const hostPortClash: Rule = {
  id: 'host-port-clash',
  defaultSeverity: 'error',
  description: 'Two containers that run at the same time declare the same hostPort, protocol and hostIP; only one can bind it on the node.',
  fixable: true,
  check({ pod, text }) {
    const ports = podPorts(pod).filter((p): p is HostPort => p.hostPort !== undefined && p.hostPortNode !== undefined);
    // The API rejects a repeat within one container too (checkHostPortConflicts on each container's own ports).
    const clashes = collectClashes(
      pod,
      ports,
      (p) => `${p.hostPort}/${p.protocol}/${p.hostIP}`,
      (a, b) => {
        if (a.container !== b.container && !concurrent(a.container, b.container)) return undefined;
        return a.container === b.container || whichMoves(pod, a.container, b.container) === b.container ? b : a;
      },
    );
    const hostPorts = clashes.length > 0 ? usedHostPorts(pod) : new Set<number>();
    return clashes.map(({ mover, others, count }): RuleFinding => {
      const label = containerLabel(mover.container);
      const where = `${mover.protocol} host port ${mover.hostPort}${mover.hostIP ? ` on ${mover.hostIP}` : ''}`;
      const elsewhere = others.filter((o) => o.container !== mover.container).map((o) => `'${containerLabel(o.container)}'`);
      const more = count - others.length;
      const message =
        elsewhere.length === 0
          ? `'${label}' declares ${where} twice: move this entry to another host port.`
          : `'${label}' and ${otherNames(elsewhere, elsewhere.length + more)} both bind ${where} on the node while running together: move '${label}' to another host port.`;
      const fix = moveHostPort(text, pod, mover, hostPorts);
      const [start, end] = portAnchor(mover, mover.hostPortNode);
      return {
        container: mover.container,
        start,
        end,
        message,
        related: others.map((o) => {
          const [from, to] = portAnchor(o, o.hostPortNode);
          return { start: from, end: to, message: `'${containerLabel(o.container)}' binds ${where} here` };
        }),
        fixes: fix ? [fix] : [],
      };
    });
  },
};

/**
 * The smallest host port above that no container of the pod declares. With `hostNetwork: true` the host port is the
 * container's own port, so when both are equal they move together (with the probes, env and args that name it).
 */
function moveHostPort(text: string, pod: PodSpec, mover: HostPort, hostPorts: Set<number>): Fix | undefined {
  if (!mover.container.direct) return undefined;
  const hostNetwork = getScalar(pod.doc, pod.spec, 'hostNetwork');
  const shared = isScalar(hostNetwork) && hostNetwork.value === true && mover.containerPort === mover.hostPort;
  const used = shared ? new Set([...hostPorts, ...usedPorts(pod)]) : hostPorts;
  const to = nextFreePort(used, mover.hostPort);
  if (to === undefined) return undefined;
  const hostEdit = setNumber(text, pod.doc, mover.hostPortNode, to);
  if (!hostEdit) return undefined;
  const title = `Move '${containerLabel(mover.container)}' to host port ${to}`;
  if (!shared) return { title, edits: choosable([hostEdit]), kind: 'suggestion' };
  const moved = movePort(text, pod, mover.container, mover.portNode, mover.containerPort, to);
  return moved ? { title, edits: plainEdits([hostEdit, ...moved.edits]), kind: 'suggestion' } : undefined;
}
