/** The server as a process under hostile clients: URIs it cannot map to a path, and a client that never answers. */
import assert from 'node:assert/strict';
import { after, describe, test } from 'node:test';
import type { Hover } from 'vscode-languageserver-protocol';
import { TextDocument } from 'vscode-languageserver-textdocument';
import { TestClient } from '../helpers/lspClient';

const JOB = `apiVersion: batch/v1
kind: Job
metadata:
  name: j
spec:
  template:
    spec:
      restartPolicy: Never
      containers:
        - name: main
          image: busybox:1.36
          resources: {limits: {cpu: 100m, memory: 64Mi}}
        - name: log-shipper
          image: fluent/fluent-bit:3.2
          resources: {limits: {cpu: 100m, memory: 64Mi}}
`;

/** Where a hover always has something to say: the `containers` key. */
const HOVER_AT = { line: 8, character: 8 };

/** Generous: far above the configuration timeout (2.5 s), only there so a hang fails instead of stalling the suite. */
const HANG_GUARD_MS = 20_000;

function open(client: TestClient, uri: string, text = JOB): Promise<void> {
  return client.connection.sendNotification('textDocument/didOpen', { textDocument: { uri, languageId: 'yaml', version: 1, text } });
}

function hover(client: TestClient, uri: string): Promise<Hover | null> {
  return client.connection.sendRequest('textDocument/hover', { textDocument: { uri }, position: HOVER_AT });
}

describe('URIs the server cannot map to a path', () => {
  const client = new TestClient();
  after(async () => {
    assert.equal(await client.shutdown(), 0);
  });

  const uris = [
    'file:///tmp/%ZZ.yaml',
    'file:///%E0%A4%A',
    'file://fileserver/share/x.yaml',
    'file://fileserver/share/.sidecar-lint.yaml',
    'untitled:Untitled-1',
    'vscode-vfs://github/owner/repo/deploy.yaml',
  ];

  test('are linted without a config file, and the server keeps answering', async () => {
    await client.initialize({ workspace: { configuration: true } });
    for (const uri of uris) {
      await open(client, uri);
      const published = await client.diagnostics(uri, 1, HANG_GUARD_MS);
      assert.ok(
        published.diagnostics.some((d) => d.code === 'job-sidecar-never-completes'),
        uri,
      );
      assert.ok(await hover(client, uri), `hover on ${uri}`);
    }
    const uri = uris[0];
    await client.connection.sendNotification('textDocument/didChange', {
      textDocument: { uri, version: 2 },
      contentChanges: [{ range: { start: { line: 0, character: 0 }, end: { line: 0, character: 0 } }, text: '# edited\n' }],
    });
    assert.ok((await client.diagnostics(uri, 2, HANG_GUARD_MS)).diagnostics.length > 0);
  });
});

describe('a client that declares workspace/configuration and never answers', () => {
  const client = new TestClient();
  const silent = 'file:///work/silent/job.yaml';
  const answered = 'file:///work/answered/job.yaml';
  const later = 'file:///work/silent/later.yaml';
  const asked: string[] = [];
  after(async () => {
    assert.equal(await client.shutdown(), 0);
  });

  test('other documents are served meanwhile, and the silent one gets the initializationOptions after the timeout', async () => {
    client.connection.onRequest('workspace/configuration', (params: { items: { scopeUri?: string }[] }) => {
      const uri = params.items[0]?.scopeUri ?? '';
      asked.push(uri);
      return uri.includes('/silent/') ? new Promise(() => undefined) : params.items.map(() => ({ rules: { 'image-tag': 'off' } }));
    });
    await client.initialize({ workspace: { configuration: true } }, { sidecarLint: { rules: { 'job-sidecar-never-completes': 'off' } } });
    await open(client, silent);
    const silentHover = hover(client, silent);
    await open(client, answered);
    const answeredDiagnostics = await client.diagnostics(answered, 1, HANG_GUARD_MS);
    assert.ok(answeredDiagnostics.diagnostics.some((d) => d.code === 'job-sidecar-never-completes'));
    assert.ok(await hover(client, answered), 'a hover on a document with settings is answered');
    assert.ok(!client.published.some((p) => p.uri === silent), 'the silent document is still waiting for its settings');

    const silentDiagnostics = await client.diagnostics(silent, 1, HANG_GUARD_MS);
    assert.ok(!silentDiagnostics.diagnostics.some((d) => d.code === 'job-sidecar-never-completes'), 'initializationOptions turned the rule off');
    assert.ok(await silentHover, 'the hover that waited with it is answered too');
    assert.equal(client.logs.filter((l) => l.includes('did not answer workspace/configuration')).length, 1);

    await open(client, later);
    await client.diagnostics(later, 1, HANG_GUARD_MS);
    assert.deepEqual(asked, [silent, answered], 'a client that went silent is not asked again');
  });

  test('diagnostics of a file that ends mid-token stay inside the text', async () => {
    const uri = 'file:///work/silent/broken.yaml';
    const text = 'apiVersion: v1\nkind: Pod\nmetadata:\n  name: "unterminated';
    await open(client, uri, text);
    const document = TextDocument.create(uri, 'yaml', 1, text);
    const end = document.positionAt(text.length);
    const { diagnostics } = await client.diagnostics(uri, 1, HANG_GUARD_MS);
    assert.deepEqual(
      diagnostics.map((d) => d.code),
      ['yaml-syntax'],
    );
    for (const { range } of diagnostics) {
      assert.ok(range.end.line < end.line || (range.end.line === end.line && range.end.character <= end.character), JSON.stringify(range));
    }
  });
});
