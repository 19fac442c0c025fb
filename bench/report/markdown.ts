/** Renders a BenchResult as the Markdown tables printed to stdout and written to bench/results/latest.md. */
import type { BenchResult, InputResult, ServerCaseResult } from './types';
import { int, mib, ms, ratio } from './format';

const MET = { true: 'met', false: '**missed**', undefined: 'not measured' } as const;

function cell(s: ServerCaseResult | undefined, value: (s: ServerCaseResult) => string): string {
  if (s === undefined) return 'not run';
  if (s.status === 'skipped') return `skipped: ${s.note ?? ''}`;
  if (s.status === 'failed' && value(s) === '–') return `failed: ${(s.note ?? '').slice(0, 80)}`;
  return value(s);
}

function inputLabel(input: InputResult): string {
  const docs = input.documents === undefined ? `${input.files} files` : `${int(input.documents)} docs`;
  return `${input.id} (${int(input.lines)} lines, ${docs})`;
}

function lspRows(input: InputResult): string[] {
  const ours = input.servers.find((s) => s.server === 'sidecar-lint');
  const theirs = input.servers.find((s) => s.server === 'yaml-language-server');
  const row = (metric: string, value: (s: ServerCaseResult) => number | undefined, show = ms): string =>
    `| ${metric} | ${cell(ours, (s) => show(value(s)))} | ${cell(theirs, (s) => show(value(s)))} | ${ratio(theirs && value(theirs), ours && value(ours))} |`;
  const n = (s: ServerCaseResult | undefined, pick: (s: ServerCaseResult) => { n: number } | undefined): string => String(s ? (pick(s)?.n ?? 0) : 0);
  const runs = `median of ${ours?.openSamples?.length ?? 0}/${theirs?.openSamples?.length ?? 0} processes`;
  const rows = [`| **${inputLabel(input)}** | | | |`, row(`start + initialize (${runs})`, (s) => s.initializeMs)];
  if (input.id === 'corpus') {
    rows.push(row(`open every file → all diagnostics (${runs})`, (s) => s.openMs));
  } else {
    const edits = (s: ServerCaseResult | undefined): string => (s?.edits ? `${s.edits.done}/${s.edits.planned}` : '0');
    rows.push(
      row(`didOpen → first diagnostics (${runs})`, (s) => s.openMs),
      row(`edit → diagnostics, median (edits: ours ${edits(ours)}, yls ${edits(theirs)})`, (s) => s.edits?.summary.median),
      row('edit → diagnostics, p95', (s) => s.edits?.summary.p95),
      row(`code action, median (n ${n(ours, (s) => s.codeAction?.summary)}/${n(theirs, (s) => s.codeAction?.summary)})`, (s) => s.codeAction?.summary.median),
      row(`completion, median (n ${n(ours, (s) => s.completion?.summary)}/${n(theirs, (s) => s.completion?.summary)})`, (s) => s.completion?.summary.median),
    );
  }
  rows.push(row('peak RSS (VmHWM)', (s) => s.peakRssMiB, mib));
  return rows;
}

function floorRows(inputs: InputResult[]): string[] {
  return inputs.map((i) => {
    if (!i.floor) return `| ${inputLabel(i)} | failed: ${i.floorError ?? ''} | | |`;
    const doc = i.floor.document ? `${ms(i.floor.document.median)} (${i.floor.documentLines} lines)` : 'n/a';
    return `| ${inputLabel(i)} | ${ms(i.floor.wholeColdMs)} | ${ms(i.floor.wholeWarm.median)} | ${doc} |`;
  });
}

function notes(result: BenchResult): string[] {
  const lines: string[] = [];
  for (const input of result.inputs) {
    for (const s of input.servers) {
      if (s.clashCheck) lines.push(`- ${input.id}, ${s.server}: port-clash check ${s.clashCheck.ok ? 'passed' : '**FAILED**'}: ${s.clashCheck.detail}.`);
      if (s.status !== 'ok') lines.push(`- ${input.id}, ${s.server}: ${s.status}: ${s.note ?? ''}`);
      if (s.edits && s.edits.done < s.edits.planned)
        lines.push(`- ${input.id}, ${s.server}: ${s.edits.done} of ${s.edits.planned} edits (edit time budget reached).`);
      for (const [what, r] of [
        ['code action', s.codeAction],
        ['completion', s.completion],
      ] as const) {
        if (r && r.errors > 0) lines.push(`- ${input.id}, ${s.server}: ${r.errors} ${what} request(s) failed or timed out.`);
      }
    }
  }
  return [...lines, ...result.notes.map((n) => `- ${n}`)];
}

/** The full report. */
export function renderMarkdown(result: BenchResult): string {
  const m = result.machine;
  const out = [
    `# sidecar-lint benchmark, ${result.date}`,
    '',
    `${m.cpus} × ${m.cpuModel}, ${m.memoryGiB} GiB, Node ${m.node}, ${m.platform}; load average ${result.load.before.toFixed(2)} → ${result.load.after.toFixed(2)}; seed ${result.seed}; ${Object.entries(
      result.versions,
    )
      .map(([k, v]) => `${k} ${v}`)
      .join(', ')}; servers isolated by ${result.isolation}; ${result.priority}; run took ${Math.round(result.durationS)} s.`,
    '',
    '## Targets',
    '',
    '| target | measured | |',
    '|---|---|---|',
    ...result.targets.map((t) => `| ${t.target} | ${t.measured} | ${MET[String(t.met) as keyof typeof MET]} |`),
    '',
    '## Language server over stdio (ratio = yaml-language-server ÷ sidecar-lint)',
    '',
    '| input / metric | sidecar-lint | yaml-language-server | ratio |',
    '|---|---|---|---|',
    ...result.inputs.flatMap(lspRows),
    '',
    '## Parse floor: `yaml` parseAllDocuments alone, a fresh Node process per input',
    '',
    '| input | whole file, first parse in a fresh process (median) | whole file, warm median of 5 | one document, warm median of 50 |',
    '|---|---|---|---|',
    ...floorRows(result.inputs),
    '',
    `## CLI: \`node dist/cli.js --format json <input>\`, wall time including Node start-up; peak RSS by ${result.cli[0]?.rssMethod ?? '–'}`,
    '',
    '| input | runs | wall median | wall p95 | peak RSS | exit codes | findings |',
    '|---|---|---|---|---|---|---|',
    ...result.cli.map((c) => {
      const input = c.node ? `${c.input}, ${c.node} (comparison only)` : c.input;
      return c.status === 'skipped'
        ? `| ${input} | 0 | skipped: ${c.note ?? ''} | | | | |`
        : `| ${input} | ${c.runs} | ${ms(c.wall?.median)} | ${ms(c.wall?.p95)} | ${mib(c.peakRssMiB)} | ${[...new Set(c.exitCodes)].join(', ')}${c.status === 'failed' ? ` (failed: ${c.note ?? ''})` : ''} | ${c.findings ?? '–'} |`;
    }),
    ...(result.nodeStartup ?? []).map(
      (s) =>
        `| \`node -e 0\` alone, ${s.node}: the start-up inside each wall time above | ${s.wall?.n ?? 0} | ${ms(s.wall?.median)} | ${ms(s.wall?.p95)} | | | |`,
    ),
    '',
    '## Notes',
    '',
    ...notes(result),
    '',
  ];
  return out.join('\n');
}
