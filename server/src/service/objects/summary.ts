/** The objects around pods, read cheaply from a parsed document: Services, Namespaces and each pod template's labels and ports. */
import { isMap, isScalar, type Document, type YAMLMap } from 'yaml';
import { declaredPortsOf } from '../pod/ports';
import type { Position } from '../text';
import type { ContainerRole, PodSpec } from '../workloads';
import { findPair, getMap, getSeq, getString, resolve, seqMaps } from '../yamlNodes';

export interface ServicePort {
  name?: string;
  port?: number;
  protocol: string;
  /** The `targetPort` as Kubernetes reads it: a number, a port name, or the `port` when unset. */
  target: number | string;
  /** The `targetPort` value, else the `port` value: where findings about this port sit (offsets in the document's text). */
  at: [number, number];
  /** True when `targetPort` is written (an edit can replace its value). */
  written: boolean;
  /** `at` as lines and characters of its whole file: set on the Services an `ObjectIndex` holds, for edits across files. */
  range?: { start: Position; end: Position };
}

export interface ServiceObject {
  name?: string;
  namespace?: string;
  selector: Record<string, string>;
  ports: ServicePort[];
  /** The `labelSlot` of its first selector label, for finding candidate pods fast. */
  slot?: string;
  /** What the Service's analysis depends on, as one string: equal keys mean equal objects at equal offsets. */
  key: string;
}

export interface ContainerPorts {
  name?: string;
  role: ContainerRole;
  helper: boolean;
  ports: { name?: string; containerPort: number; protocol: string }[];
}

export interface PodObject {
  kind: string;
  name?: string;
  namespace?: string;
  labels: Record<string, string>;
  /** The pod template's `labels` key (else its `metadata` or `spec` key): where related information points. */
  at: [number, number];
  containers: ContainerPorts[];
  /** The `labelSlot` of each label. */
  slots: string[];
  key: string;
}

export interface NamespaceObject {
  name: string;
  labels: Record<string, string>;
  /** Read by mesh injection (Linkerd's `linkerd.io/inject` is an annotation). */
  annotations?: Record<string, string>;
  /** Each label's and annotation's key range in its document's text (where related information about it points). */
  keyAt?: Record<string, [number, number]>;
  key: string;
}

/** What one YAML document (a text chunk) holds for rules about other objects. */
export interface ObjectSummary {
  services: ServiceObject[];
  namespaces: NamespaceObject[];
  pods: PodObject[];
}

export const EMPTY_SUMMARY: ObjectSummary = Object.freeze({ services: [], namespaces: [], pods: [] }) as ObjectSummary;

const MAX_LIST_DEPTH = 4;

/** The Services and Namespaces of a parsed document (items of a `List` too), and the pods already found in it. */
export function summarize(doc: Document, pods: readonly PodSpec[]): ObjectSummary {
  const summary: ObjectSummary = { services: [], namespaces: [], pods: pods.map(podObject) };
  const root = resolve(doc, doc.contents);
  if (isMap(root)) collect(doc, root, summary, 0);
  return summary;
}

/** Several documents' summaries as one. */
export function mergeSummaries(parts: readonly ObjectSummary[]): ObjectSummary {
  const nonEmpty = parts.filter((p) => p.services.length + p.namespaces.length + p.pods.length > 0);
  if (nonEmpty.length <= 1) return nonEmpty[0] ?? EMPTY_SUMMARY;
  return {
    services: nonEmpty.flatMap((p) => p.services),
    namespaces: nonEmpty.flatMap((p) => p.namespaces),
    pods: nonEmpty.flatMap((p) => p.pods),
  };
}

function collect(doc: Document, object: YAMLMap, into: ObjectSummary, depth: number): void {
  const kind = getString(doc, object, 'kind');
  if (!kind || getString(doc, object, 'apiVersion') === undefined) return;
  if (kind.endsWith('List') && depth < MAX_LIST_DEPTH) {
    for (const { item } of seqMaps(doc, getSeq(doc, object, 'items'))) collect(doc, item, into, depth + 1);
    return;
  }
  const metadata = getMap(doc, object, 'metadata');
  if (kind === 'Service') into.services.push(serviceObject(doc, object, metadata));
  if (kind === 'Namespace') {
    const name = getString(doc, metadata, 'name');
    const labels = stringMap(doc, getMap(doc, metadata, 'labels'));
    const annotations = stringMap(doc, getMap(doc, metadata, 'annotations'));
    const keyAt = { ...keyRanges(getMap(doc, metadata, 'annotations')), ...keyRanges(getMap(doc, metadata, 'labels')) };
    if (name) into.namespaces.push({ name, labels, annotations, keyAt, key: JSON.stringify([name, labels, annotations, keyAt]) });
  }
}

function serviceObject(doc: Document, object: YAMLMap, metadata: YAMLMap | undefined): ServiceObject {
  const spec = getMap(doc, object, 'spec');
  const ports: ServicePort[] = [];
  for (const { item } of seqMaps(doc, getSeq(doc, spec, 'ports'))) {
    const port = findPair(doc, item, 'port')?.value;
    const target = findPair(doc, item, 'targetPort')?.value;
    const portNumber = isScalar(port) && typeof port.value === 'number' ? port.value : undefined;
    const written = isScalar(target) && (typeof target.value === 'number' || typeof target.value === 'string') && target.range !== undefined;
    const anchor = written ? target : port;
    if (!isScalar(anchor) || !anchor.range) continue;
    const value = written ? (target.value as number | string) : portNumber;
    if (value === undefined) continue;
    const name = getString(doc, item, 'name');
    const protocol = getString(doc, item, 'protocol') ?? 'TCP';
    ports.push({ name, port: portNumber, protocol, target: numeric(value), at: [anchor.range[0], anchor.range[1]], written });
  }
  const service = {
    name: getString(doc, metadata, 'name'),
    namespace: getString(doc, metadata, 'namespace'),
    selector: stringMap(doc, getMap(doc, spec, 'selector')),
    ports,
  };
  const first = Object.entries(service.selector)[0];
  return { ...service, slot: first && labelSlot(service.namespace, first[0], first[1]), key: JSON.stringify(service) };
}

/** A quoted number is still a number to us: the API would reject it as a name, and guessing about it helps no one. */
function numeric(value: number | string): number | string {
  return typeof value === 'string' && /^\d+$/.test(value) ? Number(value) : value;
}

function podObject(pod: PodSpec): PodObject {
  const metadata = getMap(pod.doc, pod.template, 'metadata');
  const labelsPair = metadata ? findPair(pod.doc, metadata, 'labels') : undefined;
  const anchor = labelsPair?.pair.key ?? findPair(pod.doc, pod.template, 'metadata')?.pair.key ?? findPair(pod.doc, pod.template, 'spec')?.pair.key;
  const range = isScalar(anchor) && anchor.range ? anchor.range : (pod.spec.range ?? [0, 0]);
  const containers = pod.containers.map((c) => ({
    name: c.name,
    role: c.role,
    helper: c.helper !== undefined,
    ports: declaredPortsOf(pod, c).map((p) => ({ name: p.name, containerPort: p.containerPort, protocol: p.protocol })),
  }));
  const object = {
    kind: pod.kind,
    name: pod.workloadName,
    namespace: getString(pod.doc, getMap(pod.doc, pod.object, 'metadata'), 'namespace'),
    labels: stringMap(pod.doc, isMap(labelsPair?.value) ? labelsPair.value : undefined),
    at: [range[0], range[1]] as [number, number],
    containers,
  };
  const slots = Object.entries(object.labels).map(([key, value]) => labelSlot(object.namespace, key, value));
  return { ...object, slots, key: JSON.stringify(object) };
}

/** One label in one namespace, as a string (a missing namespace is `default`). */
export function labelSlot(namespace: string | undefined, key: string, value: string): string {
  return `${namespace ?? 'default'}\0${key}\0${value}`;
}

function keyRanges(map: YAMLMap | undefined): Record<string, [number, number]> {
  const out: Record<string, [number, number]> = {};
  for (const pair of map?.items ?? []) if (isScalar(pair.key) && pair.key.range) out[String(pair.key.value)] = [pair.key.range[0], pair.key.range[1]];
  return out;
}

function stringMap(doc: Document, map: YAMLMap | undefined): Record<string, string> {
  const out: Record<string, string> = {};
  for (const pair of map?.items ?? []) {
    const key = resolve(doc, pair.key);
    const value = resolve(doc, pair.value);
    if (isScalar(key) && isScalar(value) && key.value !== '<<') out[String(key.value)] = String(value.value ?? '');
  }
  return out;
}
