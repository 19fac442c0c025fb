/** Edits of the pod template's labels and annotations, where every mesh remedy lives. */
import { isMap, isScalar, type Node, type YAMLMap } from 'yaml';
import { addEntries, addUnder, indentUnit, insertLines, keyColumn, renderBlock, type Entry } from '../edits';
import { insideAnchor } from '../pod/shared';
import { replaceScalar } from '../scalarEdit';
import { detectEol, lineStartAt, nextLineStart } from '../text';
import type { OffsetEdit } from '../types';
import type { PodSpec } from '../workloads';
import { hasAnchor } from '../yamlNodes';
import { metaEntries, type MetaEntry } from './injection';

/** `"true"`: label and annotation values are strings, and a bare true would be a boolean the API rejects. */
const quoted = (value: string) => `"${value}"`;

/**
 * Edits that make the template's `where` map hold `key: "value"`: its existing value replaced in its own quoting, or a
 * new entry (creating `labels`/`annotations`, and `metadata`, as needed). Undefined where anchors or flow style forbid it.
 */
export function setTemplateKey(text: string, pod: PodSpec, where: 'labels' | 'annotations', key: string, value: string): OffsetEdit[] | undefined {
  const existing = metaEntries(pod).find((e) => e.where === where && e.key === key);
  if (existing) {
    const node = existing.pair.value as Node | null;
    if (!isScalar(node) || !node.range || insideAnchor(pod.doc, node.range[0], node.range[1])) return undefined;
    const edit = node.type === 'PLAIN' ? { start: node.range[0], end: node.range[1], text: quoted(value) } : replaceScalar(text, node, value);
    return edit ? [edit] : undefined;
  }
  const template = pod.template;
  if (hasAnchor(template) || !template.range || insideAnchor(pod.doc, template.range[0], template.range[1])) return undefined;
  const eol = detectEol(text);
  const unit = indentUnit(text, template);
  const metadataPair = template.items.find((p) => isScalar(p.key) && p.key.value === 'metadata');
  const entry = { key, value: quoted(value) };
  if (!metadataPair) return addMetadata(text, template, [{ key: 'metadata', value: [{ key: where, value: [entry] }] }], eol, unit);
  const metadata = metadataPair.value as Node | null;
  if (!isMap(metadata) || hasAnchor(metadata)) return undefined;
  return addUnder(text, metadata as YAMLMap, where, [entry], eol, unit);
}

/** A new `metadata` goes before the template's first key (`spec`), where people write it; flow maps get it at the end. */
function addMetadata(text: string, template: YAMLMap, entries: Entry[], eol: string, unit: number): OffsetEdit[] | undefined {
  const first = template.items[0]?.key as Node | undefined;
  const column = keyColumn(text, template);
  if (template.flow || !first?.range || column === undefined) return addEntries(text, template, entries, eol, unit);
  const lineStart = lineStartAt(text, first.range[0]);
  if (first.range[0] - lineStart !== column || text.slice(lineStart, first.range[0]).trim() !== '') return addEntries(text, template, entries, eol, unit);
  return [insertLines(text, lineStart, renderBlock(entries, column, unit, eol), eol)];
}

/** Deletes one whole `key: value` line of the template's labels or annotations (block style only). */
export function removeEntry(text: string, pod: PodSpec, entry: MetaEntry): OffsetEdit[] | undefined {
  const value = entry.pair.value as Node | null;
  const start = entry.keyNode.range?.[0];
  const end = value?.range?.[1] ?? entry.keyNode.range?.[1];
  if (start === undefined || end === undefined || insideAnchor(pod.doc, start, end)) return undefined;
  const lineStart = lineStartAt(text, start);
  if (text.slice(lineStart, start).trim() !== '') return undefined;
  const lineEnd = nextLineStart(text, Math.max(start, end - 1));
  // A multi-line value (a block scalar) ends at the start of the next line already.
  const cut = text[end - 1] === '\n' ? end : lineEnd;
  return [{ start: lineStart, end: cut, text: '' }];
}
