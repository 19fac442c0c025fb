/**
 * Which mesh injects a proxy into a pod, whether it will be a native sidecar, and what it takes (kubernetes-sidecars.md
 * §8 of the project's ground truth; upstream sources in ./data.ts). "depends" is an answer: nothing visible decides it.
 */
import { isScalar, type Node, type Pair, type Scalar, type YAMLMap } from 'yaml';
import type { ObjectContext } from '../objects/services';
import type { Settings } from '../types';
import type { PodSpec } from '../workloads';
import { getMap, getString, resolve } from '../yamlNodes';
import { ISTIO, LINKERD, MESHES, meshMinor, parseGoBool, versionText, type MeshData, type NativeAnnotation } from './data';

/** A key of the pod template's `labels` or `annotations`, as written. */
export interface MetaEntry {
  key: string;
  where: 'labels' | 'annotations';
  pair: Pair;
  keyNode: Scalar;
  value?: string;
  valueNode?: Scalar;
}

/** A Namespace the pod runs in, as the linter sees it (from an object, or from `mesh.injectedNamespaces`). */
export interface NamespaceView {
  name: string;
  labels: Record<string, string>;
  annotations: Record<string, string>;
  /** Offsets (relative to the document being analysed) of the label or annotation that injects, when the object is in this text. */
  at?: [number, number];
  /** True when only the setting says so. */
  fromSetting?: boolean;
  mesh?: MeshData;
}

export type OptIn = { by: 'pod'; entry: MetaEntry } | { by: 'namespace'; namespace: NamespaceView } | { by: 'injected'; marker: string };

export type NativeMode = 'native' | 'legacy' | 'depends';

export interface NativeAnswer {
  mode: NativeMode;
  /** Why, as a phrase: "sidecar.istio.io/nativeSidecar is \"false\"", "istiod 1.26 injects in containers by default"… */
  reason: string;
  /** The pod's annotation that decided it, when one did. */
  annotation?: MetaEntry;
}

export interface Injection {
  mesh: MeshData;
  via: OptIn;
  native: NativeAnswer;
  /** The proxy's requests and limits as quantity strings (the init container gets the same). */
  resources: { requests: Record<string, string>; limits: Record<string, string> };
}

/** The template's `labels` and `annotations` entries with scalar keys, labels first. */
export function metaEntries(pod: PodSpec): MetaEntry[] {
  const metadata = getMap(pod.doc, pod.template, 'metadata');
  const out: MetaEntry[] = [];
  for (const where of ['labels', 'annotations'] as const) {
    const map = getMap(pod.doc, metadata, where);
    for (const pair of map?.items ?? []) {
      if (!isScalar(pair.key) || typeof pair.key.value !== 'string' || pair.key.value === '<<') continue;
      const value = resolve(pod.doc, pair.value) as Node | undefined;
      const scalar = isScalar(value) ? value : undefined;
      const text = scalar && scalar.value !== null && scalar.value !== undefined ? String(scalar.value) : undefined;
      out.push({ key: pair.key.value, where, pair, keyNode: pair.key, value: text, valueNode: isScalar(pair.value) ? pair.value : undefined });
    }
  }
  return out;
}

function find(entries: MetaEntry[], key: string, where?: 'labels' | 'annotations'): MetaEntry | undefined {
  return entries.find((e) => e.key === key && (where === undefined || e.where === where));
}

/** The namespace the pod is created in, when the manifest names it. */
export function podNamespace(pod: PodSpec): string | undefined {
  return getString(pod.doc, getMap(pod.doc, pod.object, 'metadata'), 'namespace');
}

/** The mesh that injects every pod of a namespace, from its labels or annotations. */
export function namespaceMesh(ns: Pick<NamespaceView, 'labels' | 'annotations'>): MeshData | undefined {
  if (ns.labels['istio-injection'] === 'enabled' || (ns.labels['istio.io/rev'] !== undefined && ns.labels['istio-injection'] !== 'disabled')) return ISTIO;
  if (ns.annotations['linkerd.io/inject'] === 'enabled') return LINKERD;
  return undefined;
}

/** The proxy a pod gets, or undefined: injection is decided by the pod's own keys first, then its namespace's. */
export function injectionOf(pod: PodSpec, settings: Settings, namespaces: readonly NamespaceView[] = []): Injection | undefined {
  // Istio never injects host-network pods; Linkerd's proxy could not redirect their traffic either.
  if (resolveBool(pod, 'hostNetwork')) return undefined;
  const entries = metaEntries(pod);
  for (const mesh of MESHES) {
    const marker = mesh.injectedMarkers.find((key) => find(entries, key, 'annotations'));
    if (marker) return build(mesh, { by: 'injected', marker }, entries, settings);
  }
  const via = podOptIn(entries) ?? namespaceOptIn(pod, entries, settings, namespaces);
  return via ? build(via.mesh, via.via, entries, settings) : undefined;
}

function resolveBool(pod: PodSpec, key: string): boolean {
  const value = resolve(pod.doc, (pod.spec as YAMLMap).items.find((p) => isScalar(p.key) && p.key.value === key)?.value);
  return isScalar(value) && value.value === true;
}

/** Istio's label (or its deprecated annotation) `sidecar.istio.io/inject: "true"`, `istio.io/rev`; Linkerd's `linkerd.io/inject`. */
function podOptIn(entries: MetaEntry[]): { mesh: MeshData; via: OptIn } | undefined {
  return podOptInsOf(entries)[0];
}

/** Each mesh the pod's own keys opt into, with the key that does it: Istio first, as the injectors are tried. */
function podOptInsOf(entries: MetaEntry[]): { mesh: MeshData; via: OptIn }[] {
  const found: { mesh: MeshData; via: OptIn }[] = [];
  const istio = find(entries, 'sidecar.istio.io/inject', 'labels') ?? find(entries, 'sidecar.istio.io/inject', 'annotations');
  const rev = find(entries, 'istio.io/rev', 'labels');
  if (istio?.value === 'true') found.push({ mesh: ISTIO, via: { by: 'pod', entry: istio } });
  else if (rev && istio?.value !== 'false') found.push({ mesh: ISTIO, via: { by: 'pod', entry: rev } });
  const linkerd = find(entries, 'linkerd.io/inject', 'annotations');
  if (linkerd && ['enabled', 'ingress'].includes(linkerd.value ?? '')) found.push({ mesh: LINKERD, via: { by: 'pod', entry: linkerd } });
  return found;
}

/** Every mesh the pod's own keys opt into: normally one; both is a mistake that no single fix settles. */
export function podOptIns(pod: PodSpec): MeshData[] {
  return podOptInsOf(metaEntries(pod)).map((optIn) => optIn.mesh);
}

/** Pods in an injected namespace get a proxy unless they opt out. */
function namespaceOptIn(
  pod: PodSpec,
  entries: MetaEntry[],
  settings: Settings,
  namespaces: readonly NamespaceView[],
): { mesh: MeshData; via: OptIn } | undefined {
  const name = podNamespace(pod);
  if (name === undefined) return undefined;
  const seen = namespaces.find((ns) => ns.name === name);
  let view: NamespaceView | undefined;
  if (seen) view = { ...seen, mesh: namespaceMesh(seen) };
  else if (settings.mesh?.injectedNamespaces?.[name]) {
    const mesh = settings.mesh?.injectedNamespaces?.[name] === 'istio' ? ISTIO : LINKERD;
    view = { name, labels: {}, annotations: {}, fromSetting: true, mesh };
  }
  if (!view?.mesh) return undefined;
  if (view.mesh === ISTIO && find(entries, 'sidecar.istio.io/inject')?.value === 'false') return undefined;
  if (view.mesh === LINKERD && find(entries, 'linkerd.io/inject', 'annotations')?.value === 'disabled') return undefined;
  return { mesh: view.mesh, via: { by: 'namespace', namespace: view } };
}

function build(mesh: MeshData, via: OptIn, entries: MetaEntry[], settings: Settings): Injection {
  return { mesh, via, native: nativeAnswer(mesh, entries, settings), resources: proxyResources(mesh, entries) };
}

/** The native-sidecar annotations the configured mesh version reads (all of them when the version is unknown). */
function readAnnotations(mesh: MeshData, minor: number | undefined): readonly NativeAnnotation[] {
  return mesh.nativeAnnotations.filter((a) => minor === undefined || minor >= a.since);
}

/** Whether the proxy will be a native sidecar, from the pod's annotation, the mesh settings and the Kubernetes target. */
export function nativeAnswer(mesh: MeshData, entries: MetaEntry[], settings: Settings): NativeAnswer {
  const minor = meshMinor(mesh, settings);
  const at = minor === undefined ? '' : ` ${versionText(mesh, minor)}`;
  if (minor !== undefined && minor < mesh.nativeSince) return { mode: 'legacy', reason: `${mesh.title}${at} cannot inject a native sidecar` };
  const requested = requestedByPod(mesh, entries, minor);
  if (requested) return onKubernetes(requested, settings);
  const setting = mesh === ISTIO ? settings.mesh?.istioNativeSidecars : settingOf(settings.mesh?.linkerdNativeSidecar);
  const fromSetting = setting !== undefined;
  const value = setting ?? (minor === undefined ? undefined : [...mesh.nativeDefaults].reverse().find((d) => minor >= d.since)?.value);
  if (value === undefined)
    return { mode: 'depends', reason: `the ${mesh.title} version and its native-sidecar setting are not configured (mesh.${mesh.name}.*)` };
  const knob = mesh === ISTIO ? 'ENABLE_NATIVE_SIDECARS' : 'proxy.nativeSidecar';
  const said = fromSetting ? `${knob} is ${value}` : `${mesh.title}${at} defaults ${knob} to ${value}`;
  if (value === 'false') return { mode: 'legacy', reason: said };
  if (value === 'auto') {
    const minorK8s = settings.kubernetesMinor;
    return minorK8s >= 33
      ? { mode: 'native', reason: `${said}, and Kubernetes 1.${minorK8s} is 1.33 or newer` }
      : { mode: 'legacy', reason: `${said}, which injects in containers below Kubernetes 1.33 (target 1.${minorK8s})` };
  }
  return onKubernetes({ mode: 'native', reason: said }, settings);
}

function settingOf(value: boolean | undefined): 'true' | 'false' | undefined {
  return value === undefined ? undefined : value ? 'true' : 'false';
}

/** The pod's own native-sidecar annotation, when one the mesh reads is set to a value it reads. */
function requestedByPod(mesh: MeshData, entries: MetaEntry[], minor: number | undefined): NativeAnswer | undefined {
  for (const annotation of readAnnotations(mesh, minor)) {
    const entry = find(entries, annotation.key, 'annotations');
    if (!entry || entry.value === undefined) continue;
    // Istio's template: `ne (annotation | default .NativeSidecars) "false"`; Linkerd: strconv.ParseBool, else ignored.
    const on = mesh === ISTIO ? entry.value !== 'false' : parseGoBool(entry.value);
    if (on === undefined) continue;
    return { mode: on ? 'native' : 'legacy', reason: `${annotation.key} is "${entry.value}"`, annotation: entry };
  }
  return undefined;
}

/** A native proxy needs native sidecars in Kubernetes (1.29+, or 1.28 with the SidecarContainers gate). */
function onKubernetes(answer: NativeAnswer, settings: Settings): NativeAnswer {
  if (answer.mode !== 'native') return answer;
  const minor = settings.kubernetesMinor;
  if (minor >= 29 || (minor === 28 && settings.featureGates.SidecarContainers === true)) return answer;
  return { ...answer, mode: 'legacy', reason: `${answer.reason}, but Kubernetes 1.${minor} has no native sidecars` };
}

/** Istio: the annotated quantities when any is set, else the chart's; Linkerd: the annotated ones only. */
export function proxyResources(mesh: MeshData, entries: MetaEntry[]): Injection['resources'] {
  const out: Injection['resources'] = { requests: {}, limits: {} };
  for (const annotation of mesh.resourceAnnotations) {
    const value = find(entries, annotation.key, 'annotations')?.value;
    if (value !== undefined && value !== '') out[annotation.section][annotation.resource] = value;
  }
  const any = Object.keys(out.requests).length + Object.keys(out.limits).length > 0;
  if (!any && mesh.chartResources) return { requests: { ...mesh.chartResources.requests }, limits: { ...mesh.chartResources.limits } };
  return out;
}

/** The Namespace objects around a pod as the model reads them, with the injecting key placed in this document. */
export function namespaceViews(objects: ObjectContext | undefined): NamespaceView[] {
  return (objects?.namespaces ?? []).map(({ object, delta }) => {
    const view: NamespaceView = { name: object.name, labels: object.labels, annotations: object.annotations ?? {} };
    const mesh = namespaceMesh(view);
    const key = mesh === ISTIO ? (object.labels['istio-injection'] !== undefined ? 'istio-injection' : 'istio.io/rev') : 'linkerd.io/inject';
    const range = mesh && object.keyAt?.[key];
    if (range && delta !== undefined) view.at = [range[0] + delta, range[1] + delta];
    return view;
  });
}
