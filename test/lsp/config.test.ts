/** The server finds .sidecar-lint.yaml above a manifest, reports a bad one on itself, and re-lints when it changes. */
import assert from 'node:assert/strict';
import { mkdirSync, mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { pathToFileURL } from 'node:url';
import { after, describe, test } from 'node:test';
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
        - {name: main, image: "busybox:1.36", resources: {limits: {cpu: 100m, memory: 64Mi}}}
        - {name: log-shipper, image: "fluent/fluent-bit:3.2", resources: {limits: {cpu: 100m, memory: 64Mi}}}
`;

describe('config files in the language server', () => {
  const client = new TestClient();
  const dir = mkdtempSync(join(tmpdir(), 'sidecar-lint-lsp-config-'));
  mkdirSync(join(dir, 'jobs'));
  const configPath = join(dir, '.sidecar-lint.yaml');
  const configUri = pathToFileURL(configPath).toString();
  const manifestUri = pathToFileURL(join(dir, 'jobs', 'job.yaml')).toString();

  after(async () => {
    await client.shutdown();
  });

  test('the nearest config sets the rules, the editor settings fill the rest', async () => {
    writeFileSync(configPath, 'rules:\n  job-sidecar-never-completes: warning\n');
    client.settings = { rules: { 'image-tag': 'off' } };
    await client.initialize({ workspace: { configuration: true } });
    await client.connection.sendNotification('textDocument/didOpen', { textDocument: { uri: manifestUri, languageId: 'yaml', version: 1, text: JOB } });
    const diagnostics = (await client.diagnostics(manifestUri, 1)).diagnostics;
    assert.deepEqual(
      diagnostics.map((d) => [d.code, d.severity]),
      [['job-sidecar-never-completes', 2]],
    );
  });

  test('editing the open config file re-lints the manifest, and its mistakes are reported on it', async () => {
    const before = client.published.length;
    await client.connection.sendNotification('textDocument/didOpen', {
      textDocument: { uri: configUri, languageId: 'yaml', version: 1, text: 'kubernetesVersion: "1.28"\nrules:\n  job-sidecar-never-completes: loud\n' },
    });
    const config = await client.nextDiagnostics(configUri, before);
    assert.deepEqual(
      config.diagnostics.map((d) => [d.code, d.range.start.line]),
      [['config', 2]],
    );
    const manifest = await client.nextDiagnostics(manifestUri, before);
    assert.deepEqual(
      manifest.diagnostics.map((d) => d.code),
      ['job-sidecar-never-completes'],
      'Kubernetes 1.28 from the unsaved config: the Job still hangs',
    );
    assert.match(String(manifest.diagnostics[0].message), /native sidecars need Kubernetes 1\.29/, 'and no native sidecar is suggested');
  });
});
