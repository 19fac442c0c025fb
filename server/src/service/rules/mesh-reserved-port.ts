import { movePort } from '../fixes/movePort';
import { podPorts, usedPorts } from '../pod/ports';
import { containerLabel, type Container, type PodSpec } from '../workloads';
import { templateAnnotation, templateLabel } from '../pod/labels';
import type { Rule, RuleFinding } from './rule';
import { portAnchor } from '../ranges';

interface Mesh {
  name: string;
  /** Ports the injected proxy binds (kubernetes-sidecars.md §7). */
  ports: number[];
  /** Ports a fix should not move to (Istio keeps the whole 15000–15090 block for itself). */
  avoid: (port: number) => boolean;
  isProxy: (c: Container) => boolean;
  optsIn: (read: (key: string) => string | undefined) => boolean;
}

const ISTIO_PORTS = [15000, 15001, 15004, 15006, 15008, 15009, 15020, 15021, 15053, 15090];
const LINKERD_PORTS = [4140, 4143, 4190, 4191];

const MESHES: Mesh[] = [
  {
    name: 'Istio',
    ports: ISTIO_PORTS,
    avoid: (port) => port >= 15000 && port <= 15090,
    isProxy: (c) => c.name === 'istio-proxy' || /(^|\/)(istio|istio-release)\/proxyv2([:@]|$)/.test(c.image ?? ''),
    optsIn: (read) => read('sidecar.istio.io/inject') === 'true',
  },
  {
    name: 'Linkerd',
    ports: LINKERD_PORTS,
    avoid: (port) => LINKERD_PORTS.includes(port),
    isProxy: (c) => c.name === 'linkerd-proxy' || /(^|\/)linkerd\/proxy([:@]|$)/.test(c.image ?? ''),
    optsIn: (read) => ['enabled', 'ingress'].includes(read('linkerd.io/inject') ?? ''),
  },
];

/** An injected mesh proxy shares the pod's network namespace: an app port it binds makes one of them fail. */
export const meshReservedPort: Rule = {
  id: 'mesh-reserved-port',
  defaultSeverity: 'warning',
  description: 'A container declares a port that the injected Istio or Linkerd proxy binds in the same pod.',
  fixable: true,
  check({ pod, text }) {
    const read = podMetadata(pod);
    const findings: RuleFinding[] = [];
    for (const mesh of MESHES) {
      if (!mesh.optsIn(read) && !pod.containers.some(mesh.isProxy)) continue;
      const used = usedPorts(pod);
      for (const port of podPorts(pod)) {
        // 15053 is Istio's DNS proxy on UDP as well as TCP; every other listener is TCP.
        if (mesh.isProxy(port.container) || !mesh.ports.includes(port.containerPort)) continue;
        if (port.protocol !== 'TCP' && !(port.containerPort === 15053 && port.protocol === 'UDP')) continue;
        const free = nextAvoiding(port.containerPort + 1, used, mesh);
        const moved = free === undefined ? undefined : movePort(text, pod, port.container, port.portNode, port.containerPort, free);
        const [start, end] = portAnchor(port, port.portNode);
        findings.push({
          container: port.container,
          start,
          end,
          message: `'${containerLabel(port.container)}' declares port ${port.containerPort}, which the injected ${mesh.name} proxy binds in this pod: move '${containerLabel(port.container)}' to another port.`,
          fixes: moved ? [{ ...moved, title: `Move to port ${free}` }] : [],
        });
        if (free !== undefined) used.add(free);
      }
    }
    return findings;
  },
};

/** The smallest port from `from` on that no container declares and the mesh does not reserve. */
function nextAvoiding(from: number, used: Set<number>, mesh: Mesh): number | undefined {
  for (let port = from; port <= 65535; port++) if (!used.has(port) && !mesh.avoid(port)) return port;
  return undefined;
}

/** Reads the pod's own annotations and labels (the template's, for workloads): injection is decided per pod. */
function podMetadata(pod: PodSpec): (key: string) => string | undefined {
  return (key) => templateAnnotation(pod, key) ?? (key.startsWith('sidecar.istio.io/') ? templateLabel(pod, key) : undefined);
}
