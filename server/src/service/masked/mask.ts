/**
 * A Helm template read without helm: each `{{ }}` action is replaced by placeholder text of the same length (so every
 * offset stays the template's own), a line holding only actions is blanked, and the spans that are not literal text
 * (actions, and `if`/`range`/`with` blocks, whose content may not be written at all) are recorded.
 */

export interface TemplateMask {
  /** The template as written. */
  source: string;
  /** The template with actions masked: same length, same line breaks. */
  text: string;
  /** Sorted, non-overlapping [start, end) spans of the template that are not literal text. */
  nonLiteral: [number, number][];
  /** Every action's [start, end). */
  actions: [number, number][];
  /** The `if`/`range`/`with` (and `define`/`block`) blocks, from the opening action to the end of its `end`. */
  blocks: [number, number][];
}

const BLOCK_OPENERS = new Set(['if', 'range', 'with', 'define', 'block']);

interface Action {
  start: number;
  end: number;
  /** The first word of the action (`if`, `end`, `.Values.x`…), without trim markers; empty for a comment. */
  word: string;
}

/** The actions of a template, in order; an action left open runs to the end of the text. */
export function scanActions(text: string): Action[] {
  const out: Action[] = [];
  for (let at = text.indexOf('{{'); at !== -1; at = text.indexOf('{{', at)) {
    const end = actionEnd(text, at + 2);
    const body = text.slice(at + 2, Math.max(at + 2, end - 2));
    const word = /^-?\s*\/\*/.test(body) ? '' : (/^-?\s*([A-Za-z_.$][\w.$]*)/.exec(body)?.[1] ?? '');
    out.push({ start: at, end, word });
    at = end;
  }
  return out;
}

/** Where the action opened before `from` closes: after its `}}`, skipping quoted strings and comments inside it. */
function actionEnd(text: string, from: number): number {
  let i = from;
  while (i < text.length) {
    const c = text[i];
    if (text.startsWith('/*', i)) {
      const close = text.indexOf('*/', i + 2);
      if (close === -1) return text.length;
      i = close + 2;
    } else if (c === '"' || c === '`' || c === "'") {
      i = stringEnd(text, i);
    } else if (text.startsWith('}}', i)) {
      return i + 2;
    } else i++;
  }
  return text.length;
}

function stringEnd(text: string, open: number): number {
  const quote = text[open];
  for (let i = open + 1; i < text.length; i++) {
    if (quote !== '`' && text[i] === '\\') i++;
    else if (text[i] === quote) return i + 1;
    else if (text[i] === '\n' && quote !== '`') return i;
  }
  return text.length;
}

/** Masks every action of `text`; undefined when it has none. */
export function maskTemplate(text: string): TemplateMask | undefined {
  const actions = scanActions(text);
  if (actions.length === 0) return undefined;
  const chars = text.split('');
  actions.forEach((action, index) => {
    const fill = placeholder(index, action.end - action.start);
    for (let i = action.start, k = 0; i < action.end; i++, k++) if (chars[i] !== '\n' && chars[i] !== '\r') chars[i] = fill[k];
  });
  blankActionLines(text, actions, chars);
  const spans: [number, number][] = actions.map((a) => [a.start, a.end]);
  const blocks = blockSpans(actions, text.length);
  return { source: text, text: chars.join(''), nonLiteral: merge([...spans, ...blocks]), actions: spans, blocks };
}

/** `_1a_____`: plain-scalar text, different for each action so two masked keys of one map do not collide. */
function placeholder(index: number, length: number): string {
  const tag = `_${index.toString(36)}`;
  return (tag.length < length ? tag : '').padEnd(length, '_').slice(0, length);
}

/** A line holding only actions and blanks becomes blanks: `{{- if … }}`, `{{- toYaml … | nindent 8 }}`, `{{- end }}`. */
function blankActionLines(text: string, actions: Action[], chars: string[]): void {
  let next = 0;
  for (let lineStart = 0; lineStart < text.length;) {
    let lineEnd = text.indexOf('\n', lineStart);
    if (lineEnd === -1) lineEnd = text.length;
    while (next < actions.length && actions[next].end <= lineStart) next++;
    let i = lineStart;
    let k = next;
    let any = false;
    // Walk the line: blanks are skipped, an action (which may run over several lines) is jumped over.
    let end = lineEnd;
    while (i < end) {
      if (text[i] === ' ' || text[i] === '\t' || text[i] === '\r') i++;
      else if (k < actions.length && actions[k].start === i) {
        any = true;
        i = actions[k].end;
        k++;
        if (i > end) end = text.indexOf('\n', i) === -1 ? text.length : text.indexOf('\n', i);
      } else break;
    }
    if (any && i >= end) {
      for (let j = lineStart; j < end; j++) if (chars[j] !== '\n' && chars[j] !== '\r') chars[j] = ' ';
    }
    lineStart = end + 1;
  }
}

/**
 * The spans of `if`/`range`/`with` (and `define`/`block`) blocks, from the opening action to the end of its `end`.
 * An `end` with no opener in this text closes a block opened before it: the text up to it is inside; an opener never
 * closed runs to the end.
 */
function blockSpans(actions: Action[], length: number): [number, number][] {
  const spans: [number, number][] = [];
  const open: number[] = [];
  for (const action of actions) {
    if (BLOCK_OPENERS.has(action.word)) open.push(action.start);
    else if (action.word === 'end') spans.push([open.pop() ?? 0, action.end]);
  }
  for (const start of open) spans.push([start, length]);
  return spans;
}

function merge(spans: [number, number][]): [number, number][] {
  const sorted = [...spans].sort((a, b) => a[0] - b[0]);
  const out: [number, number][] = [];
  for (const [start, end] of sorted) {
    const last = out[out.length - 1];
    if (last && start <= last[1]) last[1] = Math.max(last[1], end);
    else out.push([start, end]);
  }
  return out;
}

/** True when [start, end) (a point when equal) meets a span that is not literal text. */
export function touchesNonLiteral(mask: TemplateMask, start: number, end: number): boolean {
  const [from, to] = end > start ? [start, end] : [start, start + 1];
  return mask.nonLiteral.some(([s, e]) => s < to && from < e);
}
