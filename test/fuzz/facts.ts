/** What the fuzzer's properties read of a text: parse errors, comments, comment spans, aliased anchors, pods, numbers. */
import { Parser, isAlias, isCollection, isSeq, visit, type Document, type Node } from 'yaml';
import { TIME_BUDGET_MESSAGE } from '../../server/src/service/budget';
import { splitDocuments } from '../../server/src/service/documents';
import { parseChunk } from '../../server/src/service/engine';
import { comments, podSpecs } from '../helpers/semantics';

export interface Span {
  start: number;
  end: number;
}

/** The parsed documents of each chunk of a text, kept by chunk text: fixes change one chunk and reuse the others. */
export class ParseCache {
  private readonly docs = new Map<string, Document[]>();

  of(chunkText: string): Document[] {
    let docs = this.docs.get(chunkText);
    if (!docs) this.docs.set(chunkText, (docs = parseChunk(chunkText)));
    return docs;
  }

  errors(text: string): number {
    return splitDocuments(text).reduce((n, chunk) => n + this.of(chunk.text).reduce((m, doc) => m + doc.errors.length, 0), 0);
  }
}

/** Every comment of the documents, trimmed and sorted. */
export function allComments(docs: Document[]): string[] {
  return docs.flatMap(comments).sort();
}

/**
 * Comments that a fix may take with it: those wholly inside text its edits delete (a removed `restartPolicy: Never  # why`
 * line takes its own remark along). Trimmed and without `#`, as `comments` gives them.
 */
export function deletedComments(text: string, spans: Span[], edits: { start: number; end: number }[]): string[] {
  return spans
    .filter((span) => edits.some((e) => e.start <= span.start && span.end <= e.end))
    .map((span) => text.slice(span.start + 1, span.end).trim())
    .filter(Boolean);
}

/**
 * Trailing comments of the lines that a rewrite removed (a line-level longest common subsequence): fix-all works in
 * rounds, and a later round may remove a line, with its own remark, that no fix of the first analysis touched. A line
 * counts as removed, not rewritten, when no line added in the same hunk starts with its key; full-line comments never
 * qualify, and long texts fall back to none, keeping the check strict.
 */
export function deletedLineComments(before: string, after: string, spans: Span[], maxCells = 4_000_000): string[] {
  const a = before.split('\n');
  const b = after.split('\n');
  if (a.length * b.length > maxCells) return [];
  const lcs = Array.from({ length: a.length + 1 }, () => new Uint32Array(b.length + 1));
  for (let i = a.length - 1; i >= 0; i--)
    for (let j = b.length - 1; j >= 0; j--) lcs[i][j] = a[i] === b[j] ? lcs[i + 1][j + 1] + 1 : Math.max(lcs[i + 1][j], lcs[i][j + 1]);
  const keyOf = (line: string) => /^\s*(?:-\s+)?([^\s#:][^:#]*):/.exec(line)?.[1];
  const removed = new Set<number>();
  let hunkDeleted: number[] = [];
  let hunkKeys = new Set<string | undefined>();
  const closeHunk = () => {
    for (const i of hunkDeleted) if (!hunkKeys.has(keyOf(a[i]))) removed.add(i);
    hunkDeleted = [];
    hunkKeys = new Set();
  };
  for (let i = 0, j = 0; i < a.length || j < b.length;) {
    if (i < a.length && j < b.length && a[i] === b[j]) {
      closeHunk();
      i++;
      j++;
    } else if (j < b.length && (i >= a.length || lcs[i][j + 1] >= lcs[i + 1][j])) hunkKeys.add(keyOf(b[j++]));
    else hunkDeleted.push(i++);
  }
  closeHunk();
  const lineStarts = [0];
  for (let k = 0; k < before.length; k++) if (before[k] === '\n') lineStarts.push(k + 1);
  const lineOf = (offset: number) => {
    let lo = 0;
    let hi = lineStarts.length - 1;
    while (lo < hi) {
      const mid = (lo + hi + 1) >> 1;
      if (lineStarts[mid] <= offset) lo = mid;
      else hi = mid - 1;
    }
    return lo;
  };
  return spans
    .filter((span) => {
      const line = lineOf(span.start);
      return removed.has(line) && before.slice(lineStarts[line], span.start).trim() !== '';
    })
    .map((span) => before.slice(span.start + 1, span.end).trim())
    .filter(Boolean);
}

/** True when `after` is `before` less some of `mayGo` (as multisets): nothing added or altered, only allowed losses. */
export function commentsKept(before: string[], after: string[], mayGo: string[]): boolean {
  const left = [...before];
  for (const comment of after) {
    const i = left.indexOf(comment);
    if (i === -1) return false;
    left.splice(i, 1);
  }
  const allowed = [...mayGo];
  return left.every((comment) => {
    const i = allowed.indexOf(comment);
    if (i === -1) return false;
    allowed.splice(i, 1);
    return true;
  });
}

/** The spans of every `#` comment in the text, from the concrete syntax tree (the parser's own reading). */
export function commentSpans(text: string): Span[] {
  const out: Span[] = [];
  const walk = (value: unknown): void => {
    if (Array.isArray(value)) value.forEach(walk);
    else if (value && typeof value === 'object') {
      const token = value as { type?: string; offset?: number; source?: string };
      if (token.type === 'comment' && typeof token.offset === 'number' && typeof token.source === 'string') {
        out.push({ start: token.offset, end: token.offset + token.source.length });
      }
      for (const child of Object.values(value)) if (child && typeof child === 'object') walk(child);
    }
  };
  for (const token of new Parser().parse(text)) walk(token);
  return out;
}

/** True when an edit starts or ends strictly inside a comment, or appends to one without first breaking the line. */
export function editInComment(spans: Span[], edit: { start: number; end: number; text: string }): boolean {
  return spans.some(
    (c) =>
      (c.start < edit.start && edit.start < c.end) ||
      (c.start < edit.end && edit.end < c.end) ||
      (edit.start === c.end && edit.end === c.end && edit.text !== '' && !/^\r?\n/.test(edit.text)),
  );
}

export interface SharedSpan extends Span {
  block: boolean;
  seq: boolean;
}

/** Spans (absolute, from `offset`) of the anchored nodes that an alias refers to: editing inside one edits every use. */
export function sharedSpans(docs: Document[], offset: number): SharedSpan[] {
  const out: SharedSpan[] = [];
  for (const doc of docs) {
    const used = new Set<string>();
    const anchored: Node[] = [];
    visit(doc, {
      Alias: (_k, alias) => void used.add(alias.source),
      Node: (_k, node) => void ((node as { anchor?: string }).anchor && anchored.push(node)),
    });
    for (const node of anchored) {
      if (!used.has((node as { anchor?: string }).anchor!) || !node.range || isAlias(node)) continue;
      out.push({ start: node.range[0] + offset, end: node.range[1] + offset, block: isCollection(node) && !node.flow, seq: isSeq(node) });
    }
  }
  return out;
}

/** True when an edit lands inside an aliased anchored node (an insertion at a block collection's end counts if indented into it). */
export function editThroughAnchor(text: string, spans: SharedSpan[], edit: { start: number; end: number; text: string }): boolean {
  return spans.some((s) => {
    if (s.start < edit.start && edit.start < s.end) return true;
    if (edit.start !== s.end || !s.block || text[s.end - 1] !== '\n') return false;
    const column = s.start - text.lastIndexOf('\n', s.start - 1) - 1;
    const inserted = /^[ \t]*/.exec(edit.text)![0].length;
    // A key at the column of a sequence's dashes (`ports:` then `- containerPort` below it) ends the sequence.
    if (s.seq && inserted === column && !edit.text.trimStart().startsWith('-')) return false;
    return edit.text.trim() !== '' && inserted >= column;
  });
}

/** The documents as plain values, or undefined when one will not convert (an alias bomb, a cycle, an error). */
export function plainValues(docs: Document[]): unknown[] | undefined {
  try {
    const values = docs.map((doc) => (doc.errors.length > 0 ? null : doc.toJS({ maxAliasCount: 200 })));
    // An anchor inside its own alias makes a cyclic value, and deep nesting a deep one: the value walks below would
    // overflow the stack, so such documents are left to the other properties (stringify throws on both).
    JSON.stringify(values);
    return values;
  } catch {
    return undefined;
  }
}

/** For each pod spec in the values, whether it has at least one app container. */
export function appContainers(values: unknown[]): boolean[] {
  return values.flatMap(podSpecs).map((spec) => Array.isArray(spec.containers) && spec.containers.length > 0);
}

/** How many numbers in the values are not finite (Infinity or NaN). */
export function nonFinite(value: unknown): number {
  if (typeof value === 'number') return Number.isFinite(value) ? 0 : 1;
  if (value instanceof Map) return [...value.values()].reduce((n: number, v) => n + nonFinite(v), 0);
  if (value && typeof value === 'object') return Object.values(value).reduce((n: number, v) => n + nonFinite(v), 0);
  return 0;
}

/**
 * True when an analysis stopped on its wall-clock budget: what it reports then depends on the machine's load, so two
 * analyses of the same text need not agree and comparing them (incremental with fresh, before with after a fix) says
 * nothing. Only the time budget: the merge-key budget counts work, so it trips the same way every time and is compared.
 */
export function timedOut(findings: readonly { rule: string; message: string }[]): boolean {
  return findings.some((f) => f.rule === 'analysis-budget' && f.message === TIME_BUDGET_MESSAGE);
}
