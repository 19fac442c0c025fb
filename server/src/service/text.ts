/** Line arithmetic on raw text: offsets to positions and back, indentation, line ends. */

export interface Position {
  line: number;
  character: number;
}

/** What turns offsets into positions and back for one text: a LineIndex here, the editor's own document in the server. */
export interface Positions {
  readonly text: string;
  positionAt(offset: number): Position;
  offsetAt(position: Position): number;
}

/** Offsets of line starts, built once per text so positions are made at the edge. */
export class LineIndex implements Positions {
  private readonly starts: number[];

  constructor(readonly text: string) {
    const starts = [0];
    let i = text.indexOf('\n');
    while (i !== -1) {
      starts.push(i + 1);
      i = text.indexOf('\n', i + 1);
    }
    this.starts = starts;
  }

  get lineCount(): number {
    return this.starts.length;
  }

  lineStart(line: number): number {
    return this.starts[Math.max(0, Math.min(line, this.starts.length - 1))];
  }

  positionAt(offset: number): Position {
    const clamped = Math.max(0, Math.min(offset, this.text.length));
    let low = 0;
    let high = this.starts.length - 1;
    while (low < high) {
      const mid = (low + high + 1) >> 1;
      if (this.starts[mid] <= clamped) low = mid;
      else high = mid - 1;
    }
    return { line: low, character: clamped - this.starts[low] };
  }

  offsetAt(position: Position): number {
    if (position.line >= this.starts.length) return this.text.length;
    const start = this.lineStart(position.line);
    const end = position.line + 1 < this.starts.length ? this.starts[position.line + 1] : this.text.length;
    return Math.min(start + Math.max(0, position.character), end);
  }
}

/** The line ending a text uses (its first one), so inserted lines match the file. */
export function detectEol(text: string): string {
  const i = text.indexOf('\n');
  return i > 0 && text[i - 1] === '\r' ? '\r\n' : '\n';
}

export function lineStartAt(text: string, offset: number): number {
  return text.lastIndexOf('\n', offset - 1) + 1;
}

/** Offset just past the line's end, including its line break (or the text's end). */
export function nextLineStart(text: string, offset: number): number {
  const i = text.indexOf('\n', offset);
  return i === -1 ? text.length : i + 1;
}

/** Offset of the line break that ends the line holding `offset` (before any \r). */
export function lineContentEnd(text: string, offset: number): number {
  let i = text.indexOf('\n', offset);
  if (i === -1) i = text.length;
  return i > 0 && text[i - 1] === '\r' ? i - 1 : i;
}

export function indentOf(text: string, lineStart: number): number {
  let i = lineStart;
  while (text[i] === ' ') i++;
  return i - lineStart;
}

/** The column of an offset within its line. */
export function columnOf(text: string, offset: number): number {
  return offset - lineStartAt(text, offset);
}

export function isBlankOrComment(line: string): boolean {
  const trimmed = line.trim();
  return trimmed === '' || trimmed.startsWith('#');
}

export function applyEdits(text: string, edits: readonly { start: number; end: number; text: string }[]): string {
  // Back to front, so earlier offsets stay valid; inserts at one offset keep their given order.
  const order = edits.map((edit, index) => ({ edit, index }));
  order.sort((a, b) => b.edit.start - a.edit.start || b.edit.end - a.edit.end || b.index - a.index);
  let out = text;
  for (const { edit } of order) out = out.slice(0, edit.start) + edit.text + out.slice(edit.end);
  return out;
}
