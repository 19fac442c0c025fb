/**
 * How far a list item or a list reaches in a template as written. YAML nests by indentation, and an action writes its
 * output at the indentation its `indent`/`nindent` names (else where it stands): an item runs until a line that starts
 * at or left of its `-`, a list until a line left of its `-` or a key level with it.
 */
import type { TemplateMask } from './mask';

interface Line {
  start: number;
  /** The column the line's content starts at once rendered; undefined for a blank or comment line. */
  column?: number;
  dash: boolean;
}

function lineAt(source: string, start: number): Line {
  let i = start;
  while (i < source.length && (source[i] === ' ' || source[i] === '\t')) i++;
  const c = source[i];
  if (i >= source.length || c === '\n' || c === '\r' || c === '#') return { start, dash: false };
  if (source.startsWith('{{', i)) {
    const close = source.indexOf('}}', i);
    const body = source.slice(i, close === -1 ? source.length : close);
    const indent = /\bn?indent\s+(\d+)/.exec(body);
    return { start, column: indent ? Number(indent[1]) : i - start, dash: false };
  }
  return { start, column: i - start, dash: c === '-' && /[\s]/.test(source[i + 1] ?? ' ') };
}

export function columnOf(source: string, offset: number): number {
  return offset - (source.lastIndexOf('\n', offset - 1) + 1);
}

/** Where the item whose `-` stands at `dash` ends: the first later line starting at or left of that column. */
export function itemEnd(mask: TemplateMask, dash: number): number {
  const column = columnOf(mask.source, dash);
  return scan(mask.source, dash, (line) => line.column !== undefined && line.column <= column);
}

/** Where the list whose first `-` stands at `dash` ends: a later line left of it, or level with it and not an item. */
export function listEnd(mask: TemplateMask, dash: number): number {
  const column = columnOf(mask.source, dash);
  return scan(mask.source, dash, (line) => line.column !== undefined && (line.column < column || (line.column === column && !line.dash)));
}

function scan(source: string, from: number, stops: (line: Line) => boolean): number {
  for (let next = source.indexOf('\n', from); next !== -1; next = source.indexOf('\n', next + 1)) {
    const line = lineAt(source, next + 1);
    if (stops(line)) return line.start;
  }
  return source.length;
}
