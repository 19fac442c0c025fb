/** The properties every input must keep: ranges in the text, and every offered fix and fix-all safe and complete. */
import { analyzeText, resolveSeverity, type TextAnalysis } from '../../server/src/service/analysis';
import { splitDocuments } from '../../server/src/service/documents';
import { analyzeDocuments } from '../../server/src/service/engine';
import { fixAllText, fixIsSafe } from '../../server/src/service/fixAll';
import { applyEdits } from '../../server/src/service/text';
import type { Finding, Fix, Settings } from '../../server/src/service/types';
import { diff } from '../helpers/semantics';
import {
  commentsKept,
  deletedComments,
  deletedLineComments,
  allComments,
  type Span,
  appContainers,
  commentSpans,
  editInComment,
  editThroughAnchor,
  nonFinite,
  plainValues,
  sharedSpans,
  ParseCache,
  timedOut,
} from './facts';
import type { Tally } from './tally';

/** An analysis of one document longer than this is a hang (generous: documents take milliseconds). */
export const HANG_MS = 2000;

const CPU = /^(\d+(\.\d+)?|\.\d+)m?$/;
const MEMORY = /^(\d+(\.\d+)?|\.\d+)(e\d+|[EPTGMk]|[EPTGMK]i)?$/;

interface Context {
  text: string;
  settings: Settings;
  analysis: TextAnalysis;
  parses: ParseCache;
  findings: Map<string, Finding[]>;
  tally: Tally;
  comments?: Span[];
  values: Map<number, unknown[] | undefined>;
}

function findingsOf(ctx: Context, chunkText: string): Finding[] {
  let found = ctx.findings.get(chunkText);
  if (!found) ctx.findings.set(chunkText, (found = analyzeDocuments(chunkText, ctx.parses.of(chunkText), ctx.settings)));
  return found;
}

function checkRanges(ctx: Context): void {
  const length = ctx.text.length;
  const inside = (s: { start: number; end: number }) => 0 <= s.start && s.start <= s.end && s.end <= length;
  for (const f of ctx.analysis.findings) {
    const spans = [f, ...(f.related ?? []), ...f.fixes.flatMap((fix) => fix.edits)];
    ctx.tally.check('range', spans.every(inside), () => `[${f.start}, ${f.end}) of a ${length}-character text: ${f.message}`, f.rule);
  }
}

/** Each object with a `name` in the value (containers among them), by name. */
function namedObjects(value: unknown, out = new Map<unknown, Record<string, unknown>[]>()): Map<unknown, Record<string, unknown>[]> {
  if (Array.isArray(value)) value.forEach((v) => namedObjects(v, out));
  else if (value && typeof value === 'object') {
    const o = value as Record<string, unknown>;
    if ('name' in o) out.set(o.name, [...(out.get(o.name) ?? []), o]);
    Object.values(o).forEach((v) => namedObjects(v, out));
  }
  return out;
}

/** The scalar leaves of a changed value with their paths: a fix that adds a whole `resources` map writes its quantities too. */
function leaves(path: string[], value: unknown): [string[], unknown][] {
  if (value && typeof value === 'object') return Object.entries(value).flatMap(([k, v]) => leaves([...path, k], v));
  return [[path, value]];
}

/** The value at `path` in `root`, or undefined. */
function at(root: unknown, path: string[]): unknown {
  return path.reduce<unknown>((v, k) => (v && typeof v === 'object' ? (v as Record<string, unknown>)[k] : undefined), root);
}

/**
 * Changed values under resources must keep their resource's unit: no memory quantity in cpu, no millibytes of memory.
 * A container moved whole (to `initContainers` by a sidecar conversion) with the quantity it already had is not a write:
 * the value is new at its path but the fix did not make it, so a same-named container that held the same value before
 * excuses it. A quantity the fix writes into an existing container is still checked.
 */
export function unitsOk(before: unknown[], after: unknown[]): string | undefined {
  let named: Map<unknown, Record<string, unknown>[]> | undefined;
  const carried = (path: string[], now: unknown): boolean => {
    const container = at(after, path.slice(0, -3)) as { name?: unknown } | undefined;
    // The same container at the same place: the fix edited it in place, so the value is its write.
    if (!container || (at(before, path.slice(0, -3)) as { name?: unknown } | undefined)?.name === container.name) return false;
    named ??= namedObjects(before);
    const key = JSON.stringify(now);
    return (named.get(container.name) ?? []).some((old) => JSON.stringify(at(old, path.slice(-3))) === key);
  };
  for (const [path, now] of diff(before, after).flatMap(([p, , v]) => leaves(p, v))) {
    const [section, resource] = path.slice(-2);
    if (path.at(-3) !== 'resources' || (section !== 'limits' && section !== 'requests') || typeof now === 'number' || now === undefined || now === null)
      continue;
    if (carried(path, now)) continue;
    if (resource === 'cpu' && !CPU.test(String(now))) return `cpu ${section} set to ${String(now)}`;
    if (resource === 'memory' && !MEMORY.test(String(now))) return `memory ${section} set to ${String(now)}`;
  }
  return undefined;
}

const SEVERITY_RANK = { hint: 0, info: 1, warning: 2, error: 3 } as const;

function checkFix(ctx: Context, chunkIndex: number, finding: Finding, fix: Fix): void {
  const { text, tally, parses } = ctx;
  const chunk = ctx.analysis.chunks[chunkIndex];
  const rule = finding.rule;
  const where = () => `'${fix.title}' for ${rule} at ${finding.start}`;
  const after = tally.guard(`applying ${fix.title}`, () => applyEdits(text, fix.edits));
  if (after === undefined) return;
  tally.check('fix:parses', parses.errors(after) <= parses.errors(text), () => `new parse errors after ${where()}`, rule);
  const chunksAfter = splitDocuments(after);
  const others = ctx.analysis.chunks.every((c, i) => i === chunkIndex || chunksAfter[i]?.text === c.text);
  tally.check('fix:other-docs', chunksAfter.length === ctx.analysis.chunks.length && others, () => `another document changed by ${where()}`, rule);
  // A fix removes its problem; a milder note of the same rule may stay (a typo'd key renamed to a deprecated one).
  const rank = (f: Finding) => SEVERITY_RANK[resolveSeverity(f, ctx.settings) ?? 'hint'];
  const count = (fs: Finding[]) => fs.filter((f) => f.rule === rule && rank(f) >= rank(finding)).length;
  const before = ctx.analysis.chunks.reduce((n, c) => n + count(c.findings), 0);
  const findingsAfter = chunksAfter.flatMap((c) => findingsOf(ctx, c.text));
  if (timedOut(ctx.analysis.findings) || timedOut(findingsAfter)) tally.check('skipped:time-budget', true, () => '');
  else tally.check('fix:removes', count(findingsAfter) < before, () => `finding not removed by ${where()}`, rule);
  const spans = (ctx.comments ??= commentSpans(text));
  tally.check('fix:in-comment', !fix.edits.some((e) => editInComment(spans, e)), () => `edit inside a comment by ${where()}`, rule);
  const docsBefore = parses.of(chunk.text);
  const shared = sharedSpans(docsBefore, chunk.start);
  tally.check('fix:anchor', !fix.edits.some((e) => editThroughAnchor(text, shared, e)), () => `write through a shared anchor by ${where()}`, rule);
  tally.check('fix:finite', !fix.edits.some((e) => /\b(Infinity|NaN)\b/.test(e.text)), () => `non-finite number written by ${where()}`, rule);
  const changed = chunksAfter[chunkIndex];
  if (!changed) return;
  const docsAfter = parses.of(changed.text);
  const mayGo = deletedComments(text, spans, fix.edits);
  tally.check('fix:comments', commentsKept(allComments(docsBefore), allComments(docsAfter), mayGo), () => `comments changed by ${where()}`, rule);
  if (!ctx.values.has(chunkIndex)) ctx.values.set(chunkIndex, plainValues(docsBefore));
  checkValues(ctx, 'fix', ctx.values.get(chunkIndex), plainValues(docsAfter), where, rule);
}

function checkValues(ctx: Context, prefix: string, before: unknown[] | undefined, after: unknown[] | undefined, where: () => string, rule?: string): void {
  if (!before || !after) return;
  const [appsBefore, appsAfter] = [appContainers(before), appContainers(after)];
  const kept = appsBefore.every((had, i) => !had || appsAfter[i] !== false) && appsAfter.filter(Boolean).length >= appsBefore.filter(Boolean).length;
  ctx.tally.check(`${prefix}:app-container`, kept, () => `a pod lost its last app container after ${where()}`, rule);
  ctx.tally.check(`${prefix}:finite`, nonFinite(after) <= nonFinite(before), () => `a non-finite number after ${where()}`, rule);
  const unit = unitsOk(before, after);
  ctx.tally.check(`${prefix}:unit`, unit === undefined, () => `${unit} by ${where()}`, rule);
}

function checkFixAll(ctx: Context): void {
  const { text, settings, tally, parses } = ctx;
  const fixed = tally.guard('fix-all', () => fixAllText(ctx.analysis, settings));
  if (fixed === undefined || fixed === text) return;
  const where = () => 'fix-all';
  tally.check('fixall:parses', parses.errors(fixed) <= parses.errors(text), () => 'new parse errors after fix-all');
  const [chunksBefore, chunksAfter] = [splitDocuments(text), splitDocuments(fixed)];
  tally.check('fixall:documents', chunksBefore.length === chunksAfter.length, () => 'fix-all changed the number of documents');
  const docs = (chunks: { text: string }[]) => chunks.flatMap((c) => parses.of(c.text));
  const [docsBefore, docsAfter] = [docs(chunksBefore), docs(chunksAfter)];
  const spans = (ctx.comments ??= commentSpans(text));
  const mayGo = [
    ...ctx.analysis.findings.flatMap((f) => f.fixes.flatMap((fix) => deletedComments(text, spans, fix.edits))),
    ...deletedLineComments(text, fixed, spans),
  ];
  tally.check('fixall:comments', commentsKept(allComments(docsBefore), allComments(docsAfter), mayGo), () => 'comments changed by fix-all');
  if (docsBefore.length === docsAfter.length) checkValues(ctx, 'fixall', plainValues(docsBefore), plainValues(docsAfter), where);
  const second = tally.guard('analysis after fix-all', () => analyzeText(fixed, settings));
  if (second === undefined) return;
  if (timedOut(ctx.analysis.findings) || timedOut(second.findings)) return void tally.check('skipped:time-budget', true, () => '');
  const again = tally.guard('fix-all twice', () => fixAllText(second, settings));
  tally.check('fixall:fixed-point', again === undefined || again === fixed, () => 'fix-all applied twice differs from once');
}

/** Analyses the text and checks every property but incremental analysis; failures go to the tally. */
export function checkText(text: string, settings: Settings, tally: Tally): void {
  const started = performance.now();
  const analysis = tally.guard('analysis', () => analyzeText(text, settings));
  const elapsed = performance.now() - started;
  const documents = Math.max(1, analysis?.chunks.length ?? 1);
  tally.check('hang', elapsed / documents < HANG_MS, () => `analysis took ${Math.round(elapsed)} ms for ${documents} document(s)`);
  if (!analysis) return;
  const ctx: Context = { text, settings, analysis, parses: new ParseCache(), findings: new Map(), tally, values: new Map() };
  checkRanges(ctx);
  analysis.chunks.forEach((chunk, index) => {
    for (const finding of chunk.resolved ?? []) {
      for (const fix of finding.fixes) {
        if (tally.guard('fixIsSafe', () => fixIsSafe(analysis, fix)) === true) checkFix(ctx, index, finding, fix);
      }
    }
  });
  checkFixAll(ctx);
}
