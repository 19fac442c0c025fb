/** Whole-text analysis built from per-document results, cached by each document's text so an edit redoes only what it touched. */
import { splitDocuments, type DocumentChunk } from './documents';
import { analyzePrepared, prepareChunk, type PreparedChunk } from './engine';
import { contextWorlds } from './objects/context';
import { EMPTY_WORLD, type ObjectWorld } from './objects/services';
import { EMPTY_SUMMARY, type ObjectSummary } from './objects/summary';
import { outlineDocuments, type ObjectOutline } from './outline';
import { ruleMeta } from './rules';
import { settingsKey } from './settings';
import type { Finding, OffsetEdit, ResolvedFinding, Settings, Severity } from './types';

/** What the analysis of one YAML document keeps: its findings and, when asked for, its outline (lenses, symbols). */
export interface DocumentResult {
  findings: Finding[];
  outline?: ObjectOutline[];
  /** The objects other documents' rules read from this one (Services, Namespaces, pod labels and ports). */
  summary?: ObjectSummary;
  /** What the findings depended on outside the document (the objects around it); they are kept while it is the same. */
  contextKey?: string;
}

export interface ChunkResult extends DocumentChunk, DocumentResult {
  /** The findings with severities resolved and offsets inside the chunk, still relative to it: kept while its text is. */
  local?: ResolvedFinding[];
  /** The same at this chunk's offset; kept while the chunk neither changes nor moves. */
  resolved?: ResolvedFinding[];
}

/** Two steps, so that every document's objects are known before any document's rules run. */
export interface StagedAnalyzer {
  prepare(text: string, settings: Settings): PreparedChunk;
  analyze(prepared: PreparedChunk, settings: Settings, world: ObjectWorld): DocumentResult;
}

/** A plain function analyses each document on its own (it sees no objects around it). */
export type DocumentAnalyzer = ((text: string, settings: Settings) => DocumentResult) | StagedAnalyzer;

/** One parse per document serves the rules and, for clients that show lenses or an outline, the outline too. */
export function documentAnalyzer(withOutline: boolean): DocumentAnalyzer {
  return {
    prepare: prepareChunk,
    analyze: (prepared, settings, world) => ({
      findings: analyzePrepared(prepared, settings, world),
      outline: withOutline ? outlineDocuments(prepared.text, prepared.docs, settings) : undefined,
    }),
  };
}

function staged(analyzer: DocumentAnalyzer): StagedAnalyzer {
  if (typeof analyzer !== 'function') return analyzer;
  return {
    prepare: (text) => ({ text, docs: [], parts: [], summary: EMPTY_SUMMARY }),
    analyze: (prepared, settings) => analyzer(prepared.text, settings),
  };
}

export interface TextAnalysis {
  readonly text: string;
  readonly chunks: ChunkResult[];
  /** Absolute offsets, severities resolved, rules turned off removed; made on first use (diagnostics go by chunk). */
  readonly findings: ResolvedFinding[];
  /** The objects of other files this analysis saw, so that a fix-all can analyse its passes in the same world. */
  readonly around?: ObjectWorld;
}

/** What changed since the last analysis: [start, oldEnd) of the old text became [start, newEnd) of the new one. */
export interface TextChange {
  start: number;
  oldEnd: number;
  newEnd: number;
}

/** Adds one more edit, [start, end) of the current text replaced by `length` characters, to the change so far. */
export function composeChange(change: TextChange | undefined, start: number, end: number, length: number): TextChange {
  if (!change) return { start, oldEnd: end, newEnd: start + length };
  const delta = change.newEnd - change.oldEnd;
  const currentEnd = Math.max(change.newEnd, end);
  return { start: Math.min(change.start, start), oldEnd: currentEnd - delta, newEnd: currentEnd + length - (end - start) };
}

function summaryKey(summary: ObjectSummary): string {
  return [...summary.services, ...summary.namespaces, ...summary.pods].map((o) => o.key).join('\n');
}

type Cached = DocumentResult & Pick<ChunkResult, 'local'>;

function remember(byText: Map<string, Cached[]>, text: string, result: Cached): void {
  const list = byText.get(text);
  if (list) list.push(result);
  else byText.set(text, [result]);
}

/** Keeps the results of one text's documents; a new version reuses every document whose text is unchanged. */
export class Analyzer {
  private previous: ChunkResult[] = [];
  /** The text `previous` was split from: the same text again (new objects around it) is not split again. */
  private previousText?: string;
  private cacheKey = '';
  private readonly stages: StagedAnalyzer;

  constructor(analyzeDocument: DocumentAnalyzer = documentAnalyzer(false)) {
    this.stages = staged(analyzeDocument);
  }

  /**
   * With `change` (what the editor says changed since the last call), only the documents around it are split again.
   * `around` holds the objects of other files (an `ObjectIndex`'s view); each document is analysed again only when its
   * text or the objects it depends on (the Services selecting its pods, the pods its Services select) changed.
   */
  analyze(text: string, settings: Settings, change?: TextChange, around: ObjectWorld = EMPTY_WORLD): TextAnalysis {
    const key = settingsKey(settings);
    if (key !== this.cacheKey) {
      this.previous = [];
      this.previousText = undefined;
      this.cacheKey = key;
    }
    const { chunks, results, unmatched } = (change && this.around(text, change)) ?? (text === this.previousText ? this.same() : this.whole(text));
    // Documents the edit touched may still match one that moved (a document cut and pasted elsewhere).
    const byText = new Map<string, Cached[]>();
    for (const chunk of unmatched) remember(byText, chunk.text, chunk);
    const prepared = new Map<number, PreparedChunk>();
    const replaced = new Map(unmatched.filter((c) => c.summary).map((c) => [summaryKey(c.summary!), c.summary!]));
    const prepare = (i: number): PreparedChunk => {
      const ready = this.stages.prepare(chunks[i].text, settings);
      // An edit that leaves the objects as they were (an image, a comment) keeps the old summary, so nothing around it changes.
      ready.summary = replaced.get(summaryKey(ready.summary)) ?? ready.summary;
      return ready;
    };
    const settle = (i: number, contextKey: string, world: ObjectWorld, ready?: PreparedChunk): void => {
      if (results[i]?.contextKey === contextKey) return;
      let result = byText.get(chunks[i].text)?.find((r) => r.contextKey === contextKey);
      if (!result) {
        const parsed = ready ?? prepared.get(i) ?? prepare(i);
        prepared.delete(i);
        result = { ...this.stages.analyze(parsed, settings, world), summary: parsed.summary, contextKey };
        remember(byText, chunks[i].text, result);
      }
      // A chunk kept from the last text may carry its old resolved findings and diagnostics: they go with its old context.
      const { start, text: chunkText } = chunks[i];
      results[i] = { start, text: chunkText, findings: result.findings, outline: result.outline, local: result.local, summary: result.summary, contextKey };
    };
    const summaries: (ObjectSummary | undefined)[] = chunks.map((chunk, i) => results[i]?.summary ?? byText.get(chunk.text)?.[0]?.summary);
    // Every Service and Namespace is known once the documents that may hold one are read: the others are then analysed
    // as soon as they are parsed, so their parses are released one by one instead of all staying alive until the last is read.
    const rest: number[] = [];
    chunks.forEach((chunk, i) => {
      if (summaries[i]) return;
      if (mayHoldContextObject(chunk.text)) {
        const ready = prepare(i);
        prepared.set(i, ready);
        summaries[i] = ready.summary;
      } else rest.push(i);
    });
    if (rest.length > 0) {
      const withServices = chunks.map((_, i) => i).filter((i) => summaries[i] && summaries[i].services.length + summaries[i].namespaces.length > 0);
      const serviceChunks = withServices.map((i) => chunks[i]);
      // The same view contextWorlds gives this document among all of them: what it sees comes only from Services and
      // Namespaces, so the pods of other documents and files (which only their Services see) are left out of the sum.
      const serviceSummaries = withServices.map((i) => ({ ...summaries[i]!, pods: [] }));
      const servicesAround = { ...around, pods: [] };
      for (const i of rest) {
        const ready = prepare(i);
        summaries[i] = ready.summary;
        const { key, world } = contextWorlds([...serviceChunks, chunks[i]], [...serviceSummaries, ready.summary], servicesAround)[withServices.length];
        settle(i, key, world, ready);
      }
    }
    const contexts = contextWorlds(chunks, summaries as ObjectSummary[], around);
    const early = new Set(rest);
    for (let i = 0; i < chunks.length; i++) if (!early.has(i)) settle(i, contexts[i].key, contexts[i].world);
    const done = (this.previous = results as ChunkResult[]);
    this.previousText = text;
    let findings: ResolvedFinding[] | undefined;
    return {
      text,
      chunks: done,
      around,
      get findings() {
        return (findings ??= resolveFindings(done, settings));
      },
    };
  }

  /** The text is the last one (only the objects around it changed): every document and its results stay. */
  private same() {
    return { chunks: this.previous, results: this.previous.slice(), unmatched: [] };
  }

  private whole(text: string) {
    const chunks = splitDocuments(text);
    return { chunks, ...this.reuse(chunks) };
  }

  /**
   * The documents the change touched, with one more on each side (an edit can make or break the `---` line that starts
   * the next document, or merge a document into the one before), split again; those before and after stay as they were,
   * moved by the change's length. Undefined when the change does not fit the last text.
   */
  private around(text: string, change: TextChange) {
    const old = this.previous;
    if (old.length === 0) return undefined;
    const last = old[old.length - 1];
    const delta = change.newEnd - change.oldEnd;
    if (last.start + last.text.length + delta !== text.length || change.start < 0 || change.oldEnd < change.start) return undefined;
    let first = 0;
    while (first + 1 < old.length && old[first + 1].start <= change.start) first++;
    let end = first;
    while (end + 1 < old.length && old[end + 1].start <= change.oldEnd) end++;
    first = Math.max(0, first - 1);
    end = Math.min(old.length - 1, end + 1);
    const from = old[first].start;
    const to = old[end].start + old[end].text.length + delta;
    const middle = splitDocuments(text.slice(from, to)).map((chunk) => ({ start: chunk.start + from, text: chunk.text }));
    const before = old.slice(0, first);
    const after = old
      .slice(end + 1)
      .map((chunk): ChunkResult => ({ ...chunk, start: chunk.start + delta, resolved: delta === 0 ? chunk.resolved : undefined }));
    const chunks = [...before, ...middle, ...after];
    const results: (ChunkResult | undefined)[] = [...before, ...middle.map(() => undefined), ...after];
    return { chunks, results, unmatched: old.slice(first, end + 1) };
  }

  /**
   * An edit changes a run of documents in the middle: documents before it match by index and those after it by index
   * from the end, compared as strings (a memory compare, cheaper than hashing every document of a large file).
   */
  private reuse(chunks: DocumentChunk[]): { results: (ChunkResult | undefined)[]; unmatched: ChunkResult[] } {
    const results: (ChunkResult | undefined)[] = new Array(chunks.length);
    const old = this.previous;
    let head = 0;
    while (head < chunks.length && head < old.length && chunks[head].text === old[head].text) {
      const { findings, outline, local, resolved, summary, contextKey } = old[head];
      results[head] = { ...chunks[head], findings, outline, local, resolved, summary, contextKey };
      head++;
    }
    let tail = 0;
    while (tail < chunks.length - head && tail < old.length - head && chunks[chunks.length - 1 - tail].text === old[old.length - 1 - tail].text) {
      const before = old[old.length - 1 - tail];
      const chunk = chunks[chunks.length - 1 - tail];
      const resolved = chunk.start === before.start ? before.resolved : undefined;
      const { findings, outline, local, summary, contextKey } = before;
      results[chunks.length - 1 - tail] = { ...chunk, findings, outline, local, resolved, summary, contextKey };
      tail++;
    }
    return { results, unmatched: old.slice(head, old.length - tail) };
  }
}

/**
 * False only when no Service or Namespace can be read from the text: its kind is written out in it, unless a
 * double-quoted escape spells it (`"\u0053ervice"`); aliases and merge keys reach only nodes of the same document.
 */
function mayHoldContextObject(text: string): boolean {
  return text.includes('Service') || text.includes('Namespace') || text.includes('\\');
}

export function analyzeText(text: string, settings: Settings): TextAnalysis {
  return new Analyzer().analyze(text, settings);
}

export function resolveSeverity(finding: Finding, settings: Settings): Severity | undefined {
  const configured = settings.rules[finding.rule];
  if (configured === 'off') return undefined;
  // A live object, injector output or test data: the configured severity is for findings someone can act on here.
  if (finding.sourceInfo) return 'info';
  if (finding.rule === 'yaml-syntax' && !settings.reportSyntaxErrors) return undefined;
  return configured ?? finding.severity ?? (ruleMeta(finding.rule)?.defaultSeverity as Severity | undefined) ?? 'warning';
}

/**
 * A chunk's findings with severities resolved, relative to the chunk, with their ranges inside its text (a syntax
 * error at the very end is reported one past it); made once per chunk text.
 */
export function localFindings(chunk: ChunkResult, settings: Settings): ResolvedFinding[] {
  if (!chunk.local) {
    chunk.local = [];
    const length = chunk.text.length;
    const clamp = (offset: number) => Math.max(0, Math.min(offset, length));
    for (const finding of chunk.findings) {
      const severity = resolveSeverity(finding, settings);
      if (!severity) continue;
      const start = clamp(finding.start);
      const inside: ResolvedFinding = { ...finding, severity, start, end: Math.max(start, clamp(finding.end)) };
      // Related locations may lie in another document of the text (a Service's pods): the engine checked them already.
      if (finding.related) inside.related = finding.related.map((r) => ({ ...r, end: Math.max(r.start, r.end) }));
      chunk.local.push(inside);
    }
  }
  return chunk.local;
}

/** Every chunk's findings at its offset; a chunk that did not change or move keeps the ones it had. */
function resolveFindings(chunks: ChunkResult[], settings: Settings): ResolvedFinding[] {
  const out: ResolvedFinding[] = [];
  for (const chunk of chunks) {
    chunk.resolved ??= localFindings(chunk, settings).map((finding) => shift(finding, chunk.start));
    for (const finding of chunk.resolved) out.push(finding);
  }
  return out;
}

function shift(finding: ResolvedFinding, by: number): ResolvedFinding {
  if (by === 0) return finding;
  return {
    ...finding,
    start: finding.start + by,
    end: finding.end + by,
    related: finding.related?.map((r) => ({ ...r, start: r.start + by, end: r.end + by })),
    fixes: finding.fixes.map((fix) => {
      const moved = (edits: OffsetEdit[]) => edits.map((e) => ({ ...e, start: e.start + by, end: e.end + by }));
      return fix.otherDocuments ? { ...fix, edits: moved(fix.edits), otherDocuments: moved(fix.otherDocuments) } : { ...fix, edits: moved(fix.edits) };
    }),
  };
}

/** The outlines of every document of an analysis made with outlines, with each document's offset. */
export function outlinesOf(analysis: TextAnalysis): { start: number; objects: ObjectOutline[] }[] {
  return analysis.chunks.map((chunk) => ({ start: chunk.start, objects: chunk.outline ?? [] }));
}

/** The chunk holding an absolute offset. */
export function chunkAt(analysis: TextAnalysis, offset: number): ChunkResult | undefined {
  let found: ChunkResult | undefined;
  for (const chunk of analysis.chunks) {
    if (chunk.start <= offset) found = chunk;
    else break;
  }
  return found;
}
