/** The status bar's summary of a document's settings, including the mesh whatever shape its settings take. */
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

  test('a mesh with a version or a name is described, an unset one is not', () => {
    assert.equal(describeMesh({ istio: '1.22', linkerd: null }), 'istio 1.22');
    assert.equal(describeMesh({ istio: { enabled: true }, linkerd: '2.14' }), 'linkerd 2.14');
    assert.equal(describeMesh({ kind: 'linkerd', version: '2.14' }), 'linkerd 2.14');
    assert.equal(describeMesh({ name: 'istio' }), 'istio');
    for (const unset of [undefined, null, {}, { istio: null, linkerd: '' }, { kind: 'none' }, '', 3]) assert.equal(describeMesh(unset), undefined);
    const withMesh = { ...normalizeSettings({}), mesh: { istio: '1.22' } };
    assert.equal(effectiveSettings(withMesh).mesh, 'istio 1.22');
    assert.equal('mesh' in effectiveSettings(normalizeSettings({})), false);
  });
});
