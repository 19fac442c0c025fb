/** The precision corpus: real manifests with hand-judged verdicts on the findings they get, and what has changed since. */
import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { analyzeText, LineIndex, normalizeSettings } from '../../server/src/service';
import type { Settings } from '../../server/src/service/types';
import type { FileContext } from '../../server/src/service/pod/source';
import { isTestDataPath } from '../../server/src/service/pod/testData';

export const PRECISION_ROOT = __dirname;
const MANIFESTS = join(PRECISION_ROOT, 'manifests');
const VERDICTS = join(PRECISION_ROOT, 'verdicts.tsv');
/** Findings judged wrong or noise that are still shown at warning or above: a ratchet that may only shrink. */
const STILL_SHOWN = join(PRECISION_ROOT, 'still-shown.txt');
const PROVENANCE = join(PRECISION_ROOT, 'PROVENANCE.tsv');
/** The Kustomize context the CLI reads beside a manifest in its repository, with the upstream file that shows it. */
const FILE_CONTEXT = join(PRECISION_ROOT, 'file-context.tsv');

function readFileContexts(): Map<string, FileContext> {
  const [, ...rows] = readFileSync(FILE_CONTEXT, 'utf8')
    .split('\n')
    .filter((l) => l.trim() !== '');
  return new Map(rows.map((row) => row.split('\t')).map(([file, context]) => [file, JSON.parse(context) as FileContext]));
}

export interface Provenance {
  file: string;
  repo: string;
  path: string;
  commit: string;
  license: string;
  category: string;
  /** Which batch the file came in: files added after the rules were tuned show whether the numbers hold on new input. */
  batch: string;
}

/** Where each manifest came from (PROVENANCE.tsv); `batch` is empty for the first collection. */
export function readProvenance(): Map<string, Provenance> {
  const [, ...rows] = readFileSync(PROVENANCE, 'utf8')
    .split('\n')
    .filter((l) => l.trim() !== '');
  return new Map(
    rows.map((row) => {
      const [file, repo, path, commit, license, category, batch = ''] = row.split('\t');
      return [file, { file, repo, path, commit, license, category, batch }];
    }),
  );
}

export type Judgement = 'right' | 'wrong' | 'noise';

/** One finding as a person judges it: where it sits, which rule, on which container. */
export interface Seen {
  file: string;
  line: number;
  column: number;
  rule: string;
  severity: string;
  container: string;
  message: string;
}

export interface Verdict extends Omit<Seen, 'message'> {
  verdict: Judgement;
  reason: string;
}

export const VERDICT_COLUMNS = ['file', 'line', 'column', 'rule', 'severity', 'container', 'verdict', 'reason'] as const;

export function keyOf(f: Pick<Seen, 'file' | 'line' | 'column' | 'rule'>): string {
  return `${f.file}:${f.line}:${f.column} ${f.rule}`;
}

/** Each manifest's text with the settings the CLI would use for it: the defaults plus its file context. */
export function manifestInputs(): { file: string; text: string; settings: Settings }[] {
  const provenance = readProvenance();
  const contexts = readFileContexts();
  return readdirSync(MANIFESTS)
    .sort()
    .map((file) => {
      const settings = normalizeSettings({});
      const path = provenance.get(file)?.path;
      const context: FileContext = { ...contexts.get(file) };
      if (path && isTestDataPath(path)) context.testData = true;
      if (Object.keys(context).length > 0) settings.fileContext = context;
      return { file, text: readFileSync(join(MANIFESTS, file), 'utf8'), settings };
    });
}

/**
 * Every finding of every manifest, with the default settings a new user has, and the file context the CLI would read
 * where the file sits in its repository (a test-data directory, the kustomization beside it: file-context.tsv).
 */
export function currentFindings(): Seen[] {
  const out: Seen[] = [];
  for (const { file, text, settings } of manifestInputs()) {
    const lines = new LineIndex(text);
    for (const f of analyzeText(text, settings).findings) {
      const at = lines.positionAt(f.start);
      out.push({ file, line: at.line + 1, column: at.character + 1, rule: f.rule, severity: f.severity, container: f.container ?? '', message: f.message });
    }
  }
  return out;
}

export function readVerdicts(): Verdict[] {
  const [header, ...rows] = readFileSync(VERDICTS, 'utf8')
    .split('\n')
    .filter((l) => l.trim() !== '');
  if (header.split('\t').join() !== VERDICT_COLUMNS.join()) throw new Error(`verdicts.tsv: the header must be ${VERDICT_COLUMNS.join(', ')}`);
  return rows.map((row, i) => {
    const [file, line, column, rule, severity, container, verdict, reason] = row.split('\t');
    if (verdict !== 'right' && verdict !== 'wrong' && verdict !== 'noise')
      throw new Error(`verdicts.tsv line ${i + 2}: verdict '${verdict}' is not right, wrong or noise`);
    if (!reason?.trim()) throw new Error(`verdicts.tsv line ${i + 2}: a verdict needs a reason`);
    return { file, line: Number(line), column: Number(column), rule, severity, container, verdict, reason };
  });
}

export function readStillShown(): string[] {
  return readFileSync(STILL_SHOWN, 'utf8')
    .split('\n')
    .filter((l) => l.trim() !== '' && !l.startsWith('#'));
}

const SHOWN = new Set(['warning', 'error']);

/** What a person would object to: right findings lost, wrong or noisy ones shown, shown ones nobody judged. */
export function regressions(findings: Seen[], verdicts: Verdict[]) {
  const byKey = new Map(verdicts.map((v) => [keyOf(v), v]));
  const found = new Set(findings.map(keyOf));
  return {
    lostRight: verdicts.filter((v) => v.verdict === 'right' && SHOWN.has(v.severity) && !found.has(keyOf(v))),
    shownWrong: findings.filter((f) => SHOWN.has(f.severity) && byKey.get(keyOf(f)) && byKey.get(keyOf(f))!.verdict !== 'right'),
    unjudged: findings.filter((f) => SHOWN.has(f.severity) && !byKey.has(keyOf(f))),
  };
}

export interface RuleScore {
  rule: string;
  right: number;
  wrong: number;
  noise: number;
  unjudged: number;
  precision: number;
}

/** Precision per rule over the warnings and errors shown now: right / judged. */
export function scores(findings: Seen[], verdicts: Verdict[]): RuleScore[] {
  const byKey = new Map(verdicts.map((v) => [keyOf(v), v]));
  const rows = new Map<string, RuleScore>();
  const row = (rule: string) => rows.get(rule) ?? rows.set(rule, { rule, right: 0, wrong: 0, noise: 0, unjudged: 0, precision: 0 }).get(rule)!;
  for (const f of findings.filter((x) => SHOWN.has(x.severity))) {
    const v = byKey.get(keyOf(f));
    row(f.rule)[v ? v.verdict : 'unjudged']++;
    row('all')[v ? v.verdict : 'unjudged']++;
  }
  for (const r of rows.values()) {
    const judged = r.right + r.wrong + r.noise;
    r.precision = judged === 0 ? 1 : r.right / judged;
  }
  return [...rows.values()].sort((a, b) => (a.rule === 'all' ? 1 : b.rule === 'all' ? -1 : a.rule.localeCompare(b.rule)));
}

/** Precision per rule as the Markdown table `npm run precision` prints and the README shows. */
export function precisionTable(findings: Seen[], verdicts: Verdict[]): string {
  const pct = (x: number) => `${(100 * x).toFixed(1)}%`;
  const rows = scores(findings, verdicts).map((s) => {
    const name = s.rule === 'all' ? '**all warnings and errors**' : `\`${s.rule}\``;
    return `| ${name} | ${s.right} | ${s.wrong} | ${s.noise} | ${s.unjudged} | ${pct(s.precision)} |`;
  });
  return ['| rule | right | wrong | noise | unjudged | precision |', '|---|---:|---:|---:|---:|---:|', ...rows].join('\n');
}
