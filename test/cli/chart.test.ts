/** `sidecar-lint chart/` as a process, with the real helm 3 and helm 4: text, JSON and SARIF on template lines. */
import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, test } from 'node:test';
import { toolPaths } from '../../scripts/fetch-tools.mjs';

const CLI = join(__dirname, '..', '..', 'dist', 'cli.js');
const CHARTS = join(__dirname, '..', 'fixtures', 'charts');
const HELMS = Object.entries(toolPaths() as Record<string, string>).filter(([name]) => name.startsWith('helm'));

function run(...args: string[]) {
  const result = spawnSync(process.execPath, [CLI, ...args], { cwd: CHARTS, encoding: 'utf8', timeout: 60_000 });
  return { code: result.status, stdout: result.stdout, stderr: result.stderr };
}

interface JsonReport {
  file: string;
  line: number;
  column: number;
  rule: string;
  severity: string;
  message: string;
}

describe('CLI on Helm charts', () => {
  for (const [name, helm] of HELMS) {
    test(`${name}: a chart folder is rendered and its findings sit on template lines`, () => {
      const { code, stdout, stderr } = run('--helm', helm, '--format', 'json', 'batch');
      assert.equal(stderr, '');
      assert.equal(code, 1);
      const reports = JSON.parse(stdout) as JsonReport[];
      assert.deepEqual(
        reports.map((r) => `${r.file}:${r.line}:${r.column} ${r.rule}`),
        ['batch/templates/job.yaml:33:17 job-sidecar-never-completes', 'batch/templates/job.yaml:37:11 missing-limits'],
      );
    });

    test(`${name}: --values changes the answer`, () => {
      const { stdout } = run('--helm', helm, '--format', 'json', '--values', 'batch/values-native.yaml', 'batch');
      const reports = JSON.parse(stdout) as JsonReport[];
      assert.deepEqual(
        reports.map((r) => `${r.file}:${r.line} ${r.rule}`),
        ['batch/templates/_helpers.tpl:14 sidecar-missing-probe', 'batch/templates/_helpers.tpl:21 missing-limits'],
      );
    });
  }

  test('a folder of charts: each chart is found and rendered, its templates never linted one by one', () => {
    const [, helm] = HELMS[0];
    const { stdout } = run('--helm', helm, '--format', 'json', '.');
    const files = new Set((JSON.parse(stdout) as JsonReport[]).map((r) => r.file));
    assert.deepEqual([...files].sort(), ['batch/templates/job.yaml', 'web/templates/deployment.yaml']);
  });

  test('SARIF locations name the template file and line', () => {
    const [, helm] = HELMS[0];
    const { stdout } = run('--helm', helm, '--format', 'sarif', 'batch');
    const sarif = JSON.parse(stdout) as {
      runs: { results: { ruleId: string; locations: { physicalLocation: { artifactLocation: { uri: string }; region: { startLine: number } } }[] }[] }[];
    };
    const result = sarif.runs[0].results.find((r) => r.ruleId === 'job-sidecar-never-completes');
    assert.ok(result);
    assert.equal(result.locations[0].physicalLocation.artifactLocation.uri, 'batch/templates/job.yaml');
    assert.equal(result.locations[0].physicalLocation.region.startLine, 33);
  });

  test('without helm: one note on stderr, and the templates are linted masked', () => {
    const { stderr } = run('--helm', join(tmpdir(), 'no-such-helm'), 'batch', 'web');
    const notes = stderr.split('\n').filter((line) => line.includes('Install helm or pass --helm PATH'));
    assert.equal(notes.length, 1);
  });

  test('a render error is reported on the template line', () => {
    const [, helm] = HELMS[0];
    const { stdout, code } = run('--helm', helm, '--format', 'json', '--values', join(CHARTS, 'broken-values.yaml'), 'batch');
    assert.equal(code, 1);
    const reports = JSON.parse(stdout) as JsonReport[];
    assert.equal(reports.length, 1);
    assert.equal(reports[0].rule, 'helm-template');
    assert.equal(reports[0].file, 'batch/templates/job.yaml');
    assert.equal(reports[0].line, 21);
  });
});
