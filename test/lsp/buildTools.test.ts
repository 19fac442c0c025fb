/** The server reads the build-tool file context again when a skaffold.yaml or an `image-references` file changes on disk. */
import assert from 'node:assert/strict';
import { mkdirSync, mkdtempSync, rmSync, unlinkSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { pathToFileURL } from 'node:url';
import { after, describe, test } from 'node:test';
import { TestClient } from '../helpers/lspClient';

const DEPLOYMENT = `apiVersion: apps/v1
kind: Deployment
metadata:
  name: operator
spec:
  template:
    spec:
      containers:
        - name: operator
          image: quay.io/example/operator:latest
        - name: app
          image: example/app
`;

const skaffold = (image: string) => `apiVersion: skaffold/v4beta11\nkind: Config\nbuild:\n  artifacts:\n    - image: ${image}\n`;
const IMAGE_REFERENCES =
  'kind: ImageStream\napiVersion: image.openshift.io/v1\nspec:\n  tags:\n  - name: operator\n    from:\n      kind: DockerImage\n      name: quay.io/example/operator:latest\n';

type Published = Awaited<ReturnType<TestClient['diagnostics']>>;

/** The images `image-tag` reports in a publish, by the line of their `image:` value. */
const reported = (p: Published) =>
  p.diagnostics
    .filter((d) => d.code === 'image-tag')
    .map((d) => DEPLOYMENT.split('\n')[d.range.start.line].trim())
    .sort();

/** The first publish for `uri` from the `after`-th on that `accept`s (a file event re-reads the context in the background). */
async function publishUntil(client: TestClient, uri: string, after: number, accept: (p: Published) => boolean): Promise<Published> {
  const deadline = Date.now() + 20_000;
  let seen = await client.nextDiagnostics(uri, after);
  while (!accept(seen) && Date.now() < deadline) seen = await client.nextDiagnostics(uri, client.published.indexOf(seen) + 1, deadline - Date.now());
  return seen;
}

describe('build-tool file context in the language server', () => {
  const client = new TestClient();
  const repo = mkdtempSync(join(tmpdir(), 'sidecar-lint-lsp-build-tools-'));
  mkdirSync(join(repo, '.git'));
  mkdirSync(join(repo, 'manifests'));
  const skaffoldPath = join(repo, 'skaffold.yaml');
  const referencesPath = join(repo, 'manifests', 'image-references');
  const uri = pathToFileURL(join(repo, 'manifests', 'deployment.yaml')).toString();
  writeFileSync(skaffoldPath, skaffold('example/other'));
  writeFileSync(join(repo, 'manifests', 'deployment.yaml'), DEPLOYMENT);

  const changed = (path: string, type: 1 | 2 | 3) =>
    client.connection.sendNotification('workspace/didChangeWatchedFiles', { changes: [{ uri: pathToFileURL(path).toString(), type }] });

  after(async () => {
    await client.shutdown();
    rmSync(repo, { recursive: true, force: true });
  });

  test('both floating images are reported while no build file names them', async () => {
    await client.initialize({ workspace: { didChangeWatchedFiles: { dynamicRegistration: true } } });
    await client.connection.sendNotification('textDocument/didOpen', { textDocument: { uri, languageId: 'yaml', version: 1, text: DEPLOYMENT } });
    assert.deepEqual(reported(await client.diagnostics(uri, 1)), ['image: example/app', 'image: quay.io/example/operator:latest']);
  });

  test('a changed skaffold.yaml that now builds the image takes its finding away', async () => {
    const before = client.published.length;
    writeFileSync(skaffoldPath, skaffold('example/app'));
    await changed(skaffoldPath, 2);
    const seen = await publishUntil(client, uri, before, (p) => reported(p).length === 1);
    assert.deepEqual(reported(seen), ['image: quay.io/example/operator:latest']);
  });

  test('a new image-references beside the manifest takes the operator image’s finding away', async () => {
    const before = client.published.length;
    writeFileSync(referencesPath, IMAGE_REFERENCES);
    await changed(referencesPath, 1);
    const seen = await publishUntil(client, uri, before, (p) => reported(p).length === 0);
    assert.deepEqual(reported(seen), []);
  });

  test('a deleted skaffold.yaml brings the finding back', async () => {
    const before = client.published.length;
    unlinkSync(skaffoldPath);
    await changed(skaffoldPath, 3);
    const seen = await publishUntil(client, uri, before, (p) => reported(p).length === 1);
    assert.deepEqual(reported(seen), ['image: example/app']);
  });
});
