/** What each document of a text sees around it, and a key that changes exactly when that view does. */
import type { DocumentChunk } from '../documents';
import { EMPTY_WORLD, selects, type Located, type ObjectWorld } from './services';
import type { NamespaceObject, ObjectSummary, PodObject, ServiceObject } from './summary';

export interface ChunkContext {
  /** Equal keys mean the document's findings cannot differ: the objects it sees are the same, at the same offsets. */
  key: string;
  world: ObjectWorld;
}

const NONE: ChunkContext = { key: '', world: EMPTY_WORLD };

interface Placed<T> {
  object: T;
  chunk: number;
}

/**
 * For each chunk: the Services (of this text or of `around`) selecting its pods and the pods its Services select,
 * located relative to it. Chunks with neither see nothing, with an empty key, so an edit far from any Service
 * re-analyses nothing extra.
 */
export function contextWorlds(chunks: readonly DocumentChunk[], summaries: readonly ObjectSummary[], around: ObjectWorld): ChunkContext[] {
  const services: Placed<ServiceObject>[] = [];
  const pods: Placed<PodObject>[] = [];
  const namespaces: Placed<NamespaceObject>[] = [];
  summaries.forEach((summary, chunk) => {
    for (const object of summary.services) services.push({ object, chunk });
    for (const object of summary.pods) pods.push({ object, chunk });
    for (const object of summary.namespaces) namespaces.push({ object, chunk });
  });
  const aroundNamespaces = around.namespaces ?? [];
  const noNamespaces = (namespaces.length === 0 && aroundNamespaces.length === 0) || pods.length === 0;
  if (noNamespaces && services.length === 0 && around.services.length === 0 && (around.pods.length === 0 || pods.length === 0)) return chunks.map(() => NONE);
  const views = new Map<number, { services: Located<ServiceObject>[]; pods: Located<PodObject>[]; namespaces?: Located<NamespaceObject>[] }>();
  const view = (chunk: number) => views.get(chunk) ?? views.set(chunk, { services: [], pods: [] }).get(chunk)!;
  const at = (chunk: number, from: number) => chunks[chunk].start - chunks[from].start;
  // A pod's Namespace in this text or another file: mesh injection reads its labels.
  for (const pod of noNamespaces ? [] : pods) {
    for (const ns of namespaces) {
      if (pod.object.namespace !== ns.object.name) continue;
      const own = view(pod.chunk);
      (own.namespaces ??= []).push({ object: ns.object, delta: at(ns.chunk, pod.chunk) });
    }
    for (const ns of aroundNamespaces) {
      if (pod.object.namespace !== ns.object.name) continue;
      const own = view(pod.chunk);
      (own.namespaces ??= []).push(ns);
    }
  }
  const byLabel = labelIndex(pods);
  for (const service of services) {
    for (const pod of candidates(byLabel, service.object)) {
      if (!selects(service.object, pod.object)) continue;
      view(pod.chunk).services.push({ object: service.object, delta: at(service.chunk, pod.chunk) });
      view(service.chunk).pods.push({ object: pod.object, delta: at(pod.chunk, service.chunk) });
    }
    for (const pod of around.pods) if (selects(service.object, pod.object)) view(service.chunk).pods.push(pod);
  }
  for (const service of around.services) {
    for (const pod of candidates(byLabel, service.object)) if (selects(service.object, pod.object)) view(pod.chunk).services.push(service);
  }
  return chunks.map((_, chunk) => {
    const world = views.get(chunk);
    return world ? { key: keyOf(world), world } : NONE;
  });
}

/** Pods by namespace, label key and value (`labelSlot`): a Service is compared only with the pods that carry its first selector label. */
function labelIndex(pods: readonly Placed<PodObject>[]): Map<string, Placed<PodObject>[]> {
  const index = new Map<string, Placed<PodObject>[]>();
  for (const pod of pods) {
    for (const slot of pod.object.slots) {
      const list = index.get(slot);
      if (list) list.push(pod);
      else index.set(slot, [pod]);
    }
  }
  return index;
}

function candidates(index: Map<string, Placed<PodObject>[]>, service: ServiceObject): readonly Placed<PodObject>[] {
  return service.slot === undefined ? [] : (index.get(service.slot) ?? []);
}

const ids = new WeakMap<object, number>();
let nextId = 0;

/** A number per summarised object for as long as it lives: one object is one content, so equal numbers mean equal objects. */
function idOf(object: object): number {
  let id = ids.get(object);
  if (id === undefined) ids.set(object, (id = nextId++));
  return id;
}

function keyOf(world: ObjectWorld): string {
  const part = (located: Located<object>) => `${idOf(located.object)}@${located.uri ?? ''}:${located.delta ?? ''}`;
  return [...world.services.map(part), '|', ...world.pods.map(part), '|', ...(world.namespaces ?? []).map(part)].join('\n');
}
