/** Splits a text into its YAML documents without parsing, so each can be parsed and cached on its own. */

export interface DocumentChunk {
  /** Offset of the chunk in the whole text. */
  start: number;
  text: string;
}

// A line starting with `---` or `...` followed by a space or the line's end is a document marker: YAML 1.2
// forbids such a line inside any scalar (c-forbidden), so splitting on it never cuts a value in two.
const MARKER = /^(?:---|\.\.\.)(?=[ \t]|\r?$)/gm;

/** Chunks cover the whole text, each starting at a marker line; directives (%YAML) stay with the document they precede. */
export function splitDocuments(text: string): DocumentChunk[] {
  const cuts: number[] = [0];
  MARKER.lastIndex = 0;
  for (let match = MARKER.exec(text); match; match = MARKER.exec(text)) {
    if (match.index === 0) continue;
    if (text.startsWith('...', match.index)) continue; // an end marker belongs to the document it ends
    cuts.push(match.index);
  }
  const chunks: DocumentChunk[] = [];
  let pendingStart = -1;
  for (let i = 0; i < cuts.length; i++) {
    const start = pendingStart === -1 ? cuts[i] : pendingStart;
    const end = i + 1 < cuts.length ? cuts[i + 1] : text.length;
    const chunkText = text.slice(start, end);
    if (i + 1 < cuts.length && onlyDirectives(text.slice(cuts[i], end))) {
      pendingStart = start;
      continue;
    }
    pendingStart = -1;
    chunks.push({ start, text: chunkText });
  }
  return chunks;
}

/** True when the text after the last `...` holds directives (and comments) only, so it must join the next chunk. */
function onlyDirectives(text: string): boolean {
  const tail = text.slice(lastEndMarker(text));
  let sawDirective = false;
  for (const line of tail.split('\n')) {
    const trimmed = line.trim();
    if (trimmed === '' || trimmed.startsWith('#') || trimmed === '...') continue;
    if (trimmed.startsWith('%')) sawDirective = true;
    else return false;
  }
  return sawDirective;
}

function lastEndMarker(text: string): number {
  const re = /^\.\.\.(?=[ \t]|\r?$)/gm;
  let last = 0;
  for (let match = re.exec(text); match; match = re.exec(text)) last = match.index;
  return last;
}
