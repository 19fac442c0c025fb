/** Build-tool file context: images a skaffold.yaml builds, or an OpenShift `image-references` maps, are rewritten at deploy time. */
import assert from 'node:assert/strict';
import { mkdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, test } from 'node:test';
import { BuildToolImages, imageReferenceNames, skaffoldArtifactNames, withRewrittenImages } from '../../server/src/buildToolImages';
import { createLanguageService, normalizeSettings } from '../../server/src/service';
import { tempTree } from '../helpers/tempTree';

const { root, write } = tempTree('sidecar-lint-build-tools-');

// A skaffold multi-config file (as GoogleCloudPlatform/microservices-demo has): an app config with a profile, then a
// second config that requires it.
const MULTI_CONFIG = `apiVersion: skaffold/v2beta18
kind: Config
metadata: {name: app}
build:
  artifacts:
  - image: frontend
    context: src/frontend
  - image: registry.example.com/team/cart:dev
    context: src/cart
  tagPolicy: {gitCommit: {}}
profiles:
- name: gcb
  build:
    googleCloudBuild: {diskSizeGb: 300}
- name: debug-tools
  build:
    artifacts:
    - image: debugger
      context: tools/debugger
---
apiVersion: skaffold/v2beta18
kind: Config
metadata: {name: loadgenerator}
requires:
  - configs: [app]
build:
  artifacts:
  - image: loadgenerator
    context: src/loadgenerator
`;

const IMAGE_REFERENCES = `kind: ImageStream
apiVersion: image.openshift.io/v1
spec:
  tags:
  - name: cluster-monitoring-operator
    from:
      kind: DockerImage
      name: quay.io/openshift/origin-cluster-monitoring-operator:latest
  - name: kube-rbac-proxy
    from:
      kind: DockerImage
      name: quay.io/openshift/origin-kube-rbac-proxy:latest
  - name: not-an-image
    from:
      kind: ImageStreamTag
      name: other:latest
`;

mkdirSync(join(root, 'shop', '.git'), { recursive: true });
write('shop/skaffold.yaml', MULTI_CONFIG);
const shopManifest = write('shop/kubernetes-manifests/frontend.yaml', 'kind: Deployment\n');
const deepManifest = write('shop/deploy/k8s/base/app/cart.yaml', 'kind: Deployment\n');
mkdirSync(join(root, 'single', '.git'), { recursive: true });
write('single/skaffold.yml', 'apiVersion: skaffold/v4beta11\nkind: Config\nbuild:\n  artifacts:\n    - image: example/app\n');
const singleManifest = write('single/k8s/app.yaml', 'kind: Deployment\n');
mkdirSync(join(root, 'broken', '.git'), { recursive: true });
write('broken/skaffold.yaml', 'build:\n  artifacts:\n    - image: example/app\n  bad: [unclosed\n');
const brokenManifest = write('broken/k8s/app.yaml', 'kind: Deployment\n');
mkdirSync(join(root, 'operator', '.git'), { recursive: true });
write('operator/manifests/image-references', IMAGE_REFERENCES);
const operatorManifest = write('operator/manifests/0000_50_operator_05-deployment.yaml', 'kind: Deployment\n');
const otherFolderManifest = write('operator/examples/deployment.yaml', 'kind: Deployment\n');
// Above the repository root: a skaffold.yaml there belongs to another project.
write('nested/skaffold.yaml', 'build:\n  artifacts:\n    - image: outer/app\n');
mkdirSync(join(root, 'nested', 'inner', '.git'), { recursive: true });
const innerManifest = write('nested/inner/k8s/app.yaml', 'kind: Deployment\n');

describe('build-tool file context', () => {
  test('skaffold: every document of a multi-config file and its profiles name the artifacts, without tag', () => {
    assert.deepEqual(new BuildToolImages().rewrittenImages(shopManifest), ['debugger', 'frontend', 'loadgenerator', 'registry.example.com/team/cart']);
  });

  test('skaffold: the config is found up to the repository root, and not above it', () => {
    const files = new BuildToolImages();
    assert.deepEqual(files.rewrittenImages(deepManifest), ['debugger', 'frontend', 'loadgenerator', 'registry.example.com/team/cart']);
    assert.deepEqual(files.rewrittenImages(singleManifest), ['example/app']);
    assert.deepEqual(files.rewrittenImages(innerManifest), []);
  });

  test('skaffold: a broken file names nothing, and nothing throws', () => {
    assert.deepEqual(new BuildToolImages().rewrittenImages(brokenManifest), []);
    assert.deepEqual(skaffoldArtifactNames('build: {artifacts: [{image: a}]}\n---\n: : :\n  - ]\n'), []);
    assert.deepEqual(skaffoldArtifactNames('- just\n- a list\n'), []);
    assert.deepEqual(skaffoldArtifactNames('build: {artifacts: [{image: 7}, {image: ""}, null, [x], {context: src}]}\n'), []);
    // The oldest schemas (skaffold/v1alpha2) called the key imageName.
    assert.deepEqual(skaffoldArtifactNames('apiVersion: skaffold/v1alpha2\nbuild:\n  artifacts:\n    - imageName: gcr.io/k8s-skaffold/example\n'), [
      'gcr.io/k8s-skaffold/example',
    ]);
    const bomb =
      'a: &a [x, x, x, x, x, x, x, x, x]\nb: &b [*a, *a, *a, *a, *a, *a, *a, *a, *a]\nc: &c [*b, *b, *b, *b, *b, *b, *b, *b, *b]\n' +
      'd: &d [*c, *c, *c, *c, *c, *c, *c, *c, *c]\nbuild: {artifacts: [{image: example/app, x: [*d, *d, *d, *d, *d, *d, *d, *d, *d]}]}\n';
    // An alias bomb: the parser gives up expanding it, and the file names nothing rather than throwing.
    assert.deepEqual(skaffoldArtifactNames(bomb), []);
  });

  test('skaffold: a file too large to be a config is not read', () => {
    const dir = join(root, 'huge');
    mkdirSync(join(dir, '.git'), { recursive: true });
    write('huge/skaffold.yaml', `build:\n  artifacts:\n    - image: example/app\n#${'x'.repeat(2 * 1024 * 1024)}\n`);
    assert.deepEqual(new BuildToolImages().rewrittenImages(write('huge/app.yaml', 'kind: Pod\n')), []);
  });

  test('image-references: the DockerImage names of the ImageStream, for manifests in its own folder only', () => {
    const files = new BuildToolImages();
    assert.deepEqual(files.rewrittenImages(operatorManifest), [
      'quay.io/openshift/origin-cluster-monitoring-operator',
      'quay.io/openshift/origin-kube-rbac-proxy',
    ]);
    assert.deepEqual(files.rewrittenImages(otherFolderManifest), []);
  });

  test('image-references: another kind, a broken file or a second document names nothing', () => {
    assert.deepEqual(imageReferenceNames(IMAGE_REFERENCES.replace('kind: ImageStream', 'kind: ConfigMap')), []);
    assert.deepEqual(imageReferenceNames(IMAGE_REFERENCES.replace('image.openshift.io/v1', 'v1')), []);
    assert.deepEqual(imageReferenceNames(`${IMAGE_REFERENCES}  - [unclosed\n`), []);
    assert.deepEqual(imageReferenceNames(`${IMAGE_REFERENCES}---\nkind: ImageStream\n`), []);
    assert.deepEqual(imageReferenceNames('kind: ImageStream\napiVersion: image.openshift.io/v1\nspec: {tags: [null, {from: {kind: DockerImage}}]}\n'), []);
    assert.deepEqual(imageReferenceNames(undefined), []);
  });

  test('dependsOn: a build file in a folder that was read, created, changed or deleted', () => {
    const files = new BuildToolImages();
    assert.equal(files.dependsOn(join(root, 'shop', 'skaffold.yaml')), false, 'nothing read yet, nothing to re-read');
    files.rewrittenImages(deepManifest);
    files.rewrittenImages(operatorManifest);
    assert.equal(files.dependsOn(join(root, 'shop', 'skaffold.yaml')), true);
    assert.equal(files.dependsOn(join(root, 'shop', 'skaffold.yml')), true, 'a new skaffold.yml beside it would be read too');
    assert.equal(files.dependsOn(join(root, 'shop', 'deploy', 'skaffold.yaml')), true, 'a folder between the manifest and the root');
    assert.equal(files.dependsOn(join(root, 'operator', 'manifests', 'image-references')), true);
    assert.equal(files.dependsOn(join(root, 'shop', 'deploy', 'k8s', 'base', 'app', 'image-references')), true);
    assert.equal(files.dependsOn(join(root, 'shop', 'image-references')), false, 'image-references counts only beside the manifest');
    assert.equal(files.dependsOn(join(root, 'single', 'skaffold.yml')), false, 'a folder not read');
    assert.equal(files.dependsOn(join(root, 'shop', 'kubernetes-manifests', 'frontend.yaml')), false);
    files.clear();
    assert.equal(files.dependsOn(join(root, 'shop', 'skaffold.yaml')), false);
  });

  test('the cache is per folder: a changed file is read again only after clear()', () => {
    mkdirSync(join(root, 'cached', '.git'), { recursive: true });
    const config = write('cached/skaffold.yaml', 'build:\n  artifacts:\n    - image: example/one\n');
    const manifest = write('cached/app.yaml', 'kind: Pod\n');
    const files = new BuildToolImages();
    assert.deepEqual(files.rewrittenImages(manifest), ['example/one']);
    writeFileSync(config, 'build:\n  artifacts:\n    - image: example/two\n');
    assert.deepEqual(files.rewrittenImages(manifest), ['example/one']);
    files.clear();
    assert.deepEqual(files.rewrittenImages(manifest), ['example/two']);
  });

  test('withRewrittenImages adds to the kustomizations’ names, each once and sorted', () => {
    assert.deepEqual(withRewrittenImages({ kustomizePatch: true, rewrittenImages: ['b', 'c'] }, ['a', 'b']), {
      kustomizePatch: true,
      rewrittenImages: ['a', 'b', 'c'],
    });
    const context = { kustomizePatch: true };
    assert.equal(withRewrittenImages(context, []), context);
  });

  test('image-tag: an image skaffold builds is not reported; another image with a floating tag still is', () => {
    const pod = `apiVersion: v1
kind: Pod
metadata: {name: shop}
spec:
  containers:
    - name: frontend
      image: frontend
    - name: cart
      image: registry.example.com/team/cart:latest
    - name: cache
      image: redis:latest
    - name: front-other-registry
      image: gcr.io/other/frontend
`;
    const settings = normalizeSettings({});
    settings.fileContext = withRewrittenImages({}, new BuildToolImages().rewrittenImages(shopManifest));
    const findings = createLanguageService()
      .lintText(pod, settings)
      .findings.filter((f) => f.rule === 'image-tag')
      .map((f) => pod.slice(f.start, f.end));
    assert.deepEqual(findings, ['redis:latest', 'gcr.io/other/frontend']);
  });
});
