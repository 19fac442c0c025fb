import { isScalar } from 'yaml';
import { movePort, nextFreePort } from '../fixes/movePort';
import { setNumber } from '../scalarEdit';
import { concurrent, documentOrder, podPorts, usedHostPorts, usedPorts, whichMoves, type DeclaredPort } from '../pod/ports';
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
    const order = documentOrder(pod);
    const ports = podPorts(pod).filter((p): p is HostPort => p.hostPort !== undefined && p.hostPortNode !== undefined);
    const clashes = new Map<HostPort, HostPort[]>();
    for (let i = 0; i < ports.length; i++) {
      for (let j = i + 1; j < ports.length; j++) {
        const [a, b] = [ports[i], ports[j]];
        if (a.hostPort !== b.hostPort || a.protocol !== b.protocol || a.hostIP !== b.hostIP) continue;
        // The API rejects a repeat within one container too (checkHostPortConflicts on each container's own ports).
        if (a.container !== b.container && !concurrent(a.container, b.container)) continue;
        const mover = a.container === b.container || whichMoves(a.container, b.container, order) === b.container ? b : a;
        const other = mover === a ? b : a;
        clashes.set(mover, [...(clashes.get(mover) ?? []), other]);
      }
    }
    return [...clashes].map(([mover, others]): RuleFinding => {
      const label = containerLabel(mover.container);
      const where = `${mover.protocol} host port ${mover.hostPort}${mover.hostIP ? ` on ${mover.hostIP}` : ''}`;
      const elsewhere = others.filter((o) => o.container !== mover.container).map((o) => `'${containerLabel(o.container)}'`);
      const message =
        elsewhere.length === 0
          ? `'${label}' declares ${where} twice: move this entry to another host port.`
          : `'${label}' and ${elsewhere.join(', ')} both bind ${where} on the node while running together: move '${label}' to another host port.`;
      const fix = moveHostPort(text, pod, mover);
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
function moveHostPort(text: string, pod: PodSpec, mover: HostPort): Fix | undefined {
  const hostNetwork = getScalar(pod.doc, pod.spec, 'hostNetwork');
  const shared = isScalar(hostNetwork) && hostNetwork.value === true && mover.containerPort === mover.hostPort;
  const used = usedHostPorts(pod);
  if (shared) for (const port of usedPorts(pod)) used.add(port);
  const to = nextFreePort(used, mover.hostPort);
  if (to === undefined || !mover.container.direct) return undefined;
  const hostEdit = setNumber(text, pod.doc, mover.hostPortNode, to);
  if (!hostEdit) return undefined;
  const title = `Move '${containerLabel(mover.container)}' to host port ${to}`;
  if (!shared) return { title, edits: [hostEdit], preferred: true };
  const moved = movePort(text, pod, mover.container, mover.portNode, mover.containerPort, to);
  return moved ? { title, edits: [hostEdit, ...moved.edits], preferred: true } : undefined;
}
