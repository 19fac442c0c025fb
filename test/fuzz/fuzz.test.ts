/**
 * The fuzz campaign at a fixed seed and size (about a minute on a 2-core machine): every property holds on every
 * input. Longer runs: `npm run fuzz -- --seconds 600 --seed N`.
 */
import assert from 'node:assert/strict';
import { test } from 'node:test';
import { formatReport } from './report';
import { runFuzz } from './runner';

const SEED = 13;
const CASES = 400;

test(`fuzz: seed ${SEED}, ${CASES} inputs`, { timeout: 15 * 60_000 }, async (t) => {
  const report = await runFuzz({ seed: SEED, cases: CASES, hangMs: 20_000, minimiseMs: 5_000 });
  t.diagnostic(formatReport(report));
  assert.equal(report.cases, CASES);
  assert.deepEqual(Object.keys(report.failures), [], formatReport(report));
});

test('the report lists every failing case and the seed pool the case numbers index into', () => {
  const failure = { count: 5, firstCase: 3, cases: [3, 9], message: 'm' };
  const text = formatReport({ seed: 1, pool: '2 seeds, abc', cases: 10, seconds: 1, checks: { hang: 10 }, failures: { hang: failure } });
  assert.match(text, /^pool: 2 seeds, abc$/m);
  assert.match(text, /^ {2}cases: 3, 9 \(\+3 more\)$/m);
});
