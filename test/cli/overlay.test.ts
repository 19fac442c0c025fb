/** The CLI as a process over fixture overlays, built with the real kubectl kustomize (scripts/fetch-tools.mjs). */
import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import { cpSync, mkdirSync, mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, test } from 'node:test';
import { toolPaths } from '../../scripts/fetch-tools.mjs';

const ROOT = join(__dirname, '..', '..');
const CLI = join(ROOT, 'dist', 'cli.js');
const KUBECTL = (toolPaths() as { kubectl: string }).kubectl;
const OVERLAYS = 'test/fixtures/overlays';

function run(...args: string[]) {
  const result = spawnSync(process.execPath, [CLI, ...args], { cwd: ROOT, encoding: 'utf8', timeout: 60_000 });
  return { code: result.status, stdout: result.stdout, stderr: result.stderr };
}

interface JsonFinding {
  file: string;
  line: number;
  column: number;
  rule: string;
  message: string;
}

function findings(...args: string[]): string[] {
  const { stdout } = run('--format', 'json', '--kubectl', KUBECTL, ...args);
  return (JSON.parse(stdout) as JsonFinding[]).map((f) => `${f.file}:${f.line}:${f.column} ${f.rule}`);
}

describe('sidecar-lint over Kustomize overlays', () => {
  test('an overlay folder is built; findings sit on the base and patch lines', () => {
    assert.deepEqual(findings(`${OVERLAYS}/shipper`), [
      `${OVERLAYS}/base/deployment.yaml:22:11 missing-limits`,
      `${OVERLAYS}/shipper/add-log-shipper.yaml:13:17 legacy-sidecar`,
    ]);
  });

  test('a tree of overlays: only the top-level ones are built, and no base or patch is linted on its own', () => {
    // base and shipper are reached by limits and prod; limits and prod set the limit the base lacks.
    assert.deepEqual(findings(OVERLAYS), [
      `${OVERLAYS}/broken/kustomization.yaml:4:11 kustomize-build`,
      `${OVERLAYS}/prod/kustomization.yaml:15:16 image-tag`,
      `${OVERLAYS}/shipper/add-log-shipper.yaml:13:17 legacy-sidecar`,
    ]);
  });

  test('a patch file given alone gets no whole-workload findings', () => {
    const { code, stdout } = run('--kubectl', KUBECTL, `${OVERLAYS}/shipper/add-log-shipper.yaml`);
    assert.equal(stdout, '');
    assert.equal(code, 0);
  });

  test('text output and exit status: a build error fails the run', () => {
    const { code, stdout } = run('--kubectl', KUBECTL, `${OVERLAYS}/broken`);
    assert.equal(code, 1);
    assert.match(
      stdout,
      /^test\/fixtures\/overlays\/broken\/kustomization\.yaml:4:11: error kustomize-build: kustomize could not build this overlay: .*missing-patch\.yaml/,
    );
  });

  test('SARIF locations are on the patch and base files, and the build error has a rule', () => {
    const sarif = JSON.parse(run('--format', 'sarif', '--kubectl', KUBECTL, `${OVERLAYS}/shipper`, `${OVERLAYS}/broken`).stdout) as {
      runs: {
        tool: { driver: { rules: { id: string }[] } };
        results: {
          ruleId: string;
          ruleIndex?: number;
          locations: { physicalLocation: { artifactLocation: { uri: string }; region: { startLine: number } } }[];
        }[];
      }[];
    };
    const [sarifRun] = sarif.runs;
    const places = sarifRun.results.map(
      (r) => `${r.locations[0].physicalLocation.artifactLocation.uri}:${r.locations[0].physicalLocation.region.startLine} ${r.ruleId}`,
    );
    assert.deepEqual(places.sort(), [
      `${OVERLAYS}/base/deployment.yaml:22 missing-limits`,
      `${OVERLAYS}/broken/kustomization.yaml:4 kustomize-build`,
      `${OVERLAYS}/shipper/add-log-shipper.yaml:13 legacy-sidecar`,
    ]);
    for (const result of sarifRun.results) assert.equal(sarifRun.tool.driver.rules[result.ruleIndex!].id, result.ruleId);
  });

  test('a base several overlays deploy: one finding, naming the overlays it holds for', () => {
    const dir = mkdtempSync(join(tmpdir(), 'sidecar-lint-overlays-'));
    cpSync(join(ROOT, OVERLAYS), dir, { recursive: true });
    for (const env of ['dev', 'staging']) {
      mkdirSync(join(dir, env));
      writeFileSync(join(dir, env, 'kustomization.yaml'), 'resources:\n  - ../base\n');
    }
    const result = spawnSync(process.execPath, [CLI, '--format', 'json', '--kubectl', KUBECTL, '.'], { cwd: dir, encoding: 'utf8', timeout: 60_000 });
    const base = (JSON.parse(result.stdout) as JsonFinding[]).filter((f) => f.file === 'base/deployment.yaml');
    // dev and staging deploy the base without a memory limit; limits and prod set one.
    assert.deepEqual(
      base.map((f) => `${f.line} ${f.rule} ${f.message.slice(f.message.lastIndexOf('('))}`),
      ['22 missing-limits (overlays dev, staging)'],
    );
  });

  test('without kubectl the overlay files are linted one by one, and the person is told how to get the build', () => {
    const { code, stdout, stderr } = run('--format', 'json', '--kubectl', join(ROOT, 'no-such-kubectl'), `${OVERLAYS}/shipper`);
    assert.deepEqual(JSON.parse(stdout), []);
    assert.equal(code, 0);
    assert.match(stderr, /cannot run .*no-such-kubectl.*--kubectl PATH/);
  });
});
