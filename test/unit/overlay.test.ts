/** Overlays built with the real kubectl kustomize (fetched by scripts/fetch-tools.mjs), findings placed on base and patch lines. */
import assert from 'node:assert/strict';
import { chmodSync, cpSync, mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, relative } from 'node:path';
import { pathToFileURL } from 'node:url';
import { describe, test } from 'node:test';
import { toolPaths } from '../../scripts/fetch-tools.mjs';
import { lintOverlay, type OverlayResult } from '../../server/src/overlays/lintOverlay';
import { OverlayScheduler } from '../../server/src/overlays/scheduler';
import { LineIndex, normalizeSettings, parseConfig } from '../../server/src/service';

const FIXTURES = join(__dirname, '..', 'fixtures', 'overlays');
const KUBECTL = (toolPaths() as { kubectl: string }).kubectl;
const settings = normalizeSettings({});

/** `file:line:column rule` of each finding, the file relative to `root`. */
function seen(result: OverlayResult | undefined, root = FIXTURES): string[] {
  assert.ok(result, 'a kustomization was found');
  return result.findings.map((f) => {
    const at = new LineIndex(readFileSync(f.file, 'utf8')).positionAt(f.start);
    return `${relative(root, f.file)}:${at.line + 1}:${at.character + 1} ${f.rule}`;
  });
}

const lint = (dir: string, extra: Partial<Parameters<typeof lintOverlay>[1]> = {}) => lintOverlay(dir, { settings, kubectl: KUBECTL, ...extra });

/** A copy of the fixtures, to change one file of an overlay. */
function copy(): string {
  const dir = mkdtempSync(join(tmpdir(), 'sidecar-lint-overlay-'));
  cpSync(FIXTURES, dir, { recursive: true });
  return dir;
}

describe('overlays through kubectl kustomize', () => {
  test('a patch that adds a legacy log shipper: the finding sits on the patch container name; the base keeps its own', async () => {
    assert.deepEqual(seen(await lint(join(FIXTURES, 'shipper'))), [
      'base/deployment.yaml:22:11 missing-limits',
      'shipper/add-log-shipper.yaml:13:17 legacy-sidecar',
    ]);
  });

  test('a patch that sets the limit the base lacks: no missing-limits, although the base alone has it', async () => {
    assert.deepEqual(seen(await lint(join(FIXTURES, 'limits'))), []);
    assert.deepEqual(seen(await lint(join(FIXTURES, 'base'))), ['base/deployment.yaml:22:11 missing-limits']);
  });

  test('a namePrefix overlay over another overlay: patches match the base name, an inline JSON patch gets its own line', async () => {
    assert.deepEqual(seen(await lint(join(FIXTURES, 'prod'))), [
      'prod/kustomization.yaml:15:16 image-tag',
      'shipper/add-log-shipper.yaml:13:17 legacy-sidecar',
    ]);
  });

  test('a build error is one finding on the kustomization entry kustomize names', async () => {
    const result = await lint(join(FIXTURES, 'broken'));
    assert.deepEqual(seen(result), ['broken/kustomization.yaml:4:11 kustomize-build']);
    assert.match(result!.findings[0].message, /missing-patch\.yaml/);
    assert.equal(result!.findings[0].severity, 'error');
  });

  test('the files the build reads are the tree: kustomizations, bases and patches', async () => {
    const result = await lint(join(FIXTURES, 'prod'));
    assert.deepEqual([...result!.tree.files].map((f) => relative(FIXTURES, f)).sort(), [
      'base/deployment.yaml',
      'base/kustomization.yaml',
      'prod/kustomization.yaml',
      'prod/memory-limit.yaml',
      'shipper/add-log-shipper.yaml',
      'shipper/kustomization.yaml',
    ]);
  });

  test('a disable comment in the patch silences the finding placed there', async () => {
    const dir = copy();
    const patch = join(dir, 'shipper', 'add-log-shipper.yaml');
    writeFileSync(
      patch,
      readFileSync(patch, 'utf8').replace(
        '        - name: log-shipper',
        '        # sidecar-lint-disable-next-line legacy-sidecar\n        - name: log-shipper',
      ),
    );
    assert.deepEqual(seen(await lint(join(dir, 'shipper')), dir), ['base/deployment.yaml:22:11 missing-limits']);
  });

  test('a JSON 6902 patch file that appends a container: the finding sits on the name inside the operation', async () => {
    const dir = copy();
    writeFileSync(
      join(dir, 'shipper', 'kustomization.yaml'),
      'resources:\n  - ../base\npatchesJson6902:\n  - target: {group: apps, version: v1, kind: Deployment, name: web}\n    path: add.yaml\n',
    );
    writeFileSync(
      join(dir, 'shipper', 'add.yaml'),
      '- op: add\n  path: /spec/template/spec/containers/-\n  value:\n    name: log-shipper\n    image: fluent/fluent-bit:3.2.4\n    resources:\n      limits: {cpu: 100m, memory: 64Mi}\n',
    );
    assert.deepEqual(seen(await lint(join(dir, 'shipper')), dir), ['base/deployment.yaml:22:11 missing-limits', 'shipper/add.yaml:4:11 legacy-sidecar']);
  });

  test("an image an overlay's images: entry makes floating: the finding sits on that entry's newTag", async () => {
    const dir = copy();
    const kustomization = join(dir, 'limits', 'kustomization.yaml');
    writeFileSync(kustomization, `${readFileSync(kustomization, 'utf8')}images:\n  - name: nginx\n    newTag: latest\n`);
    assert.deepEqual(seen(await lint(join(dir, 'limits')), dir), ['limits/kustomization.yaml:8:13 image-tag']);
  });

  test('a configured kustomize binary is run as `kustomize build <dir>`', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'sidecar-lint-kustomize-bin-'));
    const fake = join(dir, 'kustomize');
    // Stands in for kustomize: refuses anything but `build DIR`, then builds with the real kubectl.
    writeFileSync(fake, `#!/bin/sh\n[ "$1" = build ] || exit 3\nexec '${KUBECTL}' kustomize "$2"\n`);
    chmodSync(fake, 0o755);
    assert.deepEqual(seen(await lint(join(FIXTURES, 'shipper'), { kubectl: undefined, kustomize: fake })), [
      'base/deployment.yaml:22:11 missing-limits',
      'shipper/add-log-shipper.yaml:13:17 legacy-sidecar',
    ]);
  });

  test('without kubectl, or cancelled, the build is skipped and nothing is reported through it', async () => {
    const missing = await lint(join(FIXTURES, 'shipper'), { kubectl: join(tmpdir(), 'no-such-kubectl') });
    assert.equal(missing?.skipped, 'missing-tool');
    assert.deepEqual(missing?.findings, []);
    const controller = new AbortController();
    controller.abort();
    const cancelled = await lint(join(FIXTURES, 'shipper'), { signal: controller.signal });
    assert.equal(cancelled?.skipped, 'cancelled');
  });

  test('a folder without a kustomization is not an overlay', async () => {
    assert.equal(await lint(join(FIXTURES, '..', 'corpus')), undefined);
  });
});

describe('the editor scheduler of overlay builds', () => {
  /** A host that records what the scheduler asks of the server; `settle` resolves on the next revalidate. */
  function host(kubectl: string) {
    const calls = { revalidated: [] as string[], hints: [] as string[] };
    let wake = () => {};
    return {
      calls,
      next: () => new Promise<void>((resolve) => (wake = resolve)),
      host: {
        settings: () => Promise.resolve(normalizeSettings({ kustomize: { kubectlPath: kubectl } })),
        revalidate: (uri: string) => {
          calls.revalidated.push(uri);
          wake();
        },
        isOpen: () => true,
        hint: (message: string) => {
          calls.hints.push(message);
          wake();
        },
        log: () => {},
      },
    };
  }

  test('a saved patch: its overlay is built once, and an unchanged tree is answered from the cache', async () => {
    const { host: h, next } = host(KUBECTL);
    const scheduler = new OverlayScheduler(h, true);
    const patch = join(FIXTURES, 'shipper', 'add-log-shipper.yaml');
    const done = next();
    scheduler.saved(patch, pathToFileURL(patch).toString());
    await done;
    assert.deepEqual(
      scheduler.diagnosticsFor(patch)?.map((d) => `${d.range.start.line + 1}:${d.range.start.character + 1} ${String(d.code)}`),
      ['13:17 legacy-sidecar'],
    );
    assert.equal(scheduler.builds, 1);
    const again = next();
    scheduler.saved(patch, pathToFileURL(patch).toString());
    await again;
    assert.equal(scheduler.builds, 1, 'the same files, settings and kubectl give the same findings');
  });

  test('a request for the same files while their build runs (the watcher event after a save) does not start it again', async () => {
    const { host: h, next } = host(KUBECTL);
    const scheduler = new OverlayScheduler(h, true);
    const patch = join(FIXTURES, 'shipper', 'add-log-shipper.yaml');
    const done = next();
    scheduler.saved(patch, pathToFileURL(patch).toString());
    await new Promise((resolve) => setTimeout(resolve, 50)); // the build has started
    scheduler.saved(patch, pathToFileURL(patch).toString());
    await done;
    assert.equal(scheduler.builds, 1);
    assert.deepEqual(
      scheduler.diagnosticsFor(patch)?.map((d) => `${d.range.start.line + 1}:${String(d.code)}`),
      ['13:legacy-sidecar'],
    );
  });

  test('an untrusted workspace builds nothing: files keep their own diagnostics', () => {
    const { host: h } = host(KUBECTL);
    const scheduler = new OverlayScheduler(h, false);
    const patch = join(FIXTURES, 'shipper', 'add-log-shipper.yaml');
    scheduler.saved(patch, pathToFileURL(patch).toString());
    assert.equal(scheduler.diagnosticsFor(patch), undefined);
    assert.equal(scheduler.builds, 0);
  });

  test('a machine-scoped kubectl path cannot come from a .sidecar-lint.yaml', () => {
    const { problems } = parseConfig('kustomize:\n  kubectlPath: ./evil\n');
    assert.match(problems[0].message, /Unknown setting 'kustomize'/);
  });
});
