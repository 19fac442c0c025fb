/** The editor's chart scheduler with the real helm and a host in memory: idle renders, saves, stale runs, the cache. */
import assert from 'node:assert/strict';
import { cpSync, mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, describe, test } from 'node:test';
import type { Diagnostic } from 'vscode-languageserver-types';
import { toolPaths } from '../../scripts/fetch-tools.mjs';
import { chartOfTemplate, ChartScheduler, type ChartDocument, type ChartHost } from '../../server/src/charts/scheduler';
import { normalizeSettings } from '../../server/src/service';

const CHARTS = join(__dirname, '..', 'fixtures', 'charts');
const { helm3 } = toolPaths() as Record<string, string>;

/** A host whose open documents the test sets, recording what the scheduler publishes and asks for. */
function host(documents: ChartDocument[], helmPath = helm3) {
  const published: { uri: string; diagnostics: Diagnostic[] }[] = [];
  const waiters: (() => void)[] = [];
  const record = {
    published,
    fallbacks: [] as string[],
    hints: [] as string[],
    /** Resolves at the next publish (or fallback). */
    next: () => new Promise<void>((resolve) => waiters.push(resolve)),
  };
  const wake = () => waiters.splice(0).forEach((w) => w());
  const chartHost: ChartHost = {
    openDocuments: () => documents,
    settings: () => Promise.resolve({ ...normalizeSettings({}), helmPath }),
    publish: (uri, diagnostics) => {
      published.push({ uri, diagnostics });
      wake();
    },
    fallback: (uri) => {
      record.fallbacks.push(uri);
      wake();
    },
    hint: (message) => void record.hints.push(message),
    log: () => {},
  };
  return { chartHost, record };
}

describe('chart scheduler', () => {
  const dir = join(mkdtempSync(join(tmpdir(), 'sidecar-lint-scheduler-')), 'batch');
  cpSync(join(CHARTS, 'batch'), dir, { recursive: true });
  const jobPath = join(dir, 'templates', 'job.yaml');
  const job: ChartDocument = { uri: 'file:///job', path: jobPath, text: readFileSync(jobPath, 'utf8') };
  after(() => rmSync(dir, { recursive: true, force: true }));

  test('a template belongs to the chart above its templates/ folder; other files of the chart do not', () => {
    assert.equal(chartOfTemplate(jobPath), dir);
    assert.equal(chartOfTemplate(join(dir, 'values.yaml')), undefined);
    assert.equal(chartOfTemplate(join(tmpdir(), 'deploy.yaml')), undefined);
  });

  test('a save renders; saving the same content again is answered from the cache', async () => {
    const { chartHost, record } = host([job]);
    const scheduler = new ChartScheduler(chartHost, true);
    let next = record.next();
    scheduler.saved(jobPath);
    await next;
    assert.deepEqual(
      record.published[0].diagnostics.map((d) => d.code),
      ['job-sidecar-never-completes', 'missing-limits'],
    );
    next = record.next();
    scheduler.saved(jobPath);
    await next;
    assert.deepEqual(scheduler.stats, { started: 1, cancelled: 0, cached: 1, finished: 1 });
  });

  test('edits in a row render once, after the idle delay; a render under way is cancelled by the next edit', async () => {
    const documents = [job];
    const { chartHost, record } = host(documents);
    const scheduler = new ChartScheduler(chartHost, true, { idleMs: 20 });
    const next = record.next();
    scheduler.changed(jobPath);
    scheduler.changed(jobPath);
    scheduler.saved(jobPath); // starts a render…
    await new Promise((resolve) => setImmediate(resolve)); // (it reads the settings, then the buffers)
    documents[0] = { ...job, text: job.text.replace('name: proxy\n', 'name: envoy\n') };
    scheduler.changed(jobPath); // …that this edit makes stale
    await next;
    assert.equal(scheduler.stats.cancelled, 1);
    assert.equal(scheduler.stats.finished, 1);
    assert.match(String(record.published[0].diagnostics[0].message), /'envoy'/);
  });

  test('a validation or a save without an edit leaves the render under way alone (it renders once, at once)', async () => {
    const { chartHost, record } = host([job]);
    const scheduler = new ChartScheduler(chartHost, true, { idleMs: 20 });
    const next = record.next();
    scheduler.saved(jobPath);
    await new Promise((resolve) => setImmediate(resolve));
    scheduler.changed(jobPath); // the same buffers: what the server does when it validates the saved document again
    scheduler.saved(jobPath); // saved again, unchanged (or saved while the idle render of the same text runs)
    await next;
    assert.deepEqual(scheduler.stats, { started: 1, cancelled: 0, cached: 0, finished: 1 });
    assert.deepEqual(
      record.published[0].diagnostics.map((d) => d.code),
      ['job-sidecar-never-completes', 'missing-limits'],
    );
  });

  test('without helm: the masked lint for the open templates and one hint, and no second try', async () => {
    const { chartHost, record } = host([job], join(tmpdir(), 'no-such-helm'));
    const scheduler = new ChartScheduler(chartHost, true);
    const next = record.next();
    scheduler.saved(jobPath);
    await next;
    assert.deepEqual(record.fallbacks, ['file:///job']);
    assert.equal(record.hints.length, 1);
    assert.equal(scheduler.handles(jobPath, { ...normalizeSettings({}), helmPath: join(tmpdir(), 'no-such-helm') }), false);
    scheduler.reset();
    assert.equal(scheduler.handles(jobPath, { ...normalizeSettings({}), helmPath: join(tmpdir(), 'no-such-helm') }), true);
  });

  test('an untrusted workspace never renders', () => {
    const { chartHost, record } = host([job]);
    const scheduler = new ChartScheduler(chartHost, false);
    assert.equal(scheduler.handles(jobPath, normalizeSettings({})), false);
    assert.equal(record.hints.length, 1);
    scheduler.setTrusted(true);
    assert.equal(scheduler.handles(jobPath, normalizeSettings({})), true);
  });
});
