/** Applying fixes: checking one is safe, and fixing a text in passes, document by document, until nothing preferred is left. */
import { chunkAt, resolveSeverity, type TextAnalysis } from './analysis';
import { analyzeChunk, parseChunk } from './engine';
import { applyEdits } from './text';
import type { Finding, Fix, OffsetEdit, Settings } from './types';

const MAX_PASSES = 10;

/** Selects the findings whose preferred fixes a fix-all applies. */
export type FindingFilter = (finding: Finding) => boolean;

function parsesCleanly(text: string): boolean {
  return parseChunk(text).every((doc) => doc.errors.length === 0);
}

/** A fix is offered only if its document still parses cleanly afterwards (offsets absolute in the analysed text). */
export function fixIsSafe(analysis: TextAnalysis, fix: Fix): boolean {
  if (fix.edits.length === 0) return false;
  const chunk = chunkAt(analysis, Math.min(...fix.edits.map((e) => e.start)));
  if (!chunk) return false;
  const end = chunk.start + chunk.text.length;
  if (fix.edits.some((e) => e.start < chunk.start || e.end > end)) return false;
  return parsesCleanly(
    applyEdits(
      chunk.text,
      fix.edits.map((e) => ({ ...e, start: e.start - chunk.start, end: e.end - chunk.start })),
    ),
  );
}

function envelope(fix: Fix): [number, number] {
  return [Math.min(...fix.edits.map((e) => e.start)), Math.max(...fix.edits.map((e) => e.end))];
}

function preferredFix(finding: Finding): Fix | undefined {
  return finding.fixes.find((fix) => fix.preferred && fix.edits.length > 0);
}

/** One pass over one document: the preferred fixes that are safe and far enough apart not to touch. */
function compatibleFixes(text: string, findings: Finding[]): Fix[] {
  const candidates = findings.map(preferredFix).filter((fix): fix is Fix => fix !== undefined);
  candidates.sort((a, b) => envelope(a)[0] - envelope(b)[0]);
  const chosen: Fix[] = [];
  let lastEnd = -1;
  for (const fix of candidates) {
    const [start, end] = envelope(fix);
    if (start <= lastEnd || !parsesCleanly(applyEdits(text, fix.edits))) continue;
    chosen.push(fix);
    lastEnd = end;
  }
  return chosen;
}

/** Fixes one YAML document, re-analysing between passes so later fixes see earlier ones. */
export function fixDocument(text: string, settings: Settings, accept: FindingFilter, findings?: Finding[]): string {
  let current = text;
  let pending = findings;
  for (let pass = 0; pass < MAX_PASSES; pass++) {
    const selected = (pending ?? analyzeChunk(current, settings)).filter((f) => resolveSeverity(f, settings) !== undefined && accept(f));
    const fixes = compatibleFixes(current, selected);
    if (fixes.length === 0) break;
    current = applyEdits(
      current,
      fixes.flatMap((fix) => fix.edits),
    );
    pending = undefined;
  }
  return current;
}

/** Every preferred fix of the accepted findings; documents with nothing to fix are not touched or re-analysed. */
export function fixAllText(analysis: TextAnalysis, settings: Settings, accept: FindingFilter = () => true): string {
  let out = '';
  for (const chunk of analysis.chunks) {
    const fixable = chunk.findings.some((f) => preferredFix(f) && accept(f) && resolveSeverity(f, settings) !== undefined);
    out += fixable ? fixDocument(chunk.text, settings, accept, chunk.findings) : chunk.text;
  }
  return out;
}

/** One edit covering only what changed between two texts (common prefix and suffix left alone). */
export function minimalEdit(before: string, after: string): OffsetEdit | undefined {
  if (before === after) return undefined;
  let start = 0;
  const max = Math.min(before.length, after.length);
  while (start < max && before.charCodeAt(start) === after.charCodeAt(start)) start++;
  let endBefore = before.length;
  let endAfter = after.length;
  while (endBefore > start && endAfter > start && before.charCodeAt(endBefore - 1) === after.charCodeAt(endAfter - 1)) {
    endBefore--;
    endAfter--;
  }
  return { start, end: endBefore, text: after.slice(start, endAfter) };
}
