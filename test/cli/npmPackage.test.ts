/** The npm package as `npx sidecar-lint` gets it: exactly the CLI bundle, its schema and docs, installable with nothing else. */
import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import { mkdtempSync, readdirSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, describe, test } from 'node:test';

const ROOT = join(__dirname, '..', '..');
const manifest = JSON.parse(readFileSync(join(ROOT, 'package.json'), 'utf8')) as Record<string, unknown>;
const EXPECTED = ['CHANGELOG.md', 'LICENSE', 'README.md', 'dist/cli.js', 'package.json', 'schemas/sidecar-lint.schema.json'];

/** npm as a process; --ignore-scripts so packing never rebuilds the bundles other tests are running. */
function npm(cwd: string, ...args: string[]) {
  const result = spawnSync('npm', [...args, '--ignore-scripts', '--no-audit', '--no-fund'], { cwd, encoding: 'utf8', timeout: 120_000 });
  assert.equal(result.status, 0, `npm ${args.join(' ')}: ${result.stderr}`);
  return result.stdout;
}

const work = mkdtempSync(join(tmpdir(), 'sidecar-lint-npm-'));
after(() => rmSync(work, { recursive: true, force: true }));

describe('npm package', () => {
  test('npm pack lists exactly the CLI bundle, the config schema, README, LICENSE, CHANGELOG and package.json', () => {
    const [packed] = JSON.parse(npm(ROOT, 'pack', '--dry-run', '--json')) as { files: { path: string }[] }[];
    assert.deepEqual(packed.files.map((f) => f.path).sort(), EXPECTED);
  });

  test('is publishable and needs no dependency at run time (the bundles inline them)', () => {
    assert.equal(manifest.private, undefined, 'private would stop npm publish');
    assert.equal(manifest.files, undefined, 'vsce refuses package.json files beside .vscodeignore: .npmignore selects the files');
    assert.equal(manifest.dependencies, undefined);
    assert.deepEqual(manifest.bin, { 'sidecar-lint': './dist/cli.js' });
  });

  test('the packed tarball installs offline into an empty folder, and its sidecar-lint bin prints the version and lints', () => {
    npm(ROOT, 'pack', '--pack-destination', work);
    const tarball = readdirSync(work).find((f) => f.endsWith('.tgz'));
    assert.ok(tarball, 'npm pack wrote a tarball');
    const project = join(work, 'project');
    npm(work, 'install', '--prefix', project, '--offline', join(work, tarball));
    assert.deepEqual(
      readdirSync(join(project, 'node_modules')).filter((name) => !name.startsWith('.')),
      ['sidecar-lint'],
      'nothing but sidecar-lint is installed',
    );
    const bin = join(project, 'node_modules', '.bin', 'sidecar-lint');
    const version = spawnSync(bin, ['--version'], { encoding: 'utf8', timeout: 60_000 });
    assert.equal(version.status, 0, version.stderr);
    assert.equal(version.stdout.trim(), manifest.version);
    const lint = spawnSync(bin, ['--format', 'json', join(ROOT, 'examples', 'job-never-completes.yaml')], { encoding: 'utf8', timeout: 60_000 });
    assert.equal(lint.status, 1, lint.stderr);
    const rules = (JSON.parse(lint.stdout) as { rule: string }[]).map((r) => r.rule);
    assert.ok(rules.includes('job-sidecar-never-completes'), rules.join(', '));
  });
});
