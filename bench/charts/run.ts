/**
 * Chart cases of `npm run bench` (also `node --import tsx bench/charts/run.ts` alone): for each fixture chart and each
 * helm, the render (copy, mark, `helm template`), the mapping (lint of the output and placing findings on template
 * lines), and in the editor the time from saving a template to its diagnostics, a fresh text each time (no cache).
 */
import { cpSync, mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { pathToFileURL } from 'node:url';
import { toolPaths } from '../../scripts/fetch-tools.mjs';
import { lintChart } from '../../server/src/charts/lintChart';
import { normalizeSettings } from '../../server/src/service';
import { TestClient } from '../../test/helpers/lspClient';
import { summarize, type Summary } from '../stats';

export interface ChartBenchRow {
  chart: string;
  helm: string;
  templates: number;
  renderMs: Summary;
  mapMs: Summary;
  saveToDiagnosticsMs?: Summary;
}

const CHARTS = join(__dirname, '..', '..', 'test', 'fixtures', 'charts');
const CASES = [
  { chart: 'batch', template: 'templates/job.yaml' },
  { chart: 'web', template: 'templates/deployment.yaml' },
];

async function saveToDiagnostics(helm: string, chart: string, template: string, runs: number): Promise<number[]> {
  const dir = join(mkdtempSync(join(tmpdir(), 'sidecar-lint-bench-chart-')), 'chart');
  cpSync(join(CHARTS, chart), dir, { recursive: true });
  const client = new TestClient();
  const samples: number[] = [];
  try {
    client.settings = { helm: { path: helm } };
    await client.initialize({ workspace: { configuration: true } }, { workspaceTrusted: true });
    const uri = pathToFileURL(join(dir, template)).toString();
    const text = readFileSync(join(dir, template), 'utf8');
    await client.connection.sendNotification('textDocument/didOpen', { textDocument: { uri, languageId: 'yaml', version: 1, text } });
    for (let i = 0; i < runs + 1; i++) {
      // A comment that changes each time: a text never rendered before, so the cache cannot answer.
      const version = i + 2;
      await client.connection.sendNotification('textDocument/didChange', {
        textDocument: { uri, version },
        contentChanges: [{ text: `# run ${version}\n${text}` }],
      });
      const before = client.published.length;
      const started = performance.now();
      await client.connection.sendNotification('textDocument/didSave', { textDocument: { uri } });
      await client.nextDiagnostics(uri, before, 30_000);
      if (i > 0) samples.push(performance.now() - started); // the first run warms the server up
    }
  } finally {
    await client.shutdown();
    rmSync(dir, { recursive: true, force: true });
  }
  return samples;
}

export async function measureCharts(runs = 10, log: (line: string) => void = () => {}): Promise<ChartBenchRow[]> {
  const rows: ChartBenchRow[] = [];
  for (const [name, helm] of Object.entries(toolPaths() as Record<string, string>).filter(([n]) => n.startsWith('helm'))) {
    for (const c of CASES) {
      log(`chart ${c.chart} with ${name}…`);
      const render: number[] = [];
      const map: number[] = [];
      let templates = 0;
      for (let i = 0; i < runs; i++) {
        const result = await lintChart({ chartDir: join(CHARTS, c.chart), helm, settings: normalizeSettings({}), timeoutMs: 30_000 });
        if (result.error) throw new Error(`${c.chart}: ${result.error.message}`);
        render.push(result.renderMs);
        map.push(result.mapMs);
        templates = result.templates.length;
      }
      const row: ChartBenchRow = { chart: c.chart, helm: name, templates, renderMs: summarize(render), mapMs: summarize(map) };
      if (c.chart === 'batch') row.saveToDiagnosticsMs = summarize(await saveToDiagnostics(helm, c.chart, c.template, runs));
      rows.push(row);
    }
  }
  return rows;
}

const ms = (s: Summary | undefined) => (s ? `${s.median.toFixed(0)} ms (max ${s.max.toFixed(0)})` : '—');

export function chartsMarkdown(rows: ChartBenchRow[]): string {
  return [
    '## Helm charts',
    '',
    'Render: copy, mark and `helm template`; mapping: lint of the output and placing findings on template lines; save → diagnostics: the editor server, didSave of a template to its published diagnostics (a new text each time, so no cached result). Median (max).',
    '',
    '| chart | helm | templates | render | mapping | save → diagnostics |',
    '| --- | --- | --- | --- | --- | --- |',
    ...rows.map((r) => `| ${r.chart} | ${r.helm} | ${r.templates} | ${ms(r.renderMs)} | ${ms(r.mapMs)} | ${ms(r.saveToDiagnosticsMs)} |`),
    '',
  ].join('\n');
}

if (require.main === module)
  void measureCharts(Number(process.env.CHART_RUNS ?? 10), (line) => process.stderr.write(`[bench] ${line}\n`)).then((rows) =>
    process.stdout.write(chartsMarkdown(rows)),
  );
