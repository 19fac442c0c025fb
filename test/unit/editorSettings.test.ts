/** Settings per document: a client that never answers `workspace/configuration` costs one timeout, then none. */
import assert from 'node:assert/strict';
import { describe, test } from 'node:test';
import type { CancellationToken } from 'vscode-languageserver/node';
import { uriToPath } from '../../server/src/configFiles';
import { EditorSettings } from '../../server/src/editorSettings';
import { nodeHost } from '../../server/src/nodeHost';

const PUSHED = { rules: { 'image-tag': 'off' } };

describe('editor settings', () => {
  test('an unanswered pull falls back to the pushed settings, is cancelled, logged once, and not sent again', async () => {
    const logs: string[] = [];
    const tokens: CancellationToken[] = [];
    const pull = (_uri: string, token: CancellationToken) => {
      tokens.push(token);
      return new Promise<unknown>(() => undefined);
    };
    const settings = new EditorSettings(
      nodeHost.files(() => undefined),
      pull,
      PUSHED,
      (m) => logs.push(m),
      20,
    );
    const [a, b] = await Promise.all([settings.read('untitled:a'), settings.read('untitled:b')]);
    assert.equal(a.settings.rules['image-tag'], 'off');
    assert.equal(b.settings.rules['image-tag'], 'off');
    assert.equal(tokens.length, 2);
    assert.ok(tokens.every((t) => t.isCancellationRequested));
    assert.equal(logs.length, 1);
    assert.match(logs[0], /did not answer workspace\/configuration within 20 ms/);
    await settings.read('untitled:c');
    assert.equal(tokens.length, 2, 'a silent client is not asked again');
  });

  test('an answer in time wins over the pushed settings, and a failed pull falls back quietly', async () => {
    const logs: string[] = [];
    const answers: Record<string, () => Promise<unknown>> = {
      'untitled:answered': () => Promise.resolve({ rules: { 'image-tag': 'error' } }),
      'untitled:failed': () => Promise.reject(new Error('no')),
    };
    const settings = new EditorSettings(
      nodeHost.files(() => undefined),
      (uri) => answers[uri](),
      PUSHED,
      (m) => logs.push(m),
      10_000,
    );
    assert.equal((await settings.read('untitled:answered')).settings.rules['image-tag'], 'error');
    assert.equal((await settings.read('untitled:failed')).settings.rules['image-tag'], 'off');
    assert.deepEqual(logs, []);
  });

  test('URIs that name no local file map to no path instead of throwing', () => {
    for (const uri of ['file:///tmp/%ZZ.yaml', 'file:///%E0%A4%A', 'file://fileserver/share/x.yaml', 'untitled:Untitled-1', 'vscode-vfs://github/o/r/x.yaml']) {
      assert.equal(uriToPath(uri), undefined, uri);
    }
    assert.equal(uriToPath('file:///tmp/a%20b.yaml'), '/tmp/a b.yaml');
  });
});
