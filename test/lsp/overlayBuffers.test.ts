/**
 * The server over stdio with a real kubectl: an edit to a patch, not saved, changes what the build places once the
 * editor is idle; findings a build placed offer only the suppression comment, which the next build honours.
 */
import assert from 'node:assert/strict';
import { cpSync, mkdtempSync, readFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { pathToFileURL } from 'node:url';
import { after, before, describe, test } from 'node:test';
import type { CodeAction, Diagnostic, PublishDiagnosticsParams } from 'vscode-languageserver-protocol';
import { toolPaths } from '../../scripts/fetch-tools.mjs';
import { TestClient } from '../helpers/lspClient';

const FIXTURES = join(__dirname, '..', 'fixtures', 'overlays');
const KUBECTL = (toolPaths() as { kubectl: string }).kubectl;
const CAPABILITIES = { workspace: { configuration: true }, textDocument: { synchronization: { didSave: true } } };

const place = (d: Diagnostic) => `${d.range.start.line + 1}:${d.range.start.character + 1} ${String(d.code)}`;

/** The first publish of `uri` from `from` on (an index into the client's publishes) that satisfies `accept`. */
async function until(client: TestClient, uri: string, from: number, accept: (p: PublishDiagnosticsParams) => boolean): Promise<PublishDiagnosticsParams> {
  for (let after = from; ;) {
    const found = client.published.slice(after).find((p) => p.uri === uri && accept(p));
    if (found) return found;
    after = client.published.length;
    await client.nextDiagnostics(uri, after);
  }
}

describe('overlays in the language server: unsaved edits', () => {
  const client = new TestClient();
  const dir = mkdtempSync(join(tmpdir(), 'sidecar-lint-lsp-overlay-buffers-'));
  cpSync(FIXTURES, dir, { recursive: true });
  const base = join(dir, 'base', 'deployment.yaml');
  const patch = join(dir, 'limits', 'memory-limit.yaml');
  const baseUri = pathToFileURL(base).toString();
  const patchUri = pathToFileURL(patch).toString();
  const patchOnDisk = readFileSync(patch, 'utf8');

  before(async () => {
    client.settings = { kustomize: { kubectlPath: KUBECTL } };
    await client.initialize(CAPABILITIES, { workspaceTrusted: true });
    for (const [uri, path] of [
      [baseUri, base],
      [patchUri, patch],
    ])
      await client.connection.sendNotification('textDocument/didOpen', {
        textDocument: { uri, languageId: 'yaml', version: 1, text: readFileSync(path, 'utf8') },
      });
    // Every overlay that deploys the base sets its memory limit: once built, the base has nothing to say.
    await until(client, baseUri, 0, (p) => p.diagnostics.length === 0);
  });

  after(async () => {
    assert.equal(await client.shutdown(), 0);
  });

  test('a shipper typed into the patch shows on its line without a save', async () => {
    const from = client.published.length;
    const typed = `${patchOnDisk}        - name: log-shipper\n          image: fluent/fluent-bit:3.2.4\n`;
    await client.connection.sendNotification('textDocument/didChange', { textDocument: { uri: patchUri, version: 2 }, contentChanges: [{ text: typed }] });
    const built = await until(client, patchUri, from, (p) => p.diagnostics.some((d) => d.code === 'legacy-sidecar'));
    assert.deepEqual(built.diagnostics.filter((d) => d.code === 'legacy-sidecar').map(place), ['13:17 legacy-sidecar']);
    assert.equal(readFileSync(patch, 'utf8'), patchOnDisk, 'nothing was saved');
  });

  test('the limit deleted in the patch: the base shows missing-limits; closing the patch unsaved takes it back', async () => {
    let from = client.published.length;
    const withoutLimit = patchOnDisk.replace(/\n\s+resources:[\s\S]*$/, '\n');
    await client.connection.sendNotification('textDocument/didChange', {
      textDocument: { uri: patchUri, version: 3 },
      contentChanges: [{ text: withoutLimit }],
    });
    const edited = await until(client, baseUri, from, (p) => p.diagnostics.some((d) => d.code === 'missing-limits'));
    assert.deepEqual(edited.diagnostics.map(place), ['22:11 missing-limits']);

    from = client.published.length;
    await client.connection.sendNotification('textDocument/didClose', { textDocument: { uri: patchUri } });
    const reverted = await until(client, baseUri, from, (p) => p.diagnostics.length === 0);
    assert.deepEqual(reverted.diagnostics, []);
  });
});

describe('overlays in the language server: quick fixes of what a build placed', () => {
  const client = new TestClient();
  const dir = mkdtempSync(join(tmpdir(), 'sidecar-lint-lsp-overlay-fixes-'));
  cpSync(FIXTURES, dir, { recursive: true });
  const patch = join(dir, 'shipper', 'add-log-shipper.yaml');
  const patchUri = pathToFileURL(patch).toString();
  const kustomization = join(dir, 'broken', 'kustomization.yaml');
  const kustomizationUri = pathToFileURL(kustomization).toString();

  before(async () => {
    client.settings = { kustomize: { kubectlPath: KUBECTL } };
    await client.initialize(CAPABILITIES, { workspaceTrusted: true });
  });

  after(async () => {
    assert.equal(await client.shutdown(), 0);
  });

  const actionsFor = async (uri: string, diagnostic: Diagnostic) =>
    (await client.connection.sendRequest('textDocument/codeAction', {
      textDocument: { uri },
      range: diagnostic.range,
      context: { diagnostics: [diagnostic] },
    })) as CodeAction[];

  test('legacy-sidecar on a patch line: only "Ignore" is offered, and the comment it writes silences the next build', async () => {
    const text = readFileSync(patch, 'utf8');
    await client.connection.sendNotification('textDocument/didOpen', { textDocument: { uri: patchUri, languageId: 'yaml', version: 1, text } });
    const built = await until(client, patchUri, 0, (p) => p.diagnostics.some((d) => d.code === 'legacy-sidecar'));
    const finding = built.diagnostics.find((d) => d.code === 'legacy-sidecar')!;
    assert.equal(place(finding), '13:17 legacy-sidecar');
    const actions = await actionsFor(patchUri, finding);
    assert.deepEqual(
      actions.map((a) => a.title),
      ['Ignore legacy-sidecar on this line'],
    );
    const [edit] = actions[0].edit!.changes![patchUri];
    assert.equal(edit.newText, '        # sidecar-lint-disable-next-line legacy-sidecar\n');
    assert.deepEqual(edit.range, { start: { line: 12, character: 0 }, end: { line: 12, character: 0 } });

    // Applied by the editor (not saved): the next build reads the comment from the buffer.
    const from = client.published.length;
    await client.connection.sendNotification('textDocument/didChange', {
      textDocument: { uri: patchUri, version: 2 },
      contentChanges: [{ range: edit.range, text: edit.newText }],
    });
    const silenced = await until(client, patchUri, from, (p) => !p.diagnostics.some((d) => d.code === 'legacy-sidecar'));
    assert.deepEqual(silenced.diagnostics, []);
  });

  test('a failed build offers no suppression: a comment cannot make kustomize build', async () => {
    await client.connection.sendNotification('textDocument/didOpen', {
      textDocument: { uri: kustomizationUri, languageId: 'yaml', version: 1, text: readFileSync(kustomization, 'utf8') },
    });
    const failed = await until(client, kustomizationUri, 0, (p) => p.diagnostics.some((d) => d.code === 'kustomize-build'));
    assert.deepEqual(await actionsFor(kustomizationUri, failed.diagnostics[0]), []);
  });
});
