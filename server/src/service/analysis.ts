/** Whole-text analysis built from per-document results, cached by each document's text so an edit redoes only what it touched. */
import { splitDocuments, type DocumentChunk } from './documents';
import { analyzeChunk } from './engine';
import { ruleMeta } from './rules';
import { settingsKey } from './settings';
import type { Finding, ResolvedFinding, Settings, Severity } from './types';

export interface ChunkResult extends DocumentChunk {
  findings: Finding[];
}

export interface TextAnalysis {
  text: string;
  chunks: ChunkResult[];
  /** Absolute offsets, severities resolved, rules turned off removed. */
  findings: ResolvedFinding[];
}

/** Keeps the results of one text's documents; a new version reuses every document whose text is unchanged. */
export class Analyzer {
  private cache = new Map<string, Finding[]>();
  private cacheKey = '';

  constructor(private readonly analyzeDocument: (text: string, settings: Settings) => Finding[] = analyzeChunk) {}

  analyze(text: string, settings: Settings): TextAnalysis {
    const key = settingsKey(settings);
    if (key !== this.cacheKey) {
      this.cache = new Map();
      this.cacheKey = key;
    }
    const next = new Map<string, Finding[]>();
    const chunks = splitDocuments(text).map((chunk) => {
      const findings = this.cache.get(chunk.text) ?? next.get(chunk.text) ?? this.analyzeDocument(chunk.text, settings);
      next.set(chunk.text, findings);
      return { ...chunk, findings };
    });
    this.cache = next;
    return { text, chunks, findings: resolveFindings(chunks, settings) };
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

/** The chunk holding an absolute offset. */
export function chunkAt(analysis: TextAnalysis, offset: number): ChunkResult | undefined {
  let found: ChunkResult | undefined;
  for (const chunk of analysis.chunks) {
    if (chunk.start <= offset) found = chunk;
    else break;
  }
  return found;
}
