import { movePort, nextFreePort } from '../fixes/movePort';
import { injectionOf, namespaceViews } from '../mesh/injection';
import { serviceTargets, type ServiceTarget } from '../objects/services';
import { collectClashes, concurrent, declaredPortsOf, documentOrder, otherNames, usedPorts, whichMoves, type DeclaredPort } from '../pod/ports';
import { containerLabel } from '../workloads';
import type { Rule, RuleContext, RuleFinding } from './rule';

/** Containers of a pod share one network namespace: two that run together cannot bind the same port. */
export const portClash: Rule = {
  id: 'port-clash',
  defaultSeverity: 'error',
  description: 'Two containers that run at the same time declare the same containerPort and protocol; they share one network namespace.',
  fixable: true,
  check(context) {
    const { pod, text, settings, objects } = context;
    const ports = documentOrder(pod).flatMap((c) => declaredPortsOf(pod, c));
    const byName = (p: DeclaredPort) => targetsOf(context, p).some((t) => t.byName);
    const clashes = collectClashes(
      pod,
      ports,
      (p) => `${p.containerPort}/${p.protocol}`,
      (a, b) => {
        if (!concurrent(a.container, b.container)) return undefined;
        const preferred = whichMoves(pod, a.container, b.container) === a.container ? a : b;
        const other = preferred === a ? b : a;
        // A port a Service targets by name stays where it is: the other container moves instead.
        return byName(preferred) && !byName(other) ? other : preferred;
      },
    );
    const used = clashes.length > 0 ? usedPorts(pod) : new Set<number>();
    // An injected proxy's ports are taken too, though no container here declares them: a move must not land on one.
    if (clashes.length > 0) for (const port of injectionOf(pod, settings, namespaceViews(objects))?.mesh.ports ?? []) used.add(port);
    return clashes.map(({ mover, others, count }): RuleFinding => {
      const pinned = targetsOf(context, mover)[0];
      const to = pinned ? undefined : nextFreePort(used, mover.containerPort);
      const fix = to === undefined ? undefined : movePort(text, pod, mover.container, mover.portNode, mover.containerPort, to);
      const names = otherNames(
        others.map((o) => `'${containerLabel(o.container)}'`),
        count,
      );
      return {
        container: mover.container,
        start: mover.portNode.range![0],
        end: mover.portNode.range![1],
        message: `'${containerLabel(mover.container)}' and ${names} both use ${mover.protocol} port ${mover.containerPort} while running together in one network namespace: move '${containerLabel(mover.container)}' to another port.${pinnedNote(pinned)}`,
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

/** The Services that target this very port (by its number or its name): moving it would take their traffic elsewhere. */
function targetsOf(context: RuleContext, port: DeclaredPort): ServiceTarget[] {
  return serviceTargets(context, port.container).filter(
    (t) => t.containerPort === port.containerPort && t.port.protocol === port.protocol && (t.byName ? t.port.target === port.name : true),
  );
}

function pinnedNote(pinned: ServiceTarget | undefined): string {
  if (!pinned) return '';
  const how = pinned.byName ? `by its name '${String(pinned.port.target)}'` : 'by number';
  return ` No move is offered: Service '${pinned.service.object.name ?? '?'}' targets this port ${how}, so choose which container keeps it and change the Service with it.`;
}
