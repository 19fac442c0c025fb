/** The workspace index over stdio: Services and pods of files that are not open, kept current on file events. */
import assert from 'node:assert/strict';
import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { pathToFileURL } from 'node:url';
import { after, describe, test } from 'node:test';
import { TestClient } from '../helpers/lspClient';

const SERVICE = `apiVersion: v1
kind: Service
metadata:
  name: web
spec:
  selector: {app: web}
  ports:
    - {name: http, port: 80, targetPort: http}
`;

function deployment(ports: string): string {
  return `apiVersion: apps/v1
kind: Deployment
metadata:
  name: web
spec:
  selector: {matchLabels: {app: web}}
  template:
    metadata:
      labels: {app: web}
    spec:
      containers:
        - name: app
          image: "nginx:1.27"
          ports: ${ports}
          resources: {requests: {cpu: 100m, memory: 64Mi}, limits: {memory: 64Mi}}
`;
}

const codes = (diagnostics: { code?: unknown }[]) => diagnostics.map((d) => d.code);

describe('workspace index in the language server', () => {
  const client = new TestClient();
  const dir = mkdtempSync(join(tmpdir(), 'sidecar-lint-lsp-workspace-'));
  const deploymentPath = join(dir, 'deployment.yaml');
  const serviceUri = pathToFileURL(join(dir, 'service.yaml')).toString();
  writeFileSync(deploymentPath, deployment('[{containerPort: 8080}]'));
  writeFileSync(join(dir, 'service.yaml'), SERVICE);

  after(async () => {
    await client.shutdown();
  });

  test('an open Service sees the Deployment of a file that is not open', async () => {
    await client.initialize(
      { workspace: { didChangeWatchedFiles: { dynamicRegistration: true } } },
      {},
      { workspaceFolders: [{ uri: pathToFileURL(dir).toString(), name: 'w' }] },
    );
    await client.connection.sendNotification('textDocument/didOpen', { textDocument: { uri: serviceUri, languageId: 'yaml', version: 1, text: SERVICE } });
    // The first publish may come before the background scan has read the folder; the scan's end publishes again.
    const deadline = Date.now() + 20_000;
    let seen = await client.diagnostics(serviceUri, 1);
    while (!codes(seen.diagnostics).includes('service-port-unresolved') && Date.now() < deadline) {
      seen = await client.nextDiagnostics(serviceUri, client.published.indexOf(seen) + 1, deadline - Date.now());
    }
    const unresolved = seen.diagnostics.find((d) => d.code === 'service-port-unresolved');
    assert.ok(unresolved, `no service-port-unresolved: ${JSON.stringify(seen.diagnostics)}`);
    assert.equal(unresolved.range.start.line, 7);
    assert.match(String(unresolved.message), /Deployment 'web' in deployment\.yaml/);
  });

  test('the finding goes when the Deployment file changes on disk to declare the port', async () => {
    const before = client.published.length;
    writeFileSync(deploymentPath, deployment('[{name: http, containerPort: 8080}]'));
    await client.connection.sendNotification('workspace/didChangeWatchedFiles', { changes: [{ uri: pathToFileURL(deploymentPath).toString(), type: 2 }] });
    const next = await client.nextDiagnostics(serviceUri, before);
    assert.deepEqual(codes(next.diagnostics), []);
  });
});
