/** Splits a text into its YAML documents without parsing, so each can be parsed and cached on its own. */
import type { Document } from 'yaml';

export interface DocumentChunk {
  /** Offset of the chunk in the whole text. */
  start: number;
  text: string;
}

/** A chunk with its parsed documents (offsets relative to the chunk), for requests that look at one place. */
export interface ParsedChunk extends DocumentChunk {
  docs: Document[];
}

// A line starting with `---` followed by a space, tab or the line's end is a document marker: YAML 1.2 forbids such a
// line inside any scalar (c-forbidden), so cutting there never splits a value. `...` (document end) stays with the
// document it ends, and directives (`%YAML`) with the document they precede.
function isMarkerAt(text: string, at: number): boolean {
  if (!text.startsWith('---', at)) return false;
  const next = text.charCodeAt(at + 3);
  return Number.isNaN(next) || next === 0x20 || next === 0x09 || next === 0x0a || (next === 0x0d && text.charCodeAt(at + 4) === 0x0a);
}

/** Chunks cover the whole text, each but the first starting at a `---` line; a scan with indexOf, no regular expression. */
export function splitDocuments(text: string): DocumentChunk[] {
  const chunks: DocumentChunk[] = [];
  const hasDirectives = text.charCodeAt(0) === 0x25 || text.includes('\n%'); // one scan, not one per document
  let start = 0;
  for (let at = text.indexOf('\n---'); at !== -1; at = text.indexOf('\n---', at + 4)) {
    const cut = at + 1;
    if (!isMarkerAt(text, cut) || (hasDirectives && endsWithDirectives(text, start, cut))) continue;
    chunks.push({ start, text: text.slice(start, cut) });
    start = cut;
  }
  chunks.push({ start, text: text.slice(start) });
  return chunks;
}

/** True when the lines of [start, end) after its last `...` are directives and comments only (they belong to the next document). */
function endsWithDirectives(text: string, start: number, end: number): boolean {
  let sawDirective = false;
  for (let line = end; line > start;) {
    // lastIndexOf treats a negative position as 0 and would find a line break at offset 0 again: no progress.
    const lineStart = line >= 2 ? text.lastIndexOf('\n', line - 2) + 1 : 0;
    const content = text.slice(Math.max(lineStart, start), line).trim();
    line = Math.max(lineStart, start);
    if (content === '' || content.startsWith('#')) continue;
    if (content.startsWith('%')) sawDirective = true;
    else return sawDirective && (content === '...' || content.startsWith('... '));
  }
  return sawDirective;
}
