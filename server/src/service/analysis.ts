/** Whole-text analysis built from per-document results, cached by each document's text so an edit redoes only what it touched. */
import { splitDocuments, type DocumentChunk } from './documents';
import { analyzeDocuments, parseChunk } from './engine';
import { outlineDocuments, type ObjectOutline } from './outline';
import { ruleMeta } from './rules';
import { settingsKey } from './settings';
import type { Finding, ResolvedFinding, Settings, Severity } from './types';

/** What the analysis of one YAML document keeps: its findings and, when asked for, its outline (lenses, symbols). */
export interface DocumentResult {
  findings: Finding[];
  outline?: ObjectOutline[];
}

export interface ChunkResult extends DocumentChunk, DocumentResult {}

export type DocumentAnalyzer = (text: string, settings: Settings) => DocumentResult;

/** One parse per document serves the rules and, for clients that show lenses or an outline, the outline too. */
export function documentAnalyzer(withOutline: boolean): DocumentAnalyzer {
  return (text, settings) => {
    const docs = parseChunk(text);
    return { findings: analyzeDocuments(text, docs, settings), outline: withOutline ? outlineDocuments(text, docs, settings) : undefined };
  };
}

export interface TextAnalysis {
  text: string;
  chunks: ChunkResult[];
  /** Absolute offsets, severities resolved, rules turned off removed. */
  findings: ResolvedFinding[];
}

/** Keeps the results of one text's documents; a new version reuses every document whose text is unchanged. */
export class Analyzer {
  private previous: ChunkResult[] = [];
  private cacheKey = '';

  constructor(private readonly analyzeDocument: DocumentAnalyzer = documentAnalyzer(false)) {}

  analyze(text: string, settings: Settings): TextAnalysis {
    const key = settingsKey(settings);
    if (key !== this.cacheKey) {
      this.previous = [];
      this.cacheKey = key;
    }
    const chunks = splitDocuments(text);
    const { results, unmatched } = this.reuse(chunks);
    // Documents the edit touched may still match one that moved (a document cut and pasted elsewhere).
    const byText = new Map<string, DocumentResult>(unmatched.map((chunk) => [chunk.text, chunk]));
    for (let i = 0; i < chunks.length; i++) {
      if (results[i]) continue;
      const result = byText.get(chunks[i].text) ?? this.analyzeDocument(chunks[i].text, settings);
      byText.set(chunks[i].text, result);
      results[i] = { ...chunks[i], findings: result.findings, outline: result.outline };
    }
    this.previous = results as ChunkResult[];
    return { text, chunks: this.previous, findings: resolveFindings(this.previous, settings) };
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
      results[head] = { ...chunks[head], findings: old[head].findings, outline: old[head].outline };
      head++;
    }
    let tail = 0;
    while (tail < chunks.length - head && tail < old.length - head && chunks[chunks.length - 1 - tail].text === old[old.length - 1 - tail].text) {
      const before = old[old.length - 1 - tail];
      results[chunks.length - 1 - tail] = { ...chunks[chunks.length - 1 - tail], findings: before.findings, outline: before.outline };
      tail++;
    }
    return { results, unmatched: old.slice(head, old.length - tail) };
  }
}

export function analyzeText(text: string, settings: Settings): TextAnalysis {
  return new Analyzer().analyze(text, settings);
}

export function resolveSeverity(finding: Finding, settings: Settings): Severity | undefined {
  const configured = settings.rules[finding.rule];
  if (configured === 'off') return undefined;
  if (finding.rule === 'yaml-syntax' && !settings.reportSyntaxErrors) return undefined;
  return configured ?? finding.severity ?? (ruleMeta(finding.rule)?.defaultSeverity as Severity | undefined) ?? 'warning';
}

function resolveFindings(chunks: ChunkResult[], settings: Settings): ResolvedFinding[] {
  const out: ResolvedFinding[] = [];
  for (const chunk of chunks) {
    for (const finding of chunk.findings) {
      const severity = resolveSeverity(finding, settings);
      if (severity) out.push(shift(finding, chunk.start, severity));
    }
  }
  return out;
}

function shift(finding: Finding, by: number, severity: Severity): ResolvedFinding {
  if (by === 0) return { ...finding, severity };
  return {
    ...finding,
    severity,
    start: finding.start + by,
    end: finding.end + by,
    related: finding.related?.map((r) => ({ ...r, start: r.start + by, end: r.end + by })),
    fixes: finding.fixes.map((fix) => ({ ...fix, edits: fix.edits.map((e) => ({ ...e, start: e.start + by, end: e.end + by })) })),
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
