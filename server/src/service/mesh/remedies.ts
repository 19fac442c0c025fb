/** The manifest-side remedies for an injected proxy: its native annotation, or no injection. */
import type { Fix, Settings } from '../types';
import type { PodSpec } from '../workloads';
import { ISTIO, meshMinor, versionText, type MeshData, type NativeAnnotation } from './data';
import { setTemplateKey } from './edits';
import type { Injection } from './injection';

// Istio's and Envoy's quit endpoint, and Linkerd's (linkerd-await --shutdown calls it too).
const CALLS_QUIT = /\/quitquitquit\b|:4191\/shutdown\b|linkerd-await\b[\s\S]*--shutdown/;

/** The app visibly stops the proxy itself when it is done, the workaround from before native sidecars. */
export function stopsProxyItself(pod: PodSpec, mesh: MeshData): boolean {
  const quit = mesh === ISTIO ? /\/quitquitquit\b/ : CALLS_QUIT;
  return pod.containers.some((c) => c.role === 'app' && quit.test(c.script));
}

/** The native-sidecar annotation to write: the newest the configured version reads, or the newest there is. */
export function nativeAnnotationFor(mesh: MeshData, settings: Settings): NativeAnnotation | undefined {
  const minor = meshMinor(mesh, settings);
  return mesh.nativeAnnotations.find((a) => minor === undefined || minor >= a.since);
}

/** Why no annotation can make the proxy native at the configured mesh version, or undefined when one can. */
export function noNativeAnnotation(mesh: MeshData, settings: Settings): string | undefined {
  const minor = meshMinor(mesh, settings);
  if (minor === undefined || nativeAnnotationFor(mesh, settings)) return undefined;
  const first = mesh.nativeAnnotations[mesh.nativeAnnotations.length - 1];
  return `${mesh.title} ${versionText(mesh, minor)} reads no native-sidecar annotation (${first.key} arrived in ${versionText(mesh, first.since)})`;
}

/** **Run the proxy as a native sidecar**: the pod's own annotation, which every mesh version that reads it lets win. */
export function nativeFix(text: string, pod: PodSpec, injection: Injection, settings: Settings): Fix | undefined {
  const annotation = nativeAnnotationFor(injection.mesh, settings);
  if (!annotation) return undefined;
  const edits = setTemplateKey(text, pod, 'annotations', annotation.key, 'true');
  if (!edits) return undefined;
  return { title: `Run the proxy as a native sidecar: ${annotation.key}: "true"`, edits, preferred: true, kind: 'fix' };
}

/** *(suggestion)* **Do not inject this Job**: it then runs without the mesh, which changes what it can reach. */
export function optOutFix(text: string, pod: PodSpec, mesh: MeshData): Fix | undefined {
  const [where, key, value] =
    mesh === ISTIO ? (['labels', 'sidecar.istio.io/inject', 'false'] as const) : (['annotations', 'linkerd.io/inject', 'disabled'] as const);
  const edits = setTemplateKey(text, pod, where, key, value);
  if (!edits) return undefined;
  return { title: `Do not inject this ${pod.kind}: ${key}: "${value}"`, edits, kind: 'suggestion' };
}
