/** Add emptyDir volume: one new item at the end of the pod's `volumes`, in the list's own style. */
import { isAlias, isSeq, type Node } from 'yaml';
import { insertLines } from '../edits';
import { columnOf, detectEol } from '../text';
import type { Fix, OffsetEdit } from '../types';
import type { PodSpec } from '../workloads';
import { isMergeKey, keyName } from '../yamlNodes';
import { blockItemSpan } from './blockItem';
import { readOnlyHere } from '../pod/shared';

const VOLUME_NAME = /^[a-z0-9]([-a-z0-9]*[a-z0-9])?$/;

/** Undefined when the pod's own `volumes` list is not written in place in a shape this edit handles (see `readOnlyHere`). */
export function addEmptyDirVolume(text: string, pod: PodSpec, name: string): Fix | undefined {
  if (!VOLUME_NAME.test(name) || name.length > 63 || pod.spec.flow || !readOnlyHere(pod.doc, pod.spec)) return undefined;
  const eol = detectEol(text);
  const pair = pod.spec.items.find((p) => !isMergeKey(p) && keyName(p) === 'volumes');
  let edits: OffsetEdit[] | undefined;
  if (pair && isSeq(pair.value) && !(pair.value as { anchor?: string }).anchor) {
    edits = pair.value.flow ? flowItem(text, pair.value as Node, name, pair.value.items.length) : blockItem(text, pair.value.items as Node[], name, eol);
  }
  return edits && { title: `Add emptyDir volume '${name}'`, edits, preferred: true };
}

/** After the last item, with the dash and key columns of the existing items. */
function blockItem(text: string, items: Node[], name: string, eol: string): OffsetEdit[] | undefined {
  const last = items[items.length - 1];
  const model = items.find((item) => !isAlias(item) && item.range);
  if (!last?.range || !model?.range) return undefined;
  const span = blockItemSpan(text, last);
  const modelSpan = blockItemSpan(text, model);
  if (!span || !modelSpan) return undefined;
  const keyColumn = columnOf(text, model.range[0]);
  const lines = `${' '.repeat(modelSpan.dashColumn)}- ${' '.repeat(Math.max(0, keyColumn - modelSpan.dashColumn - 2))}name: ${name}${eol}${' '.repeat(keyColumn)}emptyDir: {}${eol}`;
  return [insertLines(text, span.end, lines, eol)];
}

/** `[]` or a one-line flow list: a flow item before the closing bracket. */
function flowItem(text: string, seq: Node, name: string, count: number): OffsetEdit[] | undefined {
  if (!seq.range) return undefined;
  const close = text.lastIndexOf(']', seq.range[1] - 1);
  if (close < seq.range[0] || text.slice(seq.range[0], close).includes('\n')) return undefined;
  let at = close;
  while (at > seq.range[0] && /\s/.test(text[at - 1])) at--;
  if (text[at - 1] === ',') at--;
  const item = `{name: ${name}, emptyDir: {}}`;
  return [{ start: at, end: at, text: count === 0 ? item : `, ${item}` }];
}
