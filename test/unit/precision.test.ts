/** Precision on real manifests: a finding judged right must stay, one judged wrong or noise must not come back. */
import assert from 'node:assert/strict';
import { existsSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, test } from 'node:test';
import { currentFindings, keyOf, precisionTable, PRECISION_ROOT, readStillShown, readVerdicts, regressions } from '../precision/judge';

describe('precision corpus', () => {
  const findings = currentFindings();
  const verdicts = readVerdicts();
  const { lostRight, shownWrong, unjudged } = regressions(findings, verdicts);

  test('every verdict names a manifest of the corpus, once', () => {
    for (const v of verdicts) assert.ok(existsSync(join(PRECISION_ROOT, 'manifests', v.file)), `no manifest ${v.file}`);
    const keys = verdicts.map(keyOf);
    assert.deepEqual(
      keys.filter((k, i) => keys.indexOf(k) !== i),
      [],
      'judged twice',
    );
  });

  test('no finding judged right has disappeared', () => {
    assert.deepEqual(lostRight.map(keyOf), []);
  });

  test('every warning and error shown has been judged', () => {
    assert.deepEqual(
      unjudged.map((f) => `${keyOf(f)} [${f.severity}] ${f.message}`),
      [],
      'judge these in test/precision/verdicts.tsv',
    );
  });

  test('findings judged wrong or noise are shown only where still-shown.txt admits it, and that list only shrinks', () => {
    const admitted = readStillShown();
    const shown = shownWrong.map(keyOf);
    assert.deepEqual(
      shown.filter((k) => !admitted.includes(k)),
      [],
      'judged wrong or noise, shown again at warning or error',
    );
    assert.deepEqual(
      admitted.filter((k) => !shown.includes(k)),
      [],
      'no longer shown: remove from test/precision/still-shown.txt',
    );
  });

  test("the README's whole-corpus table is the one the corpus gives today", () => {
    const readme = readFileSync(join(PRECISION_ROOT, '..', '..', 'README.md'), 'utf8').replace(/\r\n/g, '\n');
    const table = precisionTable(findings, verdicts);
    assert.ok(readme.includes(table), `README.md should show this table (npm run precision prints it):\n${table}`);
  });
});
