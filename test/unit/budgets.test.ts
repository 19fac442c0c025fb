/** The per-document budget: alias index, memoised merge views read as Kubernetes reads merges, and the limits that stop a document. */
import assert from 'node:assert/strict';
import { describe, test } from 'node:test';
import { isAlias, isMap, visit, type Alias, type Node, type YAMLMap } from 'yaml';
import { aliasTarget, budgetExceeded, checkBudget, withTimeBudget } from '../../server/src/service/budget';
import { analyzeText, normalizeSettings } from '../../server/src/service';
import { parseChunk } from '../../server/src/service/engine';
import { findPodSpecs } from '../../server/src/service/workloads';
import { effectiveEntries, findPair, scalarText } from '../../server/src/service/yamlNodes';

const settings = normalizeSettings({});

function mapAt(text: string, key: string): { doc: ReturnType<typeof parseChunk>[0]; map: YAMLMap } {
  const doc = parseChunk(text)[0];
  const map = (doc.contents as YAMLMap).get(key, true) as Node;
  assert.ok(isMap(map));
  return { doc, map };
}

describe('alias index', () => {
  test('every alias names what Alias.resolve finds: the last anchor before it, re-defined anchors included', () => {
    const text = 'a: &x 1\nb: *x\nc: &x [2, *x]\nd: *x\ne: {k: &y v, l: *y}\nf: *nowhere\n';
    const doc = parseChunk(text)[0];
    const aliases: Alias[] = [];
    visit(doc, {
      Alias(_key, node) {
        aliases.push(node);
      },
    });
    assert.equal(aliases.length, 5);
    for (const alias of aliases) assert.equal(aliasTarget(doc, alias), alias.resolve(doc) ?? undefined, alias.source);
  });
});

describe('merge keys', () => {
  const text = [
    'x-a: &a {k: from-a, only-a: a, 80: port-a}',
    'x-b: &b {k: from-b, only-b: b}',
    'x-c: &c {<<: [*a, *b], only-c: c}',
    'm:',
    '  <<: [*c, *b]',
    '  own: mine',
    '  k: own-k',
    'self: &s {<<: *s, z: 1}',
    '',
  ].join('\n');

  test('own keys win, then merged maps in order, each as if written out', () => {
    const { doc, map } = mapAt(text, 'm');
    const read = (key: string) => {
      const found = findPair(doc, map, key);
      return found && { value: scalarText(found.value as never), direct: found.direct };
    };
    assert.deepEqual(read('k'), { value: 'own-k', direct: true });
    assert.deepEqual(read('only-a'), { value: 'a', direct: false });
    assert.deepEqual(read('only-b'), { value: 'b', direct: false });
    assert.deepEqual(read('only-c'), { value: 'c', direct: false });
    assert.deepEqual(read('80'), { value: 'port-a', direct: false });
    assert.equal(read('missing'), undefined);
    assert.deepEqual([...effectiveEntries(doc, map).keys()], ['own', 'k', 'only-c', 'only-a', '80', 'only-b']);
  });

  test('a map that merges itself brings in nothing more, and the lookup ends', () => {
    const { doc, map } = mapAt(text, 'self');
    assert.equal(scalarText(findPair(doc, map, 'z')?.value as never), '1');
    assert.equal(findPair(doc, map, 'nothing'), undefined);
    assert.equal(budgetExceeded(doc), undefined);
  });

  test('merges nested past 32 levels stop the document with a merge budget', () => {
    let chain = 'l0: &l0 {a: 1}\n';
    for (let i = 1; i <= 40; i++) chain += `l${i}: &l${i} {<<: *l${i - 1}}\n`;
    const { doc, map } = mapAt(chain, 'l40');
    assert.throws(() => findPair(doc, map, 'a'), /nest deeper than 32 levels/);
    assert.equal(budgetExceeded(doc)?.reason, 'merge');
    assert.throws(() => checkBudget(doc), /nest deeper/, 'a document stays over budget');
  });
});

describe('time budget', () => {
  const pod = 'apiVersion: v1\nkind: Pod\nmetadata:\n  name: p\nspec:\n  containers:\n    - name: app\n      image: nginx:1.27\n';

  test('past its deadline a document has no pod specs and says why', () => {
    const doc = parseChunk(pod)[0];
    const pods = withTimeBudget(
      doc,
      () => {
        const until = Date.now() + 5;
        while (Date.now() <= until);
        return findPodSpecs(doc, settings);
      },
      1,
    );
    assert.deepEqual(pods, []);
    assert.equal(budgetExceeded(doc)?.reason, 'time');
  });

  test('the deadline holds only while the engine runs: later readers of the parse are not timed', () => {
    const doc = parseChunk(pod)[0];
    withTimeBudget(doc, () => undefined, 1);
    const until = Date.now() + 5;
    while (Date.now() <= until);
    assert.equal(findPodSpecs(doc, settings).length, 1);
    assert.equal(budgetExceeded(doc), undefined);
  });

  test('a normal document is analysed as before, with no budget finding', () => {
    const rules = analyzeText(pod, settings).findings.map((f) => f.rule);
    assert.ok(!rules.includes('analysis-budget'));
    assert.ok(rules.includes('missing-limits'));
  });

  test('aliases stay aliases for the rules (an alias container is not direct)', () => {
    const doc = parseChunk(`${pod}    - &c {name: b, image: nginx:1.27}\n    - *c\n`)[0];
    const containers = findPodSpecs(doc, settings)[0].containers;
    assert.deepEqual(
      containers.map((c) => c.direct),
      [true, true, false],
    );
    assert.ok(isAlias((doc.contents as YAMLMap).getIn(['spec', 'containers', 2], true)));
  });
});
