/** Charts rendered with the real helm 3 and helm 4, findings mapped back to template lines (golden files). */
import assert from 'node:assert/strict';
import { cpSync, existsSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, relative } from 'node:path';
import { describe, test } from 'node:test';
import { parseAllDocuments } from 'yaml';
import { toolPaths } from '../../scripts/fetch-tools.mjs';
import { lintChart, type ChartFinding } from '../../server/src/charts/lintChart';
import { markTemplate, readMarkers } from '../../server/src/charts/markers';
import { renderChart } from '../../server/src/charts/render';
import { runProcess } from '../../server/src/external/run';
import { normalizeSettings } from '../../server/src/service';

const CHARTS = join(__dirname, '..', 'fixtures', 'charts');
const GOLDENS = join(CHARTS, 'goldens');
const HELMS = Object.entries(toolPaths() as Record<string, string>).filter(([name]) => name.startsWith('helm'));

/** Each case: a chart, the values files given to it, and the golden its findings must match with every helm. */
const CASES: { golden: string; chart: string; values: string[] }[] = [
  { golden: 'batch', chart: 'batch', values: [] },
  { golden: 'batch-native', chart: 'batch', values: ['batch/values-native.yaml'] },
  { golden: 'web', chart: 'web', values: [] },
];

export function formatFindings(findings: ChartFinding[], root: string): string {
  return findings
    .map((f) => `${relative(root, f.file)}:${f.line + 1}:${f.character + 1}-${f.endCharacter + 1} ${f.severity} ${f.rule}: ${f.message}\n`)
    .join('');
}

describe('chart render and map back', () => {
  test('both helm binaries are there (npm test fetches them first)', () => {
    assert.equal(HELMS.length, 2);
    for (const [, path] of HELMS) assert.ok(existsSync(path), path);
  });

  for (const [helmName, helm] of HELMS)
    for (const c of CASES)
      test(`${c.golden} with ${helmName}: findings on their template lines`, async () => {
        const result = await lintChart({
          chartDir: join(CHARTS, c.chart),
          valuesFiles: c.values.map((v) => join(CHARTS, v)),
          helm,
          settings: normalizeSettings({}),
        });
        assert.equal(result.error, undefined);
        const actual = formatFindings(result.findings, CHARTS);
        const golden = join(GOLDENS, `${c.golden}.txt`);
        if (process.env.UPDATE_GOLDEN && helmName === 'helm3') writeFileSync(golden, actual);
        assert.equal(actual, readFileSync(golden, 'utf8'));
      });

  test('the Job proxy: job-sidecar-never-completes on the name line of templates/job.yaml', async () => {
    const [, helm] = HELMS[0];
    const result = await lintChart({ chartDir: join(CHARTS, 'batch'), helm, settings: normalizeSettings({}) });
    const finding = result.findings.find((f) => f.rule === 'job-sidecar-never-completes');
    assert.ok(finding);
    const line = readFileSync(join(CHARTS, 'batch', 'templates', 'job.yaml'), 'utf8').split('\n')[finding.line];
    assert.equal(line, '        - name: proxy');
    assert.equal(line.slice(finding.character, finding.endCharacter), 'proxy');
  });

  test('a value from .Values names its key', async () => {
    const [, helm] = HELMS[0];
    const result = await lintChart({ chartDir: join(CHARTS, 'web'), helm, settings: normalizeSettings({}) });
    const finding = result.findings.find((f) => f.rule === 'legacy-sidecar' && f.message.includes('fluent-bit'));
    assert.ok(finding);
    assert.match(finding.message, /\.Values\.logShipper\.name/);
  });

  for (const [helmName, helm] of HELMS)
    for (const c of CASES)
      test(`${c.golden} with ${helmName}: the marked render without markers equals a plain render`, async () => {
        const values = c.values.flatMap((v) => ['-f', join(CHARTS, v)]);
        const plain = await runProcess(helm, ['template', 'release', join(CHARTS, c.chart), ...values]);
        assert.equal(plain.code, 0, plain.stderr);
        const marked = await renderChart({ chartDir: join(CHARTS, c.chart), valuesFiles: c.values.map((v) => join(CHARTS, v)), helm });
        assert.ok(marked.ok);
        const objects = (text: string) => parseAllDocuments(text).map((d) => d.toJS());
        assert.deepEqual(objects(marked.text), objects(plain.stdout));
        assert.ok(!marked.text.includes('#@sl'));
      });

  for (const [helmName, helm] of HELMS) {
    test(`${helmName}: a template error is one finding on the line helm names`, async () => {
      const dir = brokenCopy((text) => text.replace('name: proxy\n', 'name: {{ .Values.nope.deeper }}\n'));
      try {
        const result = await lintChart({ chartDir: dir, helm, settings: normalizeSettings({}) });
        assert.equal(result.error?.kind, 'failed');
        assert.equal(result.findings.length, 1);
        assert.equal(result.findings[0].rule, 'helm-template');
        assert.equal(result.findings[0].file, join(dir, 'templates', 'job.yaml'));
        assert.equal(result.findings[0].line, 32);
        assert.match(result.findings[0].message, /nil pointer/);
      } finally {
        rmSync(dir, { recursive: true, force: true });
      }
    });

    test(`${helmName}: a YAML error in the output is placed through the debug render's markers`, async () => {
      const dir = brokenCopy((text) =>
        text.replace('          ports:\n            - containerPort: 15001', '         ports: [\n            - containerPort: 15001'),
      );
      try {
        const result = await lintChart({ chartDir: dir, helm, settings: normalizeSettings({}) });
        assert.equal(result.findings.length, 1);
        assert.match(result.findings[0].message, /YAML parse error/);
        // go-yaml names the line before the broken one: the proxy's image line.
        assert.equal(result.findings[0].line, 33);
      } finally {
        rmSync(dir, { recursive: true, force: true });
      }
    });
  }

  test('unsaved buffers are rendered instead of the files on disk', async () => {
    const [, helm] = HELMS[0];
    const dir = join(CHARTS, 'batch');
    const values = join(dir, 'values.yaml');
    const overlays = new Map([[values, readFileSync(values, 'utf8').replace('quitOnExit: false', 'quitOnExit: true')]]);
    const result = await lintChart({ chartDir: dir, helm, overlays, settings: normalizeSettings({}) });
    assert.deepEqual(
      result.findings.map((f) => f.rule),
      ['legacy-sidecar', 'missing-limits'],
    );
  });

  test('no helm: a not-found error and no findings', async () => {
    const result = await lintChart({ chartDir: join(CHARTS, 'batch'), helm: join(tmpdir(), 'no-such-helm'), settings: normalizeSettings({}) });
    assert.equal(result.error?.kind, 'not-found');
    assert.deepEqual(result.findings, []);
  });

  test('an aborted render reports aborted', async () => {
    const [, helm] = HELMS[0];
    const controller = new AbortController();
    const running = renderChart({ chartDir: join(CHARTS, 'batch'), helm, signal: controller.signal });
    controller.abort();
    const result = await running;
    assert.ok(!result.ok && result.error.kind === 'aborted');
  });
});

describe('template markers', () => {
  const marked = (text: string) => markTemplate(text, 0).split('\n');

  test('plain YAML lines are marked with their line', () => {
    assert.deepEqual(marked('a: 1\nb:\n  - c'), ['a: 1 #@sl0:1', 'b: #@sl0:2', '  - c #@sl0:3']);
  });

  test('block scalar content stays as it is; the header line is marked', () => {
    assert.deepEqual(marked('s: |\n  echo {{ .x }}\n  b\nt: 1'), ['s: | #@sl0:1', '  echo {{ .x }}', '  b', 't: 1 #@sl0:4']);
  });

  test('lines whose newline a trim marker removes are not marked', () => {
    assert.deepEqual(marked('a: {{ .x -}}\nb: 1'), ['a: {{ .x -}}', 'b: 1 #@sl0:2']);
    assert.deepEqual(marked('image: repo\n{{- .Values.tag }}'), ['image: repo', '{{- .Values.tag }} #@sl0:2']);
    // A control action or an nindent output cannot glue text to the line above.
    assert.deepEqual(marked('c:\n{{- if .x }}\n{{- toYaml .y | nindent 2 }}\n{{- end }}'), [
      'c: #@sl0:1',
      '{{- if .x }}',
      '{{- toYaml .y | nindent 2 }} #@sl0:3',
      '{{- end }}',
    ]);
  });

  test('inside a define only YAML lines are marked: a name define stays one word', () => {
    const text = '{{- define "x.name" -}}\n{{- printf "%s" .Chart.Name }}\n{{- end }}\n{{- define "x.labels" -}}\napp: {{ .Chart.Name }}\n{{- end }}';
    assert.deepEqual(marked(text), [
      '{{- define "x.name" -}}',
      '{{- printf "%s" .Chart.Name }}',
      '{{- end }}',
      '{{- define "x.labels" -}}',
      'app: {{ .Chart.Name }} #@sl0:5',
      '{{- end }}',
    ]);
  });

  test('multi-line actions and comments are left alone', () => {
    assert.deepEqual(marked('{{/*\na: b\n*/}}\nc: 1'), ['{{/*', 'a: b', '*/}}', 'c: 1 #@sl0:4']);
  });

  test('readMarkers strips every marker and keeps the first', () => {
    assert.deepEqual(readMarkers('a: 1 #@sl2:7 #@sl0:3'), { text: 'a: 1', file: 2, line: 7 });
  });
});

function brokenCopy(edit: (text: string) => string): string {
  const dir = join(mkdtempSync(join(tmpdir(), 'sidecar-lint-broken-')), 'batch');
  cpSync(join(CHARTS, 'batch'), dir, { recursive: true });
  const job = join(dir, 'templates', 'job.yaml');
  writeFileSync(job, edit(readFileSync(job, 'utf8')));
  return dir;
}
