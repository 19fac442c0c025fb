/** The engine's side of the rule contract: it stamps rule ids and container labels and keeps findings inside the text. */
import assert from 'node:assert/strict';
import { readdirSync } from 'node:fs';
import { join } from 'node:path';
import { describe, test } from 'node:test';
import { analyzeChunk, parseChunk, stampFindings } from '../../server/src/service/engine';
import { RULES } from '../../server/src/service/rules';
import type { Rule, RuleFinding } from '../../server/src/service/rules/rule';
import { normalizeSettings } from '../../server/src/service/settings';
import { findPodSpecs } from '../../server/src/service/workloads';

const settings = normalizeSettings({});

const POD = `apiVersion: v1
kind: Pod
metadata:
  name: p
spec:
  containers:
    - name: app
      image: app
`;

function container() {
  return findPodSpecs(parseChunk(POD)[0], settings)[0].containers[0];
}

describe('engine', () => {
  test('stamps the rule id and the label of the container a rule names', () => {
    const [finding] = stampFindings({ id: 'some-rule' }, [{ start: 0, end: 1, message: 'm', fixes: [], container: container() }], POD.length);
    assert.equal(finding.rule, 'some-rule');
    assert.equal(finding.container, 'app');
  });

  test('leaves the container out when the rule names none', () => {
    const [finding] = stampFindings({ id: 'some-rule' }, [{ start: 0, end: 1, message: 'm', fixes: [] }], POD.length);
    assert.equal('container' in finding, false);
  });

  test('drops a finding, a related location or an edit outside the text, without throwing', () => {
    const base: RuleFinding = { start: 0, end: 1, message: 'm', fixes: [] };
    const outside: RuleFinding[] = [
      { ...base, start: -1 },
      { ...base, start: 2, end: 1 },
      { ...base, end: POD.length + 1 },
      { ...base, related: [{ start: 0, end: POD.length + 1, message: 'r' }] },
      { ...base, fixes: [{ title: 'f', edits: [{ start: POD.length + 1, end: POD.length + 1, text: 'x' }] }] },
      { ...base, start: Number.NaN },
    ];
    assert.deepEqual(stampFindings({ id: 'r' }, outside, POD.length), []);
    assert.equal(stampFindings({ id: 'r' }, [{ ...base, start: POD.length, end: POD.length }], POD.length).length, 1);
  });

  test('every finding of the rules carries the id of the rule that made it', () => {
    const findings = analyzeChunk(`${POD}    - name: envoy\n      image: envoyproxy/envoy\n`, settings);
    assert.ok(findings.some((f) => f.rule === 'legacy-sidecar' && f.container === 'envoy'));
    assert.ok(findings.every((f) => typeof f.rule === 'string' && f.rule !== ''));
  });
});

describe('rule registry', () => {
  const dir = join(__dirname, '../../server/src/service/rules');
  const files = readdirSync(dir).filter((name) => name.endsWith('.ts') && name !== 'index.ts' && name !== 'rule.ts');

  test('rules/ holds only rule files, each named after the one rule it exports', async () => {
    for (const file of files) {
      const exported = Object.values(await import(join(dir, file))).filter((value): value is Rule => typeof (value as Rule)?.check === 'function');
      assert.deepEqual(
        exported.map((rule) => rule.id),
        [file.slice(0, -'.ts'.length)],
        `${file} must export exactly one rule with its name as id`,
      );
    }
  });

  test('RULES lists exactly those rules, sorted by id', () => {
    const ids = RULES.map((rule) => rule.id);
    assert.deepEqual(ids, [...ids].sort());
    assert.deepEqual(ids, files.map((file) => file.slice(0, -'.ts'.length)).sort());
  });
});
