/** Where a fix's edits may land: outside comments, never inside a line break, and writing only finite numbers. */
import { Lexer } from 'yaml';
import { lineStartAt } from '../text';
import type { OffsetEdit } from '../types';

/** [start, end) of every comment, from the lexer: a `#` inside a quoted or block scalar is not one. */
export function commentRanges(text: string): [number, number][] {
  const ranges: [number, number][] = [];
  let offset = 0;
  let scalarNext = false;
  for (const token of new Lexer().lex(text)) {
    if (token === '\x02' || token === '\x18' || token === '\x1f') {
      scalarNext = token === '\x1f';
      continue;
    }
    if (token.startsWith('#') && !scalarNext) ranges.push([offset, offset + token.length]);
    scalarNext = false;
    offset += token.length;
  }
  return ranges;
}

function wholeLines(text: string, edit: OffsetEdit): boolean {
  const atLineStart = (offset: number) => offset === 0 || text[offset - 1] === '\n';
  const endsLine = edit.text === '' || edit.text.endsWith('\n') || edit.end === text.length;
  return atLineStart(edit.start) && (atLineStart(edit.end) || edit.end === text.length) && endsLine;
}

/** An edit may replace whole lines; otherwise it must not reach into a comment, extend one, or glue text to its `#`. */
export function commentProblem(text: string, edit: OffsetEdit, comments: [number, number][]): string | undefined {
  if (wholeLines(text, edit)) return undefined;
  for (let i = firstEndingFrom(comments, edit.start); i < comments.length && comments[i][0] <= edit.end; i++) {
    const [start, end] = comments[i];
    const following = edit.text + text.slice(edit.end, edit.end + 2);
    if (edit.start === end && (following === '' || following.startsWith('\n') || following.startsWith('\r\n'))) continue;
    const before = edit.text === '' ? text[edit.start - 1] : edit.text[edit.text.length - 1];
    if (edit.end === start && (before === undefined || /\s/.test(before))) continue;
    return 'an edit lands inside a comment';
  }
  return undefined;
}

/** The first comment (sorted, disjoint) that ends at or after `offset`. */
function firstEndingFrom(comments: [number, number][], offset: number): number {
  let low = 0;
  let high = comments.length;
  while (low < high) {
    const mid = (low + high) >> 1;
    if (comments[mid][1] < offset) low = mid + 1;
    else high = mid;
  }
  return low;
}

/**
 * Edits never split a `\r\n` pair, and one that takes a line break starts at a line break, at the start of its line's
 * content, or after white space: so a removal sized for another line ending cannot eat the last character before it.
 */
export function lineBreakProblem(text: string, edit: OffsetEdit): string | undefined {
  const splits = (at: number) => text[at - 1] === '\r' && text[at] === '\n';
  if (splits(edit.start) || splits(edit.end)) return 'an edit splits a \\r\\n line break';
  const removed = text.slice(edit.start, edit.end);
  const firstBreak = removed.indexOf('\n');
  if (firstBreak === -1) return undefined;
  if (/^[ \t\r]*$/.test(removed.slice(0, firstBreak))) return undefined;
  if (/^[ \t-]*(\?[ \t]+)?$/.test(text.slice(lineStartAt(text, edit.start), edit.start))) return undefined;
  return 'an edit removes a line break with part of the line before it';
}

const NON_FINITE = /(?<![\w.])[-+]?(?:Infinity|NaN)(?![\w.])/g;

/** `String(n)` of a number that overflowed (`1e309`) writes `Infinity`: more of those after the fix than before means one. */
export function nonFinite(before: string, after: string, edits: readonly OffsetEdit[]): string | undefined {
  if (!edits.some((e) => /Infinity|NaN/.test(e.text))) return undefined;
  const count = (text: string) => (text.match(NON_FINITE) ?? []).length;
  return count(after) > count(before) ? 'it writes a number that is not finite' : undefined;
}
