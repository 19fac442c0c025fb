/** The injected proxy as the resources formula reads it: quantities parsed, placed as a native sidecar or an app container. */
import { isNegative, parseQuantity, toNanos } from '../quantity';
import type { InjectedProxy, ResourceList } from '../resources';
import type { Settings } from '../types';
import type { PodSpec } from '../workloads';
import { injectionOf, type Injection, type NamespaceView } from './injection';

function list(values: Record<string, string>): ResourceList {
  const out: ResourceList = new Map();
  for (const [name, text] of Object.entries(values)) {
    const parsed = parseQuantity(text);
    // An unreadable annotation is mesh-annotation's finding; the injector would fail, so it adds nothing here.
    if (parsed.ok && !isNegative(parsed.quantity)) out.set(name, toNanos(parsed.quantity));
  }
  return out;
}

/** The proxy a mesh will add to this pod, for the lens and hover; none where the injector's output already shows it. */
export function injectedProxy(pod: PodSpec, settings: Settings, namespaces: readonly NamespaceView[] = []): InjectedProxy | undefined {
  const injection = injectionOf(pod, settings, namespaces);
  return injection && proxyInput(injection);
}

export function proxyInput(injection: Injection): InjectedProxy | undefined {
  if (injection.via.by === 'injected') return undefined;
  const { mesh } = injection;
  return {
    name: mesh.proxyName,
    initName: mesh.initName,
    mesh: mesh.title,
    // "depends" is counted as a container beside the app: it runs as long as the pod either way.
    native: injection.native.mode === 'native',
    requests: list(injection.resources.requests),
    limits: list(injection.resources.limits),
  };
}
