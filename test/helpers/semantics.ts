/** What a fix may change, stated on plain values: used to prove fixes leave everything else as it was. */
import { isMap, isPair, isScalar, isSeq, visit, type Document } from 'yaml';
import { podTemplateKind } from '../../server/src/service/kinds/podTemplates';

export type Json = unknown;

/** Every comment of a document, trimmed, sorted: fixes may move comments but never drop or alter one. */
export function comments(doc: Document): string[] {
  const out: string[] = [];
  const add = (c: string | null | undefined) => {
    if (c)
      out.push(
        ...c
          .split('\n')
          .map((l) => l.trim())
          .filter(Boolean),
      );
  };
  add(doc.commentBefore);
  add(doc.comment);
  // The visitor reaches some keys as nodes too: each node's comments count once.
  const seen = new Set<unknown>();
  const addNode = (node: unknown) => {
    if (seen.has(node)) return;
    seen.add(node);
    add((node as { commentBefore?: string }).commentBefore);
    add((node as { comment?: string }).comment);
  };
  visit(doc, {
    Node(_k, node) {
      addNode(node);
    },
    Pair(_k, pair) {
      if (isPair(pair) && (isScalar(pair.key) || isMap(pair.key) || isSeq(pair.key))) addNode(pair.key);
    },
  });
  return out.sort();
}

/** The pod specs of a plain object, in the order the service finds them (the same table, walked on plain values). */
export function podSpecs(object: Json): Record<string, Json>[] {
  if (!object || typeof object !== 'object') return [];
  const o = object as Record<string, Json>;
  if (typeof o.kind !== 'string' || o.apiVersion === undefined) return [];
  if (o.kind.endsWith('List')) return Array.isArray(o.items) ? o.items.flatMap(podSpecs) : [];
  const entry = podTemplateKind(String(o.apiVersion), o.kind);
  return entry ? entry.paths.flatMap(({ path }) => walkPlain([o], path.split('.'))) : [];
}

const isObject = (value: Json): value is Record<string, Json> => Boolean(value) && typeof value === 'object' && !Array.isArray(value);

function walkPlain(at: Record<string, Json>[], steps: string[]): Record<string, Json>[] {
  if (steps.length === 0) return at;
  const [step, ...rest] = steps;
  const next = at.flatMap((map) => {
    if (step.endsWith('[]')) {
      const list = map[step.slice(0, -2)];
      return Array.isArray(list) ? list.filter(isObject) : [];
    }
    if (!step.includes('*')) return isObject(map[step]) ? [map[step]] : [];
    const pattern = new RegExp(`^${step.replace(/\*/g, '.*')}$`);
    return Object.entries(map)
      .filter(([key, value]) => key !== '<<' && pattern.test(key) && isObject(value))
      .map(([, value]) => value as Record<string, Json>);
  });
  return walkPlain(next, rest);
}

export function clone<T>(value: T): T {
  return structuredClone(value);
}

/** Leaf-level differences between two plain values, as [path, before, after]. */
export function diff(before: Json, after: Json, path: string[] = []): [string[], Json, Json][] {
  if (before && after && typeof before === 'object' && typeof after === 'object' && Array.isArray(before) === Array.isArray(after)) {
    const keys = new Set([...Object.keys(before as object), ...Object.keys(after as object)]);
    return [...keys].flatMap((k) => diff((before as Record<string, Json>)[k], (after as Record<string, Json>)[k], [...path, k]));
  }
  return Object.is(before, after) || JSON.stringify(before) === JSON.stringify(after) ? [] : [[path, before, after]];
}
