/** Mesh injection: the settings, the model's answers at each version boundary, and the injected proxy in lens, hover and outline. */
import assert from 'node:assert/strict';
import { describe, test } from 'node:test';
import { parseDocument } from 'yaml';
import { TextDocument } from 'vscode-languageserver-textdocument';
import { Analyzer, createLanguageService, documentAnalyzer, LineIndex, normalizeSettings, outlinesOf } from '../../server/src/service';
import { codeLenses } from '../../server/src/service/codeLens';
import { mergeSettingsInput, parseConfig } from '../../server/src/service/config';
import { injectionOf, type NamespaceView } from '../../server/src/service/mesh/injection';
import { documentSymbols } from '../../server/src/service/symbols';
import { findPodSpecs } from '../../server/src/service/workloads';

function job(labels: Record<string, string>, annotations: Record<string, string> = {}, namespace?: string): string {
  const map = (m: Record<string, string>) =>
    `{${Object.entries(m)
      .map(([k, v]) => `"${k}": "${v}"`)
      .join(', ')}}`;
  return `apiVersion: batch/v1
kind: Job
metadata: {name: j${namespace ? `, namespace: ${namespace}` : ''}}
spec:
  template:
    metadata:
      labels: ${map(labels)}
      annotations: ${map(annotations)}
    spec:
      restartPolicy: Never
      containers:
        - name: task
          image: example/task:1.0
`;
}

function model(text: string, raw: unknown = {}, namespaces: NamespaceView[] = []) {
  const settings = normalizeSettings(raw);
  const [pod] = findPodSpecs(parseDocument(text), settings);
  return injectionOf(pod, settings, namespaces);
}

const ISTIO_POD = { 'sidecar.istio.io/inject': 'true' };
const LINKERD = { 'linkerd.io/inject': 'enabled' };

describe('mesh settings', () => {
  test('.sidecar-lint.yaml reads nested mesh settings from the source text and reports bad entries where they are', () => {
    const text =
      'mesh:\n  istio:\n    version: 1.30\n    nativeSidecars: auto\n  linkerd:\n    version: stable-2.18.1\n    colour: blue\n  injectedNamespaces: {a: istio, b: consul}\n';
    const { values, problems } = parseConfig(text);
    assert.deepEqual(normalizeSettings(values).mesh, { istioMinor: 30, istioNativeSidecars: 'auto', linkerdMinor: 18, injectedNamespaces: { a: 'istio' } });
    assert.deepEqual(
      problems.map((p) => text.slice(p.start, p.end)),
      ['colour', 'consul'],
    );
  });

  test('editor settings arrive nested or flat, booleans count as ENABLE_NATIVE_SIDECARS values, and a file keeps the editor mode it does not set', () => {
    assert.deepEqual(normalizeSettings({ 'mesh.istio.version': '1.24', 'mesh.istio.nativeSidecars': true }).mesh, {
      istioMinor: 24,
      istioNativeSidecars: 'true',
      injectedNamespaces: {},
    });
    const merged = normalizeSettings(
      mergeSettingsInput({ mesh: { istio: { nativeSidecars: 'false' } } }, parseConfig('mesh: {istio: {version: "1.26"}}').values),
    );
    assert.equal(merged.mesh.istioMinor, 26);
    assert.equal(merged.mesh.istioNativeSidecars, 'false');
    assert.equal(normalizeSettings({ mesh: { linkerd: { version: 'edge-25.1.1' } } }).mesh.linkerdMinor, undefined);
  });
});

describe('the injection model', () => {
  test('Istio: no annotation before 1.24, ENABLE_NATIVE_SIDECARS off until 1.26, auto from 1.27 (native only at 1.33)', () => {
    const mode = (istio: string, k8s = '1.33', annotations: Record<string, string> = {}) =>
      model(job(ISTIO_POD, annotations), { kubernetesVersion: k8s, mesh: { istio: { version: istio } } })!.native.mode;
    assert.equal(mode('1.23', '1.33', { 'sidecar.istio.io/nativeSidecar': 'true' }), 'legacy', '1.23 does not read the annotation');
    assert.equal(mode('1.24', '1.33', { 'sidecar.istio.io/nativeSidecar': 'true' }), 'native');
    assert.equal(mode('1.24'), 'legacy');
    assert.equal(mode('1.26'), 'legacy');
    assert.equal(mode('1.27', '1.32'), 'legacy');
    assert.equal(mode('1.27', '1.33'), 'native');
    assert.equal(mode('1.27', '1.33', { 'sidecar.istio.io/nativeSidecar': 'False' }), 'native', 'only the exact "false" is off');
    assert.equal(mode('1.27', '1.33', { 'sidecar.istio.io/nativeSidecar': 'false' }), 'legacy');
    assert.equal(mode('1.26', '1.28', { 'sidecar.istio.io/nativeSidecar': 'true' }), 'legacy', 'no native sidecars on 1.28 without the gate');
    assert.equal(model(job(ISTIO_POD))!.native.mode, 'depends');
  });

  test('Linkerd: alpha from 2.15, beta from 2.19, GA and on by default from 2.20; ParseBool decides values', () => {
    const mode = (version: string | undefined, annotations: Record<string, string> = {}, nativeSidecar?: boolean) =>
      model(job({}, { ...LINKERD, ...annotations }), { mesh: { linkerd: { version, nativeSidecar } } })!.native.mode;
    const alpha = 'config.alpha.linkerd.io/proxy-enable-native-sidecar';
    const ga = 'config.linkerd.io/proxy-enable-native-sidecar';
    assert.equal(mode('2.14', { [alpha]: 'true' }), 'legacy');
    assert.equal(mode('2.15', { [alpha]: 'true' }), 'native');
    assert.equal(mode('2.15', { [alpha]: 'yes' }), 'legacy', 'an unparseable value is ignored');
    assert.equal(mode('2.19', { [ga]: 'true' }), 'legacy', '2.19 does not read the GA name');
    assert.equal(mode('2.19', { 'config.beta.linkerd.io/proxy-enable-native-sidecar': 'T' }), 'native');
    assert.equal(mode('2.20'), 'native');
    assert.equal(mode('2.20', {}, false), 'legacy');
    assert.equal(mode('2.20', { [ga]: '0' }), 'legacy');
    assert.equal(mode(undefined), 'depends');
    assert.equal(mode(undefined, { [alpha]: 'true' }), 'native', 'a pinned annotation answers without a version');
  });

  test('namespaces inject unless the pod opts out; a pod without a namespace is never assumed to be in one', () => {
    const istioNs: NamespaceView = { name: 'shop', labels: { 'istio.io/rev': 'stable' }, annotations: {} };
    assert.equal(model(job({}, {}, 'shop'), {}, [istioNs])?.mesh.name, 'istio');
    assert.equal(model(job({ 'sidecar.istio.io/inject': 'false' }, {}, 'shop'), {}, [istioNs]), undefined);
    assert.equal(model(job({}, {}), {}, [istioNs]), undefined);
    const fromSetting = model(job({}, {}, 'batch'), { mesh: { injectedNamespaces: { batch: 'linkerd' } } });
    assert.equal(fromSetting?.via.by, 'namespace');
    assert.equal(fromSetting?.mesh.name, 'linkerd');
    assert.equal(model(job({}, { 'linkerd.io/inject': 'disabled' }, 'batch'), { mesh: { injectedNamespaces: { batch: 'linkerd' } } }), undefined);
  });

  test('resources: Istio chart defaults, or only the annotated ones; Linkerd only what is annotated', () => {
    assert.deepEqual(model(job(ISTIO_POD))!.resources, { requests: { cpu: '100m', memory: '128Mi' }, limits: { cpu: '2000m', memory: '1024Mi' } });
    assert.deepEqual(model(job(ISTIO_POD, { 'sidecar.istio.io/proxyCPU': '300m' }))!.resources, { requests: { cpu: '300m' }, limits: {} });
    assert.deepEqual(model(job({}, LINKERD))!.resources, { requests: {}, limits: {} });
    assert.deepEqual(model(job({}, { ...LINKERD, 'config.linkerd.io/proxy-memory-limit': '250Mi' }))!.resources, { requests: {}, limits: { memory: '250Mi' } });
  });

  test('injector output is recognised: the proxy is in the pod already', () => {
    const injected = model(job(ISTIO_POD, { 'sidecar.istio.io/status': '{}' }));
    assert.equal(injected?.via.by, 'injected');
  });
});

const DEPLOYMENT = (annotations: string) => `apiVersion: apps/v1
kind: Deployment
metadata:
  name: web
spec:
  replicas: 2
  selector:
    matchLabels: {app: web}
  template:
    metadata:
      labels:
        app: web
        sidecar.istio.io/inject: "true"
${annotations}    spec:
      containers:
        - name: web
          image: example/web:1.0
          resources:
            requests: {cpu: 250m, memory: 256Mi}
            limits: {cpu: 500m, memory: 512Mi}
`;

function lensTitles(text: string, raw: unknown = {}): string[] {
  const analysis = new Analyzer(documentAnalyzer(true)).analyze(text, normalizeSettings(raw));
  return codeLenses(outlinesOf(analysis), new LineIndex(text)).map((lens) => lens.command!.title);
}

describe('the injected proxy in lens, hover and outline', () => {
  test("the lens of an injected Deployment counts Istio's chart defaults and shows the proxy's share", () => {
    assert.deepEqual(lensTitles(DEPLOYMENT('')), [
      'requests cpu 350m, memory 384Mi · limits cpu 2500m, memory 1536Mi · istio-proxy (injected by Istio) cpu 100m, memory 128Mi · ×2 replicas: requests cpu 700m, memory 768Mi · limits cpu 5000m, memory 3Gi',
    ]);
  });

  test('one proxy resource annotation: the proxy has only that request and no limits, so the pod limits are unbounded', () => {
    const partial = '      annotations:\n        sidecar.istio.io/proxyCPU: 300m\n';
    assert.deepEqual(lensTitles(DEPLOYMENT(partial)), [
      'requests cpu 550m, memory 256Mi · limits cpu unbounded, memory unbounded · istio-proxy (injected by Istio) cpu 300m, memory 0 · ×2 replicas: requests cpu 1100m, memory 512Mi',
    ]);
  });

  test('a native Linkerd proxy with annotated resources counts as a sidecar, and its init container as an init step', () => {
    const text = `apiVersion: batch/v1
kind: Job
metadata: {name: j}
spec:
  template:
    metadata:
      annotations:
        linkerd.io/inject: enabled
        config.linkerd.io/proxy-cpu-request: 100m
        config.linkerd.io/proxy-memory-request: 64Mi
    spec:
      restartPolicy: Never
      initContainers:
        - name: migrate
          image: example/migrate:1.0
          resources: {requests: {cpu: "1", memory: 1Gi}}
      containers:
        - name: task
          image: example/task:1.0
          resources: {requests: {cpu: 200m, memory: 128Mi}}
`;
    // Init step: migrate 1 cpu + the native proxy 100m beside it = 1100m; long-running: 200m + 100m.
    assert.deepEqual(lensTitles(text, { mesh: { linkerd: { version: '2.20' } } }), [
      'requests cpu 1100m, memory 1088Mi · limits cpu unbounded, memory unbounded · linkerd-proxy (injected by Linkerd) cpu 100m, memory 64Mi',
    ]);
  });

  test('the outline lists the injected init container and proxy, marked as injected, before the pod own containers', () => {
    const text = DEPLOYMENT('');
    const analysis = new Analyzer(documentAnalyzer(true)).analyze(text, normalizeSettings({ mesh: { istio: { version: '1.27' } } }));
    const [deployment] = documentSymbols(outlinesOf(analysis), new LineIndex(text));
    assert.deepEqual(
      deployment.children!.map((c) => `${c.name}: ${c.detail}`),
      ['istio-init: init · injected by Istio', 'istio-proxy: sidecar · injected by Istio', 'web: app'],
    );
  });

  test('hover on a mesh annotation explains it at the configured version, and on resources: counts the proxy', () => {
    const text = job(ISTIO_POD, { 'sidecar.istio.io/nativeSidecar': 'true' });
    const hoverAt = (needle: string, raw: unknown) => {
      const document = TextDocument.create('file:///m.yaml', 'yaml', 1, text);
      const at = text.indexOf(needle);
      const result = createLanguageService().hover(document, normalizeSettings(raw), document.positionAt(at + 1));
      return (result?.contents as { value: string } | undefined)?.value ?? '';
    };
    assert.match(hoverAt('sidecar.istio.io/nativeSidecar', { mesh: { istio: { version: '1.23' } } }), /Istio 1\.23 \(your setting\) ignores it/);
    assert.match(hoverAt('sidecar.istio.io/nativeSidecar', { mesh: { istio: { version: '1.26' } } }), /Istio 1\.26 \(your setting\) reads it/);
    assert.match(hoverAt('sidecar.istio.io/nativeSidecar', {}), /Set `mesh\.istio\.version`/);
    assert.match(hoverAt('sidecar.istio.io/inject', { mesh: { istio: { version: '1.26' } } }), /Here: Istio injects `istio-proxy` as a native sidecar/);
    const deployment = DEPLOYMENT('');
    const document = TextDocument.create('file:///d.yaml', 'yaml', 1, deployment);
    const at = deployment.indexOf('resources:');
    const value = (createLanguageService().hover(document, normalizeSettings({}), document.positionAt(at + 1))?.contents as { value: string }).value;
    assert.match(value, /`istio-proxy` and `istio-init` \(injected by Istio, beside the app; counted above\): requests cpu 100m, memory 128Mi/);
  });
});
