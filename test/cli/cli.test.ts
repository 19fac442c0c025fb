/** The CLI as a process: output formats, exit codes, --fix on a copy. */
import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import { copyFileSync, mkdirSync, mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, test } from 'node:test';
import { RULE_IDS } from '../../server/src/service';
import { FIRST_CATALOG } from '../helpers/catalog';

const CLI = join(__dirname, '..', '..', 'dist', 'cli.js');
const CORPUS = join(__dirname, '..', 'fixtures', 'corpus');
const LEGACY_JOB = join(CORPUS, 'kubernetes__website', 'content__en__examples__application__job__job-sidecar-legacy.yaml');
const EXAMPLE_CLASH = join(__dirname, '..', '..', 'examples', 'deployment-legacy-sidecar.yaml');
const NATIVE_JOB = join(CORPUS, 'kubernetes__website', 'content__en__examples__application__job__job-sidecar.yaml');

/** `--rule id=off` for every rule but these, so a test holds whatever rules are added later. */
function only(...ids: string[]): string[] {
  return RULE_IDS.filter((id) => !ids.includes(id)).flatMap((id) => ['--rule', `${id}=off`]);
}

/** The rules the bundled examples were written to show; a rule added later is shown by its docs page's examples. */
const EXAMPLE_RULES = FIRST_CATALOG;

function run(...args: string[]) {
  return runWith({}, ...args);
}

function runWith(env: Record<string, string>, ...args: string[]) {
  const result = spawnSync(process.execPath, [CLI, ...args], { encoding: 'utf8', timeout: 60_000, env: { ...process.env, ...env } });
  return { code: result.status, stdout: result.stdout, stderr: result.stderr };
}

interface JsonFinding {
  file: string;
  line: number;
  column: number;
  endLine: number;
  endColumn: number;
  severity: string;
  rule: string;
  message: string;
  fixes: string[];
  suggestions: string[];
}

describe('sidecar-lint CLI', () => {
  test('--format json prints one array with 1-based positions and fix titles; exit 1 on findings', () => {
    const { code, stdout } = run('--format', 'json', LEGACY_JOB);
    assert.equal(code, 1);
    const findings = JSON.parse(stdout) as JsonFinding[];
    const job = findings.find((f) => f.rule === 'job-sidecar-never-completes')!;
    assert.deepEqual(
      { line: job.line, column: job.column, endLine: job.endLine, endColumn: job.endColumn, severity: job.severity, fixes: job.fixes },
      { line: 15, column: 17, endLine: 15, endColumn: 27, severity: 'error', fixes: ["Convert 'logshipper' to a native sidecar"] },
    );
    assert.deepEqual(job.suggestions, []);
    assert.equal(job.file, LEGACY_JOB);
    assert.match(job.message, /logshipper/);
  });

  test('text output names file, line and column; --rule and --kubernetes-version change what is reported', () => {
    const text = run(LEGACY_JOB);
    assert.match(text.stdout, /job-sidecar-legacy\.yaml:15:17: error job-sidecar-never-completes: /);
    const quiet = run(
      '--rule=missing-requests=off',
      ...only('job-sidecar-never-completes', 'legacy-sidecar', 'missing-requests'),
      '--kubernetes-version',
      '1.28',
      LEGACY_JOB,
    );
    // The Job hangs on 1.28 too: still an error, naming the workarounds instead of a native sidecar.
    assert.equal(quiet.code, 1, quiet.stdout);
    assert.match(quiet.stdout, /error job-sidecar-never-completes: .*native sidecars need Kubernetes 1\.29/);
    assert.doesNotMatch(quiet.stdout, /missing-requests/);
    const info = run(...only('missing-limits', 'missing-requests'), '--rule', 'missing-limits=info', '--rule', 'missing-requests=info', NATIVE_JOB);
    assert.equal(info.code, 0, 'infos alone do not fail the run');
    assert.match(info.stdout, / info missing-limits: /);
  });

  test('usage and I/O errors exit 2, and the readable files are still linted', () => {
    assert.equal(run().code, 2);
    assert.equal(run('--format', 'xml', LEGACY_JOB).code, 2);
    assert.equal(run('--rule', 'no-such-rule=off', LEGACY_JOB).code, 2);
    assert.equal(run('--help').code, 0);
    const partial = run('--format', 'json', '/no/such/file.yaml', LEGACY_JOB);
    assert.equal(partial.code, 2);
    assert.match(partial.stderr, /\/no\/such\/file\.yaml: no such file or directory/);
    assert.ok((JSON.parse(partial.stdout) as JsonFinding[]).length > 0);
  });

  test('directories are walked for *.yaml and *.yml', () => {
    const dir = mkdtempSync(join(tmpdir(), 'sidecar-lint-cli-'));
    mkdirSync(join(dir, 'nested'));
    copyFileSync(LEGACY_JOB, join(dir, 'nested', 'job.yml'));
    writeFileSync(join(dir, 'notes.txt'), 'containers: [');
    const findings = JSON.parse(run('--format', 'json', dir).stdout) as JsonFinding[];
    assert.deepEqual([...new Set(findings.map((f) => f.file))], [join(dir, 'nested', 'job.yml')]);
  });

  test('fixes and suggestions are listed apart, and --fix leaves suggestions to a person', () => {
    const dir = mkdtempSync(join(tmpdir(), 'sidecar-lint-suggest-'));
    const copy = join(dir, 'deployment.yaml');
    copyFileSync(EXAMPLE_CLASH, copy);
    const rules = only('port-clash');
    const [clash] = JSON.parse(run(...rules, '--format', 'json', copy).stdout) as JsonFinding[];
    assert.deepEqual({ fixes: clash.fixes, suggestions: clash.suggestions }, { fixes: [], suggestions: ["Move 'log-shipper' to port 8081"] });
    assert.match(run(...rules, copy).stdout, /error port-clash: .* \[suggestion: Move 'log-shipper' to port 8081\]\n/);
    const fixed = run('--fix', ...rules, copy);
    assert.equal(fixed.code, 1, 'the clash is still reported');
    assert.equal(readFileSync(copy, 'utf8'), readFileSync(EXAMPLE_CLASH, 'utf8'));
  });

  test('--fix applies every preferred fix in place and reports what is left', () => {
    const dir = mkdtempSync(join(tmpdir(), 'sidecar-lint-fix-'));
    const copy = join(dir, 'job.yaml');
    copyFileSync(LEGACY_JOB, copy);
    const rules = only('job-sidecar-never-completes', 'legacy-sidecar');
    const { code, stdout } = run('--fix', ...rules, '--format', 'json', copy);
    assert.equal(code, 0, stdout);
    assert.deepEqual(JSON.parse(stdout), []);
    const fixed = readFileSync(copy, 'utf8');
    assert.match(fixed, /initContainers:\n {8}- name: logshipper # legacy-style sidecar container\n {10}image: alpine:latest\n {10}restartPolicy: Always\n/);
    assert.equal(run(...rules, '--format', 'json', copy).code, 0);
  });

  test('the bundled examples demonstrate the rules they were written for', () => {
    const findings = JSON.parse(run('--format', 'json', join(__dirname, '..', '..', 'examples')).stdout) as JsonFinding[];
    const shown = new Set(findings.map((f) => f.rule));
    assert.deepEqual(
      EXAMPLE_RULES.filter((id) => !shown.has(id)),
      [],
    );
  });

  test('worker threads report exactly what one thread reports, in the same order', () => {
    const one = runWith({ SIDECAR_LINT_THREADS: '1' }, '--format', 'json', CORPUS);
    const three = runWith({ SIDECAR_LINT_THREADS: '3' }, '--format', 'json', CORPUS);
    assert.equal(three.code, one.code);
    assert.ok(one.stdout.length > 1000);
    assert.equal(three.stdout, one.stdout);
  });

  test('the whole corpus is linted without a crash', () => {
    const { code, stdout, stderr } = run('--format', 'json', CORPUS);
    assert.equal(code, 1, stderr);
    assert.equal(stderr, '');
    const rules = new Set((JSON.parse(stdout) as JsonFinding[]).map((f) => f.rule));
    for (const rule of ['legacy-sidecar', 'job-sidecar-never-completes', 'missing-limits', 'missing-requests', 'port-clash', 'yaml-syntax'])
      assert.ok(rules.has(rule), rule);
  });

  test('a kustomization beside the manifests: its patches are fragments, the images it rewrites are not floating', () => {
    const dir = mkdtempSync(join(tmpdir(), 'sidecar-lint-kustomize-'));
    const deployment = (name: string, image: string) =>
      `apiVersion: apps/v1\nkind: Deployment\nmetadata:\n  name: ${name}\nspec:\n  template:\n    spec:\n      containers:\n        - name: app\n          image: ${image}\n        - name: log-shipper\n          image: fluent/fluent-bit:3.2\n`;
    writeFileSync(
      join(dir, 'kustomization.yaml'),
      'resources: [base.yaml]\npatches:\n  - path: patch.yaml\nimages:\n  - name: example.com/app\n    newTag: "1.4.2"\n',
    );
    writeFileSync(join(dir, 'base.yaml'), deployment('web', 'example.com/app:latest'));
    writeFileSync(join(dir, 'patch.yaml'), deployment('web', 'example.com/app:1.4.2'));
    writeFileSync(join(dir, 'other.yaml'), deployment('other', 'example.com/other:latest'));
    const findings = JSON.parse(run('--format', 'json', ...only('image-tag', 'legacy-sidecar'), dir).stdout) as JsonFinding[];
    const seen = findings.map((f) => `${f.file.slice(dir.length + 1)} ${f.rule}`).sort();
    // The patch is only part of a pod: whether the shipper is a legacy sidecar is the built result's to say.
    assert.deepEqual(seen, ['base.yaml legacy-sidecar', 'other.yaml image-tag', 'other.yaml legacy-sidecar']);
  });

  test('in a testdata directory, hygiene findings are info', () => {
    const dir = mkdtempSync(join(tmpdir(), 'sidecar-lint-testdata-'));
    mkdirSync(join(dir, 'testdata'));
    const pod = 'apiVersion: v1\nkind: Pod\nmetadata:\n  name: p\nspec:\n  containers:\n    - name: app\n      image: busybox:latest\n';
    writeFileSync(join(dir, 'testdata', 'pod.yaml'), pod);
    writeFileSync(join(dir, 'pod.yaml'), pod);
    const result = spawnSync(process.execPath, [CLI, '--format', 'json', ...only('image-tag'), '.'], { cwd: dir, encoding: 'utf8', timeout: 60_000 });
    const findings = JSON.parse(result.stdout) as JsonFinding[];
    assert.deepEqual(
      findings.map((f) => [f.file, f.severity]),
      [
        ['pod.yaml', 'warning'],
        ['testdata/pod.yaml', 'info'],
      ],
    );
  });

  test('a Service in one file is checked against the Deployment in another, in one thread or two', () => {
    const dir = mkdtempSync(join(tmpdir(), 'sidecar-lint-objects-'));
    writeFileSync(
      join(dir, 'service.yaml'),
      'apiVersion: v1\nkind: Service\nmetadata:\n  name: web\nspec:\n  selector: {app: web}\n  ports:\n    - {port: 80, targetPort: http}\n',
    );
    const deployment = (ports: string) =>
      `apiVersion: apps/v1\nkind: Deployment\nmetadata:\n  name: web\nspec:\n  template:\n    metadata:\n      labels: {app: web}\n    spec:\n      containers:\n        - name: app\n          image: nginx:1.27\n          ports: ${ports}\n`;
    writeFileSync(join(dir, 'deployment.yaml'), deployment('[{containerPort: 8080}]'));
    for (const threads of ['1', '2']) {
      const findings = JSON.parse(
        runWith({ SIDECAR_LINT_THREADS: threads }, '--format', 'json', ...only('service-port-unresolved'), dir).stdout,
      ) as JsonFinding[];
      assert.deepEqual(
        findings.map((f) => [f.file.slice(dir.length + 1), f.line, f.rule]),
        [['service.yaml', 8, 'service-port-unresolved']],
      );
      assert.match(findings[0].message, /Deployment 'web' in deployment\.yaml/);
    }
    // Alone, the Service file sees no pod: nothing to say.
    assert.equal(run('--format', 'json', ...only('service-port-unresolved'), join(dir, 'service.yaml')).stdout.trim(), '[]');
    writeFileSync(join(dir, 'deployment.yaml'), deployment('[{name: http, containerPort: 8080}]'));
    assert.equal(run('--format', 'json', ...only('service-port-unresolved'), dir).stdout.trim(), '[]');
  });

  test('a Namespace in one file injects the mesh proxy into a Job in another, in one thread or two', () => {
    const dir = mkdtempSync(join(tmpdir(), 'sidecar-lint-namespace-'));
    writeFileSync(join(dir, 'namespace.yaml'), 'apiVersion: v1\nkind: Namespace\nmetadata:\n  name: batch\n  labels:\n    istio-injection: enabled\n');
    writeFileSync(
      join(dir, 'job.yaml'),
      'apiVersion: batch/v1\nkind: Job\nmetadata:\n  name: report\n  namespace: batch\nspec:\n  template:\n    spec:\n      restartPolicy: Never\n      containers:\n        - name: app\n          image: busybox:1.36\n',
    );
    for (const threads of ['1', '2']) {
      const findings = JSON.parse(
        runWith({ SIDECAR_LINT_THREADS: threads }, '--format', 'json', ...only('mesh-proxy-blocks-job'), dir).stdout,
      ) as JsonFinding[];
      assert.deepEqual(
        findings.map((f) => [f.file.slice(dir.length + 1), f.line, f.rule]),
        [['job.yaml', 2, 'mesh-proxy-blocks-job']],
      );
      assert.match(findings[0].message, /namespace 'batch'/);
    }
    // Alone, the Job file knows nothing of its namespace's labels.
    assert.equal(run('--format', 'json', ...only('mesh-proxy-blocks-job'), join(dir, 'job.yaml')).stdout.trim(), '[]');
  });
});
