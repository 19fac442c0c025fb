/** The source lines of one block-sequence item, with the comments that belong to it. */
import type { Node } from 'yaml';
import { contentEnd } from '../edits';
import { indentOf, lineStartAt, nextLineStart } from '../text';

export interface ItemSpan {
  /** First line start: the dash line, or the comment lines right above it at the dash's indentation. */
  start: number;
  /** Just past the last line break of the item (its last value line, or deeper comment lines right below). */
  end: number;
  dashColumn: number;
  dashOffset: number;
}

/** Undefined when the item is not a block item whose dash starts its own line. */
export function blockItemSpan(text: string, item: Node): ItemSpan | undefined {
  if (!item.range) return undefined;
  let dash = item.range[0] - 1;
  while (dash >= 0 && (text[dash] === ' ' || text[dash] === '\t')) dash--;
  if (text[dash] !== '-') return undefined;
  const dashLine = lineStartAt(text, dash);
  const dashColumn = dash - dashLine;
  if (indentOf(text, dashLine) !== dashColumn) return undefined; // `- - x` or `key: - x` shapes
  let start = dashLine;
  while (start > 0) {
    const above = lineStartAt(text, start - 1);
    const line = text.slice(above, start).trim();
    if (!line.startsWith('#') || indentOf(text, above) !== dashColumn) break;
    start = above;
  }
  let end = nextLineStart(text, contentEnd(text, item));
  while (end < text.length) {
    const lineEnd = nextLineStart(text, end);
    const line = text.slice(end, lineEnd).trim();
    if (!line.startsWith('#') || indentOf(text, end) <= dashColumn) break;
    end = lineEnd;
  }
  return { start, end, dashColumn, dashOffset: dash };
}
