/** Chart templates in the editor: the server over stdio renders with the real helm on save and after edits. */
import assert from 'node:assert/strict';
import { cpSync, mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { pathToFileURL } from 'node:url';
import { after, before, describe, test } from 'node:test';
import type { CodeAction, Diagnostic } from 'vscode-languageserver-protocol';
import { toolPaths } from '../../scripts/fetch-tools.mjs';
import { TestClient } from '../helpers/lspClient';

const CHARTS = join(__dirname, '..', 'fixtures', 'charts');
const { helm3 } = toolPaths() as Record<string, string>;
const CAPABILITIES = { workspace: { configuration: true } };

/** A copy of the batch chart, so unsaved edits and saves never touch the fixture. */
function chartCopy(): string {
  const dir = join(mkdtempSync(join(tmpdir(), 'sidecar-lint-lsp-chart-')), 'batch');
  cpSync(join(CHARTS, 'batch'), dir, { recursive: true });
  return dir;
}

const codes = (diagnostics: Diagnostic[]) => diagnostics.map((d) => `${d.range.start.line + 1}:${d.range.start.character + 1} ${String(d.code)}`);

describe('chart templates in the language server', () => {
  const client = new TestClient();
  const messages: string[] = [];
  const chart = chartCopy();
  const job = pathToFileURL(join(chart, 'templates', 'job.yaml')).toString();
  const helpers = pathToFileURL(join(chart, 'templates', '_helpers.tpl')).toString();
  const values = pathToFileURL(join(chart, 'values.yaml')).toString();
  const read = (name: string) => readFileSync(join(chart, name), 'utf8');

  before(async () => {
    client.settings = { helm: { path: helm3 } };
    client.connection.onNotification('window/showMessage', (params: { message: string }) => void messages.push(params.message));
    await client.initialize(CAPABILITIES, { workspaceTrusted: true });
  });

  after(async () => {
    assert.equal(await client.shutdown(), 0);
    rmSync(chart, { recursive: true, force: true });
  });

  test('saving templates/job.yaml publishes job-sidecar-never-completes on the proxy name line', async () => {
    await client.connection.sendNotification('textDocument/didOpen', {
      textDocument: { uri: job, languageId: 'yaml', version: 1, text: read('templates/job.yaml') },
    });
    const before = client.published.length;
    await client.connection.sendNotification('textDocument/didSave', { textDocument: { uri: job } });
    const published = await client.nextDiagnostics(job, before);
    assert.deepEqual(codes(published.diagnostics), ['33:17 job-sidecar-never-completes', '37:11 missing-limits']);
    const [finding] = published.diagnostics;
    assert.equal(finding.severity, 1);
    assert.equal(finding.source, 'sidecar-lint');
    assert.deepEqual(finding.range.end, { line: 32, character: 21 });
  });

  test('the only quick fix of a chart finding is the suppression comment above its template line', async () => {
    const diagnostic = (await client.diagnostics(job)).diagnostics[0];
    const actions = (await client.connection.sendRequest('textDocument/codeAction', {
      textDocument: { uri: job },
      range: diagnostic.range,
      context: { diagnostics: [diagnostic] },
    })) as CodeAction[];
    assert.deepEqual(
      actions.map((a) => a.title),
      ['Ignore job-sidecar-never-completes on this line'],
    );
    const edit = actions[0].edit!.changes![job][0];
    assert.equal(edit.newText, '        # sidecar-lint-disable-next-line job-sidecar-never-completes\n');
    assert.deepEqual(edit.range.start, { line: 32, character: 0 });
  });

  test('unsaved values move the findings to another open template of the chart', async () => {
    await client.connection.sendNotification('textDocument/didOpen', {
      textDocument: { uri: helpers, languageId: 'yaml', version: 1, text: read('templates/_helpers.tpl') },
    });
    const text = read('values.yaml').replace('  enabled: true\n', '  enabled: true\n  native: true\n');
    await client.connection.sendNotification('textDocument/didOpen', { textDocument: { uri: values, languageId: 'yaml', version: 1, text } });
    const before = client.published.length;
    await client.connection.sendNotification('textDocument/didSave', { textDocument: { uri: job } });
    const onHelpers = await client.nextDiagnostics(helpers, before);
    assert.deepEqual(codes(onHelpers.diagnostics), ['14:9 sidecar-missing-probe', '21:3 missing-limits']);
    const onJob = await client.nextDiagnostics(job, before);
    assert.deepEqual(codes(onJob.diagnostics), []);
  });

  test('an edit cancels the render under way, and the idle render answers for the edited text', async () => {
    await client.connection.sendNotification('textDocument/didClose', { textDocument: { uri: values } });
    const rename = (version: number, from: number, to: number, name: string) =>
      client.connection.sendNotification('textDocument/didChange', {
        textDocument: { uri: job, version },
        contentChanges: [{ range: { start: { line: 32, character: from }, end: { line: 32, character: to } }, text: name }],
      });
    // A text never rendered before (no cached result), saved: its render starts; the next edit makes it stale.
    await rename(2, 16, 21, 'envoy');
    const logsBefore = client.logs.length;
    const before = client.published.length;
    await client.connection.sendNotification('textDocument/didSave', { textDocument: { uri: job } });
    await rename(3, 16, 21, 'fluent-bit');
    const published = await client.nextDiagnostics(job, before);
    assert.ok(
      client.logs.slice(logsBefore).some((line) => line.includes('render was cancelled')),
      'the render started by the save was cancelled',
    );
    assert.deepEqual(codes(published.diagnostics), ['33:17 job-sidecar-never-completes', '37:11 missing-limits']);
    assert.match(String(published.diagnostics[0].message), /'fluent-bit'/);
  });

  test('an unsaved edit of values.yaml renders the open templates again when idle', async () => {
    const before = client.published.length;
    const text = read('values.yaml').replace('quitOnExit: false', 'quitOnExit: true');
    await client.connection.sendNotification('textDocument/didOpen', { textDocument: { uri: values, languageId: 'yaml', version: 1, text } });
    const published = await client.nextDiagnostics(job, before);
    // The app now asks the proxy to quit: the Job completes, and the proxy is only a legacy sidecar.
    assert.deepEqual(codes(published.diagnostics), ['33:17 legacy-sidecar', '37:11 missing-limits']);
  });

  test('no hint was shown while helm was there', () => {
    assert.deepEqual(messages, []);
  });
});

describe('chart templates without helm, or untrusted', () => {
  for (const [name, settings, options, hint] of [
    ['helm missing', { helm: { path: join(tmpdir(), 'no-such-helm') } }, { workspaceTrusted: true }, /install helm or set sidecarLint\.helm\.path/],
    ['an untrusted workspace', { helm: { path: helm3 } }, { workspaceTrusted: false }, /Trust the workspace/],
  ] as const)
    test(`${name}: the masked lint publishes, and one hint says how to get the full analysis`, async () => {
      const client = new TestClient();
      const messages: string[] = [];
      const chart = chartCopy();
      try {
        client.settings = settings;
        client.connection.onNotification('window/showMessage', (params: { message: string }) => void messages.push(params.message));
        await client.initialize(CAPABILITIES, options);
        const uri = pathToFileURL(join(chart, 'templates', 'job.yaml')).toString();
        const text = readFileSync(join(chart, 'templates', 'job.yaml'), 'utf8');
        await client.connection.sendNotification('textDocument/didOpen', { textDocument: { uri, languageId: 'yaml', version: 1, text } });
        await client.connection.sendNotification('textDocument/didSave', { textDocument: { uri } });
        const published = await client.diagnostics(uri);
        assert.ok(!published.diagnostics.some((d) => (d.data as { chart?: boolean } | undefined)?.chart), 'no render findings');
        const second = pathToFileURL(join(chart, 'templates', '_helpers.tpl')).toString();
        await client.connection.sendNotification('textDocument/didOpen', {
          textDocument: { uri: second, languageId: 'yaml', version: 1, text: '{{/* */}}\n' },
        });
        await client.diagnostics(second);
        assert.equal(messages.length, 1);
        assert.match(messages[0], hint);
      } catch (error) {
        throw new Error(`${String(error)}\n${client.logs.join('\n')}`);
      } finally {
        assert.equal(await client.shutdown(), 0);
        rmSync(chart, { recursive: true, force: true });
      }
    });
});
