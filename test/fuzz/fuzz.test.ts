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
