/** What is source: patch fragments, live objects and injector output get only the findings that make sense for them. */
import assert from 'node:assert/strict';
import { describe, test } from 'node:test';
import { analyzeChunk } from '../../server/src/service/engine';
import { isPlaceholder } from '../../server/src/service/pod/source';
import { normalizeSettings } from '../../server/src/service/settings';
import type { Finding } from '../../server/src/service/types';

const settings = normalizeSettings({});

function byRule(findings: Finding[], rule: string, container?: string): Finding[] {
  return findings.filter((f) => f.rule === rule && (container === undefined || f.container === container));
}

const PATCH = `apiVersion: apps/v1
kind: Deployment
metadata:
  name: controller-manager
spec:
  template:
    spec:
      containers:
        - name: kube-rbac-proxy
          image: quay.io/brancz/kube-rbac-proxy:v0.16.0
          ports: [{containerPort: 8443, name: https}]
        - name: manager
          args: ["--metrics-addr=127.0.0.1:8080"]
          volumeMounts: [{name: certs, mountPath: /certs}]
      volumes: [{name: tmp, emptyDir: {}}]
`;

const LIVE = `apiVersion: v1
kind: Pod
metadata:
  name: web
  uid: 0b4c2f4e-6d1e-4c56-9a4b-8b7f3e2a1c00
spec:
  containers:
    - name: app
      image: example/app:1.0
    - name: log-shipper
      image: fluent/fluent-bit:3.0
status:
  phase: Running
`;

const INJECTED = `apiVersion: v1
kind: Pod
metadata:
  name: web
  annotations:
    sidecar.istio.io/status: '{"initContainers":["istio-init"],"containers":["istio-proxy"]}'
spec:
  containers:
    - name: app
      image: example/app:1.0
      resources: {requests: {cpu: 100m, memory: 128Mi}}
    - name: istio-proxy
      image: docker.io/istio/proxyv2:1.22.0
`;

describe('what is source', () => {
  test('a strategic-merge patch keeps per-container findings on containers it defines, and drops whole-pod ones', () => {
    const findings = analyzeChunk(PATCH, settings);
    assert.equal(byRule(findings, 'missing-limits', 'kube-rbac-proxy').length, 1, 'the proxy is defined whole by the patch');
    assert.deepEqual(byRule(findings, 'missing-limits', 'manager'), [], 'the manager merges into its base');
    assert.deepEqual(byRule(findings, 'missing-requests', 'manager'), []);
    assert.deepEqual(byRule(findings, 'legacy-sidecar'), [], 'roles need the whole pod');
    assert.deepEqual(byRule(findings, 'undefined-volume'), [], 'the volumes are in the base');
  });

  test('a file a kustomization lists as a patch is a fragment even when every container has an image', () => {
    const whole = PATCH.replace('- name: manager\n', '- name: manager\n          image: controller:latest\n');
    assert.ok(byRule(analyzeChunk(whole, settings), 'undefined-volume').length > 0);
    const listed = normalizeSettings({});
    listed.fileContext = { kustomizePatch: true };
    assert.deepEqual(byRule(analyzeChunk(whole, listed), 'undefined-volume'), []);
  });

  test('a manifest with every container whole is not a fragment', () => {
    const manifest = PATCH.replace('- name: manager\n', '- name: manager\n          image: controller:v1\n');
    assert.equal(byRule(analyzeChunk(manifest, settings), 'missing-limits', 'manager').length, 1);
  });

  test('a live object gets its findings at info, with no fixes, and says why', () => {
    const findings = analyzeChunk(LIVE, settings);
    assert.ok(findings.length > 0);
    for (const f of findings) {
      assert.equal(f.severity, 'info', `${f.rule} on ${f.container}`);
      assert.deepEqual(f.fixes, []);
      assert.match(f.message, /live object/);
    }
  });

  test('status: {} or zero counts, as kubectl --dry-run and injectors write them, is not a live object', () => {
    const withoutUid = LIVE.replace(/ {2}uid: .*\n/, '');
    assert.ok(
      analyzeChunk(withoutUid, settings).every((f) => f.severity === 'info'),
      'phase: Running is observed state',
    );
    for (const status of ['status: {}\n', 'status:\n  replicas: 0\n  availableReplicas: 0\n']) {
      const source = withoutUid.replace(/status:\n {2}phase: Running\n/, status);
      assert.ok(
        analyzeChunk(source, settings).some((f) => f.severity !== 'info'),
        status,
      );
    }
  });

  test('an app container an Istio template only modified is still the author’s', () => {
    const modified = INJECTED.replace('"containers":["istio-proxy"]', '"containers":["istio-proxy","app"]');
    assert.notEqual(byRule(analyzeChunk(modified, settings), 'missing-limits', 'app')[0]?.severity, 'info');
  });

  test('findings on containers an injector added are info, with no hand edits, and name the injector', () => {
    const findings = analyzeChunk(INJECTED, settings);
    const proxy = findings.filter((f) => f.container === 'istio-proxy');
    assert.ok(proxy.length > 0);
    for (const f of proxy) {
      assert.equal(f.severity, 'info');
      assert.deepEqual(f.fixes, []);
      assert.match(f.message, /Istio injector placed 'istio-proxy'/);
    }
    const app = byRule(findings, 'missing-limits', 'app');
    assert.equal(app.length, 1);
    assert.notEqual(app[0].severity, 'info', 'the app container is still the author’s');
  });

  test('image-tag leaves alone an image a kustomization rewrites, and only that one', () => {
    const pod =
      'apiVersion: v1\nkind: Pod\nmetadata: {name: p}\nspec:\n  containers:\n    - {name: a, image: quay.io/argoproj/argocd:latest}\n    - {name: b, image: busybox}\n';
    const rewritten = normalizeSettings({});
    rewritten.fileContext = { rewrittenImages: ['quay.io/argoproj/argocd'] };
    assert.deepEqual(
      byRule(analyzeChunk(pod, settings), 'image-tag').map((f) => f.container),
      ['a', 'b'],
    );
    assert.deepEqual(
      byRule(analyzeChunk(pod, rewritten), 'image-tag').map((f) => f.container),
      ['b'],
    );
  });

  test('placeholders are recognised, values are not', () => {
    for (const text of ['${IMAGE}', '$(TAG)', '__IMAGE__', 'gcr.io/<your-project-id>/app', '{username}/feast:1', 'REPLACE_ME', '{{ .Values.image }}'])
      assert.equal(isPlaceholder(text), true, text);
    for (const text of ['nginx:1.27', '500Mi', 'registry.example.com:5000/team/app', 'google_containers/hugo', 'a<b'])
      assert.equal(isPlaceholder(text), false, text);
  });
});
