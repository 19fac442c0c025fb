/** The server over stdio with a real kubectl: a patch of an overlay, saved, shows what the build placed on it. */
import assert from 'node:assert/strict';
import { cpSync, mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { pathToFileURL } from 'node:url';
import { after, before, describe, test } from 'node:test';
import type { Diagnostic, PublishDiagnosticsParams } from 'vscode-languageserver-protocol';
import { toolPaths } from '../../scripts/fetch-tools.mjs';
import { TestClient } from '../helpers/lspClient';

const FIXTURES = join(__dirname, '..', 'fixtures', 'overlays');
const KUBECTL = (toolPaths() as { kubectl: string }).kubectl;
const CAPABILITIES = { workspace: { configuration: true }, textDocument: { synchronization: { didSave: true } } };

/** The shipper patch without its shipper: only the app's mount, as it was before someone added the container. */
const PATCH_WITHOUT_SHIPPER = `apiVersion: apps/v1
kind: Deployment
metadata:
  name: web
spec:
  template:
    spec:
      containers:
        - name: app
          volumeMounts:
            - name: logs
              mountPath: /var/log/app
      volumes:
        - name: logs
          emptyDir: {}
`;

/** Waits (bounded by the client's timeout) for a publish of `uri` that satisfies `accept`. */
async function until(client: TestClient, uri: string, accept: (p: PublishDiagnosticsParams) => boolean): Promise<PublishDiagnosticsParams> {
  for (let after = 0; ;) {
    const found = client.published.slice(after).find((p) => p.uri === uri && accept(p));
    if (found) return found;
    after = client.published.length;
    await client.nextDiagnostics(uri, after);
  }
}

const place = (d: Diagnostic) => `${d.range.start.line + 1}:${d.range.start.character + 1} ${String(d.code)}`;

function fixtureCopy(): string {
  const dir = mkdtempSync(join(tmpdir(), 'sidecar-lint-lsp-overlay-'));
  cpSync(FIXTURES, dir, { recursive: true });
  return dir;
}

describe('overlays in the language server', () => {
  const client = new TestClient();
  const hints: string[] = [];
  const dir = fixtureCopy();

  before(async () => {
    client.settings = { kustomize: { kubectlPath: KUBECTL } };
    client.connection.onRequest('window/showMessageRequest', (params: { message: string }) => {
      hints.push(params.message);
      return null;
    });
    await client.initialize(CAPABILITIES, { workspaceTrusted: true });
  });

  after(async () => {
    assert.equal(await client.shutdown(), 0);
  });

  test('saving a patch that adds a legacy log shipper shows the finding on the patch container name', async () => {
    const path = join(dir, 'shipper', 'add-log-shipper.yaml');
    const full = readFileSync(path, 'utf8');
    writeFileSync(path, PATCH_WITHOUT_SHIPPER);
    const uri = pathToFileURL(path).toString();
    await client.connection.sendNotification('textDocument/didOpen', { textDocument: { uri, languageId: 'yaml', version: 1, text: PATCH_WITHOUT_SHIPPER } });
    // Typing the shipper in: the patch alone is a fragment, so nothing is said about the shipper until the build.
    await client.connection.sendNotification('textDocument/didChange', { textDocument: { uri, version: 2 }, contentChanges: [{ text: full }] });
    const typed = await client.diagnostics(uri, 2);
    assert.ok(!typed.diagnostics.some((d) => d.code === 'legacy-sidecar'), 'the patch is not linted as a whole workload');
    writeFileSync(path, full);
    await client.connection.sendNotification('textDocument/didSave', { textDocument: { uri } });
    const built = await until(client, uri, (p) => p.diagnostics.some((d) => d.code === 'legacy-sidecar'));
    assert.deepEqual(built.diagnostics.map(place), ['13:17 legacy-sidecar']);
    assert.match(String(built.diagnostics[0].message), /'log-shipper'/);
  });

  test('the base opened beside it shows what the builds placed on it, not its own lint as a whole workload', async () => {
    const path = join(dir, 'base', 'deployment.yaml');
    const uri = pathToFileURL(path).toString();
    const text = readFileSync(path, 'utf8');
    await client.connection.sendNotification('textDocument/didOpen', { textDocument: { uri, languageId: 'yaml', version: 1, text } });
    // Alone, the base lacks a memory limit; every overlay that deploys it (limits, prod) sets one.
    const built = await until(client, uri, (p) => !p.diagnostics.some((d) => d.code === 'missing-limits'));
    assert.deepEqual(built.diagnostics, []);
    assert.deepEqual(hints, [], 'kubectl ran, so no hint');
  });
});

describe('overlays in the language server without kubectl', () => {
  const client = new TestClient();
  const hints: string[] = [];
  const dir = fixtureCopy();

  before(async () => {
    client.settings = { kustomize: { kubectlPath: join(dir, 'no-such-kubectl') } };
    client.connection.onRequest('window/showMessageRequest', (params: { message: string }) => {
      hints.push(params.message);
      return null;
    });
    await client.initialize(CAPABILITIES);
  });

  after(async () => {
    assert.equal(await client.shutdown(), 0);
  });

  test('a patch keeps its fragment diagnostics, and the person is told once how to get the build', async () => {
    for (const file of ['shipper/add-log-shipper.yaml', 'limits/memory-limit.yaml']) {
      const path = join(dir, file);
      const uri = pathToFileURL(path).toString();
      await client.connection.sendNotification('textDocument/didOpen', {
        textDocument: { uri, languageId: 'yaml', version: 1, text: readFileSync(path, 'utf8') },
      });
      assert.deepEqual((await client.diagnostics(uri, 1)).diagnostics, []);
      await client.connection.sendNotification('textDocument/didSave', { textDocument: { uri } });
    }
    while (hints.length === 0)
      await new Promise<void>((resolve) =>
        client.connection.onRequest('window/showMessageRequest', (params: { message: string }) => (hints.push(params.message), resolve(), null)),
      );
    assert.equal(hints.length, 1);
    assert.match(hints[0], /kustomize\.kubectlPath/);
  });
});
