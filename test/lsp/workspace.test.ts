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

type Published = Awaited<ReturnType<TestClient['diagnostics']>>;

/** The first publish for `uri` from the `after`-th on that `accept`s: file events and the scan are read in the background. */
async function publishUntil(client: TestClient, uri: string, after: number, accept: (p: Published) => boolean): Promise<Published> {
  const deadline = Date.now() + 20_000;
  let seen = await client.nextDiagnostics(uri, after);
  while (!accept(seen) && Date.now() < deadline) seen = await client.nextDiagnostics(uri, client.published.indexOf(seen) + 1, deadline - Date.now());
  return seen;
}

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
      { kubernetesVersion: '1.31' },
      { workspaceFolders: [{ uri: pathToFileURL(dir).toString(), name: 'w' }] },
    );
    await client.connection.sendNotification('textDocument/didOpen', { textDocument: { uri: serviceUri, languageId: 'yaml', version: 1, text: SERVICE } });
    // The first publish may come before the background scan has read the folder; the scan's end publishes again.
    const seen = await publishUntil(client, serviceUri, 0, (p) => codes(p.diagnostics).includes('service-port-unresolved'));
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

  const edgePath = join(dir, 'edge.yaml');
  const edgeUri = pathToFileURL(edgePath).toString();
  const edgeServicePath = join(dir, 'edge-service.yaml');
  const edgeServiceUri = pathToFileURL(edgeServicePath).toString();
  const edgeService = (targetPort: string) =>
    `apiVersion: v1\nkind: Service\nmetadata:\n  name: edge\nspec:\n  selector: {app: edge}\n  ports:\n    - name: https\n      port: 443\n      targetPort: ${targetPort}\n`;
  const EDGE = `apiVersion: apps/v1
kind: Deployment
metadata:
  name: edge
spec:
  template:
    metadata:
      labels: {app: edge}
    spec:
      containers:
        - name: app
          image: "example/app:1.4.2"
          resources: {requests: {cpu: 100m, memory: 64Mi}, limits: {memory: 64Mi}}
        - name: envoy
          image: "envoyproxy/envoy:v1.31.2"
          ports: [{name: https, containerPort: 8443}]
          resources: {requests: {cpu: 100m, memory: 64Mi}, limits: {cpu: 100m, memory: 64Mi}}
`;
  const legacy = (diagnostics: { code?: unknown; message: unknown }[]) => diagnostics.find((d) => d.code === 'legacy-sidecar');

  test('a Service in another file that targets the helper by name: the conversion edits both files', async () => {
    writeFileSync(edgeServicePath, edgeService('https'));
    const before = client.published.length;
    await client.connection.sendNotification('workspace/didChangeWatchedFiles', { changes: [{ uri: edgeServiceUri, type: 1 }] });
    await client.connection.sendNotification('textDocument/didOpen', { textDocument: { uri: edgeUri, languageId: 'yaml', version: 1, text: EDGE } });
    const opened = await publishUntil(client, edgeUri, before, (p) => /by name/.test(String(legacy(p.diagnostics)?.message)));
    assert.match(String(legacy(opened.diagnostics)?.message), /Service 'edge' in edge-service\.yaml targets its port 'https' by name/);
    const actions = (await client.connection.sendRequest('textDocument/codeAction', {
      textDocument: { uri: edgeUri },
      range: { start: { line: 13, character: 16 }, end: { line: 13, character: 16 } },
      context: { diagnostics: [] },
    })) as { title: string; isPreferred?: boolean; edit?: { changes?: Record<string, { range: { start: { line: number } }; newText: string }[]> } }[];
    const convert = actions.find((a) => a.title.startsWith("Convert 'envoy' to a native sidecar"));
    assert.ok(convert, `no conversion among ${actions.map((a) => a.title).join(', ')}`);
    assert.notEqual(convert.isPreferred, true, 'a conversion that edits a Service is a suggestion');
    assert.deepEqual(Object.keys(convert.edit?.changes ?? {}).sort(), [edgeServiceUri, edgeUri].sort());
    assert.deepEqual(
      convert.edit!.changes![edgeServiceUri].map((e) => [e.range.start.line, e.newText]),
      [[9, '8443']],
    );
  });

  test('once the Service targets the number, the conversion is a plain fix again', async () => {
    const before = client.published.length;
    writeFileSync(edgeServicePath, edgeService('8443'));
    await client.connection.sendNotification('workspace/didChangeWatchedFiles', { changes: [{ uri: edgeServiceUri, type: 2 }] });
    const next = await publishUntil(client, edgeUri, before, (p) => !/by name/.test(String(legacy(p.diagnostics)?.message)));
    const finding = legacy(next.diagnostics);
    assert.ok(finding);
    assert.doesNotMatch(String(finding.message), /Service/);
    const actions = (await client.connection.sendRequest('textDocument/codeAction', {
      textDocument: { uri: edgeUri },
      range: { start: { line: 13, character: 16 }, end: { line: 13, character: 16 } },
      context: { diagnostics: [] },
    })) as { title: string; isPreferred?: boolean; edit?: { changes?: Record<string, unknown[]> } }[];
    const convert = actions.find((a) => a.title === "Convert 'envoy' to a native sidecar");
    assert.equal(convert?.isPreferred, true);
    assert.deepEqual(Object.keys(convert.edit?.changes ?? {}), [edgeUri]);
  });
});

describe('workspace index: a Namespace of a file that is not open', () => {
  const client = new TestClient();
  const dir = mkdtempSync(join(tmpdir(), 'sidecar-lint-lsp-namespace-'));
  const namespacePath = join(dir, 'namespace.yaml');
  const namespace = (labels: string) => `apiVersion: v1\nkind: Namespace\nmetadata:\n  name: batch\n  labels: {${labels}}\n`;
  const jobUri = pathToFileURL(join(dir, 'job.yaml')).toString();
  const JOB = `apiVersion: batch/v1
kind: Job
metadata:
  name: report
  namespace: batch
spec:
  template:
    spec:
      restartPolicy: Never
      containers:
        - name: app
          image: "busybox:1.36"
          resources: {requests: {cpu: 100m, memory: 64Mi}, limits: {memory: 64Mi}}
`;
  writeFileSync(namespacePath, namespace('istio-injection: enabled'));
  writeFileSync(join(dir, 'job.yaml'), JOB);

  after(async () => {
    await client.shutdown();
  });

  test('an open Job is injected by the Namespace of another file', async () => {
    await client.initialize(
      { workspace: { didChangeWatchedFiles: { dynamicRegistration: true } } },
      { kubernetesVersion: '1.31' },
      { workspaceFolders: [{ uri: pathToFileURL(dir).toString(), name: 'w' }] },
    );
    await client.connection.sendNotification('textDocument/didOpen', { textDocument: { uri: jobUri, languageId: 'yaml', version: 1, text: JOB } });
    const seen = await publishUntil(client, jobUri, 0, (p) => codes(p.diagnostics).includes('mesh-proxy-blocks-job'));
    const blocks = seen.diagnostics.find((d) => d.code === 'mesh-proxy-blocks-job');
    assert.ok(blocks, `no mesh-proxy-blocks-job: ${JSON.stringify(seen.diagnostics)}`);
    assert.equal(blocks.range.start.line, 1, 'on the kind value');
    assert.match(String(blocks.message), /namespace 'batch'/);
  });

  test('the finding goes when the Namespace file drops its injection label on disk', async () => {
    const before = client.published.length;
    writeFileSync(namespacePath, namespace('team: data'));
    await client.connection.sendNotification('workspace/didChangeWatchedFiles', { changes: [{ uri: pathToFileURL(namespacePath).toString(), type: 2 }] });
    const next = await publishUntil(client, jobUri, before, (p) => !codes(p.diagnostics).includes('mesh-proxy-blocks-job'));
    assert.deepEqual(codes(next.diagnostics), []);
  });
});
