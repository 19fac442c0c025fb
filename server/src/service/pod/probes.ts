/** A container's probe handlers and the ports they name (the one reader of probe ports), and who relies on a sidecar's ports. */
import { isScalar, type Node, type YAMLMap } from 'yaml';
import { memoized } from '../memo';
import { startStrings } from './mounts';
import { declaredPortsOf, type DeclaredPort } from './ports';
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

/** A later container that reaches a sidecar's port: it names it in its start strings or probes it. */
export interface PortDependency {
  dependent: Container;
  port: DeclaredPort;
  /** Where the dependent names the port: 'env or args' or the probe's name. */
  via: string;
}

/**
 * Containers that start after `sidecar` (app containers, and init containers declared after it) and name one of its TCP
 * ports: `localhost:PORT` (or 127.0.0.1, [::1]) or the bare number in their command, args or env, or a probe on the
 * port's number. They rely on the sidecar listening when they start.
 */
export function portDependencies(pod: PodSpec, sidecar: Container): PortDependency[] {
  const ports = declaredPortsOf(pod, sidecar).filter((p) => p.protocol === 'TCP');
  if (ports.length === 0) return [];
  const later = pod.containers.filter((c) => c !== sidecar && (c.role === 'app' || (c.list === 'initContainers' && c.index > sidecar.index)));
  const out: PortDependency[] = [];
  for (const dependent of later) {
    const strings = startStrings(dependent, pod);
    const own = new Set(declaredPortsOf(pod, dependent).map((p) => p.containerPort));
    for (const port of ports) {
      if (own.has(port.containerPort)) continue;
      const local = new RegExp(`(^|[^\\w.-])(localhost|127\\.0\\.0\\.1|\\[::1\\]):${port.containerPort}(?!\\d)`);
      if (strings.some((s) => s === String(port.containerPort) || local.test(s))) out.push({ dependent, port, via: 'env or args' });
      const probe = probeActions(pod, dependent).find((a) => !a.hasHost && namesPort(a.port?.value, port));
      if (probe) out.push({ dependent, port, via: probe.probe });
    }
  }
  return out;
}

// By number only: a probe's port name resolves among its own container's ports, never another's.
function namesPort(value: Node | undefined, port: DeclaredPort): boolean {
  return isScalar(value) && value.value === port.containerPort;
}
