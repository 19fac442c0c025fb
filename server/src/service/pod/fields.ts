/** A container's own fields as written (for findings and edits): a key's value and the strings its script holds. */
import { isMap, isScalar, type Document, type Node, type Pair, type Scalar, type YAMLMap } from 'yaml';
import { findPair, getSeq, resolve, scalarText } from '../yamlNodes';

export interface WrittenField {
  pair: Pair;
  /** The value node as written (an alias stays an alias), where a finding about the value sits. */
  node: Node;
  /** The resolved value as Kubernetes reads a string field. */
  value: string | undefined;
  /** False when the key comes in through a merge key: it is written elsewhere and shared. */
  direct: boolean;
}

/** A key of a map with a non-null value, as Kubernetes sees it after merging; undefined when unset or null. */
export function writtenField(doc: Document, map: YAMLMap, key: string): WrittenField | undefined {
  const found = findPair(doc, map, key);
  const written = found?.pair.value as Node | null | undefined;
  if (!found || !written || !written.range || !found.value) return undefined;
  if (isScalar(found.value) && (found.value.value === null || found.value.value === undefined)) return undefined;
  return { pair: found.pair, node: written, value: isScalar(found.value) ? scalarText(found.value) : undefined, direct: found.direct };
}

/** `env[].value`, `args` and `command` strings written in this container (not through aliases). */
export function scriptScalars(doc: Document, container: YAMLMap): Scalar[] {
  const out: Scalar[] = [];
  for (const key of ['args', 'command']) {
    for (const item of getSeq(doc, container, key)?.items ?? []) if (isScalar(item)) out.push(item);
  }
  for (const entry of getSeq(doc, container, 'env')?.items ?? []) {
    const map = resolve(doc, entry);
    if (isMap(map) && map === entry) {
      const value = map.items.find((p) => isScalar(p.key) && p.key.value === 'value')?.value;
      if (isScalar(value)) out.push(value);
    }
  }
  return out;
}
