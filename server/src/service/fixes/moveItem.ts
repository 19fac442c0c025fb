/** Moving a container between and within lists by whole source lines: before another item, or back to `containers`. */
import { isScalar, type Node, type YAMLMap, type YAMLSeq } from 'yaml';
import { insertLines, reindent } from '../edits';
import { detectEol, indentOf, lineStartAt } from '../text';
import type { OffsetEdit } from '../types';
import type { Container, PodSpec } from '../workloads';
import { containsAlias, hasAnchor, hasMergeKey, keyName } from '../yamlNodes';
import { blockItemSpan, type ItemSpan } from './blockItem';
import { hasKeepChomping, removal } from './nativeSidecar';
import { removeKey } from './removeKey';

/** A block item that can be cut and pasted as lines: no aliases or anchors in it, no `|+` scalars. */
function movableSpan(text: string, seq: YAMLSeq, item: YAMLMap): ItemSpan | undefined {
  if (seq.flow || hasAnchor(seq) || !seq.items.includes(item) || containsAlias(item, true) || hasKeepChomping(text, item)) return undefined;
  return blockItemSpan(text, item);
}

/** The item's lines (ending in a line break) shifted to another dash column. */
function cut(text: string, span: ItemSpan, dashColumn: number, eol: string, edits: OffsetEdit[] = []): string {
  let block = text.slice(span.start, span.end);
  for (const edit of [...edits].sort((a, b) => b.start - a.start))
    block = block.slice(0, edit.start - span.start) + edit.text + block.slice(edit.end - span.start);
  return reindent(block.endsWith('\n') ? block : block + eol, dashColumn - span.dashColumn);
}

/** Moves `item` to just before `before`, an earlier item of the same block sequence. */
export function moveItemBefore(text: string, seq: YAMLSeq, item: YAMLMap, before: Node): OffsetEdit[] | undefined {
  const span = movableSpan(text, seq, item);
  const target = seq.items.includes(before) ? blockItemSpan(text, before) : undefined;
  if (!span || !target || target.start >= span.start) return undefined;
  const eol = detectEol(text);
  return [insertLines(text, target.start, cut(text, span, target.dashColumn, eol), eol), removal(text, span.start, span.end)];
}

/** Moves an init container to the end of `containers` without its `restartPolicy`; the empty `initContainers` key goes too. */
export function moveToContainers(text: string, pod: PodSpec, container: Container): OffsetEdit[] | undefined {
  const inits = pod.lists.initContainers;
  const apps = pod.lists.containers;
  if (!inits || !apps || !inits.direct || !apps.direct || !container.direct || container.list !== 'initContainers') return undefined;
  if (pod.spec.flow || hasAnchor(pod.spec) || hasMergeKey(pod.spec)) return undefined;
  const policy = container.node.items.find((p) => keyName(p) === 'restartPolicy');
  const last = apps.seq.items[apps.seq.items.length - 1] as Node | undefined;
  const span = movableSpan(text, inits.seq, container.node);
  const lastSpan = last && !hasAnchor(apps.seq) && !apps.seq.flow ? blockItemSpan(text, last) : undefined;
  if (!policy || !span || !lastSpan) return undefined;
  const dropPolicy = removeKey(text, container.node, policy);
  if (!dropPolicy || dropPolicy.start < span.start || dropPolicy.end > span.end) return undefined;
  const eol = detectEol(text);
  const insert = insertLines(text, lastSpan.end, cut(text, span, lastSpan.dashColumn, eol, [dropPolicy]), eol);
  const remove = inits.seq.items.length === 1 ? removeEmptiedKey(text, pod, span) : removal(text, span.start, span.end);
  if (!remove) return undefined;
  // An insertion where the removal starts would overlap it as an LSP edit: make them one replacement.
  if (remove.start === insert.start) return [{ start: remove.start, end: remove.end, text: insert.text }];
  // The removal reaches the end of a text without a final line break: the moved lines end the text instead.
  if (remove.start < insert.start && insert.start < remove.end) {
    if (remove.end !== text.length || !insert.text.endsWith(eol)) return undefined;
    return [{ start: insert.start, end: remove.end, text: insert.text.slice(0, -eol.length) }];
  }
  return [insert, remove];
}

/** `initContainers:` and its only item, when nothing else (a comment, a value on the key line) is on those lines. */
function removeEmptiedKey(text: string, pod: PodSpec, span: ItemSpan): OffsetEdit | undefined {
  const key = pod.lists.initContainers!.pair.key as Node;
  if (!isScalar(key) || !key.range) return undefined;
  const keyLine = lineStartAt(text, key.range[0]);
  if (indentOf(text, keyLine) !== key.range[0] - keyLine) return undefined;
  const between = text.slice(key.range[1], span.start).replace(/^\s*:/, '');
  if (between.trim() !== '') return undefined;
  return removal(text, keyLine, span.end);
}
