/** Reading YAML nodes as Kubernetes sees them: aliases resolved, merge keys (`<<`) applied, with depth limits. */
import { isAlias, isMap, isScalar, isSeq, visit, type Document, type Node, type Pair, type Scalar, type YAMLMap, type YAMLSeq } from 'yaml';
import { aliasTarget, exceed, MAX_MERGE_DEPTH, MAX_MERGED_ENTRIES, stateOf } from './budget';

const MAX_RESOLVE_DEPTH = 32;

/** Follows aliases to the node they name (one walk of the document indexes them all); undefined for a dangling alias. */
export function resolve(doc: Document, node: unknown): Node | undefined {
  let current = node;
  for (let depth = 0; isAlias(current); depth++) {
    if (depth > MAX_RESOLVE_DEPTH) return undefined;
    current = aliasTarget(doc, current);
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
export function findPair(doc: Document, map: YAMLMap, key: string): FoundPair | undefined {
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
  return merges ? mergedView(doc, map, 0).get(key) : undefined;
}

/** Every key of a map as Kubernetes sees it after merge keys: own keys first, then merged keys not already present. */
export function effectiveEntries(doc: Document, map: YAMLMap): Map<string, FoundPair> {
  const out = ownEntries(doc, map, true);
  if (hasMergeKey(map)) for (const [name, found] of mergedView(doc, map, 0)) if (!out.has(name)) out.set(name, found);
  return out;
}

/**
 * The keys a map's merge keys bring in, first source first, each map's view built once per document: looking keys up
 * path by path was exponential in nested merges (`<<: [*m, *m]`). A cycle (a map merging itself) brings in nothing.
 */
function mergedView(doc: Document, map: YAMLMap, depth: number): Map<string, FoundPair> {
  const state = stateOf(doc);
  const known = state.merged.get(map) as Map<string, FoundPair> | undefined;
  if (known) return known;
  if (state.inProgress.has(map)) return new Map();
  const view = new Map<string, FoundPair>();
  state.inProgress.add(map);
  try {
    for (const pair of map.items) {
      if (!isMergeKey(pair)) continue;
      if (depth >= MAX_MERGE_DEPTH) overBudget(doc, pair, `nest deeper than ${MAX_MERGE_DEPTH} levels`);
      for (const source of mergeSources(doc, pair)) {
        for (const [name, found] of ownEntries(doc, source)) if (!view.has(name)) view.set(name, found);
        for (const [name, found] of mergedView(doc, source, depth + 1)) if (!view.has(name)) view.set(name, found);
      }
      state.mergedEntries += view.size;
      if (state.mergedEntries > MAX_MERGED_ENTRIES) overBudget(doc, pair, `expand past ${MAX_MERGED_ENTRIES.toLocaleString('en-US')} keys`);
    }
  } finally {
    state.inProgress.delete(map);
  }
  state.merged.set(map, view);
  return view;
}

/** A map's own keys as findPair matches them (the first of a repeated key); `direct` false when seen through a merge. */
function ownEntries(doc: Document, map: YAMLMap, direct = false): Map<string, FoundPair> {
  const out = new Map<string, FoundPair>();
  for (const pair of map.items) {
    if (!isScalar(pair.key) || isMergeKey(pair)) continue;
    const value = pair.key.value;
    if (value === null || value === undefined) continue;
    const name = typeof value === 'string' ? value : String(value);
    if (!out.has(name)) out.set(name, { pair, value: resolve(doc, pair.value), direct });
  }
  return out;
}

function overBudget(doc: Document, pair: Pair, what: string): never {
  const key = pair.key as Node;
  const at = key.range ? ([key.range[0], key.range[1]] as const) : undefined;
  return exceed(
    doc,
    'merge',
    `sidecar-lint stopped analysing this document: its merge keys (<<) ${what}, so what its objects contain is not checked. Write the merged fields out, or merge fewer levels.`,
    at,
  );
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
