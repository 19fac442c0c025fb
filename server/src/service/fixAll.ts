/**
 * Applying fixes: checking one is safe, and fixing a text in passes, document by document, until no preferred fix is
 * left. Suggestions need a person's judgement and are never applied here, whatever their `preferred` says.
 */
import { Analyzer, chunkAt, resolveSeverity, type ChunkResult, type TextAnalysis } from './analysis';
import { unsafeFixReason, type WithheldLog } from './fixCheck';
import { applyEdits } from './text';
import type { Finding, Fix, OffsetEdit, Settings } from './types';

const MAX_PASSES = 10;

/** Selects the findings whose preferred fixes a fix-all applies. */
export type FindingFilter = (finding: Finding) => boolean;

/**
 * A fix is offered only if it passes the check on its own document (offsets absolute in the analysed text); one that
 * fails is passed to `log`. Its document is the chunk whose findings hold it, else the first chunk holding all its
 * edits: an insertion at a document's end belongs to that document, not to the next one starting there.
 */
export function fixIsSafe(analysis: TextAnalysis, fix: Fix, log?: WithheldLog): boolean {
  if (fix.edits.length === 0) return false;
  const chunk = chunkOfFix(analysis, fix);
  const reason = chunk
    ? unsafeFixReason(
        chunk.text,
        fix.edits.map((e) => ({ ...e, start: e.start - chunk.start, end: e.end - chunk.start })),
      )
    : 'its edits span more than one document';
  if (reason) log?.({ title: fix.title, reason });
  return reason === undefined;
}

function chunkOfFix(analysis: TextAnalysis, fix: Fix): ChunkResult | undefined {
  const [start, end] = envelope(fix);
  const at = chunkAt(analysis, start);
  if (!at) return undefined;
  const index = analysis.chunks.indexOf(at);
  const candidates = index > 0 && at.start === start ? [analysis.chunks[index - 1], at] : [at];
  const holds = (chunk: ChunkResult) => chunk.start <= start && end <= chunk.start + chunk.text.length;
  return candidates.find((chunk) => holds(chunk) && chunk.resolved?.some((f) => f.fixes.includes(fix))) ?? candidates.find(holds);
}

function envelope(fix: Fix): [number, number] {
  return [Math.min(...fix.edits.map((e) => e.start)), Math.max(...fix.edits.map((e) => e.end))];
}

/** A suggestion needs judgement (a value to choose, a guess at intent): offered one by one, never applied in bulk. */
export function isSuggestion(fix: Fix): boolean {
  return fix.kind === 'suggestion';
}

/** The fix a fix-all applies for a finding: its preferred one, never a suggestion. */
export function preferredFix(finding: Finding): Fix | undefined {
  return finding.fixes.find((fix) => fix.preferred === true && !isSuggestion(fix) && fix.edits.length > 0);
}

/** One pass over one document: the preferred fixes that pass the check and lie far enough apart not to touch. */
function compatibleFixes(text: string, findings: Finding[], log?: WithheldLog): Fix[] {
  const candidates = findings.map(preferredFix).filter((fix): fix is Fix => fix !== undefined);
  candidates.sort((a, b) => envelope(a)[0] - envelope(b)[0]);
  const chosen: Fix[] = [];
  let lastEnd = -1;
  for (const fix of candidates) {
    const [start, end] = envelope(fix);
    if (start <= lastEnd) continue;
    const reason = unsafeFixReason(text, fix.edits);
    if (reason) {
      log?.({ title: fix.title, reason });
      continue;
    }
    chosen.push(fix);
    lastEnd = end;
  }
  // Each passed alone; together they must pass too (two conversions could empty `containers`), else one goes per pass.
  if (
    chosen.length > 1 &&
    unsafeFixReason(
      text,
      chosen.flatMap((fix) => fix.edits),
    )
  )
    return chosen.slice(0, 1);
  return chosen;
}

/**
 * Every preferred fix of the accepted findings, in passes: each pass fixes what it can in every document, then the
 * whole text is analysed again, in the same world of other files, so later fixes see earlier ones and the objects
 * around them (a conversion that becomes possible in a later pass still sees the Service that makes it a suggestion).
 * Documents with nothing to fix are not touched.
 */
export function fixAllText(analysis: TextAnalysis, settings: Settings, accept: FindingFilter = () => true, log?: WithheldLog): string {
  let current = analysis;
  let analyzer: Analyzer | undefined;
  for (let pass = 0; pass < MAX_PASSES; pass++) {
    let out = '';
    let changed = false;
    for (const chunk of current.chunks) {
      const selected = chunk.findings.filter((f) => preferredFix(f) && accept(f) && resolveSeverity(f, settings) !== undefined);
      const fixes = selected.length > 0 ? compatibleFixes(chunk.text, selected, log) : [];
      changed ||= fixes.length > 0;
      out +=
        fixes.length > 0
          ? applyEdits(
              chunk.text,
              fixes.flatMap((fix) => fix.edits),
            )
          : chunk.text;
    }
    if (!changed) break;
    analyzer ??= new Analyzer();
    current = analyzer.analyze(out, settings, undefined, analysis.around);
  }
  return current.text;
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
