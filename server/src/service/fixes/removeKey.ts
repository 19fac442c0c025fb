/** Remove a key from a map: its whole lines in a block map, its entry in a one-line flow map; comments are never dropped. */
import type { Node, Pair, YAMLMap } from 'yaml';
import { pairEnd } from '../edits';
import { columnOf, indentOf, lineContentEnd, lineStartAt, nextLineStart } from '../text';
import type { OffsetEdit } from '../types';
import type { Container } from '../workloads';
import { containsAlias, hasAnchor, hasMergeKey } from '../yamlNodes';

// A `#` that starts a comment: at the start of the text or after white space (conservative inside multi-line values).
const COMMENT = /(^|\s)#/;

/**
 * Undefined when the removal is unsafe: the pair is not written in `map`, carries an anchor, is the map's only key,
 * sits beside a merge key, or a multi-line value holds comments that would go with it. A trailing comment on a one-line pair stays, on its own line.
 */
export function removeKey(text: string, map: YAMLMap, pair: Pair): OffsetEdit | undefined {
  const index = map.items.indexOf(pair);
  const key = pair.key as Node | null;
  const value = pair.value as Node | null;
  if (index < 0 || !key?.range || map.items.length < 2) return undefined;
  // Beside a merge key, removing a key may uncover the merged value of the same name instead of removing it.
  if (hasMergeKey(map)) return undefined;
  if (value && containsAlias(value, true)) return undefined;
  if (map.flow) return removeFlowEntry(text, map, index);
  const keyStart = key.range[0];
  const end = pairEnd(text, pair);
  const lineStart = lineStartAt(text, keyStart);
  const column = columnOf(text, keyStart);
  const tail = text.slice(end, lineContentEnd(text, end));
  const multiLine = lineStartAt(text, end) !== lineStart;
  if (multiLine && COMMENT.test(text.slice(keyStart, lineContentEnd(text, end)))) return undefined;
  const comment = tail.trim();
  if (indentOf(text, lineStart) === column) {
    const kept = comment ? `${' '.repeat(column)}${comment}${text.slice(lineContentEnd(text, end), nextLineStart(text, end))}` : '';
    return { start: lineStart, end: nextLineStart(text, end), text: kept };
  }
  // The first key of a `- key: value` item: the next key moves up onto the dash line.
  const next = map.items[index + 1]?.key as Node | undefined;
  if (index !== 0 || comment || !next?.range || text[lineStart + indentOf(text, lineStart)] !== '-') return undefined;
  if (text.slice(nextLineStart(text, end), next.range[0]).trim() !== '') return undefined;
  return { start: keyStart, end: next.range[0], text: '' };
}

function removeFlowEntry(text: string, map: YAMLMap, index: number): OffsetEdit | undefined {
  const pair = map.items[index];
  const start = index > 0 ? pairEnd(text, map.items[index - 1]) : (pair.key as Node).range![0];
  const end = index > 0 ? pairEnd(text, pair) : ((map.items[index + 1].key as Node | null)?.range?.[0] ?? -1);
  if (end < start || /[#\n]/.test(text.slice(start, end))) return undefined;
  return { start, end, text: '' };
}

/** Removes one of a container's own keys; undefined when the container is shared (an alias or anchor) or the key merged in. */
export function removeContainerKey(text: string, container: Container, pair: Pair): OffsetEdit | undefined {
  if (!container.direct || hasAnchor(container.node) || !container.node.items.includes(pair)) return undefined;
  return removeKey(text, container.node, pair);
}
