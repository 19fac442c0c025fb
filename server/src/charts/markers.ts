/**
 * Marks template lines with a trailing YAML comment naming the file and line (`#@sl3:12`), so that after `helm template`
 * each rendered line says which template line wrote it. A line is marked only where the comment cannot change what
 * the template renders: never inside a block scalar (it would become text), never on a line whose newline a `-}}`
 * or the next line's `{{-` trims away (it would swallow what follows), never inside a multi-line action, and inside a
 * `define` only on YAML lines (a define included as a plain value, a name say, must stay one bare word).
 */

/** The marker text appended to a line: a space, then `#@sl<file>:<line>` (line counted from 1). */
export const MARKER = / #@sl(\d+):(\d+)/g;

const CONTROL = /^(?:if|else|end|range|with|define|block|break|continue)\b|^\/\*|^\$[\w]*\s*:?=/;

interface Action {
  inner: string;
  start: number;
  end: number;
}

/** The complete `{{ … }}` actions of a line, and whether one is left open at its end. */
function actionsOf(line: string, from: number): { actions: Action[]; open: boolean } {
  const actions: Action[] = [];
  let at = from;
  for (;;) {
    const start = line.indexOf('{{', at);
    if (start === -1) return { actions, open: false };
    const end = line.indexOf('}}', start + 2);
    if (end === -1) return { actions, open: true };
    actions.push({
      inner: line
        .slice(start + 2, end)
        .replace(/^-\s*|\s*-$/g, '')
        .trim(),
      start,
      end: end + 2,
    });
    at = end + 2;
  }
}

const isControl = (action: Action) => CONTROL.test(action.inner);
const indentOf = (line: string) => /^[ \t]*/.exec(line)![0].length;

/** The line with its actions blanked out: what YAML sees apart from the values actions insert. */
function literalOf(line: string, actions: Action[]): string {
  let out = '';
  let at = 0;
  for (const a of actions) {
    out += line.slice(at, a.start) + (isControl(a) ? '' : 'X');
    at = a.end;
  }
  return out + line.slice(at);
}

const YAML_LINE = /^\s*(?:-\s+|-$|[^\s#{][^#]*?:(?:\s|$))/;
const BLOCK_SCALAR = /(?:^\s*-|:)\s*[|>][-+0-9]*\s*(?:#.*)?$/;

/** Whether the next line starts with a `{{-` that may glue text to this line (a control action or an `nindent` output cannot). */
function nextTrimsInto(next: string | undefined): boolean {
  if (next === undefined || !/^\s*\{\{-/.test(next)) return false;
  const first = actionsOf(next, 0).actions[0];
  if (!first) return true;
  return !(isControl(first) || /\bnindent\b/.test(first.inner));
}

/** The template with marker comments on the lines that can carry one; same line count as the input. */
export function markTemplate(text: string, fileIndex: number): string {
  const lines = text.split('\n');
  const out: string[] = [];
  let openAction = false;
  let blockIndent: number | undefined;
  const stack: string[] = [];
  for (let i = 0; i < lines.length; i++) {
    const raw = lines[i];
    const cr = raw.endsWith('\r') ? '\r' : '';
    const line = cr ? raw.slice(0, -1) : raw;
    let from = 0;
    let mark = true;
    if (openAction) {
      const close = line.indexOf('}}');
      if (close === -1) {
        out.push(raw);
        continue;
      }
      openAction = false;
      from = close + 2;
      mark = false;
    }
    const { actions, open } = actionsOf(line, from);
    for (const a of actions) {
      const word = /^\w+/.exec(a.inner)?.[0];
      if (word === 'define' || word === 'if' || word === 'range' || word === 'with' || word === 'block') stack.push(word);
      else if (word === 'end') stack.pop();
    }
    if (open) {
      openAction = true;
      mark = false;
    }
    const literal = literalOf(line, actions);
    const trimmed = literal.trim();
    if (blockIndent !== undefined) {
      if (trimmed === '' || indentOf(line) > blockIndent) {
        out.push(raw);
        continue;
      }
      blockIndent = undefined;
    }
    // The header line itself takes a comment (`key: | # …` is valid YAML); its content lines cannot.
    if (BLOCK_SCALAR.test(literal)) blockIndent = indentOf(line);
    // A control-only line outputs nothing to mark; an action-only line (toYaml, include) is marked like any other.
    if (trimmed === '' || trimmed.startsWith('#') || /^(---|\.\.\.)(\s|$)/.test(trimmed)) mark = false;
    if (/-\}\}\s*$/.test(line) || nextTrimsInto(lines[i + 1])) mark = false;
    if (stack.includes('define') && !YAML_LINE.test(literal) && !actions.some((a) => /\bnindent\b/.test(a.inner))) mark = false;
    if ((literal.match(/"/g)?.length ?? 0) % 2 === 1) mark = false;
    out.push(mark ? `${line} #@sl${fileIndex}:${i + 1}${cr}` : raw);
  }
  return out.join('\n');
}

/** A rendered line without its markers, and the first marker's file and line (the line that wrote it). */
/** Whether a rendered line opens a block scalar, whose content lines carry no markers. */
export function opensBlockScalar(text: string): boolean {
  return BLOCK_SCALAR.test(text);
}

export function readMarkers(line: string): { text: string; file?: number; line?: number } {
  let file: number | undefined;
  let at: number | undefined;
  const text = line.replace(MARKER, (_m, f: string, l: string) => {
    if (file === undefined) {
      file = Number(f);
      at = Number(l);
    }
    return '';
  });
  return { text, file, line: at };
}
