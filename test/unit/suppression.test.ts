/** Suppression comments and annotations, and the Ignore quick fix that writes them. */
import assert from 'node:assert/strict';
import { describe, test } from 'node:test';
import { analyzeText, normalizeSettings, RULE_IDS } from '../../server/src/service';
import { ignoreFix } from '../../server/src/service/fixes/ignore';
import { applyEdits } from '../../server/src/service/text';
import { onlyRules } from '../helpers/carets';

/** Only legacy-sidecar (and yaml-syntax) runs, so these tests see suppression and nothing another rule adds. */
const settings = normalizeSettings({ rules: onlyRules(['legacy-sidecar'], RULE_IDS) });

/** A pod with two helpers in containers: two legacy-sidecar findings (lines 9 and 11). */
function pod(extra = '', annotations = ''): string {
  return `apiVersion: v1
kind: Pod
metadata:
  name: p${annotations}
spec:
  containers:
    - name: app
      image: app:1.0${extra}
    - name: envoy
      image: envoyproxy/envoy:v1.31.0
    - name: fluent-bit
      image: fluent/fluent-bit:3.2
`;
}

const found = (text: string) => analyzeText(text, settings).findings.map((f) => `${text.slice(0, f.start).split('\n').length}:${f.rule}`);

describe('suppression', () => {
  test('without suppression both helpers are reported', () => {
    assert.deepEqual(found(pod()), ['9:legacy-sidecar', '11:legacy-sidecar']);
  });

  test('disable-next-line silences the named rule on the next line only', () => {
    const text = pod().replace('    - name: envoy', '    # sidecar-lint-disable-next-line legacy-sidecar -- the gateway needs it\n    - name: envoy');
    assert.deepEqual(found(text), ['12:legacy-sidecar']);
    const other = pod().replace('    - name: envoy', '    # sidecar-lint-disable-next-line port-clash\n    - name: envoy');
    assert.deepEqual(found(other), ['10:legacy-sidecar', '12:legacy-sidecar']);
  });

  test('a bare disable silences every rule for the rest of the document, not the next one', () => {
    const text = pod().replace('    - name: fluent-bit', '    # sidecar-lint-disable\n    - name: fluent-bit');
    assert.deepEqual(found(`${text}---\n${pod()}`), ['9:legacy-sidecar', '23:legacy-sidecar', '25:legacy-sidecar']);
  });

  test('yaml-syntax can be silenced too', () => {
    assert.deepEqual(found('a: b: c\n'), ['1:yaml-syntax']);
    assert.deepEqual(found('# sidecar-lint-disable-next-line yaml-syntax\na: b: c\n'), []);
  });

  test('a disable inside a value is not a comment', () => {
    assert.deepEqual(found(pod().replace('name: p', 'name: "p # sidecar-lint-disable"')), ['9:legacy-sidecar', '11:legacy-sidecar']);
  });

  test('the ignore annotation on the workload or the pod template silences its rules', () => {
    const annotated = pod('', '\n  annotations:\n    sidecar-lint.dev/ignore: "legacy-sidecar"');
    assert.deepEqual(found(annotated), []);
    const deployment = `apiVersion: apps/v1
kind: Deployment
metadata:
  name: d
spec:
  template:
    metadata:
      annotations:
        sidecar-lint.dev/ignore: port-clash, legacy-sidecar
    spec:
      containers:
        - {name: app, image: "app:1"}
        - {name: istio-proxy, image: "istio/proxyv2:1.22.0"}
`;
    assert.deepEqual(found(deployment), []);
  });

  test('the per-container annotation silences that container only', () => {
    const annotated = pod('', '\n  annotations:\n    sidecar-lint.dev/ignore.envoy: legacy-sidecar');
    assert.deepEqual(found(annotated), ['13:legacy-sidecar']);
  });
});

describe('Ignore quick fix', () => {
  test("inserts a disable-next-line comment at the line's indentation, and the finding goes", () => {
    const text = pod();
    const analysis = analyzeText(text, settings);
    const fix = ignoreFix(analysis, analysis.findings[0]);
    assert.equal(fix.title, "Ignore 'legacy-sidecar' for 'envoy'");
    const after = applyEdits(text, fix.edits);
    assert.match(after, /\n {4}# sidecar-lint-disable-next-line legacy-sidecar\n {4}- name: envoy\n/);
    assert.deepEqual(found(after), ['12:legacy-sidecar']);
  });

  test('adds the rule to a directive already above the line, CRLF kept', () => {
    const text = pod().replace('    - name: envoy', '    # sidecar-lint-disable-next-line port-clash\n    - name: envoy').replace(/\n/g, '\r\n');
    const analysis = analyzeText(text, settings);
    const fix = ignoreFix(analysis, analysis.findings[0]);
    const after = applyEdits(text, fix.edits);
    assert.match(after, /# sidecar-lint-disable-next-line port-clash, legacy-sidecar\r\n {4}- name: envoy\r\n/);
    assert.equal(after.replace(/\r\n/g, '').includes('\n'), false);
  });
});
