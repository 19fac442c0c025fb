/** sidecarLint/effectiveSettings, the status bar's request: the version a manifest is checked against and where it is set. */
import assert from 'node:assert/strict';
import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { pathToFileURL } from 'node:url';
import { after, describe, test } from 'node:test';
import { EFFECTIVE_SETTINGS_REQUEST, SETTINGS_CHANGED_NOTIFICATION, type EffectiveSettings } from '../../server/src/service/effectiveSettings';
import { TestClient } from '../helpers/lspClient';

describe('effective settings request', () => {
  const client = new TestClient();
  const dir = mkdtempSync(join(tmpdir(), 'sidecar-lint-lsp-effective-'));
  mkdirSync(join(dir, 'with-config'));
  mkdirSync(join(dir, 'plain'));
  const configPath = join(dir, 'with-config', '.sidecar-lint.yaml');
  const inConfig = pathToFileURL(join(dir, 'with-config', 'pod.yaml')).toString();
  const plain = pathToFileURL(join(dir, 'plain', 'pod.yaml')).toString();
  let changed = 0;
  client.connection.onNotification(SETTINGS_CHANGED_NOTIFICATION, () => {
    changed++;
  });
  const ask = (uri: string) => client.connection.sendRequest<EffectiveSettings | null>(EFFECTIVE_SETTINGS_REQUEST, { uri });

  after(async () => {
    await client.shutdown();
    rmSync(dir, { recursive: true, force: true });
  });

  test('the editor setting applies where no config file does', async () => {
    writeFileSync(configPath, 'kubernetesVersion: "1.28"\n');
    client.settings = { kubernetesVersion: '1.30' };
    await client.initialize({ workspace: { configuration: true, didChangeConfiguration: { dynamicRegistration: true } } });
    assert.deepEqual(await ask(plain), { kubernetesVersion: '1.30', versionFromFile: false });
  });

  test('the nearest .sidecar-lint.yaml wins, and the answer names it', async () => {
    assert.deepEqual(await ask(inConfig), { kubernetesVersion: '1.28', configFile: configPath, versionFromFile: true });
  });

  test('a config file that does not set the version is named, but the setting decides', async () => {
    writeFileSync(configPath, 'rules:\n  image-tag: off\n');
    await client.connection.sendNotification('workspace/didChangeWatchedFiles', { changes: [{ uri: pathToFileURL(configPath).toString(), type: 2 }] });
    assert.deepEqual(await ask(inConfig), { kubernetesVersion: '1.30', configFile: configPath, versionFromFile: false });
    assert.ok(changed >= 1, 'the server told the client to ask again');
  });

  test('a settings change is announced and answered with the new version', async () => {
    const before = changed;
    client.settings = { kubernetesVersion: '1.31' };
    await client.connection.sendNotification('workspace/didChangeConfiguration', { settings: null });
    assert.deepEqual(await ask(plain), { kubernetesVersion: '1.31', versionFromFile: false });
    assert.equal(changed, before + 1);
  });
});
