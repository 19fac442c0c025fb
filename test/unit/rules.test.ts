/** Every rule's fixtures: caret expectations checked set-wise, and golden texts after every preferred fix of the rule. */
import assert from 'node:assert/strict';
import { existsSync, readdirSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, test } from 'node:test';
import { analyzeText, fixAllText, normalizeSettings, RULES, RULE_IDS } from '../../server/src/service';
import { fixIsSafe } from '../../server/src/service/fixAll';
import { LineIndex } from '../../server/src/service/text';
import { describeExpected, fixtureSettings, parseCarets } from '../helpers/carets';

const ROOT = join(__dirname, '..', 'fixtures', 'rules');
const update = process.env.UPDATE_GOLDEN === '1';

function actualFindings(text: string, settings: ReturnType<typeof normalizeSettings>) {
  const analysis = analyzeText(text, settings);
  const lines = new LineIndex(text);
  return {
    analysis,
    found: analysis.findings.map((f) => {
      const start = lines.positionAt(f.start);
      const end = lines.positionAt(f.end);
      const lineLength = text.split('\n')[start.line].replace(/\r$/, '').length;
      const endColumn = end.line === start.line ? Math.max(end.character, start.character + 1) : lineLength;
      return { finding: f, key: describeExpected({ line: start.line, start: start.character, end: endColumn, severity: f.severity, rule: f.rule }) };
    }),
  };
}

describe('rule fixtures', () => {
  for (const rule of readdirSync(ROOT).sort()) {
    const dir = join(ROOT, rule);
    for (const file of readdirSync(dir).filter((f) => f.endsWith('.yaml') && !f.endsWith('.fixed.yaml')).sort()) {
      test(`${rule}/${file}`, () => {
        const raw = readFileSync(join(dir, file), 'utf8');
        const { text, expected } = parseCarets(raw);
        const settings = normalizeSettings(fixtureSettings(raw));
        const { analysis, found } = actualFindings(text, settings);
        const want = expected.map((e) => describeExpected(e)).sort();
        const got = found.map((f) => f.key).sort();
        const falseNegatives = want.filter((w) => !got.includes(w));
        const falsePositives = got.filter((g) => !want.includes(g));
        assert.deepEqual({ falseNegatives, falsePositives }, { falseNegatives: [], falsePositives: [] }, `findings differ in ${rule}/${file}`);
        for (const e of expected.filter((x) => x.noFix)) {
          const match = found.find((f) => f.key === describeExpected(e))!;
          assert.equal(match.finding.fixes.filter((fix) => fixIsSafe(analysis, fix)).length, 0, `a fix is offered for ${describeExpected(e)} marked nofix`);
        }
        if (!file.startsWith('invalid') || !RULES.find((r) => r.id === rule)?.fixable) return;
        const goldenPath = join(dir, file.replace(/\.yaml$/, '.fixed.yaml'));
        const fixed = fixAllText(analysis, settings, (f) => f.rule === rule);
        if (update) writeFileSync(goldenPath, fixed);
        assert.ok(existsSync(goldenPath), `missing golden ${goldenPath} (run with UPDATE_GOLDEN=1)`);
        assert.equal(fixed, readFileSync(goldenPath, 'utf8'), `golden differs for ${rule}/${file}`);
        const left = analyzeText(fixed, settings).findings.filter((f) => f.rule === rule).length;
        assert.equal(left, expected.filter((e) => e.rule === rule && e.noFix).length, `'${rule}' findings left after fixing ${file}`);
      });
    }
  }

  test('every rule has valid and invalid fixtures, and every fixable rule a golden', () => {
    for (const id of RULE_IDS) {
      const files = existsSync(join(ROOT, id)) ? readdirSync(join(ROOT, id)) : [];
      assert.ok(files.some((f) => f.startsWith('valid')), `${id} has no valid fixture`);
      assert.ok(files.some((f) => f.startsWith('invalid') && !f.endsWith('.fixed.yaml')), `${id} has no invalid fixture`);
      if (RULES.find((r) => r.id === id)?.fixable) assert.ok(files.some((f) => f.endsWith('.fixed.yaml')), `${id} has no golden fix`);
    }
  });
});
