/**
 * What the outline and the code lenses show of a YAML document: its objects, their pod specs and containers with roles,
 * and each pod's effective resources; offsets relative to the document's text, cached per document text.
 */
import { isMap, isPair, isScalar, visit, type Document, type Node, type Pair, type Scalar, type YAMLMap } from 'yaml';
import { parseChunk } from './engine';
import { injectedProxy } from './mesh/proxyResources';
import { podResources, type InjectedProxy, type PodResources } from './resources';
import { isMaskedDocument, isTemplated } from './templates';
import type { HelperKind, Settings } from './types';
import { findPodSpecs, type ContainerRole, type PodSpec } from './workloads';
import { getMap, getScalar, resolve, scalarText } from './yamlNodes';

export interface ContainerOutline {
  name: string;
  role: ContainerRole;
  helper?: HelperKind;
  /** Added at admission by this mesh: not written in the manifest (its range is the pod spec's key). */
  injectedBy?: string;
  start: number;
  end: number;
  nameStart: number;
  nameEnd: number;
}

export interface PodOutline {
  /** The key whose value is the pod spec (`spec:` of the template): where the lens sits. */
  keyStart: number;
  keyEnd: number;
  start: number;
  end: number;
  resources?: PodResources;
  /** `replicas` (or a Job's `parallelism`) when written. */
  replicas?: { count: bigint; noun: string };
  containers: ContainerOutline[];
}

export interface ObjectOutline {
  kind: string;
  name?: string;
  start: number;
  end: number;
  nameStart: number;
  nameEnd: number;
  pods: PodOutline[];
  /** The items of a `List`. */
  items: ObjectOutline[];
  /** False when the document has syntax errors: structure is shown, numbers are not. */
  clean: boolean;
}

/** Every object of one YAML document chunk; never throws. */
export function outlineChunk(text: string, settings: Settings): ObjectOutline[] {
  return outlineDocuments(text, parseChunk(text), settings);
}

/** The same, on documents already parsed from `text` (the analyzer's own parse). */
export function outlineDocuments(text: string, docs: Document[], settings: Settings): ObjectOutline[] {
  const out: ObjectOutline[] = [];
  for (const doc of docs) {
    try {
      if (isTemplated(text, doc)) continue;
      const root = resolve(doc, doc.contents);
      if (!isMap(root)) continue;
      const pods = findPodSpecs(doc, settings);
      // A masked template's numbers may come from values: its structure is shown, its numbers are not.
      const object = objectOutline(doc, root, podOutlines(doc, pods, settings), doc.errors.length === 0 && !isMaskedDocument(doc), 0);
      if (object) out.push(object);
    } catch {
      // A document the extractor cannot read has no outline; the others still do.
    }
  }
  return out;
}

function objectOutline(doc: Document, map: YAMLMap, pods: Map<YAMLMap, PodOutline>, clean: boolean, depth: number): ObjectOutline | undefined {
  const kindNode = getScalar(doc, map, 'kind');
  const kind = scalarText(kindNode);
  if (!kind || !map.range) return undefined;
  const nameNode = getScalar(doc, getMap(doc, map, 'metadata'), 'name');
  const anchor = (nameNode?.range ?? kindNode?.range)!;
  const object: ObjectOutline = {
    kind,
    name: scalarText(nameNode),
    start: map.range[0],
    end: map.range[1],
    nameStart: anchor[0],
    nameEnd: anchor[1],
    pods: [],
    items: [],
    clean,
  };
  if (anchor[0] < object.start || anchor[1] > object.end) [object.nameStart, object.nameEnd] = [object.start, object.start];
  const items = findItems(doc, map);
  if (kind.endsWith('List') && items && depth < 4) {
    for (const item of items.items) {
      const resolved = resolve(doc, item);
      const child = isMap(resolved) ? objectOutline(doc, resolved, pods, clean, depth + 1) : undefined;
      if (child) object.items.push(child);
    }
  }
  for (const [, pod] of pods) if (pod.start >= object.start && pod.end <= object.end && !object.items.some((i) => i.pods.includes(pod))) object.pods.push(pod);
  return object;
}

function findItems(doc: Document, map: YAMLMap): { items: unknown[] } | undefined {
  const pair = map.items.find((p) => isScalar(p.key) && p.key.value === 'items');
  const value = pair && resolve(doc, pair.value);
  return value && 'items' in value && Array.isArray((value as { items: unknown }).items) ? (value as { items: unknown[] }) : undefined;
}

/** Finds, in one walk, the key of each pod spec and the controller spec above its template (where `replicas` is). */
function podOutlines(doc: Document, pods: PodSpec[], settings: Settings): Map<YAMLMap, PodOutline> {
  const bySpec = new Map(pods.map((pod) => [pod.spec, pod]));
  const out = new Map<YAMLMap, PodOutline>();
  const add = (pod: PodSpec, keyRange: readonly number[], path: readonly unknown[]) => {
    const proxy = safeProxy(pod, settings);
    const injected = proxy ? injectedOutlines(proxy, keyRange) : [];
    out.set(pod.spec, {
      keyStart: keyRange[0],
      keyEnd: keyRange[1],
      start: keyRange[0],
      end: pod.spec.range![1],
      resources: safeResources(pod, proxy),
      replicas: replicasOf(doc, pod, path),
      containers: pod.containers
        .filter((c) => c.node.range)
        .map((c): ContainerOutline => {
          const [start, end] = [c.node.range![0], c.node.range![1]];
          const name = c.nameNode?.range ? c.nameNode.range : [start, start];
          return { name: c.name ?? `${c.list}[${c.index}]`, role: c.role, helper: c.helper, start, end, nameStart: name[0], nameEnd: name[1] };
        })
        .concat(injected),
    });
  };
  visit(doc, {
    Pair(_key, pair, path) {
      const value = resolve(doc, pair.value);
      const pod = isMap(value) ? bySpec.get(value) : undefined;
      if (!pod || out.has(pod.spec) || !pod.spec.range) return;
      add(pod, (pair.key as Node | null)?.range ?? pod.spec.range, path);
    },
    // An Argo Workflow template is an item of a list: its lens sits on its first key.
    Map(_key, map, path) {
      const pod = bySpec.get(map);
      if (!pod || out.has(pod.spec) || !pod.spec.range) return;
      add(pod, (map.items[0]?.key as Node | null)?.range ?? pod.spec.range, path);
    },
  });
  return out;
}

function safeResources(pod: PodSpec, proxy: InjectedProxy | undefined): PodResources | undefined {
  try {
    return podResources(pod, proxy);
  } catch {
    return undefined;
  }
}

/** The mesh namespaces the outline knows are those of `mesh.injectedNamespaces`; a Namespace object is read by the rules. */
function safeProxy(pod: PodSpec, settings: Settings): InjectedProxy | undefined {
  try {
    return injectedProxy(pod, settings);
  } catch {
    return undefined;
  }
}

/** The proxy and its init container, placed on the pod spec's key: they are written nowhere in the file. */
function injectedOutlines(proxy: InjectedProxy, key: [number, number] | readonly number[]): ContainerOutline[] {
  const at = { start: key[0], end: key[1], nameStart: key[0], nameEnd: key[1], injectedBy: proxy.mesh };
  return [
    { name: proxy.initName, role: 'init', ...at },
    { name: proxy.name, role: proxy.native ? 'sidecar' : 'app', ...at },
  ];
}

const REPLICA_KINDS: Record<string, [string, string]> = {
  Deployment: ['replicas', 'replicas'],
  ReplicaSet: ['replicas', 'replicas'],
  StatefulSet: ['replicas', 'replicas'],
  ReplicationController: ['replicas', 'replicas'],
  Rollout: ['replicas', 'replicas'],
  Job: ['parallelism', 'parallel pods'],
  CronJob: ['parallelism', 'parallel pods'],
};

/** The controller spec is the map holding the `template:` pair that leads to the pod spec. */
function replicasOf(doc: Document, pod: PodSpec, path: readonly unknown[]): PodOutline['replicas'] {
  const field = REPLICA_KINDS[pod.kind];
  if (!field) return undefined;
  for (let i = path.length - 1; i > 0; i--) {
    const pair = path[i];
    if (!isPair(pair) || !isScalar((pair as Pair).key) || ((pair as Pair).key as Scalar).value !== 'template') continue;
    const owner = path[i - 1];
    const text = isMap(owner) ? scalarText(getScalar(doc, owner, field[0])) : undefined;
    return text !== undefined && /^[0-9]+$/.test(text) ? { count: BigInt(text), noun: field[1] } : undefined;
  }
  return undefined;
}
