/**
 * Every rule's fixtures, each run with only its own rule (and those its `# rules:` header names): caret expectations
 * checked set-wise with their messages and fixes, and golden texts after every preferred fix of the rule.
 */
import assert from 'node:assert/strict';
import { existsSync, readdirSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, test } from 'node:test';
import { analyzeText, fixAllText, normalizeSettings, RULES, RULE_IDS } from '../../server/src/service';
import type { TextAnalysis } from '../../server/src/service/analysis';
import { fixIsSafe } from '../../server/src/service/fixAll';
import { LineIndex } from '../../server/src/service/text';
import type { ResolvedFinding } from '../../server/src/service/types';
import { describeExpected, fixtureSettings, parseCarets, type Expected } from '../helpers/carets';

const ROOT = join(__dirname, '..', 'fixtures', 'rules');
const update = process.env.UPDATE_GOLDEN === '1';

const fixtures = (rule: string): string[] =>
  readdirSync(join(ROOT, rule))
    .filter((f) => f.endsWith('.yaml') && !f.endsWith('.fixed.yaml'))
    .sort();

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

/** What an annotation says beyond place, severity and rule: a message fragment, fixes offered or none. */
function checkDetails(analysis: TextAnalysis, finding: ResolvedFinding, e: Expected): void {
  const where = describeExpected(e);
  if (e.message !== undefined) assert.ok(finding.message.includes(e.message), `message of ${where} lacks "${e.message}": ${finding.message}`);
  const offered = finding.fixes.filter((fix) => fixIsSafe(analysis, fix));
  if (e.noFix)
    assert.deepEqual(
      offered.map((fix) => fix.title),
      [],
      `a fix is offered for ${where} marked nofix`,
    );
  for (const marker of e.fixes) {
    const titles = offered.map((fix) => `${fix.kind ?? 'fix'} "${fix.title}"`);
    const match = offered.some((fix) => (fix.kind ?? 'fix') === marker.kind && fix.title.includes(marker.title));
    assert.ok(match, `no ${marker.kind} "${marker.title}" offered for ${where}; offered: ${titles.join(', ') || 'none'}`);
  }
}

describe('rule fixtures', () => {
  for (const rule of readdirSync(ROOT).sort()) {
    const dir = join(ROOT, rule);
    for (const file of fixtures(rule)) {
      test(`${rule}/${file}`, () => {
        const raw = readFileSync(join(dir, file), 'utf8');
        const { text, expected } = parseCarets(raw);
        const settings = normalizeSettings(fixtureSettings(raw, rule, RULE_IDS));
        const { analysis, found } = actualFindings(text, settings);
        const want = expected.map((e) => describeExpected(e)).sort();
        const got = found.map((f) => f.key).sort();
        const falseNegatives = want.filter((w) => !got.includes(w));
        const falsePositives = got.filter((g) => !want.includes(g));
        assert.deepEqual({ falseNegatives, falsePositives }, { falseNegatives: [], falsePositives: [] }, `findings differ in ${rule}/${file}`);
        for (const e of expected) checkDetails(analysis, found.find((f) => f.key === describeExpected(e))!.finding, e);
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
    assert.deepEqual(readdirSync(ROOT).sort(), [...RULE_IDS].sort(), 'one fixture folder per rule, named by its id');
    for (const id of RULE_IDS) {
      const files = existsSync(join(ROOT, id)) ? readdirSync(join(ROOT, id)) : [];
      assert.ok(
        files.some((f) => f.startsWith('valid')),
        `${id} has no valid fixture`,
      );
      assert.ok(
        files.some((f) => f.startsWith('invalid') && !f.endsWith('.fixed.yaml')),
        `${id} has no invalid fixture`,
      );
      if (RULES.find((r) => r.id === id)?.fixable)
        assert.ok(
          files.some((f) => f.endsWith('.fixed.yaml')),
          `${id} has no golden fix`,
        );
    }
  });

  test("every rule's invalid fixtures pin a message, and a fix when the rule offers one", () => {
    for (const id of RULE_IDS) {
      const carets = fixtures(id)
        .filter((f) => f.startsWith('invalid'))
        .flatMap((f) => parseCarets(readFileSync(join(ROOT, id, f), 'utf8')).expected)
        .filter((e) => e.rule === id);
      assert.ok(
        carets.some((e) => e.message !== undefined),
        `no caret of ${id} gives a "message fragment"`,
      );
      if (RULES.find((r) => r.id === id)?.fixable)
        assert.ok(
          carets.some((e) => e.fixes.length > 0),
          `no caret of ${id} gives a 💡 fix or 💭 suggestion marker`,
        );
    }
  });
});
