/** The CLI with config files, --max-warnings and SARIF output, as a process. */
import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import { copyFileSync, mkdirSync, mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, test } from 'node:test';
import Ajv from 'ajv-draft-04';
import addFormats from 'ajv-formats';

const ROOT = join(__dirname, '..', '..');
const CLI = join(ROOT, 'dist', 'cli.js');
const LEGACY_JOB = join(ROOT, 'test', 'fixtures', 'corpus', 'kubernetes__website', 'content__en__examples__application__job__job-sidecar-legacy.yaml');

function run(cwd: string, ...args: string[]) {
  const result = spawnSync(process.execPath, [CLI, ...args], { cwd, encoding: 'utf8', timeout: 60_000 });
  return { code: result.status, stdout: result.stdout, stderr: result.stderr };
}

/** The rules reported, among those these tests set through configuration. */
const CONFIGURED = ['job-sidecar-never-completes', 'legacy-sidecar', 'missing-limits', 'missing-requests', 'config'];
const rulesOf = (stdout: string) =>
  (JSON.parse(stdout) as { rule: string }[])
    .map((f) => f.rule)
    .filter((r) => CONFIGURED.includes(r))
    .sort();

/** A project: config at the top, the manifest two folders down. */
function project(config: string): { dir: string; manifest: string } {
  const dir = mkdtempSync(join(tmpdir(), 'sidecar-lint-config-'));
  mkdirSync(join(dir, 'deploy', 'jobs'), { recursive: true });
  writeFileSync(join(dir, '.sidecar-lint.yaml'), config);
  const manifest = join(dir, 'deploy', 'jobs', 'job.yaml');
  copyFileSync(LEGACY_JOB, manifest);
  return { dir, manifest };
}

describe('CLI configuration', () => {
  test('the nearest .sidecar-lint.yaml applies, and flags win over it', () => {
    const { dir, manifest } = project('kubernetesVersion: "1.28"\nrules:\n  missing-limits: off\n');
    assert.deepEqual(rulesOf(run(dir, '--format', 'json', manifest).stdout), ['job-sidecar-never-completes', 'missing-requests', 'missing-requests']);
    const flagged = run(dir, '--format', 'json', '--kubernetes-version', '1.30', '--rule', 'missing-requests=off', manifest);
    assert.deepEqual(rulesOf(flagged.stdout), ['job-sidecar-never-completes']);
  });

  test('a bad config file is reported on itself; its good entries and the defaults still apply', () => {
    const { dir, manifest } = project('kubernetesVersion: banana\nrules:\n  missing-limits: off\n  missing-requests: off\n');
    const { code, stdout } = run(dir, '--format', 'json', manifest);
    assert.equal(code, 1);
    const findings = JSON.parse(stdout) as { file: string; rule: string; line: number; column: number }[];
    const config = findings.find((f) => f.rule === 'config')!;
    assert.deepEqual({ file: config.file, line: config.line, column: config.column }, { file: join(dir, '.sidecar-lint.yaml'), line: 1, column: 20 });
    assert.deepEqual(rulesOf(stdout), ['config', 'job-sidecar-never-completes']);
  });

  test('--config names the file to use instead', () => {
    const { dir, manifest } = project('rules:\n  job-sidecar-never-completes: off\n');
    const other = join(dir, 'strict.yaml');
    writeFileSync(other, 'rules:\n  missing-limits: off\n  missing-requests: off\n');
    assert.deepEqual(rulesOf(run(dir, '--format', 'json', '--config', other, manifest).stdout), ['job-sidecar-never-completes']);
    assert.equal(run(dir, '--config', join(dir, 'missing.yaml'), manifest).code, 2);
  });

  test('--max-warnings lets a few warnings pass; errors always fail', () => {
    const { dir, manifest } = project('rules:\n  job-sidecar-never-completes: off\n');
    assert.equal(run(dir, '--max-warnings', '10', manifest).code, 0);
    assert.equal(run(dir, '--max-warnings', '1', manifest).code, 1);
    assert.equal(run(dir, '--max-warnings', '10', '--rule', 'missing-limits=error', manifest).code, 1);
    assert.equal(run(dir, '--max-warnings', 'many', manifest).code, 2);
  });
});

describe('SARIF output', () => {
  test('is valid SARIF 2.1.0 with rule metadata, help links, regions and fixes', () => {
    const { code, stdout } = run(ROOT, '--format', 'sarif', 'examples');
    assert.equal(code, 1);
    const log = JSON.parse(stdout) as {
      runs: {
        tool: { driver: { rules: { id: string; helpUri: string }[] } };
        results: {
          ruleId: string;
          ruleIndex: number;
          locations: { physicalLocation: { artifactLocation: { uri: string }; region: { startLine: number } } }[];
          fixes?: unknown[];
        }[];
      }[];
    };
    const ajv = new Ajv({ strict: false, allErrors: true, unicodeRegExp: false, logger: false });
    addFormats(ajv);
    const validate = ajv.compile(JSON.parse(readFileSync(join(ROOT, 'test', 'fixtures', 'sarif', 'sarif-schema-2.1.0.json'), 'utf8')));
    assert.ok(validate(log), JSON.stringify(validate.errors?.slice(0, 3)));
    const [runLog] = log.runs;
    const rules = runLog.tool.driver.rules;
    assert.ok(rules.some((r) => r.id === 'legacy-sidecar' && r.helpUri.endsWith('/docs/rules/legacy-sidecar.md')));
    const legacy = runLog.results.find((r) => r.ruleId === 'legacy-sidecar')!;
    assert.equal(rules[legacy.ruleIndex].id, 'legacy-sidecar');
    assert.equal(legacy.locations[0].physicalLocation.artifactLocation.uri, 'examples/deployment-legacy-sidecar.yaml');
    assert.equal(legacy.locations[0].physicalLocation.region.startLine, 22);
    assert.equal(legacy.fixes?.length, 1);
    const clash = runLog.results.find((r) => r.ruleId === 'port-clash')!;
    assert.equal(clash.fixes, undefined, 'a suggestion is not a SARIF fix');
    assert.ok(!validate({ ...log, version: '2.0.0' }), 'the schema check can fail');
  });
});
