/**
 * The minimised hostile inputs of issue #13: each is answered, under a hang guard far above its expected time, with the
 * budget finding or with the findings the same manifest gets written out.
 */
import assert from 'node:assert/strict';
import { describe, test } from 'node:test';
import { aliasContainers, deepNesting, manyContainers, mergeBomb, mergeContainers } from '../../scripts/hostileInputs';
import { analyzeText, normalizeSettings } from '../../server/src/service';
import type { ResolvedFinding } from '../../server/src/service/types';

const settings = normalizeSettings({});
/** Hang guard: the inputs take well under a second; a regression to the old costs took from 19 s to forever. */
const GUARD_MS = 10_000;

function analyse(text: string): ResolvedFinding[] {
  const started = Date.now();
  const findings = analyzeText(text, settings).findings;
  assert.ok(Date.now() - started < GUARD_MS, `took ${Date.now() - started} ms`);
  return findings;
}

/** Rule, container and message: what stays the same when a manifest is written out differently. */
const summary = (findings: ResolvedFinding[]) => findings.map((f) => `${f.rule} ${f.container ?? ''}: ${f.message}`).sort();

describe('hostile inputs', { timeout: GUARD_MS * 3 }, () => {
  test('16 levels of `<<: [*m, *m]` (0.6 KB) are read as written out', () => {
    const text = mergeBomb(16);
    assert.ok(text.length < 800);
    let keys = '';
    for (let i = 1; i <= 16; i++) keys += `      k${i}: ${i}\n`;
    const written = `apiVersion: v1\nkind: Pod\nmetadata:\n  name: bomb\nspec:\n  containers:\n    - name: app\n      image: nginx:1.27\n${keys}`;
    assert.deepEqual(summary(analyse(text)), summary(analyse(written)));
  });

  test('40 levels (1.3 KB) stop with one analysis-budget finding on a merge key', () => {
    const text = mergeBomb(40);
    const findings = analyse(text);
    assert.deepEqual(
      findings.map((f) => f.rule),
      ['analysis-budget'],
    );
    assert.equal(text.slice(findings[0].start, findings[0].end), '<<');
    assert.match(findings[0].message, /merge keys \(<<\) nest deeper than 32 levels/);
  });

  test('2,000 containers that alias one: every repeat named once, clashes list a few others', () => {
    const findings = analyse(aliasContainers(2000));
    if (findings.some((f) => f.rule === 'analysis-budget')) return; // a loaded machine may hit the time budget
    assert.equal(findings.filter((f) => f.rule === 'duplicate-container-name').length, 1999);
    const clashes = findings.filter((f) => f.rule === 'port-clash');
    assert.equal(clashes.length, 1, 'the aliased containers share one port node');
    assert.ok(clashes[0].related!.length <= 3);
  });

  test('1,000 containers merging one base: one clash on the base, naming at most three others', () => {
    const findings = analyse(mergeContainers(1000));
    if (findings.some((f) => f.rule === 'analysis-budget')) return;
    const clashes = findings.filter((f) => f.rule === 'port-clash');
    assert.equal(clashes.length, 1);
    assert.match(clashes[0].message, /^'c1' and 'c0' both use TCP port 8080/);
  });

  test('a clash with many others names three and counts the rest', () => {
    const findings = analyse(manyContainers(6));
    const last = findings.filter((f) => f.rule === 'port-clash').pop()!;
    assert.match(last.message, /^'c5' and 'c0', 'c1', 'c2' and 2 more both use TCP port 8080/);
    assert.equal(last.related!.length, 3);
  });

  test('10,000 nested flow sequences are a syntax error, not a crash', () => {
    const findings = analyse(deepNesting(10_000));
    assert.deepEqual(
      findings.map((f) => f.rule),
      ['yaml-syntax'],
    );
  });

  test('a document over 1 MB is not parsed: one finding on its first line', () => {
    const text = manyContainers(8000);
    assert.ok(text.length > 1_000_000);
    const findings = analyse(text);
    assert.deepEqual(
      findings.map((f) => f.rule),
      ['analysis-budget'],
    );
    assert.match(findings[0].message, /over 1 MB/);
    assert.equal(text.slice(findings[0].start, findings[0].end), 'apiVersion: v1');
  });

  test('a manifest using merge keys gets the findings it gets written out', () => {
    const proxy = '  image: envoyproxy/envoy:v1.31.0\n  ports: [{containerPort: 8080}]\n';
    const head = 'apiVersion: v1\nkind: Pod\nmetadata:\n  name: web\n';
    const app = '    - name: app\n      image: nginx:latest\n      ports: [{containerPort: 8080}]\n';
    const merged = `${head}x-proxy: &proxy\n${proxy}x-layer: &layer {<<: *proxy}\nspec:\n  containers:\n${app}    - <<: *layer\n      name: envoy-proxy\n`;
    const written = `${head}spec:\n  containers:\n${app}    - name: envoy-proxy\n${proxy.replace(/^ {2}/gm, '      ')}`;
    const found = summary(analyse(merged));
    assert.ok(found.some((f) => f.startsWith('port-clash envoy-proxy')));
    assert.deepEqual(found, summary(analyse(written)));
  });
});
