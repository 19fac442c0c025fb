/** The built CLI on a repository whose images skaffold or an OpenShift release build replaces at deploy time. */
import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, describe, test } from 'node:test';

const CLI = join(__dirname, '..', '..', 'dist', 'cli.js');

interface JsonFinding {
  file: string;
  line: number;
  rule: string;
  message: string;
}

const deployment = (name: string, image: string) =>
  `apiVersion: apps/v1\nkind: Deployment\nmetadata:\n  name: ${name}\nspec:\n  template:\n    spec:\n      containers:\n        - name: app\n          image: ${image}\n`;

function imageTagFindings(cwd: string): string[] {
  const result = spawnSync(process.execPath, [CLI, '--format', 'json', '.'], { cwd, encoding: 'utf8', timeout: 60_000 });
  assert.equal(result.stderr, '');
  const findings = JSON.parse(result.stdout) as JsonFinding[];
  return findings
    .filter((f) => f.rule === 'image-tag')
    .map((f) => f.file)
    .sort();
}

describe('sidecar-lint CLI and build tools', () => {
  const dir = mkdtempSync(join(tmpdir(), 'sidecar-lint-cli-build-tools-'));
  after(() => rmSync(dir, { recursive: true, force: true }));

  test('an image a skaffold.yaml at the repository root builds is not reported; an image it does not build is', () => {
    const repo = join(dir, 'shop');
    mkdirSync(join(repo, '.git'), { recursive: true });
    mkdirSync(join(repo, 'kubernetes-manifests'));
    writeFileSync(
      join(repo, 'skaffold.yaml'),
      'apiVersion: skaffold/v4beta11\nkind: Config\nmetadata: {name: app}\nbuild:\n  artifacts:\n    - image: frontend\n---\napiVersion: skaffold/v4beta11\nkind: Config\nmetadata: {name: load}\nbuild:\n  artifacts:\n    - image: loadgenerator\n',
    );
    writeFileSync(join(repo, 'kubernetes-manifests', 'frontend.yaml'), deployment('frontend', 'frontend'));
    writeFileSync(join(repo, 'kubernetes-manifests', 'loadgenerator.yaml'), deployment('loadgenerator', 'loadgenerator:latest'));
    writeFileSync(join(repo, 'kubernetes-manifests', 'redis.yaml'), deployment('redis', 'redis:latest'));
    assert.deepEqual(imageTagFindings(repo), ['kubernetes-manifests/redis.yaml']);
  });

  test('an image the image-references beside an OpenShift manifest maps is not reported; elsewhere it is', () => {
    const repo = join(dir, 'operator');
    mkdirSync(join(repo, '.git'), { recursive: true });
    mkdirSync(join(repo, 'manifests'));
    mkdirSync(join(repo, 'examples'));
    writeFileSync(
      join(repo, 'manifests', 'image-references'),
      'kind: ImageStream\napiVersion: image.openshift.io/v1\nspec:\n  tags:\n  - name: operator\n    from:\n      kind: DockerImage\n      name: quay.io/example/operator:latest\n',
    );
    writeFileSync(join(repo, 'manifests', '05-deployment.yaml'), deployment('operator', 'quay.io/example/operator:latest'));
    writeFileSync(join(repo, 'examples', 'deployment.yaml'), deployment('operator', 'quay.io/example/operator:latest'));
    assert.deepEqual(imageTagFindings(repo), ['examples/deployment.yaml']);
  });

  test('a skaffold.yaml that does not parse names nothing: the finding stays, and the run does not fail on it', () => {
    const repo = join(dir, 'broken');
    mkdirSync(join(repo, '.git'), { recursive: true });
    writeFileSync(join(repo, 'skaffold.yaml'), 'build:\n  artifacts:\n    - image: frontend\n  oops: [\n');
    writeFileSync(join(repo, 'frontend.yaml'), deployment('frontend', 'frontend'));
    assert.deepEqual(imageTagFindings(repo), ['frontend.yaml']);
  });
});
