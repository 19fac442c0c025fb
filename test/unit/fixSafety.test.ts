/** Every fix is re-checked before it is offered: minimised reproducers of the unsafe fixes the fuzz campaign found. */
import assert from 'node:assert/strict';
import { describe, test } from 'node:test';
import { analyzeText, codeActions, fixAllText, normalizeSettings } from '../../server/src/service';
import type { TextAnalysis } from '../../server/src/service/analysis';
import { parseChunk } from '../../server/src/service/engine';
import { fixIsSafe } from '../../server/src/service/fixAll';
import { unsafeFixReason, type WithheldFix } from '../../server/src/service/fixCheck';
import { quantityMismatch } from '../../server/src/service/quantity';
import { applyEdits, LineIndex } from '../../server/src/service/text';
import type { Fix, OffsetEdit } from '../../server/src/service/types';

// Configured defaults make adding resources a fix that fix-all applies (without them it is only a suggestion).
const settings = normalizeSettings({ kubernetesVersion: '1.33', defaults: { proxy: { cpu: '200m', memory: '256Mi' }, other: { cpu: '1', memory: '2Gi' } } });
const POD = 'apiVersion: v1\nkind: Pod\nmetadata: {name: p}\nspec:\n  containers:\n';

function offered(analysis: TextAnalysis, rule?: string): Fix[] {
  return analysis.findings.filter((f) => !rule || f.rule === rule).flatMap((f) => f.fixes.filter((fix) => fixIsSafe(analysis, fix)));
}

function titles(fixes: Fix[]): string[] {
  return fixes.map((fix) => fix.title);
}

/** Fix-all reaches a fixed point, and what it writes parses without errors. */
function fixAll(text: string): string {
  const fixed = fixAllText(analyzeText(text, settings), settings);
  assert.equal(fixAllText(analyzeText(fixed, settings), settings), fixed, 'fix-all is not a fixed point');
  assert.deepEqual(
    parseChunk(fixed).flatMap((d) => d.errors.map((e) => e.message)),
    [],
  );
  return fixed;
}

function insertAt(text: string, after: string, insert: string): OffsetEdit {
  const at = text.indexOf(after) + after.length;
  assert.ok(at >= after.length, `'${after}' not in the text`);
  return { start: at, end: at, text: insert };
}

describe('fixes that would break the pod or the YAML are withheld', () => {
  test('converting the only app container to a native sidecar is not offered', () => {
    const text = `${POD}  - name: app\n    image: nginx:1.27\n    restartPolicy: Always\n`;
    const analysis = analyzeText(text, settings);
    assert.ok(!titles(offered(analysis)).some((t) => t.startsWith('Convert')));
    const fixed = fixAll(text);
    assert.match(fixed, /containers:\n {2}- name: app\n/);
    assert.doesNotMatch(fixed, /initContainers/);
  });

  test('the check refuses any edit that leaves a pod without app containers', () => {
    const text = `${POD}  - name: app\n    image: nginx:1.27\n`;
    const start = text.indexOf('  - name');
    assert.match(unsafeFixReason(text, [{ start, end: text.length, text: '    []\n' }]) ?? '', /no app container/);
  });

  test('in a multi-line flow mapping ending in a comment, new entries go after the last entry, not into the comment', () => {
    const text = `${POD}  - name: a\n    image: x:1\n    resources: {requests: {cpu: 1, memory: 1Gi}, # keep\n      }\n`;
    const analysis = analyzeText(text, settings);
    const [fix] = offered(analysis, 'missing-limits');
    assert.ok(fix, 'the fix is offered');
    const after = applyEdits(text, fix.edits);
    assert.match(after, /memory: 1Gi\}, limits: \{.*\}, # keep\n/);
    assert.ok(!analyzeText(after, settings).findings.some((f) => f.rule === 'missing-limits'));
  });

  test('an edit inside a comment, or one that glues text to it, is refused; whole lines are not', () => {
    const text = `${POD}  - name: a # note\n    image: x:1\n`;
    const note = text.indexOf('# note');
    assert.match(unsafeFixReason(text, [{ start: note + 3, end: note + 3, text: 'x' }]) ?? '', /comment/);
    assert.match(unsafeFixReason(text, [{ start: note + 6, end: note + 6, text: ', image: y' }]) ?? '', /comment/);
    assert.match(unsafeFixReason(text, [{ start: note - 1, end: note, text: 'x' }]) ?? '', /comment/);
    const line = text.lastIndexOf('\n', note) + 1;
    const next = text.indexOf('\n', note) + 1;
    assert.equal(unsafeFixReason(text, [{ start: line, end: next, text: '  - name: b # other\n' }]), undefined);
  });

  test('an added key that duplicates one already there (also through an alias key) is refused', () => {
    const text = `${POD}  - name: a\n    image: x:1\n`;
    assert.match(unsafeFixReason(text, [insertAt(text, 'x:1\n', '    name: b\n')]) ?? '', /YAML error/);
    const aliased = `apiVersion: v1\nkind: Pod\nmetadata: {name: p, labels: {k: &r resources}}\nspec:\n  containers:\n  - name: a\n    image: x:1\n    *r : {limits: {cpu: 1, memory: 1Gi}}\n`;
    assert.match(unsafeFixReason(aliased, [insertAt(aliased, '1Gi}}\n', '    resources: {}\n')]) ?? '', /duplicate key 'resources'/);
    assert.deepEqual(titles(offered(analyzeText(aliased, settings), 'missing-requests')), []);
  });

  test('a fix at the very end of a document is checked against that document, not the next one', () => {
    const first = `${POD}  - name: a\n    image: x:1\n`;
    const text = `${first}---\n${POD}  - name: b\n    image: y:1\n`;
    const analysis = analyzeText(text, settings);
    const duplicate: Fix = { title: 'Add a second image', edits: [{ start: first.length, end: first.length, text: '    image: z:1\n' }] };
    assert.equal(fixIsSafe(analysis, duplicate), false);
    const limits = analysis.findings.find((f) => f.rule === 'missing-limits' && f.container === 'a')!.fixes[0];
    assert.equal(limits.edits[0].start, first.length);
    assert.equal(fixIsSafe(analysis, limits), true);
  });

  test('fix-all never combines fixes into a result that fails the check', () => {
    const text = `${POD}  - name: a\n    image: x:1\n  - name: b\n    image: y:1\n`;
    const fixed = fixAll(text);
    assert.equal((fixed.match(/resources:/g) ?? []).length, 2);
  });
});

describe('fix-all passes see the objects around the document', () => {
  // Pass 1 fixes the hostPort; pass 2 must still see the Service that targets envoy's port by name (below 1.32), so
  // converting envoy stays a suggestion there too instead of cutting the Service off its endpoints.
  const text = `apiVersion: v1
kind: Service
metadata: {name: web}
spec:
  selector: {app: web}
  ports:
    - {name: https, port: 443, targetPort: https}
---
apiVersion: apps/v1
kind: Deployment
metadata: {name: web}
spec:
  template:
    metadata:
      labels: {app: web}
    spec:
      hostNetwork: true
      containers:
        - name: app
          image: example/app:1.4.2
          ports:
            - {containerPort: 8080, hostPort: 9090}
        - name: envoy
          image: envoyproxy/envoy:v1.31.2
          ports:
            - {name: https, containerPort: 8443}
`;

  test('a conversion that a Service in another document makes a suggestion is not applied in a later pass', () => {
    const at131 = normalizeSettings({ kubernetesVersion: '1.31' });
    const fixed = fixAllText(analyzeText(text, at131), at131);
    assert.equal(fixed, text.replace('hostPort: 9090', 'hostPort: 8080'));
  });

  test('at 1.32, where named ports resolve in native sidecars, the same fix-all converts envoy', () => {
    const at132 = normalizeSettings({ kubernetesVersion: '1.32' });
    const fixed = fixAllText(analyzeText(text, at132), at132);
    assert.match(fixed, /initContainers:\n\s+- name: envoy/);
    assert.match(fixed, /hostPort: 8080/);
  });
});

describe('shared anchors are never written through', () => {
  test('a container list shared by two pods of a List gets no resources written into it', () => {
    const text = [
      'apiVersion: v1',
      'kind: List',
      'items:',
      '- apiVersion: v1',
      '  kind: Pod',
      '  metadata: {name: a}',
      '  spec:',
      '    containers: &cs',
      '    - name: app',
      '      image: nginx:1.27',
      '- apiVersion: v1',
      '  kind: Pod',
      '  metadata: {name: b}',
      '  spec:',
      '    containers: *cs',
      '',
    ].join('\n');
    const analysis = analyzeText(text, settings);
    assert.ok(analysis.findings.some((f) => f.rule === 'missing-limits'));
    assert.deepEqual(titles(offered(analysis, 'missing-limits')), []);
    assert.equal(fixAll(text), text);
  });

  test('the check refuses an edit into an anchored map or one merged elsewhere', () => {
    const text = `${POD}  - &c\n    name: a\n    image: x:1\n  - <<: *c\n    name: b\n`;
    assert.match(unsafeFixReason(text, [insertAt(text, 'x:1\n', '    tty: true\n')]) ?? '', /&c/);
  });
});

describe('written values are right for where they go', () => {
  test('"Raise the limit to the request" never writes a byte quantity into a cpu limit', () => {
    const text = `${POD}  - name: a\n    image: x:1\n    resources:\n      requests: {cpu: 1.5Gi, memory: 1Gi}\n      limits: {cpu: 1, memory: 1Gi}\n`;
    const analysis = analyzeText(text, settings);
    assert.ok(analysis.findings.some((f) => f.rule === 'requests-exceed-limits'));
    assert.ok(!titles(offered(analysis, 'requests-exceed-limits')).some((t) => t.startsWith('Raise')));
    assert.doesNotMatch(fixAll(text), /limits: \{cpu: 1\.5Gi/);
    const limit = text.indexOf('cpu: 1,') + 5;
    assert.match(unsafeFixReason(text, [{ start: limit, end: limit + 1, text: '2Gi' }]) ?? '', /cpu/);
  });

  test('quantities fit their resource', () => {
    assert.equal(quantityMismatch('500m', 'cpu'), undefined);
    assert.equal(quantityMismatch('2', 'cpu'), undefined);
    assert.match(quantityMismatch('1.5Gi', 'cpu') ?? '', /byte unit/);
    assert.equal(quantityMismatch('512Mi', 'memory'), undefined);
    assert.match(quantityMismatch('500m', 'memory') ?? '', /fraction/);
    assert.match(quantityMismatch('-1', 'memory') ?? '', /negative/);
    assert.match(quantityMismatch('1 Gi', 'memory') ?? '', /not a quantity/);
    assert.equal(quantityMismatch('1', 'nvidia.com/gpu'), undefined);
  });

  test('a containerPort of 1e309 never becomes port: Infinity', () => {
    const text = `${POD.replace('  containers:\n', '  initContainers:\n')}  - name: proxy\n    image: envoy:1\n    restartPolicy: Always\n    ports:\n    - containerPort: 1e309\n  containers:\n  - name: app\n    image: nginx:1.27\n`;
    assert.doesNotMatch(fixAll(text), /Infinity|NaN/);
    const at = text.indexOf('1e309');
    assert.match(unsafeFixReason(text, [{ start: at, end: at + 5, text: 'Infinity' }]) ?? '', /finite/);
  });
});

describe('line endings', () => {
  test('converting the last container keeps the line before whole in a mixed CRLF/LF file without a final newline', () => {
    const text = `apiVersion: v1\r\nkind: Pod\nmetadata: {name: p}\nspec:\n  containers:\n  - name: app\n    image: nginx:1.27\n  - name: istio-proxy\n    image: istio/proxyv2:1.2\n    restartPolicy: Always`;
    const convert = offered(analyzeText(text, settings), 'legacy-sidecar')[0];
    assert.ok(convert, 'the conversion is offered');
    const fixed = fixAll(text);
    assert.match(fixed, /image: nginx:1\.27\r?\n/);
    assert.doesNotMatch(fixed, /nginx:1\.2\r?\n/);
  });

  test('the check refuses an edit that splits a CRLF pair or cuts into the content before a line break', () => {
    const text = `${POD}  - name: a\r\n    image: x:1\n`;
    const cr = text.indexOf('\r');
    assert.match(unsafeFixReason(text, [{ start: cr + 1, end: cr + 1, text: '#' }]) ?? '', /line break/);
    assert.match(unsafeFixReason(text, [{ start: cr - 1, end: cr + 2, text: '' }]) ?? '', /line break/);
  });
});

describe('withheld fixes are reported to the caller', () => {
  test('code actions and fix-all leave a withheld fix out and pass it to the log', () => {
    // `*r` is the key `resources` through an alias: an added `resources:` would be a duplicate key.
    const text = `${POD.replace('{name: p}', '{name: p, labels: {&r resources: x}}')}  - name: a\n    image: x:1\n    *r : {}\n`;
    const analysis = analyzeText(text, settings);
    const lines = new LineIndex(text);
    const range = { start: lines.positionAt(0), end: lines.positionAt(text.length) };
    const request = { uri: 'file:///p.yaml', version: 1, range, documentChanges: false, resolveEdit: false };
    const withheld: WithheldFix[] = [];
    const actions = codeActions(request, analysis, lines, settings, (w) => withheld.push(w));
    assert.ok(actions.some((a) => a.title.startsWith('Ignore')));
    assert.ok(!actions.some((a) => a.title.startsWith('Add resource limits')));
    assert.deepEqual(withheld, [
      { title: "Add resource limits to 'a'", reason: "the result has a duplicate key 'resources'" },
      { title: "Add resource requests to 'a'", reason: "the result has a duplicate key 'resources'" },
    ]);
    const withheldAll: WithheldFix[] = [];
    assert.equal(
      fixAllText(analysis, settings, undefined, (w) => withheldAll.push(w)),
      text,
    );
    assert.deepEqual(withheldAll, withheld);
  });
});
