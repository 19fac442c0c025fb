/** What Add resource limits / requests write, and when they are fixes rather than suggestions (issue #10). */
import assert from 'node:assert/strict';
import { describe, test } from 'node:test';
import { parse } from 'yaml';
import { analyzeText, normalizeSettings } from '../../server/src/service';
import { applyEdits } from '../../server/src/service/text';
import type { Fix } from '../../server/src/service/types';

const POD = `apiVersion: v1\nkind: Pod\nmetadata: {name: p}\nspec:\n  containers:\n  - name: app\n    image: app:1\n  - name: log-shipper\n    image: fluent/fluent-bit:3.2\n    resources:\n      requests: {cpu: 10m, memory: 300Mi}\n`;

function fixOf(rule: string, container: string, raw: unknown = {}): Fix {
  const finding = analyzeText(POD, normalizeSettings(raw)).findings.find((f) => f.rule === rule && f.container === container);
  assert.ok(finding, `no ${rule} on ${container}`);
  assert.equal(finding.fixes.length, 1);
  return finding.fixes[0];
}

/** The container's resources after the fix. */
function resourcesAfter(fix: Fix, container: string): unknown {
  const pod = parse(applyEdits(POD, fix.edits)) as { spec: { containers: { name: string; resources?: unknown }[] } };
  return pod.spec.containers.find((c) => c.name === container)?.resources;
}

describe('resource quick fixes', () => {
  test('without configured defaults: a suggestion, the memory request as memory limit, a placeholder cpu limit', () => {
    const fix = fixOf('missing-limits', 'log-shipper');
    assert.deepEqual([fix.kind, fix.preferred ?? false], ['suggestion', false]);
    assert.deepEqual(resourcesAfter(fix, 'log-shipper'), { requests: { cpu: '10m', memory: '300Mi' }, limits: { cpu: '100m', memory: '300Mi' } });
  });

  test('an app container gets only a memory limit, a placeholder for its kind', () => {
    const fix = fixOf('missing-limits', 'app');
    assert.equal(fix.kind, 'suggestion');
    assert.deepEqual(resourcesAfter(fix, 'app'), { limits: { memory: '512Mi' } });
  });

  test('with configured defaults for the kind: a preferred fix with exactly those values', () => {
    const fix = fixOf('missing-limits', 'log-shipper', { defaults: { logging: { cpu: '200m', memory: '1Gi' } } });
    assert.deepEqual([fix.kind, fix.preferred], ['fix', true]);
    assert.deepEqual(resourcesAfter(fix, 'log-shipper'), { requests: { cpu: '10m', memory: '300Mi' }, limits: { cpu: '200m', memory: '1Gi' } });
    const requests = fixOf('missing-requests', 'app', { defaults: { other: { cpu: '250m', memory: '64Mi' } } });
    assert.deepEqual([requests.kind, requests.preferred], ['fix', true]);
    assert.deepEqual(resourcesAfter(requests, 'app'), { requests: { cpu: '250m', memory: '64Mi' } });
  });

  test('defaults configured for another kind, or below the request, leave it a suggestion', () => {
    assert.equal(fixOf('missing-limits', 'log-shipper', { defaults: { other: { cpu: '1', memory: '1Gi' } } }).kind, 'suggestion');
    const below = fixOf('missing-limits', 'log-shipper', { defaults: { logging: { cpu: '200m', memory: '128Mi' } } });
    assert.equal(below.kind, 'suggestion');
    assert.deepEqual(resourcesAfter(below, 'log-shipper'), { requests: { cpu: '10m', memory: '300Mi' }, limits: { cpu: '200m', memory: '300Mi' } });
  });
});
