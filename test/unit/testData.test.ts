/** Test data in a repository: hygiene findings are notes there, everything else is as anywhere; what the source lowered stays low. */
import assert from 'node:assert/strict';
import { describe, test } from 'node:test';
import { analyzeText, normalizeSettings } from '../../server/src/service';
import { isStandInImage } from '../../server/src/service/pod/standIn';
import { isTestDataPath } from '../../server/src/service/pod/testData';

const POD = `apiVersion: v1
kind: Pod
metadata:
  name: p
spec:
  containers:
    - name: app
      image: busybox
      volumeMounts: [{name: missing, mountPath: /data}]
  volumes: [{name: other, emptyDir: {}}]
`;

describe('test data', () => {
  test('paths: test-data directories, src/test and golden files, but not a bare test/ (an environment overlay)', () => {
    for (const path of [
      'pkg/injector/testdata/inject.01.golden.yaml',
      'test/e2e/testing-manifests/pod.yaml',
      'src/test/resources/pod.yaml',
      'C:\\repo\\fixtures\\pod.yml',
      'charts/x/__snapshots__/deployment.yaml',
      'out.golden.yml',
    ])
      assert.ok(isTestDataPath(path), path);
    for (const path of ['overlays/test/deployment.yaml', 'tests.yaml', 'deploy/base/node.yaml', 'examples/pod.yaml', 'testdata.yaml', 'srcs/test/pod.yaml'])
      assert.ok(!isTestDataPath(path), path);
  });

  test('in test data, resources and image tags are info; structure errors stay errors', () => {
    const severities = (testData: boolean) => {
      const settings = normalizeSettings({});
      if (testData) settings.fileContext = { testData: true };
      return Object.fromEntries(analyzeText(POD, settings).findings.map((f) => [f.rule, f.severity]));
    };
    assert.deepEqual(severities(false), { 'image-tag': 'warning', 'missing-limits': 'warning', 'missing-requests': 'warning', 'undefined-volume': 'error' });
    assert.deepEqual(severities(true), { 'image-tag': 'info', 'missing-limits': 'info', 'missing-requests': 'info', 'undefined-volume': 'error' });
  });

  test("stand-in images: words of the image's own name, not its organisation, a longer word or a container name", () => {
    for (const image of [
      'maistra/examples-bookinfo-details-v1:1.1.0',
      'nginxdemos/hello:latest',
      'openshift/hello-openshift',
      'kong/httpbin',
      'quay.io/k8scsi/mock-driver:canary',
      'registry.k8s.io/sig-storage/hostpathplugin:v1.16.1',
      'openpolicyagent/demo-test-server:v1',
      'quay.io/brancz/prometheus-example-app:v0.1.0',
    ])
      assert.ok(isStandInImage(image), image);
    for (const image of [
      'nginx:1.27',
      'busybox',
      'myapp:1.0',
      'gcr.io/google-samples/prometheus-dummy-exporter:v0.2.0',
      'democraticcsi/democratic-csi:v1.9.3',
      'example.com/team/app:1',
      'example/app:1',
      'sampler:2',
    ])
      assert.ok(!isStandInImage(image), image);
  });

  test('on a stand-in image, resources and tags are info with a note; structure errors stay errors', () => {
    const findings = analyzeText(POD.replace('image: busybox', 'image: kennethreitz/httpbin'), normalizeSettings({})).findings;
    const severities = Object.fromEntries(findings.map((f) => [f.rule, f.severity]));
    assert.deepEqual(severities, { 'image-tag': 'info', 'missing-limits': 'info', 'missing-requests': 'info', 'undefined-volume': 'error' });
    assert.match(findings.find((f) => f.rule === 'missing-limits')!.message, /names a stand-in/);
  });

  test('a severity configured for a rule does not raise what the engine lowered for test data or a live object', () => {
    const live = POD.replace('  name: p\n', '  name: p\n  uid: 0b0c5e1e-1d3b-4c52-9a51-0c1f6f2d9a3e\n');
    const severity = (text: string, testData: boolean) => {
      const settings = normalizeSettings({ rules: { 'missing-limits': 'error' } });
      if (testData) settings.fileContext = { testData: true };
      return analyzeText(text, settings).findings.find((f) => f.rule === 'missing-limits')?.severity;
    };
    assert.equal(severity(POD, false), 'error');
    assert.equal(severity(POD, true), 'info');
    assert.equal(severity(live, false), 'info');
    const off = normalizeSettings({ rules: { 'missing-limits': 'off' } });
    off.fileContext = { testData: true };
    assert.equal(analyzeText(POD, off).findings.filter((f) => f.rule === 'missing-limits').length, 0, 'off still turns it off');
  });
});
