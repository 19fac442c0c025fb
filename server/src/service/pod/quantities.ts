/** A pod spec's resource quantities as Kubernetes reads them: each entry with the node the user wrote, the keys set, the text parsed. */
import { isMap, isScalar, type Document, type Node, type YAMLMap } from 'yaml';
import { memoized } from '../memo';
import type { Container, PodSpec } from '../workloads';
import { effectiveEntries, findPair, getMap, resolve } from '../yamlNodes';

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

const DECIMAL_SOURCE = /^[+-]?[0-9.]+([eE][-+]?[0-9]+)?$/;

/** What a JSON decoder hands `ParseQuantity`, for the rules: strings as they are, plain numbers as written. */
export function quantityText(node: Node | undefined): string | undefined {
  if (!isScalar(node) || node.value === null || node.value === undefined) return undefined;
  if (typeof node.value === 'string') return node.value;
  if (typeof node.value === 'number' && node.type === 'PLAIN' && node.source !== undefined && DECIMAL_SOURCE.test(node.source)) return node.source;
  return String(node.value);
}

/**
 * The same for the effective-resource sums (lenses, hovers): any number-valued scalar is read as written, a tagged
 * quoted one (`!!float "1e3"`) included, where `quantityText` reads that one as its value (`1000`).
 */
export function looseQuantityText(node: Node | undefined): string | undefined {
  if (!isScalar(node) || node.value === null || node.value === undefined) return undefined;
  if (typeof node.value === 'number' && typeof node.source === 'string' && DECIMAL_SOURCE.test(node.source)) return node.source;
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
  // Keys as Kubernetes sees them after merge keys: own keys first, then merged keys not already present.
  return [...effectiveEntries(doc, map)].flatMap(([resource, { pair }]): QuantityEntry[] => {
    const node = pair.value as Node | null;
    if (!node) return [];
    return [{ container, section, resource, node, text: quantityText(resolve(doc, node)) }];
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

export const CORE_RESOURCES = ['cpu', 'memory'] as const;

/** Which of cpu and memory a `resources` map sets (non-null) in `section`, after merges. */
export function declaredKeys(doc: Document, resources: YAMLMap | undefined, section: 'limits' | 'requests'): Set<string> {
  const map = getMap(doc, resources, section);
  const keys = new Set<string>();
  for (const key of CORE_RESOURCES) {
    const value = map && findPair(doc, map, key)?.value;
    if (value && 'value' in value && (value as { value: unknown }).value !== null) keys.add(key);
  }
  return keys;
}

/** The container's `resources` map, after merges. */
export function containerResources(pod: PodSpec, container: Container): YAMLMap | undefined {
  return getMap(pod.doc, container.node, 'resources');
}

/** Pod-level resources (PodLevelResources) that set both cpu and memory satisfy every container. */
export function podLevelCovers(pod: PodSpec, section: 'limits' | 'requests'): boolean {
  return declaredKeys(pod.doc, getMap(pod.doc, pod.spec, 'resources'), section).size === CORE_RESOURCES.length;
}
