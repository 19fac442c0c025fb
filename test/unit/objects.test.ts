/** Objects around the pod: Services read from every document and file, results kept exactly while what they read stays. */
import assert from 'node:assert/strict';
import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, test } from 'node:test';
import { Analyzer, analyzeText, composeChange, documentAnalyzer, normalizeSettings, type TextChange } from '../../server/src/service';
import type { StagedAnalyzer } from '../../server/src/service/analysis';
import { prepareChunk } from '../../server/src/service/engine';
import { ObjectIndex } from '../../server/src/service/objects/index';
import { FileLinter, indexFiles } from '../../server/src/cliLint';
import { serviceTargets } from '../../server/src/service/objects/services';
import { createRng } from '../../bench/gen/prng';

const settings = normalizeSettings({ kubernetesVersion: '1.31' });

const SERVICE = `apiVersion: v1
kind: Service
metadata:
  name: web
spec:
  selector:
    app: web
  ports:
    - name: https
      port: 8443
      targetPort: https
    - name: http
      port: 80
      targetPort: http
`;

const deployment = (app: string) => `apiVersion: apps/v1
kind: Deployment
metadata:
  name: ${app}
spec:
  template:
    metadata:
      labels:
        app: ${app}
    spec:
      initContainers:
        - name: kube-rbac-proxy
          image: quay.io/brancz/kube-rbac-proxy:v0.18.0
          restartPolicy: Always
          ports:
            - containerPort: 8443
              name: https
      containers:
        - name: ${app}
          image: nginx:1.27
          ports:
            - containerPort: 8080
              name: http
`;

const CONFIG = `apiVersion: v1
kind: ConfigMap
metadata:
  name: web-config
data:
  a: b
`;

const TEXT = `${SERVICE}---\n${CONFIG}---\n${deployment('web')}---\n${deployment('api')}`;

/** Counts the documents each analysis runs the rules on, by their first line naming the object. */
function countingAnalyzer(): { analyzer: Analyzer; analysed: string[] } {
  const analysed: string[] = [];
  const inner = documentAnalyzer(false) as StagedAnalyzer;
  const analyzer = new Analyzer({
    prepare: inner.prepare,
    analyze: (prepared, s, world) => {
      analysed.push(/name: (\S+)/.exec(prepared.text)?.[1] ?? '?');
      return inner.analyze(prepared, s, world);
    },
  });
  return { analyzer, analysed };
}

const ruleIds = (text: string, s = settings) =>
  analyzeText(text, s)
    .findings.filter((f) => f.rule.startsWith('service-'))
    .map((f) => `${text.slice(f.start, f.end)} ${f.rule}`);

describe('Services in the same text', () => {
  test('a finding sits in the Service document, with related information at each selected pod template', () => {
    const analysis = analyzeText(TEXT, settings);
    const found = analysis.findings.filter((f) => f.rule === 'service-port-unresolved');
    assert.equal(found.length, 1);
    assert.equal(TEXT.slice(found[0].start, found[0].end), 'https');
    assert.deepEqual(
      found[0].related?.map((r) => TEXT.slice(r.start, r.end)),
      ['labels'],
    );
    assert.ok(found[0].related![0].start > TEXT.indexOf('name: web\nspec:\n  template'), 'points into the Deployment');
    assert.deepEqual(ruleIds(TEXT, normalizeSettings({ kubernetesVersion: '1.32' })), []);
  });

  test('an edit to a Service re-analyses the workloads it selects, an edit elsewhere nothing extra', () => {
    const { analyzer, analysed } = countingAnalyzer();
    analyzer.analyze(TEXT, settings);
    assert.deepEqual([...analysed].sort(), ['api', 'web', 'web', 'web-config']);
    analysed.length = 0;
    const at = TEXT.indexOf('a: b');
    let text = `${TEXT.slice(0, at)}a: c${TEXT.slice(at + 4)}`;
    analyzer.analyze(text, settings, { start: at, oldEnd: at + 4, newEnd: at + 4 });
    assert.deepEqual(analysed, ['web-config']);
    analysed.length = 0;
    const image = text.indexOf('nginx:1.27') + 'nginx:1.'.length;
    text = `${text.slice(0, image)}28${text.slice(image + 2)}`;
    analyzer.analyze(text, settings, { start: image, oldEnd: image + 2, newEnd: image + 2 });
    assert.deepEqual(analysed, ['web'], 'an image edit leaves the objects as they were: the Service is not analysed again');
    analysed.length = 0;
    const port = text.indexOf('targetPort: http\n') + 'targetPort: '.length;
    text = `${text.slice(0, port)}8080${text.slice(port + 4)}`;
    const result = analyzer.analyze(text, settings, { start: port, oldEnd: port + 4, newEnd: port + 4 });
    assert.deepEqual([...analysed].sort(), ['web', 'web']);
    assert.deepEqual(result.findings, analyzeText(text, settings).findings);
  });

  test('after every seeded run of edits, the findings equal a fresh analysis', () => {
    const inserts = ['x', '\n', ' ', '---\n', 'app: web\n', '        app: api\n', 'targetPort: http', '8443', '# c\n', 'name: https'];
    for (const seed of [1, 2, 3, 4]) {
      const random = createRng(seed).next;
      const analyzer = new Analyzer();
      let text = TEXT;
      analyzer.analyze(text, settings);
      for (let round = 0; round < 40; round++) {
        let change: TextChange | undefined;
        for (let i = 0; i < 1 + Math.floor(random() * 2); i++) {
          const at = Math.floor(random() * (text.length + 1));
          const removed = random() < 0.4 ? Math.min(text.length - at, Math.floor(random() * 8)) : 0;
          const inserted = inserts[Math.floor(random() * inserts.length)];
          text = text.slice(0, at) + inserted + text.slice(at + removed);
          change = composeChange(change, at, at + removed, inserted.length);
        }
        assert.deepEqual(analyzer.analyze(text, settings, change).findings, analyzeText(text, settings).findings, `seed ${seed}, round ${round}`);
      }
    }
  });
});

describe('serviceTargets', () => {
  test('lists the Service ports that reach a container, by name or by number', () => {
    const prepared = prepareChunk(`${SERVICE}---\n${deployment('web')}`, settings);
    const [pod] = prepared.parts[1].pods;
    const services = prepared.summary.services.map((object) => ({ object, delta: 0 }));
    const proxy = pod.containers.find((c) => c.name === 'kube-rbac-proxy')!;
    const app = pod.containers.find((c) => c.name === 'web')!;
    assert.deepEqual(
      serviceTargets({ pod, objects: { services } }, proxy).map((t) => [t.port.name, t.byName, t.containerPort]),
      [['https', true, 8443]],
    );
    assert.deepEqual(
      serviceTargets({ pod, objects: { services } }, app).map((t) => [t.port.name, t.byName, t.containerPort]),
      [['http', true, 8080]],
    );
    assert.deepEqual(serviceTargets({ pod }, proxy), []);
  });
});

describe('ObjectIndex', () => {
  test('a Service in one file sees the pods of the others, and forgets them when they go', () => {
    const index = new ObjectIndex(settings);
    index.addText('file:///svc.yaml', SERVICE);
    index.addText('file:///deploy.yaml', deployment('web'));
    index.addText('file:///notes.yaml', 'a: b\n');
    assert.equal(index.size, 2);
    const found = new Analyzer().analyze(SERVICE, settings, undefined, index.around('file:///svc.yaml')).findings;
    const unresolved = found.filter((f) => f.rule === 'service-port-unresolved');
    assert.equal(unresolved.length, 1);
    assert.match(unresolved[0].message, /Deployment 'web' in deploy\.yaml/);
    assert.deepEqual(unresolved[0].related, []);
    const version = index.version;
    index.addText('file:///deploy.yaml', deployment('web'));
    assert.equal(index.version, version, 'the same objects again change nothing');
    index.remove('file:///deploy.yaml');
    assert.ok(index.version > version);
    assert.deepEqual(
      new Analyzer().analyze(SERVICE, settings, undefined, index.around('file:///svc.yaml')).findings.filter((f) => f.rule.startsWith('service-')),
      [],
    );
  });

  test('the same text again re-analyses only the documents whose view of other files changed', () => {
    const index = new ObjectIndex(settings);
    index.addText('file:///svc.yaml', SERVICE);
    index.addText('file:///pods.yaml', deployment('web'));
    const { analyzer, analysed } = countingAnalyzer();
    // Workloads are analysed as soon as they are parsed, in a view of their own: it must equal the view of the whole.
    analyzer.analyze(TEXT, settings, undefined, index.around('file:///text.yaml'));
    analysed.length = 0;
    analyzer.analyze(TEXT, settings, undefined, index.around('file:///text.yaml'));
    assert.deepEqual(analysed, [], 'nothing changed around the text');
    index.addText('file:///api-svc.yaml', SERVICE.replace('app: web', 'app: api').replace('name: web', 'name: api'));
    const result = analyzer.analyze(TEXT, settings, undefined, index.around('file:///text.yaml'));
    assert.deepEqual(analysed, ['api'], 'only the workload a new Service of another file selects');
    assert.deepEqual(result.findings, new Analyzer().analyze(TEXT, settings, undefined, index.around('file:///text.yaml')).findings);
  });

  test('a pod sees the Services of other files', () => {
    const index = new ObjectIndex(settings);
    index.addText('file:///svc.yaml', SERVICE);
    const world = index.around('file:///deploy.yaml');
    assert.deepEqual(
      world.services.map((s) => s.uri),
      ['file:///svc.yaml'],
    );
    assert.deepEqual(index.around('file:///svc.yaml').services, []);
  });

  const NAMESPACE = (labels: string) => `apiVersion: v1\nkind: Namespace\nmetadata:\n  name: batch\n  labels: {${labels}}\n`;
  const JOB =
    'apiVersion: batch/v1\nkind: Job\nmetadata:\n  name: report\n  namespace: batch\nspec:\n  template:\n    spec:\n      restartPolicy: Never\n      containers:\n        - name: app\n          image: busybox:1.36\n          ports: [{containerPort: 15090}]\n';
  const meshFindings = (analyzer: Analyzer, index: ObjectIndex) =>
    analyzer
      .analyze(JOB, settings, undefined, index.around('file:///job.yaml'))
      .findings.filter((f) => f.rule.startsWith('mesh-'))
      .map((f) => [f.rule, JOB.slice(f.start, f.end), f.related ?? []]);

  test('a pod sees the injecting Namespace of another file, and forgets it when its label goes', () => {
    const index = new ObjectIndex(settings);
    index.addText('file:///ns.yaml', NAMESPACE('istio-injection: enabled'));
    assert.ok(index.has('file:///ns.yaml'), 'a file holding only a Namespace is indexed');
    const analyzer = new Analyzer();
    assert.deepEqual(meshFindings(analyzer, index), [
      ['mesh-proxy-blocks-job', 'Job', []],
      ['mesh-reserved-port', '15090', []],
    ]);
    // The same analyzer, the Job text unchanged: only the Namespace of the other file changed, and the findings follow it.
    index.addText('file:///ns.yaml', NAMESPACE('team: data'));
    assert.deepEqual(meshFindings(analyzer, index), []);
    assert.deepEqual(meshFindings(new Analyzer(), index), []);
    index.addText('file:///ns.yaml', NAMESPACE('istio-injection: enabled'));
    assert.equal(meshFindings(analyzer, index).length, 2);
    index.remove('file:///ns.yaml');
    assert.deepEqual(meshFindings(analyzer, index), []);
  });

  test('a Namespace of another file applies only to pods that name it', () => {
    const index = new ObjectIndex(settings);
    index.addText('file:///ns.yaml', NAMESPACE('istio-injection: enabled').replace('name: batch', 'name: other'));
    assert.deepEqual(meshFindings(new Analyzer(), index), []);
  });

  test('the CLI builds the index when a file has a Service or a Namespace, and only then', () => {
    const dir = mkdtempSync(join(tmpdir(), 'sidecar-lint-index-'));
    writeFileSync(join(dir, 'job.yaml'), JOB);
    const index = (...files: string[]) => indexFiles(files, { fix: false, sarif: false, settings: {}, cwd: dir }).map(([path]) => path.slice(dir.length + 1));
    assert.deepEqual(index('job.yaml'), []);
    writeFileSync(join(dir, 'ns.yaml'), NAMESPACE('istio-injection: enabled'));
    assert.deepEqual(index('job.yaml', 'ns.yaml').sort(), ['job.yaml', 'ns.yaml']);
  });

  test('one linter that indexes the files and lints them finds what worker threads given the index find', () => {
    const dir = mkdtempSync(join(tmpdir(), 'sidecar-lint-index-'));
    const files = { 'svc.yaml': SERVICE, 'web.yaml': deployment('web'), 'job.yaml': JOB, 'ns.yaml': NAMESPACE('istio-injection: enabled') };
    for (const [name, text] of Object.entries(files)) writeFileSync(join(dir, name), text);
    const options = { fix: false, sarif: false, settings: { kubernetesVersion: '1.31' }, cwd: dir };
    const names = Object.keys(files);
    const reports = (linter: FileLinter) => names.map((name) => linter.lint(name).reports.map((r) => `${r.file}:${r.line} ${r.rule}`));
    const indexing = new FileLinter(options);
    const entries = indexing.index(names);
    const reused = reports(indexing);
    assert.deepEqual(reused, reports(new FileLinter({ ...options, objects: entries })));
    assert.deepEqual(entries, indexFiles(names, options), 'the same objects as the index a worker thread gets');
    assert.ok(
      reused.flat().some((r) => r.startsWith('svc.yaml') && r.endsWith('service-port-unresolved')),
      'a Service sees the pods of another file',
    );
    assert.ok(
      reused.flat().some((r) => r.startsWith('job.yaml') && r.endsWith('mesh-proxy-blocks-job')),
      'a Job sees the Namespace of another file',
    );
  });

  test('pods of custom kinds with a pod template are indexed', () => {
    const index = new ObjectIndex(settings);
    const rollout =
      'apiVersion: argoproj.io/v1alpha1\nkind: Rollout\nmetadata:\n  name: web\nspec:\n  template:\n    metadata:\n      labels: {app: web}\n    spec:\n      containers:\n        - name: app\n          image: nginx:1.27\n';
    index.addText('file:///rollout.yaml', rollout);
    assert.deepEqual(
      index.around('file:///svc.yaml').pods.map((p) => p.uri),
      ['file:///rollout.yaml'],
    );
  });

  test('its entries, cloned as for a worker thread, make an index that sees the same', () => {
    const index = new ObjectIndex(settings);
    index.addText('/w/svc.yaml', SERVICE);
    index.addText('/w/deploy.yaml', deployment('web'));
    const copy = ObjectIndex.from(settings, structuredClone(index.entries()));
    const unresolved = (world: ReturnType<ObjectIndex['around']>) =>
      new Analyzer().analyze(SERVICE, settings, undefined, world).findings.filter((f) => f.rule === 'service-port-unresolved').length;
    assert.equal(unresolved(index.around('/w/svc.yaml')), 1);
    assert.equal(unresolved(copy.around('/w/svc.yaml')), 1);
    copy.put('/w/deploy.yaml', undefined);
    assert.equal(unresolved(copy.around('/w/svc.yaml')), 0);
  });
});
