import { movePort, nextFreePort } from '../fixes/movePort';
import { collectClashes, concurrent, declaredPortsOf, documentOrder, otherNames, usedPorts, whichMoves } from '../pod/ports';
import { injectionOf, namespaceViews } from '../mesh/injection';
import { containerLabel } from '../workloads';
import type { Rule, RuleFinding } from './rule';

/** Containers of a pod share one network namespace: two that run together cannot bind the same port. */
export const portClash: Rule = {
  id: 'port-clash',
  defaultSeverity: 'error',
  description: 'Two containers that run at the same time declare the same containerPort and protocol; they share one network namespace.',
  fixable: true,
  check({ pod, text, settings, objects }) {
    const ports = documentOrder(pod).flatMap((c) => declaredPortsOf(pod, c));
    const clashes = collectClashes(
      pod,
      ports,
      (p) => `${p.containerPort}/${p.protocol}`,
      (a, b) => (concurrent(a.container, b.container) ? (whichMoves(pod, a.container, b.container) === a.container ? a : b) : undefined),
    );
    const used = clashes.length > 0 ? usedPorts(pod) : new Set<number>();
    // An injected proxy's ports are taken too, though no container here declares them: a move must not land on one.
    if (clashes.length > 0) for (const port of injectionOf(pod, settings, namespaceViews(objects))?.mesh.ports ?? []) used.add(port);
    return clashes.map(({ mover, others, count }): RuleFinding => {
      const to = nextFreePort(used, mover.containerPort);
      const fix = to === undefined ? undefined : movePort(text, pod, mover.container, mover.portNode, mover.containerPort, to);
      const names = otherNames(
        others.map((o) => `'${containerLabel(o.container)}'`),
        count,
      );
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
