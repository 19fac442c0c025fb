/** Kustomize file context: which files are listed patches, which image names a kustomization of the tree rewrites. */
import assert from 'node:assert/strict';
import { mkdirSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { describe, test } from 'node:test';
import { isKustomizePatch, KustomizeFiles, kustomizeImageNames } from '../../server/src/kustomizeFiles';
import { tempTree } from '../helpers/tempTree';

const { root, write } = tempTree('sidecar-lint-kustomize-');

mkdirSync(join(root, '.git'));
write(
  'config/default/kustomization.yaml',
  'resources: [../manager]\npatchesStrategicMerge:\n  - manager_auth_proxy_patch.yaml\npatches:\n  - path: patches/webhook.yaml\n  - patch: |-\n      - op: add\n',
);
const authPatch = write('config/default/manager_auth_proxy_patch.yaml', 'kind: Deployment\n');
const webhookPatch = write('config/default/patches/webhook.yaml', 'kind: Deployment\n');
const manager = write('config/manager/manager.yaml', 'kind: Deployment\n');
write('config/manager/kustomization.yaml', 'resources: [manager.yaml]\nimages:\n  - name: controller\n    newName: example/controller\n    newTag: v1.2.3\n');
write('deploy/base/kustomization.yaml', 'resources: [node/node.yaml]\n');
const node = write('deploy/base/node/node.yaml', 'kind: DaemonSet\n');
write('deploy/overlays/stable/kustomization.yaml', 'resources: [../../base]\nimages:\n  - name: example/driver\n    newTag: v2.0.0\n  - newTag: v1\n');
const loose = write('loose/pod.yaml', 'kind: Pod\n');
// Overlays that rewrite a base's images with ImageTagTransformer configs under `transformers:`.
write('tx/base/kustomization.yaml', 'resources: [node.yaml]\n');
const txNode = write('tx/base/node.yaml', 'kind: DaemonSet\n');
write(
  'tx/overlays/stable/kustomization.yaml',
  'resources: [../../base]\ntransformers:\n  - ../../images/stable\n  - ../../images/extra.yaml\n  - |-\n    apiVersion: builtin\n    kind: ImageTagTransformer\n    metadata: {name: inline}\n    imageTag: {name: example/inline, newTag: v3}\n',
);
write('tx/images/stable/kustomization.yaml', 'resources: [image.yaml]\n');
const tagConfig = (name: string) => `apiVersion: builtin\nkind: ImageTagTransformer\nmetadata: {name: t}\nimageTag:\n  name: ${name}\n  newTag: "v2.5.1"\n`;
write(
  'tx/images/stable/image.yaml',
  `${tagConfig('registry.k8s.io/sig-storage/csi-node-driver-registrar')}---\n${tagConfig('example/driver')}---\nkind: LabelTransformer\n`,
);
write('tx/images/extra.yaml', tagConfig('example/extra'));

describe('Kustomize file context', () => {
  test('a file listed under patchesStrategicMerge or patches[].path is a patch; a resource is not', () => {
    assert.equal(isKustomizePatch(authPatch), true);
    assert.equal(isKustomizePatch(webhookPatch), true);
    assert.equal(isKustomizePatch(manager), false);
    assert.equal(isKustomizePatch(loose), false);
  });

  test('images rewritten by a kustomization above the manifest, or by an overlay beside its base', () => {
    assert.deepEqual(kustomizeImageNames(manager), ['controller']);
    assert.deepEqual(kustomizeImageNames(node), ['example/driver']);
    assert.deepEqual(kustomizeImageNames(loose), []);
  });

  test('images an ImageTagTransformer under transformers rewrites: a directory of configs, a file, an inline config', () => {
    assert.deepEqual(kustomizeImageNames(txNode), [
      'example/driver',
      'example/extra',
      'example/inline',
      'registry.k8s.io/sig-storage/csi-node-driver-registrar',
    ]);
  });

  test('the transformer configs read for an answer are known, so the server reads again when one changes', () => {
    const files = new KustomizeFiles();
    files.contextOf(txNode);
    assert.equal(files.dependsOn(join(root, 'tx/images/stable/image.yaml')), true);
    assert.equal(files.dependsOn(join(root, 'tx/images/extra.yaml')), true);
    assert.equal(files.dependsOn(join(root, 'tx/images/stable/kustomization.yaml')), true);
    assert.equal(files.dependsOn(txNode), false);
    assert.equal(new KustomizeFiles().dependsOn(join(root, 'tx/images/extra.yaml')), false, 'nothing read yet, nothing to re-read');
  });

  test('the file context carries both answers, and only what is true', () => {
    const files = new KustomizeFiles();
    assert.deepEqual(files.contextOf(authPatch), { kustomizePatch: true, rewrittenImages: ['controller'] });
    assert.deepEqual(files.contextOf(manager), { rewrittenImages: ['controller'] });
    assert.deepEqual(files.contextOf(loose), {});
  });

  test('a kustomization that does not parse is ignored, never a crash', () => {
    const broken = write('broken/kustomization.yaml', 'images: [\n');
    assert.deepEqual(kustomizeImageNames(join(dirname(broken), 'pod.yaml')), []);
  });
});
