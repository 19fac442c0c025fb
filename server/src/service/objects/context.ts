/** What each document of a text sees around it, and a key that changes exactly when that view does. */
import type { DocumentChunk } from '../documents';
import { EMPTY_WORLD, selects, type Located, type ObjectWorld } from './services';
import type { ObjectSummary, PodObject, ServiceObject } from './summary';

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
  summaries.forEach((summary, chunk) => {
    for (const object of summary.services) services.push({ object, chunk });
    for (const object of summary.pods) pods.push({ object, chunk });
  });
  if (services.length === 0 && around.services.length === 0 && (around.pods.length === 0 || pods.length === 0)) return chunks.map(() => NONE);
  const seen: { services: Located<ServiceObject>[]; pods: Located<PodObject>[] }[] = chunks.map(() => ({ services: [], pods: [] }));
  const at = (chunk: number, from: number) => chunks[chunk].start - chunks[from].start;
  for (const service of services) {
    for (const pod of pods) {
      if (!selects(service.object, pod.object)) continue;
      seen[pod.chunk].services.push({ object: service.object, delta: at(service.chunk, pod.chunk) });
      seen[service.chunk].pods.push({ object: pod.object, delta: at(pod.chunk, service.chunk) });
    }
    for (const pod of around.pods) if (selects(service.object, pod.object)) seen[service.chunk].pods.push(pod);
  }
  for (const service of around.services) {
    for (const pod of pods) if (selects(service.object, pod.object)) seen[pod.chunk].services.push(service);
  }
  return seen.map((world) => (world.services.length + world.pods.length === 0 ? NONE : { key: keyOf(world), world }));
}

function keyOf(world: ObjectWorld): string {
  const part = (located: Located<{ key: string }>) => `${located.object.key}@${located.uri ?? ''}:${located.delta ?? ''}`;
  return [...world.services.map(part), '|', ...world.pods.map(part)].join('\n');
}
