/** Unsaved editor buffers in overlay builds, with the real kubectl: the build reads what the person sees, never writes their files. */
import assert from 'node:assert/strict';
import { existsSync, readdirSync, readFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, relative } from 'node:path';
import { pathToFileURL } from 'node:url';
import { describe, test } from 'node:test';
import { toolPaths } from '../../scripts/fetch-tools.mjs';
import { copyWithBuffers, COPY_BUDGET } from '../../server/src/overlays/bufferCopy';
import { lintOverlay, type OverlayResult } from '../../server/src/overlays/lintOverlay';
import { OverlayScheduler } from '../../server/src/overlays/scheduler';
import { LineIndex, normalizeSettings } from '../../server/src/service';

const FIXTURES = join(__dirname, '..', 'fixtures', 'overlays');
const KUBECTL = (toolPaths() as { kubectl: string }).kubectl;
const settings = normalizeSettings({});
const LIMITS_PATCH = join(FIXTURES, 'limits', 'memory-limit.yaml');
const LIMITS_KUSTOMIZATION = join(FIXTURES, 'limits', 'kustomization.yaml');

/** The limits patch with a legacy log shipper typed in after the app (line 13 names it). */
const LIMITS_WITH_SHIPPER = `${readFileSync(LIMITS_PATCH, 'utf8')}        - name: log-shipper
          image: fluent/fluent-bit:3.2.4
          resources:
            requests: { cpu: 50m, memory: 64Mi }
            limits: { cpu: 100m, memory: 128Mi }
`;

/** `file:line:column rule`, positioned in the text the build read (the buffer where there is one). */
function seen(result: OverlayResult | undefined): string[] {
  assert.ok(result, 'a kustomization was found');
  return result.findings.map((f) => {
    const at = new LineIndex(result.read(f.file) ?? '').positionAt(f.start);
    return `${relative(FIXTURES, f.file)}:${at.line + 1}:${at.character + 1} ${f.rule}`;
  });
}

/** Temporary copies this process left behind. */
const leftCopies = () => readdirSync(tmpdir()).filter((name) => name.startsWith('sidecar-lint-overlay-copy-')).length;

describe('overlay builds over unsaved buffers', () => {
  test('a shipper typed into a patch but not saved is built: the finding sits on its line in the buffer', async () => {
    const onDisk = readFileSync(LIMITS_PATCH, 'utf8');
    const copiesBefore = leftCopies();
    const result = await lintOverlay(join(FIXTURES, 'limits'), { settings, kubectl: KUBECTL, buffers: new Map([[LIMITS_PATCH, LIMITS_WITH_SHIPPER]]) });
    assert.deepEqual(seen(result), ['limits/memory-limit.yaml:13:17 legacy-sidecar']);
    assert.equal(result!.buffers, 'copied');
    assert.equal(readFileSync(LIMITS_PATCH, 'utf8'), onDisk, "the person's file is not written");
    assert.equal(leftCopies(), copiesBefore, 'the copy is removed');
  });

  test('the limit deleted in the buffer: the base shows missing-limits through this overlay; buffers equal to the disk build in place', async () => {
    const withoutLimit = readFileSync(LIMITS_PATCH, 'utf8').replace(/\n\s+resources:[\s\S]*$/, '\n');
    const edited = await lintOverlay(join(FIXTURES, 'limits'), { settings, kubectl: KUBECTL, buffers: new Map([[LIMITS_PATCH, withoutLimit]]) });
    assert.deepEqual(seen(edited), ['base/deployment.yaml:22:11 missing-limits']);
    const saved = await lintOverlay(join(FIXTURES, 'limits'), {
      settings,
      kubectl: KUBECTL,
      buffers: new Map([[LIMITS_PATCH, readFileSync(LIMITS_PATCH, 'utf8')]]),
    });
    assert.deepEqual(seen(saved), []);
    assert.equal(saved!.buffers, 'unchanged');
  });

  test('a kustomization edited to name a missing patch: the error is on the entry in the buffer and names no temporary folder', async () => {
    const text = `${readFileSync(LIMITS_KUSTOMIZATION, 'utf8')}  - path: not-there.yaml\n`;
    const result = await lintOverlay(join(FIXTURES, 'limits'), { settings, kubectl: KUBECTL, buffers: new Map([[LIMITS_KUSTOMIZATION, text]]) });
    assert.deepEqual(seen(result), ['limits/kustomization.yaml:6:11 kustomize-build']);
    assert.match(result!.findings[0].message, /not-there\.yaml/);
    assert.doesNotMatch(result!.findings[0].message, /sidecar-lint-overlay-copy/);
  });

  test('a buffer outside the folders the build reads changes nothing and costs no copy', async () => {
    const result = await lintOverlay(join(FIXTURES, 'limits'), {
      settings,
      kubectl: KUBECTL,
      buffers: new Map([[join(FIXTURES, 'shipper', 'add-log-shipper.yaml'), 'kind: Nonsense\n']]),
    });
    assert.equal(result!.buffers, 'unchanged');
    assert.deepEqual(seen(result), []);
  });

  test('the copy holds the kustomization folders and the buffers, not their whole common ancestor, within a budget', () => {
    const copy = copyWithBuffers([join(FIXTURES, 'limits'), join(FIXTURES, 'base')], [], new Map([[LIMITS_PATCH, 'x: 1\n']]));
    assert.ok(copy);
    try {
      assert.equal(copy.root, FIXTURES);
      assert.deepEqual(readdirSync(copy.at).sort(), ['base', 'limits']);
      assert.equal(readFileSync(copy.inCopy(LIMITS_PATCH), 'utf8'), 'x: 1\n');
      assert.equal(copy.real(`error in ${copy.inCopy(LIMITS_PATCH)}`), `error in ${LIMITS_PATCH}`);
    } finally {
      copy.dispose();
    }
    assert.equal(existsSync(copy.at), false);
    const saved = COPY_BUDGET.files;
    COPY_BUDGET.files = 1;
    try {
      assert.equal(copyWithBuffers([join(FIXTURES, 'limits'), join(FIXTURES, 'base')], [], new Map([[LIMITS_PATCH, 'x: 1\n']])), undefined);
    } finally {
      COPY_BUDGET.files = saved;
    }
  });
});

describe('the editor scheduler with unsaved buffers', () => {
  /** A host whose open documents are `buffers`; `next` resolves on the next revalidate. */
  function host(buffers: Map<string, string>) {
    let wake = () => {};
    return {
      next: () => new Promise<void>((resolve) => (wake = resolve)),
      host: {
        settings: () => Promise.resolve(normalizeSettings({ kustomize: { kubectlPath: KUBECTL } })),
        revalidate: () => wake(),
        isOpen: () => true,
        buffers: () => buffers,
        hint: () => {},
        log: () => {},
      },
    };
  }
  const place = (scheduler: OverlayScheduler, path: string) =>
    scheduler.diagnosticsFor(path)?.map((d) => `${d.range.start.line + 1}:${d.range.start.character + 1} ${String(d.code)}`);

  test('an edit, then idle: the overlay is built from the buffer; the same buffers again come from the cache', async () => {
    const buffers = new Map([[LIMITS_PATCH, readFileSync(LIMITS_PATCH, 'utf8')]]);
    const { host: h, next } = host(buffers);
    const scheduler = new OverlayScheduler(h, true);
    const uri = pathToFileURL(LIMITS_PATCH).toString();
    let done = next();
    scheduler.opened(LIMITS_PATCH, uri);
    await done;
    assert.deepEqual(place(scheduler, LIMITS_PATCH), []);
    assert.equal(scheduler.builds, 1);

    buffers.set(LIMITS_PATCH, LIMITS_WITH_SHIPPER);
    done = next();
    scheduler.changed(LIMITS_PATCH, uri);
    scheduler.changed(LIMITS_PATCH, uri);
    await done;
    assert.deepEqual(place(scheduler, LIMITS_PATCH), ['13:17 legacy-sidecar']);
    assert.equal(scheduler.builds, 2, 'two edits within the idle delay are one build');

    // Undone in the editor: the buffer is the disk text again, whose result is cached.
    buffers.set(LIMITS_PATCH, readFileSync(LIMITS_PATCH, 'utf8'));
    done = next();
    scheduler.changed(LIMITS_PATCH, uri);
    await done;
    assert.deepEqual(place(scheduler, LIMITS_PATCH), []);
    assert.equal(scheduler.builds, 2);
  });

  test('closing a file with unsaved edits builds from the disk again', async () => {
    const buffers = new Map([[LIMITS_PATCH, LIMITS_WITH_SHIPPER]]);
    const { host: h, next } = host(buffers);
    const scheduler = new OverlayScheduler(h, true);
    const uri = pathToFileURL(LIMITS_PATCH).toString();
    let done = next();
    scheduler.saved(LIMITS_PATCH, uri);
    await done;
    assert.deepEqual(place(scheduler, LIMITS_PATCH), ['13:17 legacy-sidecar']);
    buffers.clear();
    done = next();
    scheduler.closed(LIMITS_PATCH, uri);
    await done;
    assert.deepEqual(place(scheduler, LIMITS_PATCH), []);
  });
});
