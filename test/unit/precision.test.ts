/** Precision on real manifests: a finding judged right must stay, one judged wrong or noise must not come back. */
import assert from 'node:assert/strict';
import { existsSync } from 'node:fs';
import { join } from 'node:path';
import { describe, test } from 'node:test';
import { currentFindings, keyOf, PRECISION_ROOT, readStillShown, readVerdicts, regressions } from '../precision/judge';

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
});
