/** The GitHub Action: action.yml's wiring, and its script run as a process with the env a runner gives it. */
import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import { copyFileSync, existsSync, mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, describe, test } from 'node:test';
import { parse } from 'yaml';

const ROOT = join(__dirname, '..', '..');
const SCRIPT = join(ROOT, 'scripts', 'action.mjs');
const EXAMPLES = join(ROOT, 'examples');
const temp = mkdtempSync(join(tmpdir(), 'sidecar-lint-action-'));
after(() => rmSync(temp, { recursive: true, force: true }));

interface Step {
  uses?: string;
  run?: string;
  id?: string;
  if?: string;
  env?: Record<string, string>;
  with?: Record<string, string>;
}
const action = parse(readFileSync(join(ROOT, 'action.yml'), 'utf8')) as {
  inputs: Record<string, { description: string; default: string }>;
  outputs: Record<string, { value: string }>;
  runs: { using: string; steps: Step[] };
};

/** A runner's workspace holding copies of the given example manifests (and extra files). */
function workspace(name: string, manifests: string[], extra: Record<string, string> = {}): string {
  const dir = join(temp, name);
  mkdirSync(dir, { recursive: true });
  for (const manifest of manifests) copyFileSync(join(EXAMPLES, manifest), join(dir, manifest.split('/').pop()!));
  for (const [file, text] of Object.entries(extra)) writeFileSync(join(dir, file), text);
  return dir;
}

/** Runs the script as action.yml does: INPUT_* env, GITHUB_OUTPUT and GITHUB_STEP_SUMMARY files, cwd the workspace. */
function runAction(cwd: string, inputs: Record<string, string>) {
  const output = join(cwd, 'github-output.txt');
  const summary = join(cwd, 'step-summary.md');
  rmSync(output, { force: true });
  rmSync(summary, { force: true });
  const env: Record<string, string> = { PATH: process.env.PATH ?? '', GITHUB_OUTPUT: output, GITHUB_STEP_SUMMARY: summary };
  for (const [name, value] of Object.entries(inputs)) env[`INPUT_${name.toUpperCase().replace(/-/g, '_')}`] = value;
  const result = spawnSync(process.execPath, [SCRIPT], { cwd, env, encoding: 'utf8', timeout: 60_000 });
  const outputs = existsSync(output)
    ? Object.fromEntries(
        readFileSync(output, 'utf8')
          .trim()
          .split('\n')
          .map((l) => l.split(/=(.*)/s).slice(0, 2)),
      )
    : {};
  return { code: result.status, stdout: result.stdout, stderr: result.stderr, outputs, summary: existsSync(summary) ? readFileSync(summary, 'utf8') : '' };
}

interface Sarif {
  version: string;
  runs: {
    tool: { driver: { name: string } };
    results: { ruleId: string; level: string; locations: { physicalLocation: { artifactLocation: { uri: string } } }[] }[];
  }[];
}
const readSarif = (file: string) => JSON.parse(readFileSync(file, 'utf8')) as Sarif;

describe('GitHub Action (action.yml)', () => {
  const steps = action.runs.steps;
  const lint = steps.find((s) => s.id === 'lint')!;

  test('is a composite action whose lint step passes every script input from its own inputs', () => {
    assert.equal(action.runs.using, 'composite');
    assert.deepEqual(Object.keys(action.inputs).sort(), ['config', 'fail-on', 'kubernetes-version', 'node-version', 'paths', 'sarif-file', 'upload-sarif']);
    for (const [name, spec] of Object.entries(action.inputs)) assert.ok(spec.description, `${name} has a description`);
    assert.match(lint.run!, /scripts\/action\.mjs/);
    // The env names the script reads are exactly those the step sets, each from the input of the same name.
    const read = [...readFileSync(SCRIPT, 'utf8').matchAll(/input\('([A-Z_]+)'/g)].map((m) => `INPUT_${m[1]}`).sort();
    assert.deepEqual(Object.keys(lint.env!).sort(), read);
    for (const [name, value] of Object.entries(lint.env!))
      assert.equal(value, `\${{ inputs.${name.slice('INPUT_'.length).toLowerCase().replace(/_/g, '-')} }}`);
  });

  test('uploads the SARIF with codeql-action even when the lint failed, then fails the job with the recorded exit code', () => {
    const lintAt = steps.indexOf(lint);
    const upload = steps.findIndex((s) => s.uses?.startsWith('github/codeql-action/upload-sarif@'));
    assert.ok(upload > lintAt, 'upload after lint');
    assert.match(steps[upload].if!, /always\(\)/);
    assert.equal(steps[upload].with!.sarif_file, '${{ steps.lint.outputs.sarif-file }}');
    const verdict = steps[steps.length - 1];
    assert.match(verdict.if!, /steps\.lint\.outputs\.exit-code != '0'/);
    assert.match(verdict.run!, /exit "\$\{CODE:-2\}"/);
    assert.ok(steps.some((s) => s.uses?.startsWith('actions/setup-node@')));
    for (const name of ['sarif-file', 'errors', 'warnings', 'infos']) assert.equal(action.outputs[name].value, `\${{ steps.lint.outputs.${name} }}`);
  });

  test('errors and warnings, fail-on error (the default): exit 1, the SARIF file, outputs and job summary', () => {
    const dir = workspace('mixed', ['job-never-completes.yaml', 'pod-missing-resources.yaml']);
    const run = runAction(dir, { paths: '.', 'sarif-file': 'reports/sidecar-lint.sarif' });
    assert.equal(run.code, 1, run.stderr);
    assert.deepEqual(run.outputs, { 'sarif-file': 'reports/sidecar-lint.sarif', errors: '1', warnings: '3', infos: '0', 'exit-code': '1' });
    const sarif = readSarif(join(dir, 'reports', 'sidecar-lint.sarif'));
    assert.equal(sarif.version, '2.1.0');
    assert.equal(sarif.runs[0].tool.driver.name, 'sidecar-lint');
    const results = sarif.runs[0].results.map((r) => [r.level, r.ruleId, r.locations[0].physicalLocation.artifactLocation.uri]);
    assert.deepEqual(results, [
      ['error', 'job-sidecar-never-completes', 'job-never-completes.yaml'],
      ['warning', 'missing-limits', 'pod-missing-resources.yaml'],
      ['warning', 'missing-requests', 'pod-missing-resources.yaml'],
      ['warning', 'missing-limits', 'pod-missing-resources.yaml'],
    ]);
    assert.match(run.summary, /\| 1 \| 3 \| 0 \| error \| failed \|/);
    assert.match(run.summary, /\| error \| job-sidecar-never-completes \| job-never-completes\.yaml:16 \|/);
  });

  test('warnings only: fail-on error and none pass, warning and info fail', () => {
    const dir = workspace('warnings', ['pod-missing-resources.yaml']);
    const codes = Object.fromEntries(['error', 'none', 'warning', 'info'].map((failOn) => [failOn, runAction(dir, { 'fail-on': failOn }).code]));
    assert.deepEqual(codes, { error: 0, none: 0, warning: 1, info: 1 });
    assert.match(runAction(dir, {}).summary, /\| 0 \| 3 \| 0 \| error \| passed \|/);
  });

  test('infos only (through the config input): fail-on warning passes, info fails', () => {
    const config = 'rules:\n  missing-limits: info\n  missing-requests: info\n';
    const dir = workspace('infos', ['pod-missing-resources.yaml'], { 'ci-sidecar-lint.yaml': config });
    const warning = runAction(dir, { config: 'ci-sidecar-lint.yaml', 'fail-on': 'warning' });
    assert.equal(warning.code, 0, warning.stderr);
    assert.deepEqual([warning.outputs.errors, warning.outputs.warnings, warning.outputs.infos], ['0', '0', '3']);
    assert.equal(runAction(dir, { config: 'ci-sidecar-lint.yaml', 'fail-on': 'info' }).code, 1);
    assert.ok(readSarif(join(dir, 'sidecar-lint.sarif')).runs[0].results.every((r) => r.level === 'note'));
  });

  test('kubernetes-version reaches the CLI: a native sidecar is fine on 1.33 and a warning on 1.28', () => {
    const dir = workspace('version', ['kubernetes-1.28/native-sidecar.yaml']);
    assert.equal(runAction(dir, { 'fail-on': 'warning' }).code, 0);
    const old = runAction(dir, { 'fail-on': 'warning', 'kubernetes-version': '1.28' });
    assert.equal(old.code, 1);
    assert.deepEqual(
      readSarif(join(dir, 'sidecar-lint.sarif')).runs[0].results.map((r) => r.ruleId),
      ['native-sidecar-unsupported'],
    );
  });

  test('several paths separated by new lines, as a YAML block input gives them', () => {
    const dir = workspace('paths', ['job-never-completes.yaml', 'pod-missing-resources.yaml', 'ports.yaml']);
    const run = runAction(dir, { paths: 'job-never-completes.yaml\npod-missing-resources.yaml\n', 'fail-on': 'none' });
    assert.equal(run.code, 0);
    const uris = new Set(readSarif(join(dir, 'sidecar-lint.sarif')).runs[0].results.map((r) => r.locations[0].physicalLocation.artifactLocation.uri));
    assert.deepEqual([...uris].sort(), ['job-never-completes.yaml', 'pod-missing-resources.yaml']);
  });

  test('a broken config file fails fail-on error although its problems are not SARIF results', () => {
    const dir = workspace('bad-config', ['pod-missing-resources.yaml'], { '.sidecar-lint.yaml': 'rules:\n  missing-limits: loud\n' });
    const run = runAction(dir, {});
    assert.equal(run.code, 1);
    assert.match(run.stdout, /::error title=sidecar-lint::the config file has problems/);
  });

  test('a bad fail-on value or a missing path exits 2 with an ::error line', () => {
    const dir = workspace('usage', ['pod-missing-resources.yaml']);
    const bad = runAction(dir, { 'fail-on': 'sometimes' });
    assert.equal(bad.code, 2);
    assert.match(bad.stdout, /::error title=sidecar-lint::fail-on must be one of error, warning, info, none/);
    assert.equal(bad.outputs['exit-code'], '2');
    assert.equal(existsSync(join(dir, 'sidecar-lint.sarif')), false);
    const missing = runAction(dir, { paths: 'pod-missing-resources.yaml no-such-dir', 'fail-on': 'none' });
    assert.equal(missing.code, 2);
    assert.equal(missing.outputs['exit-code'], '2');
    assert.equal(readSarif(join(dir, 'sidecar-lint.sarif')).runs[0].results.length, 3, 'the readable file is still reported');
  });
});
