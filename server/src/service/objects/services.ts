/** Which Services select which pods, and which container a Service port reaches, as the EndpointSlice controller decides. */
import type { Container, PodSpec } from '../workloads';
import { declaredPortsOf } from '../pod/ports';
import type { ContainerPorts, NamespaceObject, PodObject, ServiceObject, ServicePort } from './summary';

/**
 * An object seen from the document being analysed: `delta` is its document's offset minus this one's (same text), so
 * its offsets plus `delta` are offsets relative to this document; `uri` names another file (no offsets usable here).
 */
export interface Located<T> {
  object: T;
  delta?: number;
  uri?: string;
}

/** Everything a document's analysis may see around it: its own objects, the other documents' and the other files'. */
export interface ObjectWorld {
  services: readonly Located<ServiceObject>[];
  pods: readonly Located<PodObject>[];
  /** Namespaces named by this document's pods (mesh injection reads their labels). */
  namespaces?: readonly Located<NamespaceObject>[];
}

export const EMPTY_WORLD: ObjectWorld = { services: [], pods: [] };

/** A Service selects a pod when its non-empty selector is a subset of the pod's labels, in the same namespace. */
export function selects(service: ServiceObject, pod: PodObject): boolean {
  if ((service.namespace ?? 'default') !== (pod.namespace ?? 'default')) return false;
  const keys = Object.keys(service.selector);
  return keys.length > 0 && keys.every((key) => pod.labels[key] === service.selector[key]);
}

/** The containers that declare a port `name` with `protocol`, in the order FindPort searches them. */
export function declaringContainers(pod: PodObject, name: string, protocol: string): ContainerPorts[] {
  return pod.containers.filter((c) => c.ports.some((p) => p.name === name && p.protocol === protocol));
}

/**
 * The container a port name resolves to for endpoints (kubernetes/kubernetes#127976): app containers first, then native
 * sidecars from 1.32 on; regular init containers never.
 */
export function resolveNamedPort(pod: PodObject, name: string, protocol: string, minor: number): ContainerPorts | undefined {
  const found = declaringContainers(pod, name, protocol);
  return found.find((c) => c.role === 'app') ?? (minor >= 32 ? found.find((c) => c.role === 'sidecar') : undefined);
}

/** The containers a Service port reaches in a pod: by name as resolved above, by number every long-running container declaring it. */
export function portTargets(pod: PodObject, port: ServicePort, minor: number): ContainerPorts[] {
  if (typeof port.target === 'string') {
    const found = resolveNamedPort(pod, port.target, port.protocol, minor);
    return found ? [found] : [];
  }
  const number = port.target;
  return pod.containers.filter(
    (c) => (c.role === 'app' || c.role === 'sidecar') && c.ports.some((p) => p.containerPort === number && p.protocol === port.protocol),
  );
}

/** A Service port that reaches a container: `byName` when its `targetPort` is that container's port name. */
export interface ServiceTarget {
  service: Located<ServiceObject>;
  port: ServicePort;
  byName: boolean;
  /** The container's port number it reaches. */
  containerPort: number;
}

/** What rules read of the objects around the pod they check; the engine fills it from the index. */
export interface ObjectContext {
  /** The Services that select this pod (same file, and in the editor or CLI the other files indexed). */
  services: readonly Located<ServiceObject>[];
  /** The Namespace objects named by the pod's namespace (mesh injection reads their labels and annotations). */
  namespaces?: readonly Located<NamespaceObject>[];
}

/**
 * The Services and ports that target `container` of the pod being checked, by number or by name (whatever the target
 * version): what a rule must keep working when it moves, converts or renames that container's ports.
 */
export function serviceTargets(context: { pod: PodSpec; objects?: ObjectContext }, container: Container): ServiceTarget[] {
  const out: ServiceTarget[] = [];
  const declared = declaredPortsOf(context.pod, container);
  if (declared.length === 0) return out;
  for (const service of context.objects?.services ?? []) {
    for (const port of service.object.ports) {
      const byName = typeof port.target === 'string';
      const hit = declared.find((p) => p.protocol === port.protocol && (byName ? p.name === port.target : p.containerPort === port.target));
      if (hit) out.push({ service, port, byName, containerPort: hit.containerPort });
    }
  }
  return out;
}
