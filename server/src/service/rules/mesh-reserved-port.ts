import { movePort } from '../fixes/movePort';
import { MESHES, type MeshData } from '../mesh/data';
import { injectionOf, namespaceViews } from '../mesh/injection';
import { podPorts, usedPorts } from '../pod/ports';
import { containerLabel, type Container } from '../workloads';
import type { Rule, RuleFinding } from './rule';
import { portAnchor } from '../ranges';

/** The mesh's proxy as written in the pod (injector output, or a hand-written copy). */
export function isMeshProxy(mesh: MeshData, c: Container): boolean {
  return c.name === mesh.proxyName || mesh.proxyImage.test(c.image ?? '');
}

/** An injected mesh proxy shares the pod's network namespace: an app port it binds makes one of them fail. */
export const meshReservedPort: Rule = {
  id: 'mesh-reserved-port',
  defaultSeverity: 'warning',
  description: 'A container declares a port that the injected Istio or Linkerd proxy binds in the same pod.',
  fixable: true,
  check({ pod, text, settings, objects }) {
    const injected = injectionOf(pod, settings, namespaceViews(objects))?.mesh;
    const findings: RuleFinding[] = [];
    for (const mesh of MESHES) {
      if (injected !== mesh && !pod.containers.some((c) => isMeshProxy(mesh, c))) continue;
      const used = usedPorts(pod);
      for (const port of podPorts(pod)) {
        // 15053 is Istio's DNS proxy on UDP as well as TCP; every other listener is TCP.
        if (isMeshProxy(mesh, port.container) || !mesh.ports.includes(port.containerPort)) continue;
        if (port.protocol !== 'TCP' && !(port.containerPort === 15053 && port.protocol === 'UDP')) continue;
        const free = nextAvoiding(port.containerPort + 1, used, mesh);
        const moved = free === undefined ? undefined : movePort(text, pod, port.container, port.portNode, port.containerPort, free);
        const [start, end] = portAnchor(port, port.portNode);
        findings.push({
          container: port.container,
          start,
          end,
          message: `'${containerLabel(port.container)}' declares port ${port.containerPort}, which the injected ${mesh.title} proxy binds in this pod: move '${containerLabel(port.container)}' to another port.`,
          fixes: moved ? [{ ...moved, title: `Move to port ${free}` }] : [],
        });
        if (free !== undefined) used.add(free);
      }
    }
    return findings;
  },
};

/** The smallest port from `from` on that no container declares and the mesh does not reserve. */
function nextAvoiding(from: number, used: Set<number>, mesh: MeshData): number | undefined {
  for (let port = from; port <= 65535; port++) if (!used.has(port) && !mesh.reserved(port)) return port;
  return undefined;
}
