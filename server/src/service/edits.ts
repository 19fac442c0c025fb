/** Indentation-aware edit builders: they work on source lines around node ranges and never re-stringify YAML. */
import { isMap, isScalar, isSeq, type Node, type Pair, type YAMLMap } from 'yaml';
import { columnOf, indentOf, lineStartAt, nextLineStart } from './text';
import { hasMergeKey } from './yamlNodes';
import type { OffsetEdit } from './types';

/** A key with a scalar value (already formatted as YAML source) or nested entries. */
export interface Entry {
  key: string;
  value: string | Entry[];
}

/** Offset just after the last character of a node's value, skipping back over trailing white space. */
export function contentEnd(text: string, node: Node): number {
  let end = node.range ? node.range[1] : 0;
  while (end > 0 && /\s/.test(text[end - 1])) end--;
  return end;
}

/** Offset just after a pair's last character (its value, or its key when the value is empty). */
export function pairEnd(text: string, pair: Pair): number {
  const value = pair.value as Node | null;
  if (value && value.range && value.range[1] > value.range[0]) return contentEnd(text, value);
  const key = pair.key as Node;
  let end = key.range ? key.range[1] : 0;
  while (text[end] === ' ' || text[end] === '\t') end++;
  return text[end] === ':' ? end + 1 : end;
}

/** Inserts whole lines at a line start, keeping a missing final line break missing. */
export function insertLines(text: string, offset: number, lines: string, eol: string): OffsetEdit {
  if (offset === text.length && offset > 0 && text[offset - 1] !== '\n') {
    return { start: offset, end: offset, text: eol + lines.slice(0, lines.length - eol.length) };
  }
  return { start: offset, end: offset, text: lines };
}

/** Shifts every line of a block right (delta > 0) or left, leaving blank lines alone. */
export function reindent(block: string, delta: number): string {
  if (delta === 0) return block;
  return block
    .split('\n')
    .map((line) => {
      if (line.trim() === '') return line;
      if (delta > 0) return ' '.repeat(delta) + line;
      const spaces = line.length - line.trimStart().length;
      return line.slice(Math.min(spaces, -delta));
    })
    .join('\n');
}

/** Column of a block map's keys: of the `?` of an explicit key (`? limits`), whose key text sits further right. */
export function keyColumn(text: string, map: YAMLMap): number | undefined {
  const first = map.items[0]?.key as Node | undefined;
  if (!first?.range) return undefined;
  let at = first.range[0];
  while (at > 0 && (text[at - 1] === ' ' || text[at - 1] === '\t')) at--;
  const explicit = at < first.range[0] && text[at - 1] === '?' && (at === 1 || /\s/.test(text[at - 2]));
  return columnOf(text, explicit ? at - 1 : first.range[0]);
}

/** The file's indentation step: taken from a nested block map near `map` when there is one, else 2. */
export function indentUnit(text: string, map: YAMLMap): number {
  // A flow map's keys have no column that matters (and finding one scans back over a whole one-line JSON file).
  const column = map.flow ? undefined : keyColumn(text, map);
  for (const pair of map.items) {
    const value = pair.value as Node | null;
    if (column !== undefined && isMap(value) && !value.flow) {
      const inner = keyColumn(text, value);
      if (inner !== undefined && inner > column) return inner - column;
    }
  }
  return textIndentUnit(text);
}

let lastUnit: { text: string; unit: number } | undefined;

/**
 * The step between the first key line and the more indented key line under it, else 2. It reads the whole text, so
 * the last text's answer is kept: every fix of a document asks, and a one-line JSON file has thousands of fixes.
 */
function textIndentUnit(text: string): number {
  if (lastUnit?.text === text) return lastUnit.unit;
  const match = /^( *)[^\s#-][^\n]*:[ \t]*\r?\n(?:[ \t]*(?:#[^\n]*)?\r?\n)*( +)[^\s#-]/m.exec(text);
  const unit = match && match[2].length > match[1].length ? match[2].length - match[1].length : 2;
  lastUnit = { text, unit };
  return unit;
}

export function renderBlock(entries: Entry[], indent: number, unit: number, eol: string): string {
  let out = '';
  for (const entry of entries) {
    if (typeof entry.value === 'string') out += `${' '.repeat(indent)}${entry.key}: ${entry.value}${eol}`;
    else out += `${' '.repeat(indent)}${entry.key}:${eol}${renderBlock(entry.value, indent + unit, unit, eol)}`;
  }
  return out;
}

export function renderFlow(entries: Entry[]): string {
  return entries.map((e) => `${e.key}: ${typeof e.value === 'string' ? e.value : `{${renderFlow(e.value)}}`}`).join(', ');
}

/** Edits that add entries to a map, in the map's own style (block lines after its last entry, or inside its braces). */
export function addEntries(text: string, map: YAMLMap, entries: Entry[], eol: string, unit: number): OffsetEdit[] | undefined {
  if (!map.range) return undefined;
  if (map.flow) {
    const close = text.lastIndexOf('}', map.range[1] - 1);
    if (close < map.range[0]) return undefined;
    if (map.items.length === 0) return [{ start: map.range[0], end: close + 1, text: `{${renderFlow(entries)}}` }];
    // Right after the last entry: a trailing comma, and any comment before the `}`, stay after the new entries.
    const at = pairEnd(text, map.items[map.items.length - 1]);
    return [{ start: at, end: at, text: `, ${renderFlow(entries)}` }];
  }
  const column = keyColumn(text, map);
  const last = map.items[map.items.length - 1];
  if (column === undefined || !last) return undefined;
  // A last value that is a block map at the same column (`? requests` then `:` lines) would take the new lines in.
  const nested = last.value as Node | null;
  if (isMap(nested) && !nested.flow && nested.items.length > 0 && !((keyColumn(text, nested) ?? -1) > column)) return undefined;
  return [insertLines(text, nextLineStart(text, pairEnd(text, last)), renderBlock(entries, column, unit, eol), eol)];
}

/**
 * Edits that put entries under `key` of `parent`: into the existing map, under an empty key, or as a new key.
 * Undefined when the existing value is something else (a scalar, a sequence, an alias).
 */
export function addUnder(text: string, parent: YAMLMap, key: string, entries: Entry[], eol: string, unit: number): OffsetEdit[] | undefined {
  const pair = parent.items.find((p) => isScalar(p.key) && String(p.key.value) === key);
  // A key written beside a merge key would replace the merged map of that name whole, not add to it.
  if (!pair && hasMergeKey(parent)) return undefined;
  if (!pair) return addEntries(text, parent, [{ key, value: entries }], eol, unit);
  const value = pair.value as Node | null;
  if (isMap(value)) return (value as { anchor?: string }).anchor ? undefined : addEntries(text, value, entries, eol, unit);
  if (value && !(isScalar(value) && value.value === null && value.range && value.range[0] === value.range[1])) return undefined;
  if (isSeq(value)) return undefined;
  if (parent.flow) return [{ start: pairEnd(text, pair), end: pairEnd(text, pair), text: ` {${renderFlow(entries)}}` }];
  const keyNode = pair.key as Node;
  const keyIndent = columnOf(text, keyNode.range![0]);
  const lineStart = lineStartAt(text, keyNode.range![0]);
  if (indentOf(text, lineStart) !== keyIndent && text[lineStart + indentOf(text, lineStart)] !== '-') return undefined;
  return [insertLines(text, nextLineStart(text, pairEnd(text, pair)), renderBlock(entries, keyIndent + unit, unit, eol), eol)];
}
