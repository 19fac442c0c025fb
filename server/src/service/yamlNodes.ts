/** Reading YAML nodes as Kubernetes sees them: aliases resolved, merge keys (`<<`) applied, with depth limits. */
import { isAlias, isMap, isScalar, isSeq, visit, type Document, type Node, type Pair, type Scalar, type YAMLMap, type YAMLSeq } from 'yaml';

const MAX_RESOLVE_DEPTH = 32;

/** Follows aliases to the node they name; undefined for a dangling or cyclic alias. */
export function resolve(doc: Document, node: unknown): Node | undefined {
  let current = node;
  for (let depth = 0; isAlias(current); depth++) {
    if (depth > MAX_RESOLVE_DEPTH) return undefined;
    current = current.resolve(doc);
  }
  return (current ?? undefined) as Node | undefined;
}

export function isMergeKey(pair: Pair): boolean {
  return isScalar(pair.key) && (pair.key.value === '<<' || pair.key.source === '<<');
}

/** True when a map has a merge key of its own: what it means then depends on the keys around it. */
export function hasMergeKey(map: YAMLMap): boolean {
  return map.items.some(isMergeKey);
}

export function keyName(pair: Pair): string | undefined {
  if (isScalar(pair.key)) return pair.key.value === null ? undefined : String(pair.key.value);
  return undefined;
}

/** A key found in a map, and whether it was written in that map itself (not brought in by a merge key). */
export interface FoundPair {
  pair: Pair;
  value: Node | undefined;
  direct: boolean;
}

/** Looks a key up as Kubernetes would after merging: own keys first, then merged maps in order. */
export function findPair(doc: Document, map: YAMLMap, key: string, depth = 0): FoundPair | undefined {
  // One scan for own keys; merged maps are searched only when the map has a merge key (rare), so the common miss is cheap.
  let merges = false;
  for (const pair of map.items) {
    const name = pair.key;
    if (!isScalar(name)) continue;
    const value = name.value;
    if (value === key) {
      if (name.source !== '<<') return { pair, value: resolve(doc, pair.value), direct: true };
    } else if (value === '<<' || name.source === '<<') merges = true;
    else if (typeof value !== 'string' && value !== null && value !== undefined && String(value) === key) {
      return { pair, value: resolve(doc, pair.value), direct: true };
    }
  }
  if (!merges || depth > MAX_RESOLVE_DEPTH) return undefined;
  for (const pair of map.items) {
    if (!isMergeKey(pair)) continue;
    for (const source of mergeSources(doc, pair)) {
      const found = findPair(doc, source, key, depth + 1);
      if (found) return { ...found, direct: false };
    }
  }
  return undefined;
}

/** The maps a merge key brings in, in order: one map, or each map of a sequence (aliases resolved). */
export function mergeSources(doc: Document, pair: Pair): YAMLMap[] {
  const value = resolve(doc, pair.value);
  if (isMap(value)) return [value];
  if (isSeq(value)) return value.items.map((item) => resolve(doc, item)).filter((item): item is YAMLMap => isMap(item));
  return [];
}

export function getMap(doc: Document, map: YAMLMap | undefined, key: string): YAMLMap | undefined {
  if (!map) return undefined;
  const value = findPair(doc, map, key)?.value;
  return isMap(value) ? value : undefined;
}

export function getSeq(doc: Document, map: YAMLMap | undefined, key: string): YAMLSeq | undefined {
  if (!map) return undefined;
  const value = findPair(doc, map, key)?.value;
  return isSeq(value) ? value : undefined;
}

export function getScalar(doc: Document, map: YAMLMap | undefined, key: string): Scalar | undefined {
  if (!map) return undefined;
  const value = findPair(doc, map, key)?.value;
  return isScalar(value) ? value : undefined;
}

/** The scalar's value as Kubernetes reads a string field (numbers and booleans as written). */
export function scalarText(node: Scalar | undefined): string | undefined {
  if (!node || node.value === null || node.value === undefined) return undefined;
  return typeof node.value === 'string' ? node.value : String(node.value);
}

export function getString(doc: Document, map: YAMLMap | undefined, key: string): string | undefined {
  return scalarText(getScalar(doc, map, key));
}

/** The items of a sequence with aliases resolved, keeping each item's index. */
export function seqMaps(doc: Document, seq: YAMLSeq | undefined): { item: YAMLMap; index: number; direct: boolean }[] {
  if (!seq) return [];
  const out: { item: YAMLMap; index: number; direct: boolean }[] = [];
  seq.items.forEach((raw, index) => {
    const item = resolve(doc, raw);
    if (isMap(item)) out.push({ item, index, direct: !isAlias(raw) });
  });
  return out;
}

/** Every string in a sequence of scalars (command, args), for heuristics that read scripts. */
export function seqStrings(doc: Document, seq: YAMLSeq | undefined): string[] {
  if (!seq) return [];
  return seq.items.map((item) => resolve(doc, item)).flatMap((item) => (isScalar(item) ? [String(item.value ?? '')] : []));
}

/** True when the node or anything below it is an alias (or, with `anchors`, carries an anchor). */
export function containsAlias(node: Node, anchors = false): boolean {
  let found = false;
  visit(node, {
    Alias() {
      found = true;
      return visit.BREAK;
    },
    Node(_key, n) {
      if (anchors && (n as { anchor?: string }).anchor) {
        found = true;
        return visit.BREAK;
      }
      return undefined;
    },
  });
  return found;
}

export function hasAnchor(node: unknown): boolean {
  return Boolean(node && (node as { anchor?: string }).anchor);
}
