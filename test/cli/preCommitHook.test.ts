/**
 * The pre-commit hook (.pre-commit-hooks.yaml) as pre-commit calls it: the staged files its `files` and `types` select,
 * passed after `entry` and the user's `args`, with the package's bin on PATH. (A real pre-commit run against this
 * repository is test/e2e/pre-commit.sh, in npm run test:editors, where apt can install pre-commit.)
 */
import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import { chmodSync, copyFileSync, mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { delimiter, extname, join } from 'node:path';
import { after, describe, test } from 'node:test';
import { parse } from 'yaml';

const ROOT = join(__dirname, '..', '..');
const manifest = JSON.parse(readFileSync(join(ROOT, 'package.json'), 'utf8')) as { bin: Record<string, string> };
const [hook, ...others] = parse(readFileSync(join(ROOT, '.pre-commit-hooks.yaml'), 'utf8')) as {
  id: string;
  entry: string;
  language: string;
  files: string;
  types: string[];
}[];

const temp = mkdtempSync(join(tmpdir(), 'sidecar-lint-pre-commit-'));
after(() => rmSync(temp, { recursive: true, force: true }));

// pre-commit installs the package, which puts its bin on PATH: a shim for the same bin file stands in for that.
const binDir = join(temp, 'bin');
mkdirSync(binDir);
const shim = join(binDir, hook.entry);
writeFileSync(shim, `#!/bin/sh\nexec "${process.execPath}" "${join(ROOT, manifest.bin[hook.entry])}" "$@"\n`);
chmodSync(shim, 0o755);

/** The staged files pre-commit would pass: `files` matches the path and identify tags .yaml and .yml files `yaml`. */
const selected = (files: string[]) =>
  files.filter((f) => new RegExp(hook.files).test(f) && hook.types.every((t) => t === 'yaml' && ['.yaml', '.yml'].includes(extname(f))));

/** Runs `entry args... files` in the repository, as pre-commit's xargs does. */
function runHook(repo: string, staged: string[], args: string[] = []) {
  const files = selected(staged);
  const [command, ...entryArgs] = hook.entry.split(' ');
  const result = spawnSync(command, [...entryArgs, ...args, ...files], {
    cwd: repo,
    encoding: 'utf8',
    timeout: 60_000,
    env: { ...process.env, PATH: `${binDir}${delimiter}${process.env.PATH ?? ''}` },
  });
  return { code: result.status, stdout: result.stdout, stderr: result.stderr, files };
}

function repository(): string {
  const repo = join(temp, 'repo');
  mkdirSync(join(repo, 'k8s'), { recursive: true });
  copyFileSync(join(ROOT, 'examples', 'pod-missing-resources.yaml'), join(repo, 'k8s', 'bad.yaml'));
  copyFileSync(join(ROOT, 'examples', 'kubernetes-1.28', 'native-sidecar.yaml'), join(repo, 'k8s', 'good.yml'));
  writeFileSync(join(repo, 'README.md'), '# not a manifest\n');
  writeFileSync(join(repo, 'values.yaml.tpl'), 'not: [yaml\n');
  return repo;
}

describe('pre-commit hook', () => {
  const repo = repository();

  test('declares one node hook whose entry is the package bin, for .yaml and .yml files', () => {
    assert.equal(others.length, 0);
    assert.equal(hook.id, 'sidecar-lint');
    assert.equal(hook.language, 'node');
    assert.equal(hook.entry, 'sidecar-lint');
    assert.ok(manifest.bin[hook.entry], 'the entry is a bin of package.json');
    assert.deepEqual(hook.types, ['yaml']);
    assert.deepEqual(selected(['a.yaml', 'b.yml', 'c.yaml.tpl', 'README.md', 'd.json']), ['a.yaml', 'b.yml']);
  });

  test('a staged manifest with warnings fails the commit and names the file and line', () => {
    const run = runHook(repo, ['README.md', 'k8s/bad.yaml', 'k8s/good.yml', 'values.yaml.tpl']);
    assert.deepEqual(run.files, ['k8s/bad.yaml', 'k8s/good.yml']);
    assert.equal(run.code, 1, run.stderr);
    assert.match(run.stdout, /^k8s\/bad\.yaml:8:13: warning missing-limits: /m);
    assert.doesNotMatch(run.stdout, /good\.yml/);
  });

  test('clean staged manifests pass, and args from the hook config go before the files', () => {
    assert.equal(runHook(repo, ['k8s/good.yml']).code, 0);
    const old = runHook(repo, ['k8s/good.yml'], ['--kubernetes-version', '1.28']);
    assert.equal(old.code, 1);
    assert.match(old.stdout, /k8s\/good\.yml:\d+:\d+: warning native-sidecar-unsupported/);
    assert.equal(runHook(repo, ['k8s/bad.yaml'], ['--max-warnings', '10']).code, 0);
  });
});
