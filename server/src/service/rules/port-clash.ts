import { movePort, nextFreePort } from '../fixes/movePort';
import { concurrent, declaredPortsOf, documentOrder, usedPorts, whichMoves, type DeclaredPort } from '../pod/ports';
import { containerLabel } from '../workloads';
import type { Rule, RuleFinding } from './rule';

/** Containers of a pod share one network namespace: two that run together cannot bind the same port. */
export const portClash: Rule = {
  id: 'port-clash',
  defaultSeverity: 'error',
  description: 'Two containers that run at the same time declare the same containerPort and protocol; they share one network namespace.',
  fixable: true,
  check({ pod, text }) {
    const order = documentOrder(pod);
    const ports = order.flatMap((c) => declaredPortsOf(pod, c));
    const clashes = new Map<DeclaredPort, DeclaredPort[]>();
    for (let i = 0; i < ports.length; i++) {
      for (let j = i + 1; j < ports.length; j++) {
        const [a, b] = [ports[i], ports[j]];
        if (a.containerPort !== b.containerPort || a.protocol !== b.protocol || !concurrent(a.container, b.container)) continue;
        const mover = whichMoves(a.container, b.container, order) === a.container ? a : b;
        const other = mover === a ? b : a;
        clashes.set(mover, [...(clashes.get(mover) ?? []), other]);
      }
    }
    const used = usedPorts(pod);
    return [...clashes].map(([mover, others]): RuleFinding => {
      const to = nextFreePort(used, mover.containerPort);
      const fix = to === undefined ? undefined : movePort(text, pod, mover.container, mover.portNode, mover.containerPort, to);
      const names = others.map((o) => `'${containerLabel(o.container)}'`).join(', ');
      return {
        container: mover.container,
        start: mover.portNode.range![0],
        end: mover.portNode.range![1],
        message: `'${containerLabel(mover.container)}' and ${names} both use ${mover.protocol} port ${mover.containerPort} while running together in one network namespace: move '${containerLabel(mover.container)}' to another port.`,
        related: others.map((o) => ({
          start: o.portNode.range![0],
          end: o.portNode.range![1],
          message: `'${containerLabel(o.container)}' declares ${o.protocol} port ${o.containerPort} here`,
        })),
        fixes: fix ? [fix] : [],
      };
    });
  },
};
