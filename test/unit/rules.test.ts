/**
 * Every rule's fixtures, each run with only its own rule (and those its `# rules:` header names): caret expectations
 * checked set-wise with their messages, fixes and suggestions, and golden texts after every preferred fix of the rule
 * (`.fixed.yaml`) and after the suggestions the carets mark (`.suggested.yaml`), as carets.ts describes.
 */
import assert from 'node:assert/strict';
import { existsSync, readdirSync, readFileSync, unlinkSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, test } from 'node:test';
import { analyzeText, fixAllText, normalizeSettings, RULES, RULE_IDS } from '../../server/src/service';
import type { TextAnalysis } from '../../server/src/service/analysis';
import { fixIsSafe, preferredFix } from '../../server/src/service/fixAll';
import { applyEdits, LineIndex } from '../../server/src/service/text';
import type { OffsetEdit, ResolvedFinding } from '../../server/src/service/types';
import { describeExpected, fixtureSettings, parseCarets, snippetDefault, type Expected } from '../helpers/carets';

const ROOT = join(__dirname, '..', 'fixtures', 'rules');
const update = process.env.UPDATE_GOLDEN === '1';

const fixtures = (rule: string): string[] =>
  readdirSync(join(ROOT, rule))
    .filter((f) => f.endsWith('.yaml') && !f.endsWith('.fixed.yaml') && !f.endsWith('.suggested.yaml'))
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
  for (const edit of offered.flatMap((fix) => fix.edits).filter((edit) => edit.snippet !== undefined)) {
    assert.equal(snippetDefault(edit.snippet!), edit.text, `the snippet of a fix for ${where} inserts other text than the fix`);
  }
}

/** The edits of each finding's first 💭 suggestion, each made on the original text as the editor offers it. */
function suggestionEdits(analysis: TextAnalysis, found: { finding: ResolvedFinding; key: string }[], expected: Expected[]): OffsetEdit[] {
  const edits: OffsetEdit[] = [];
  for (const e of expected) {
    const marker = e.fixes.find((m) => m.kind === 'suggestion');
    if (!marker) continue;
    const finding = found.find((f) => f.key === describeExpected(e))!.finding;
    const fix = finding.fixes.find((f) => f.kind === 'suggestion' && f.title.includes(marker.title) && fixIsSafe(analysis, f))!;
    // A conversion that also rewrites a Service's targetPort edits that other document of the text too.
    for (const edit of [...fix.edits, ...(fix.otherDocuments ?? [])]) {
      const clash = edits.find((other) => edit.start < other.end && other.start < edit.end);
      assert.ok(!clash, `the suggestion "${fix.title}" overlaps another marked suggestion: mark another first`);
      edits.push(edit);
    }
  }
  return edits;
}

/**
 * A golden is required when the text changes, and must match it; one may also pin that nothing changes (a withheld
 * fix). UPDATE_GOLDEN=1 writes goldens, and removes one that no longer matches a text the fixture no longer changes.
 */
function checkGolden(path: string, before: string, after: string, what: string): void {
  if (after === before && !existsSync(path)) return;
  if (update && after === before && readFileSync(path, 'utf8') !== before) return unlinkSync(path);
  if (update) writeFileSync(path, after);
  assert.ok(existsSync(path), `missing golden ${path} after ${what} (run with UPDATE_GOLDEN=1)`);
  assert.equal(after, readFileSync(path, 'utf8'), `golden ${path} differs after ${what}`);
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
        if (!file.startsWith('invalid')) return;
        const fixed = fixAllText(analysis, settings, (f) => f.rule === rule);
        checkGolden(join(dir, file.replace(/\.yaml$/, '.fixed.yaml')), text, fixed, 'every preferred fix');
        const unfixed = found.filter((f) => f.finding.rule === rule && !(preferredFix(f.finding) && fixIsSafe(analysis, preferredFix(f.finding)!))).length;
        const left = analyzeText(fixed, settings).findings.filter((f) => f.rule === rule).length;
        // A finding whose fix waits on another's (a sidecar that moves after the one before it) may be fixed in a later pass.
        assert.ok(left <= unfixed, `'${rule}' findings left after fixing ${file}: only those with no preferred fix may stay (${left} > ${unfixed})`);
        const suggested = applyEdits(text, suggestionEdits(analysis, found, expected));
        checkGolden(join(dir, file.replace(/\.yaml$/, '.suggested.yaml')), text, suggested, 'the marked suggestions');
      });
    }
  }

  test('every rule has valid and invalid fixtures, and every fixable rule a golden fix or suggestion', () => {
    assert.deepEqual(readdirSync(ROOT).sort(), [...RULE_IDS].sort(), 'one fixture folder per rule, named by its id');
    for (const id of RULE_IDS) {
      const files = existsSync(join(ROOT, id)) ? readdirSync(join(ROOT, id)) : [];
      assert.ok(
        files.some((f) => f.startsWith('valid')),
        `${id} has no valid fixture`,
      );
      assert.ok(
        files.some((f) => f.startsWith('invalid') && !f.endsWith('.fixed.yaml') && !f.endsWith('.suggested.yaml')),
        `${id} has no invalid fixture`,
      );
      if (RULES.find((r) => r.id === id)?.fixable)
        assert.ok(
          files.some((f) => f.endsWith('.fixed.yaml') || f.endsWith('.suggested.yaml')),
          `${id} has no golden fix or suggestion`,
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
