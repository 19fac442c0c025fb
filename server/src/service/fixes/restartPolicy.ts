/** A container's own fields as written (for anchors and edits), and "Make it a native sidecar": restartPolicy: Always in place. */
import { isAlias, isScalar, type Document, type Node, type Pair, type YAMLMap } from 'yaml';
import { insertLines, pairEnd } from '../edits';
import { columnOf, detectEol, nextLineStart } from '../text';
import type { OffsetEdit } from '../types';
import type { Container } from '../workloads';
import { findPair, hasAnchor, keyName, scalarText } from '../yamlNodes';

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

/** Sets `restartPolicy: Always` on a container where it is written: the value replaced, or a line after `image`/`name`. */
export function setRestartPolicyAlways(text: string, container: Container): OffsetEdit[] | undefined {
  const map = container.node;
  if (!container.direct || hasAnchor(map) || !map.range) return undefined;
  const own = map.items.find((p) => keyName(p) === 'restartPolicy');
  if (own) {
    const value = own.value as Node | null;
    if (!value || !value.range || hasAnchor(value) || !(isScalar(value) || isAlias(value)) || value.range[1] <= value.range[0]) return undefined;
    return [{ start: value.range[0], end: value.range[1], text: 'Always' }];
  }
  const after = map.items.find((p) => keyName(p) === 'image') ?? map.items.find((p) => keyName(p) === 'name') ?? map.items[0];
  const firstKey = map.items[0]?.key as Node | undefined;
  if (!after || !firstKey?.range) return undefined;
  if (map.flow) {
    const close = text.lastIndexOf('}', map.range[1] - 1);
    if (close < map.range[0] || text.slice(map.range[0], close).includes('\n') || text.slice(map.range[0], close).includes('#')) return undefined;
    let at = close;
    while (at > map.range[0] && /\s/.test(text[at - 1])) at--;
    if (text[at - 1] === ',') at--;
    return [{ start: at, end: at, text: ', restartPolicy: Always' }];
  }
  const end = pairEnd(text, after);
  const eol = detectEol(text);
  const line = `${' '.repeat(columnOf(text, firstKey.range[0]))}restartPolicy: Always${eol}`;
  return [insertLines(text, nextLineStart(text, end), line, eol)];
}
