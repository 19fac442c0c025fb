/** Every resource quantity of a pod spec as Kubernetes reads it, with the node the user wrote and whether it may be edited. */
import { isMap, isScalar, type Document, type Node, type Pair, type YAMLMap } from 'yaml';
import { memoized } from '../memo';
import type { Container, PodSpec } from '../workloads';
import { findPair, isMergeKey, keyName, resolve } from '../yamlNodes';

export type QuantitySection = 'requests' | 'limits' | 'overhead';

export interface QuantityEntry {
  /** The container, or undefined for pod-level `resources` and `overhead`. */
  container?: Container;
  section: QuantitySection;
  resource: string;
  /** The value as written (an alias node when the value is one): where findings sit. */
  node: Node;
  /** The text Kubernetes parses; undefined for a null value (read as zero). */
  text?: string;
}

const MAX_MERGE_DEPTH = 8;

/** A map's pairs as Kubernetes sees them after merge keys: own keys first, then merged keys not already present. */
function effectivePairs(doc: Document, map: YAMLMap, depth = 0, seen = new Set<string>()): Pair[] {
  const out: Pair[] = [];
  for (const pair of map.items) {
    const key = keyName(pair);
    if (isMergeKey(pair) || key === undefined || seen.has(key)) continue;
    seen.add(key);
    out.push(pair);
  }
  if (depth >= MAX_MERGE_DEPTH) return out;
  for (const pair of map.items.filter(isMergeKey)) {
    const value = resolve(doc, pair.value);
    const sources = isMap(value) ? [value] : ((value as { items?: unknown[] } | undefined)?.items ?? []).map((i) => resolve(doc, i));
    for (const source of sources) if (isMap(source)) out.push(...effectivePairs(doc, source, depth + 1, seen));
  }
  return out;
}

/** What a JSON decoder hands `ParseQuantity`: strings as they are, numbers as written. */
export function quantityText(node: Node | undefined): string | undefined {
  if (!isScalar(node) || node.value === null || node.value === undefined) return undefined;
  if (typeof node.value === 'string') return node.value;
  if (typeof node.value === 'number' && node.type === 'PLAIN' && node.source !== undefined && /^[+-]?[0-9.]+([eE][-+]?[0-9]+)?$/.test(node.source)) return node.source;
  return String(node.value);
}

function entriesOf(pod: PodSpec, owner: YAMLMap, path: string[], section: QuantitySection, container: Container | undefined): QuantityEntry[] {
  const { doc } = pod;
  let map: YAMLMap | undefined = owner;
  for (const key of path) {
    const value: Node | undefined = map ? findPair(doc, map, key)?.value : undefined;
    map = isMap(value) ? value : undefined;
  }
  if (!map) return [];
  return effectivePairs(doc, map).flatMap((pair): QuantityEntry[] => {
    const node = pair.value as Node | null;
    if (!node) return [];
    return [{ container, section, resource: keyName(pair)!, node, text: quantityText(resolve(doc, node)) }];
  });
}

/** Requests and limits of every container, then pod-level `resources` and `overhead`. */
export const resourceQuantities = memoized((pod: PodSpec): readonly QuantityEntry[] => {
  const out: QuantityEntry[] = [];
  for (const container of pod.containers) {
    for (const section of ['requests', 'limits'] as const) out.push(...entriesOf(pod, container.node, ['resources', section], section, container));
  }
  for (const section of ['requests', 'limits'] as const) out.push(...entriesOf(pod, pod.spec, ['resources', section], section, undefined));
  out.push(...entriesOf(pod, pod.spec, ['overhead'], 'overhead', undefined));
  return out;
});

/** Where a quantity belongs, for messages: `'app' memory limit`, `pod-level cpu request`, `pod overhead memory`. */
export function describeEntry(entry: QuantityEntry, label: (c: Container) => string): string {
  const noun = entry.section === 'requests' ? 'request' : entry.section === 'limits' ? 'limit' : 'overhead';
  if (entry.container) return `'${label(entry.container)}' ${entry.resource} ${noun}`;
  return entry.section === 'overhead' ? `the pod's ${entry.resource} overhead` : `the pod-level ${entry.resource} ${noun}`;
}
