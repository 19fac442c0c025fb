/** A container's probe handlers and the ports they name, read once per container (the one reader of probe ports). */
import type { Node, YAMLMap } from 'yaml';
import { memoized } from '../memo';
import type { Container, PodSpec } from '../workloads';
import { findPair, getMap, type FoundPair } from '../yamlNodes';

export const PROBES = ['livenessProbe', 'readinessProbe', 'startupProbe'] as const;
export const PROBE_HANDLERS = ['httpGet', 'tcpSocket', 'grpc'] as const;

export type ProbeName = (typeof PROBES)[number];
export type ProbeHandler = (typeof PROBE_HANDLERS)[number];

export interface ProbeAction {
  probe: ProbeName;
  handler: ProbeHandler;
  /** The probe's key as written in the container (or in the map it merges). */
  probeKey: Node;
  /** The handler's map (`httpGet: {…}`), after merges. */
  action: YAMLMap;
  /** Its `port` key, when set: `value` resolved, `pair.value` as written, `direct` when written in the action itself. */
  port?: FoundPair;
  /** A `host` key sends the probe elsewhere, not to this pod's ports. */
  hasHost: boolean;
}

/** Every probe handler of a container that is a map, probe by probe in PROBES order, handlers in PROBE_HANDLERS order. */
export function probeActions(pod: PodSpec, container: Container): readonly ProbeAction[] {
  return actionsByContainer(container, pod);
}

const actionsByContainer = memoized((container: Container, pod: PodSpec): readonly ProbeAction[] => {
  const out: ProbeAction[] = [];
  for (const probe of PROBES) {
    const found = findPair(pod.doc, container.node, probe);
    if (!found) continue;
    const probeMap = getMap(pod.doc, container.node, probe);
    for (const handler of PROBE_HANDLERS) {
      const action = getMap(pod.doc, probeMap, handler);
      if (!action) continue;
      out.push({
        probe,
        handler,
        probeKey: found.pair.key as Node,
        action,
        port: findPair(pod.doc, action, 'port'),
        hasHost: findPair(pod.doc, action, 'host') !== undefined,
      });
    }
  }
  return out;
});
