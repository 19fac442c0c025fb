/**
 * The minimised reproducers of issue 13's bugs (and of those the fuzzer found since), asserting the correct behaviour.
 * Hang reproducers run in a child process under a generous wall-clock guard, so a hang fails the test instead of
 * stalling the run.
 */
import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import { join } from 'node:path';
import { describe, test } from 'node:test';
import { parseDocument } from 'yaml';
import { TextDocument } from 'vscode-languageserver-textdocument';
import { analyzeText, createLanguageService, fixAllText, normalizeSettings } from '../../server/src/service';
import { fixIsSafe } from '../../server/src/service/fixAll';
import { applyEdits } from '../../server/src/service/text';
import type { Settings } from '../../server/src/service/types';
import { commentSpans, editInComment, editThroughAnchor, sharedSpans, timedOut } from './facts';
import { parseChunk } from '../../server/src/service/engine';
import { HOSTILE } from './hostile';
import { checkText, unitsOk } from './properties';
import { Tally } from './tally';
import { checkBudget, withTimeBudget } from '../../server/src/service/budget';

const settings = normalizeSettings({});
const HANG_GUARD_MS = 10_000;

/** Every fix the service offers (passes its own safety check), with the text it makes. */
function offered(text: string, s: Settings = settings) {
  const analysis = analyzeText(text, s);
  return analysis.findings.flatMap((finding) =>
    finding.fixes.filter((fix) => fixIsSafe(analysis, fix)).map((fix) => ({ finding, fix, after: applyEdits(text, fix.edits) })),
  );
}

const pod = (spec: string) => `apiVersion: v1\nkind: Pod\nmetadata:\n  name: p\nspec:\n${spec}`;

describe('hangs', () => {
  for (const name of Object.keys(HOSTILE)) {
    test(`${name}: analysed within the hang guard`, () => {
      const child = spawnSync(process.execPath, ['--import', 'tsx', join(__dirname, 'hostile.ts'), name], { timeout: HANG_GUARD_MS, encoding: 'utf8' });
      assert.equal(child.signal, null, `still running after ${HANG_GUARD_MS} ms`);
      assert.equal(child.status, 0, child.stderr);
    });
  }
});

describe('unsafe fixes', () => {
  test('the only app container is never converted to a sidecar', () => {
    const text = pod('  containers:\n    - name: app\n      image: nginx:1.27\n      restartPolicy: Always\n');
    for (const { fix, after } of [...offered(text), { fix: { title: 'fix-all' }, after: fixAllText(analyzeText(text, settings), settings) }]) {
      const containers = (parseDocument(after).toJS() as { spec: { containers?: unknown[] } }).spec.containers;
      assert.ok(Array.isArray(containers) && containers.length > 0, `'${fix.title}' left no app container`);
    }
  });

  test('resources added to a flow mapping whose line ends in a comment land outside the comment', () => {
    // The container has an image: without one it is a patch fragment, which gets no resource findings.
    const text =
      '{\n  apiVersion: "v1",\n  kind: "Pod",\n  metadata: {\n  },\n\tspec: {\n    containers: [{\n      image: "x:1",\n      args: [\n      ],\t# t\n    }],\n  },\n}\n';
    const spans = commentSpans(text);
    const fixes = offered(text).filter(({ finding }) => finding.rule === 'missing-limits' || finding.rule === 'missing-requests');
    assert.ok(fixes.length > 0, 'the fixes are offered');
    for (const { finding, fix, after } of fixes) {
      assert.ok(!fix.edits.some((e) => editInComment(spans, e)), `'${fix.title}' edits inside the comment`);
      assert.ok(!analyzeText(after, settings).findings.some((f) => f.rule === finding.rule), `'${fix.title}' did not remove its finding`);
    }
    const once = fixAllText(analyzeText(text, settings), settings);
    assert.equal(fixAllText(analyzeText(once, settings), settings), once, 'fix-all is not a fixed point');
    assert.ok(once.includes('# t'), 'the comment was changed');
  });

  test('a cpu limit is never raised to a memory quantity', () => {
    const text = pod(
      '  containers:\n    - name: app\n      image: nginx:1.27\n      resources:\n        requests:\n          cpu: 1.5Gi\n          memory: 64Mi\n        limits:\n          cpu: "1"\n          memory: 64Mi\n',
    );
    for (const { fix, after } of offered(text)) {
      const cpu = (parseDocument(after).toJS() as { spec: { containers: { resources: { limits: { cpu: unknown } } }[] } }).spec.containers[0].resources.limits
        .cpu;
      assert.ok(!/i$/.test(String(cpu)), `'${fix.title}' wrote cpu limit ${String(cpu)}`);
    }
  });

  test('a fix never writes a non-finite number (containerPort: 1e309)', () => {
    const text = pod(
      '  initContainers:\n    - name: envoy\n      image: envoyproxy/envoy:v1.30.1\n      restartPolicy: Always\n      ports:\n        - containerPort: 1e309\n  containers:\n    - name: app\n      image: nginx:1.27\n',
    );
    for (const { fix } of offered(text)) assert.ok(!fix.edits.some((e) => /Infinity|NaN/.test(e.text)), `'${fix.title}' writes a non-finite number`);
    assert.doesNotMatch(fixAllText(analyzeText(text, settings), settings), /Infinity|NaN/);
  });

  test('a fix next to a merge key keeps the merged values (limits.cpu from <<)', () => {
    const text = pod(
      '  containers:\n    - name: app\n      image: nginx:1.27\n      resources:\n        <<: {limits: {cpu: 1}}\n        requests:\n          cpu: 100m\n          memory: 64Mi\n',
    );
    for (const { fix, after } of offered(text)) {
      const limits = (parseDocument(after, { merge: true }).toJS() as { spec: { containers: { resources: { limits?: { cpu?: unknown } } }[] } }).spec
        .containers[0].resources.limits;
      assert.equal(limits?.cpu, 1, `'${fix.title}' dropped the merged cpu limit`);
    }
  });
});

describe('silent corruption', () => {
  test('converting the last container in a CRLF/LF file without a final newline keeps the line before intact', () => {
    const text =
      'apiVersion: v1\r\nkind: Pod\nmetadata:\n  name: p\nspec:\n  containers:\n    - name: app\n      image: nginx:1.27\n    - name: istio-proxy\n      image: istio/proxyv2:1.22.0';
    const fixes = offered(text).filter(({ finding }) => finding.rule === 'legacy-sidecar');
    assert.ok(fixes.length > 0, 'the conversion is offered');
    for (const { after } of fixes) {
      const value = parseDocument(after).toJS() as { spec: { containers: { image: string }[] } };
      assert.equal(value.spec.containers[0].image, 'nginx:1.27');
    }
  });
});

describe('edge ranges and URIs', () => {
  test('yaml-syntax at the end of a file ends within the text', () => {
    const text = 'apiVersion: v1\nkind: Pod\nspec: "';
    for (const f of analyzeText(text, settings).findings)
      assert.ok(f.start >= 0 && f.end <= text.length, `${f.rule} [${f.start}, ${f.end}) past ${text.length}`);
  });

  for (const uri of ['file:///tmp/%ZZ.yaml', 'file:///%E0%A4%A', 'file://fileserver/share/x.yaml']) {
    test(`the service lints a document at ${uri}`, () => {
      const service = createLanguageService();
      const document = TextDocument.create(uri, 'yaml', 1, pod('  containers:\n    - name: app\n      image: nginx\n'));
      service.didOpen(uri);
      assert.ok(service.diagnostics(document, settings).length > 0);
    });
  }
});

describe('found by the fuzzer', () => {
  test('adding resources to a container whose name is an alias removes the finding', () => {
    const text = pod('  containers:\n    - name: &shared worker\n      image: w:1\n    - name: *shared  #\n      image: w:1\n');
    const fixes = offered(text).filter(({ finding }) => finding.rule === 'missing-limits');
    assert.ok(fixes.length > 0, 'the fix is offered');
    for (const { finding, fix, after } of fixes) {
      const count = (t: string) => analyzeText(t, settings).findings.filter((f) => f.rule === finding.rule).length;
      assert.ok(count(after) < count(text), `'${fix.title}' did not remove its finding`);
    }
  });

  test('resources added beside an explicit key (? limits) remove the finding', () => {
    const text = pod('  containers:\n    - name: app\n      image: app:1.0\n      resources:\n        ? limits\n        :\n          memory: 1Gi\n');
    const fixes = offered(text).filter(({ finding }) => finding.rule === 'missing-requests');
    assert.ok(fixes.length > 0, 'the fix is offered');
    for (const { fix, after } of fixes) {
      const resources = (parseDocument(after).toJS() as { spec: { containers: { resources: Record<string, unknown> }[] } }).spec.containers[0].resources;
      assert.deepEqual(Object.keys(resources), ['limits', 'requests'], `'${fix.title}' wrote requests under limits`);
      assert.ok(!analyzeText(after, settings).findings.some((f) => f.rule === 'missing-requests'), `'${fix.title}' did not remove its finding`);
    }
  });

  test('resources added after a compact sequence that an alias shares leave the sequence as it was', () => {
    const text =
      'apiVersion: apps/v1\nkind: Deployment\nspec:\n  template:\n    spec:\n      containers:\n        - name: sdkapp\n          image: example/app:1\n' +
      '          ports: &a\n          - containerPort: 8080\n        - name: nginxapp\n          securityContext:\n            <<: *a\n';
    const fixes = offered(text).filter(({ finding }) => finding.rule === 'missing-limits');
    assert.ok(fixes.length > 0, 'the fix is offered');
    const shared = sharedSpans(parseChunk(text), 0);
    const read = (t: string) => JSON.stringify((parseDocument(t, { merge: true }).toJS() as { spec: unknown }).spec);
    for (const { fix, after } of fixes) {
      assert.ok(!fix.edits.some((e) => editThroughAnchor(text, shared, e)), `'${fix.title}' counted as a write through the anchor`);
      assert.equal(read(after).replace(/,"resources":\{[^}]*\}\}/, ''), read(text), `'${fix.title}' changed what the alias reads`);
    }
  });

  test('a tagged readOnly (!custom true reads as a string) is not rewritten to the same text', () => {
    const text = pod(
      '  initContainers:\n    - name: envoy\n      image: envoyproxy/envoy:v1.29.4\n    - name: fluent-bit\n      image: fluent/fluent-bit:3.1.9\n' +
        '      restartPolicy: Always\n      volumeMounts:\n        - name: logs\n          readOnly: !custom true\n  containers:\n    - name: app-0-1\n' +
        '      image: registry.example.com/shop/app-0-1:1.11.9\n      volumeMounts:\n        - name: logs\n',
    );
    const s = normalizeSettings({ kubernetesVersion: '1.33', requireCpuLimit: false, defaults: { proxy: { cpu: '100m', memory: '64Mi' } } });
    assert.ok(
      analyzeText(text, s).findings.some((f) => f.rule === 'sidecar-writable-mount'),
      'the mount is still reported',
    );
    for (const { finding, fix, after } of offered(text, s)) {
      const count = (t: string) => analyzeText(t, s).findings.filter((f) => f.rule === finding.rule).length;
      assert.ok(count(after) < count(text), `'${fix.title}' did not remove its finding`);
    }
  });

  test('a container moved to initContainers with its own invalid quantity is not a unit written by the fix (seed 2026 case 9765)', () => {
    // The fuzzer's minimised reproducer: the converted container lands where wait-for-db was, with its own `cpu: é`.
    const text =
      'apiVersion: v1\nkind: Pod\nspec:\n  initContainers:\n    - name: wait-for-db\n      image: busybox:1.36\n      resources:\n        limits:\n          memory: 16Mi\n  containers:\n    - name: app-29-0\n      image: registry.example.com/shop/app-29-0:1.0.7\n    - name: fluent-bit\n      image: fluent/fluent-bit:3.1.6\n      resources:\n        limits:\n          cpu: é\n';
    const converts = offered(text).filter(({ fix }) => /native sidecar/.test(fix.title));
    assert.ok(converts.length > 0, 'the conversion is offered');
    const tally = new Tally();
    checkText(text, settings, tally);
    assert.ok(tally.checks['fix:unit'] > 0, 'fix:unit was checked');
    assert.deepEqual(
      tally.violations.filter((v) => v.property.endsWith(':unit')),
      [],
    );
  });

  test('the unit property still catches a quantity written into a container, moved or not', () => {
    const before = [
      {
        spec: {
          initContainers: [{ name: 'init' }],
          containers: [
            { name: 'a', resources: { limits: { cpu: 'é' } } },
            { name: 'b', resources: { limits: { cpu: '1' } } },
          ],
        },
      },
    ];
    const moved = [{ spec: { initContainers: [{ name: 'init' }, { name: 'a', resources: { limits: { cpu: 'é' } } }], containers: [{ name: 'b' }] } }];
    assert.equal(unitsOk(before, moved), undefined);
    const movedAndWritten = [
      { spec: { initContainers: [{ name: 'init' }, { name: 'a', resources: { limits: { cpu: '1Gi' } } }], containers: [{ name: 'b' }] } },
    ];
    assert.equal(unitsOk(before, movedAndWritten), 'cpu limits set to 1Gi');
    const inPlace = [
      {
        spec: {
          containers: [
            { name: 'a', resources: { limits: { cpu: 'é' } } },
            { name: 'b', resources: { limits: { cpu: '1Gi' } } },
          ],
        },
      },
    ];
    assert.equal(unitsOk(before, inPlace), 'cpu limits set to 1Gi');
  });

  test('only a time budget makes two analyses of one text incomparable; the merge-key budget is compared', () => {
    // Seed 2027 case 302 (fix:removes, fixall:fixed-point) and the incremental cases did not reproduce at low load: a
    // wall-clock stop keeps the findings of the pods read before it, so where it falls depends on the load.
    const doc = parseDocument('a: 1\n');
    let stopped: unknown;
    withTimeBudget(
      doc,
      () => {
        try {
          checkBudget(doc);
        } catch (error) {
          stopped = error;
        }
      },
      -1,
    );
    assert.ok(stopped instanceof Error, 'the time budget tripped');
    assert.ok(timedOut([{ rule: 'analysis-budget', message: stopped.message }]));
    const merge = analyzeText(HOSTILE['merge bomb (40 levels)'](), settings).findings;
    assert.ok(
      merge.some((f) => f.rule === 'analysis-budget'),
      'the merge bomb is over budget',
    );
    assert.equal(timedOut(merge), false);
  });

  test('raising a limit to a request of 1e309 (Infinity) is not offered (seed 2028 case 3511)', () => {
    const text = pod(
      '  containers:\n    - name: app\n      image: app:1\n      resources:\n        requests:\n          cpu: 1e309\n        limits:\n          cpu: 400m\n',
    );
    const raises = offered(text).filter(({ fix }) => fix.title.startsWith('Raise the limit'));
    assert.deepEqual(
      raises.map(({ fix }) => fix.title),
      [],
    );
    assert.ok(
      analyzeText(text, settings).findings.some((f) => f.rule === 'requests-exceed-limits'),
      'the finding is still reported',
    );
  });

  test("a typo'd mesh key with a bad value: both problems show, so renaming the key removes its finding (seed 5001 case 12591)", () => {
    const text =
      'apiVersion: batch/v1\nkind: Job\nspec:\n  template:\n    metadata:\n      annotations:\n        config.linkerd.io/enable-gatewa\ty: "yes"\n    spec:\n      restartPolicy: Never\n';
    const before = analyzeText(text, settings).findings.filter((f) => f.rule === 'mesh-annotation');
    assert.equal(before.length, 2, before.map((f) => f.message).join('\n'));
    const rename = offered(text).find(({ fix }) => fix.title === 'Did you mean config.linkerd.io/enable-gateway?');
    assert.ok(rename, 'the rename is offered');
    const after = analyzeText(rename.after, settings).findings.filter((f) => f.rule === 'mesh-annotation');
    assert.deepEqual(
      after.map((f) => f.message.split(':')[0]),
      ["Linkerd reads 'config.linkerd.io/enable-gateway' with Go's ParseBool and silently ignores \"yes\""],
    );
  });

  test('no resources are appended after a last entry whose block map sits at the same column (seed 6002 case 24952)', () => {
    // `? requests` then `:` lines: the value of requests is a map at the resources map's own column, so new lines would join it.
    const text = pod('  containers:\n    - name: app\n      image: app:1.0\n      resources:\n        ? requests\n        :\n        :\n');
    assert.deepEqual(
      offered(text)
        .filter(({ finding }) => finding.rule === 'missing-limits')
        .map(({ fix }) => fix.title),
      [],
    );
  });

  test('a request is never lowered to a limit of 0 or -0 (seed 6002 case 20807)', () => {
    const text = pod(
      '  containers:\n    - name: app\n      image: app:1\n      resources:\n        requests:\n          memory: "512Mi"\n        limits:\n          memory: -0\n',
    );
    const titles = offered(text)
      .filter(({ finding }) => finding.rule === 'requests-exceed-limits')
      .map(({ fix }) => fix.title);
    assert.deepEqual(titles, ['Raise the limit to the request (512Mi)']);
  });

  test('a key beside a merge key is not removed: the merged value of that name would take its place (seed 7001 case 28580)', () => {
    const text = pod('  containers:\n    - <<: {restartPolicy: OnFailure}\n      restartPolicy: Always\n');
    assert.deepEqual(
      offered(text)
        .filter(({ fix }) => fix.title.startsWith('Remove restartPolicy'))
        .map(({ fix }) => fix.title),
      [],
    );
  });

  test('a run-once pod that opts into two meshes is told to keep one, with no fix for either (seed 7001 case 49369)', () => {
    const text =
      'apiVersion: v1\r\nkind: Pod\r\nmetadata:\r\n  annotations:\r\n    linkerd.io/inject: enabled\r\n    sidecar.istio.io/inject: "true"\r\nspec:\r\n  restartPolicy: Never\r\n';
    const findings = analyzeText(text, settings).findings.filter((f) => f.rule === 'mesh-proxy-blocks-job');
    assert.equal(findings.length, 1);
    assert.match(findings[0].message, /also opts into Linkerd injection: keep one mesh/);
    assert.deepEqual(findings[0].fixes, []);
  });

  test('a tagged readOnly is not rewritten: the tag would keep the new value a string (seed 8001 case 19070)', () => {
    const mount = (value: string) =>
      `apiVersion: apps/v1\nkind: Deployment\nspec:\n  template:\n    spec:\n      initContainers:\n        - name: log-shipper\n          image: fluent/fluent-bit:3.2\n          restartPolicy: Always\n          volumeMounts:\n            - name: logs\n              readOnly: ${value}\n      containers:\n        - name: web\n          image: nginx:1.27\n          volumeMounts:\n            - {name: logs, mountPath: /var/log/app}\n`;
    const readOnly = (text: string) => offered(text).filter(({ fix }) => fix.title === "Mount 'logs' read-only");
    assert.equal(readOnly(mount('!!str "false"')).length, 0);
    assert.equal(readOnly(mount('!custom "false"')).length, 0);
    assert.equal(readOnly(mount('"false"')).length, 1, 'an untagged quoted value is still fixed');
  });

  test('a memory request that is no quantity is not copied into the limit (seed 8002 case 32077)', () => {
    const text = pod('  containers:\n    - name: app\n      image: app:1.0\n      resources:\n        requests:\n          memory: !!int ~\n');
    const limits = offered(text).filter(({ fix }) => fix.title.startsWith('Add resource limits'));
    assert.equal(limits.length, 1);
    assert.match(limits[0].fix.title, /placeholder values/);
    assert.match(limits[0].after, /limits:\n\s+memory: 512Mi/);
  });
});
