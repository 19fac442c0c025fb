/** The status bar's summary of a document's settings: the Kubernetes version, the config file, the mesh versions. */
import assert from 'node:assert/strict';
import { describe, test } from 'node:test';
import { normalizeSettings } from '../../server/src/service';
import { describeMesh, effectiveSettings } from '../../server/src/service/effectiveSettings';

describe('effective settings', () => {
  test('the version as 1.N, the config file, and whether that file sets the version', () => {
    const settings = normalizeSettings({ kubernetesVersion: 'v1.29.4' });
    assert.deepEqual(effectiveSettings(settings), { kubernetesVersion: '1.29', versionFromFile: false });
    assert.deepEqual(effectiveSettings(settings, { path: '/w/.sidecar-lint.yaml', values: { kubernetesVersion: '1.29' } }), {
      kubernetesVersion: '1.29',
      configFile: '/w/.sidecar-lint.yaml',
      versionFromFile: true,
    });
    assert.equal(effectiveSettings(normalizeSettings({}), { path: '/w/.sidecar-lint.yml', values: { rules: {} } }).versionFromFile, false);
  });

  test('the mesh versions set are described, no mesh when none is', () => {
    assert.equal(describeMesh(normalizeSettings({ mesh: { istio: { version: '1.26' } } }).mesh), 'Istio 1.26');
    assert.equal(describeMesh(normalizeSettings({ mesh: { istio: { version: '1.26' }, linkerd: { version: '2.18' } } }).mesh), 'Istio 1.26, Linkerd 2.18');
    assert.equal(describeMesh(normalizeSettings({ mesh: { injectedNamespaces: { a: 'istio' } } }).mesh), undefined);
    assert.equal(describeMesh(undefined), undefined);
    assert.equal(effectiveSettings(normalizeSettings({ mesh: { linkerd: { version: '2.18' } } })).mesh, 'Linkerd 2.18');
    assert.equal('mesh' in effectiveSettings(normalizeSettings({})), false);
  });
});
