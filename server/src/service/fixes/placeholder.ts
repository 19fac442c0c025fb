/** Values a person must choose, as snippet placeholders for clients that take snippet edits (LSP 3.18). */
import type { OffsetEdit } from '../types';

/** Snippet syntax treats `$`, `}` and `\` as special: escaped, the text is inserted as it is. */
function escapeSnippet(text: string): string {
  return text.replace(/[$}\\]/g, (c) => `\\${c}`);
}

/**
 * The one edit's text as a placeholder the person may type over. Only when the value is written once: edits that
 * repeat it elsewhere (a probe naming the same port) cannot be kept in step by every client, so they stay plain.
 */
export function choosable(edits: OffsetEdit[]): OffsetEdit[] {
  return edits.length === 1 && edits[0].text !== '' ? [{ ...edits[0], snippet: `\${1:${escapeSnippet(edits[0].text)}}` }] : edits;
}

/** The edits as plain text, for a fix that adds edits of its own beside them. */
export function plainEdits(edits: OffsetEdit[]): OffsetEdit[] {
  return edits.map((e) => ({ start: e.start, end: e.end, text: e.text }));
}
