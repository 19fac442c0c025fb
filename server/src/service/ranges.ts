/** Where a finding sits: the spans rules report, chosen so an alias or a merged value points at what the user wrote. */
import { isAlias, isMap, isScalar, type Node } from 'yaml';
import type { Mount } from './pod/mounts';
import type { DeclaredPort } from './pod/ports';
import type { Container, PodSpec } from './workloads';
import { findPair } from './yamlNodes';

/** The range of the first node that has one, or [0, 0]. */
export function firstRange(...nodes: (Node | null | undefined)[]): [number, number] {
  for (const node of nodes) if (node?.range) return [node.range[0], node.range[1]];
  return [0, 0];
}

/** True when `node` lies inside `outer`'s range (its trailing comments included). */
export function within(node: Node, outer: Node): boolean {
  return Boolean(node.range && outer.range && outer.range[0] <= node.range[0] && node.range[1] <= outer.range[2]);
}

/** Where a finding about a whole container sits: its name's value, else its first key. */
export function containerAnchor(container: Container): [number, number] {
  // A name written as an alias (`name: *shared`) sits on the alias, not on the anchor another container wrote.
  const written = container.node.items.find((pair) => isScalar(pair.key) && pair.key.value === 'name')?.value;
  return firstRange(isAlias(written) ? written : container.nameNode, container.node.items[0]?.key as Node | undefined, container.node);
}

/** The name's value as written for this occurrence: the alias when the whole entry is one, else the entry's own `name`. */
export function occurrenceAnchor(pod: PodSpec, container: Container): [number, number] {
  const raw = pod.lists[container.list]?.seq.items[container.index] as Node | undefined;
  if (raw && isAlias(raw) && raw.range) return [raw.range[0], raw.range[1]];
  const found = findPair(pod.doc, container.node, 'name');
  const own = found?.direct ? (found.pair.value as Node | null) : undefined;
  return firstRange(own, container.node.items[0]?.key as Node | undefined, container.node);
}

/** `resources` key when present, else `fallback` (the container's name): where resource findings sit. */
export function resourcesAnchor(container: Container, fallback: [number, number]): [number, number] {
  const pair = container.node.items.find((p) => (p.key as { value?: unknown }).value === 'resources');
  const range = (pair?.key as Node | undefined)?.range;
  return range ? [range[0], range[1]] : fallback;
}

/**
 * Where a finding about one of a port's values sits: on the value when it is written in the entry itself, else on
 * what the user wrote instead (the alias, or the entry's first key for a value brought in by a merge key).
 */
export function portAnchor(port: DeclaredPort, node: Node | undefined): [number, number] {
  const entry = port.entry.range;
  const range = node?.range;
  if (range && entry && entry[0] <= range[0] && range[1] <= entry[2]) return [range[0], range[1]];
  const first = isMap(port.entry) ? (port.entry.items[0]?.key as Node | undefined)?.range : undefined;
  const at = first ?? entry ?? range;
  return at ? [at[0], at[1]] : [0, 0];
}

/** Where a mount finding sits: the alias that stands for the mount, else its `name` value, else the mount entry. */
export function mountAnchor(mount: Mount): [number, number] {
  return firstRange(mount.alias, mount.nameNode, mount.map);
}

/** A node's range without its properties (`&anchor`, `!tag`), so a finding underlines the value itself. */
export function valueRange(text: string, node: Node): [number, number] {
  const [start, end] = node.range ?? [0, 0];
  const props = /^(?:[&!]\S*[ \t]+)+/.exec(text.slice(start, end));
  return [props ? start + props[0].length : start, end];
}
