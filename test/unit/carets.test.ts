/** The caret grammar of rule fixtures: what an annotation line says, and that a broken one is an error, not text. */
import assert from 'node:assert/strict';
import { describe, test } from 'node:test';
import { fixtureRules, fixtureSettings, parseAnnotation, parseCarets } from '../helpers/carets';

const KNOWN = ['legacy-sidecar', 'missing-limits', 'sidecar-missing-probe', 'yaml-syntax'];

describe('caret annotations', () => {
  test('carets, severity and rule; the columns are those of the carets', () => {
    assert.deepEqual(parseAnnotation('#     ^^^ warning legacy-sidecar', 4), {
      line: 4,
      start: 6,
      end: 9,
      severity: 'warning',
      rule: 'legacy-sidecar',
      noFix: false,
      fixes: [],
    });
    assert.equal(parseAnnotation('  #^ error yaml-syntax  \r', 0)?.start, 3);
  });

  test('a message fragment, then fix and suggestion markers in either spelling', () => {
    const e = parseAnnotation(
      `#  ^^ warning legacy-sidecar "sidecar 'log-shipper'" 💡 "Convert 'log-shipper'" fix "Remove" 💭"Add a probe" suggestion "Raise"`,
      0,
    )!;
    assert.equal(e.message, "sidecar 'log-shipper'");
    assert.deepEqual(e.fixes, [
      { kind: 'fix', title: "Convert 'log-shipper'" },
      { kind: 'fix', title: 'Remove' },
      { kind: 'suggestion', title: 'Add a probe' },
      { kind: 'suggestion', title: 'Raise' },
    ]);
  });

  test('quotes and backslashes are escaped inside a fragment; nofix may follow a message', () => {
    const e = parseAnnotation(String.raw`# ^ error yaml-syntax "a \"quoted\" \\ word" nofix`, 0)!;
    assert.equal(e.message, String.raw`a "quoted" \ word`);
    assert.equal(e.noFix, true);
  });

  test('lines that are not annotations are left alone', () => {
    for (const line of ['# a comment about ^ carets', 'image: app:1.0', '#', '  - name: "^^^ error x"']) assert.equal(parseAnnotation(line, 0), undefined);
  });

  test('a line that starts like an annotation but breaks the grammar is an error', () => {
    for (const line of [
      '#   ^^^ warning',
      '#   ^^^ warn legacy-sidecar',
      '#   ^^^ warning Legacy-Sidecar',
      '#   ^^^ warning legacy-sidecar nofx',
      '#   ^^^ warning legacy-sidecar "unterminated',
      '#   ^^^ warning legacy-sidecar 💡',
      '#   ^^^ warning legacy-sidecar fix Convert',
      '#   ^^^ warning legacy-sidecar nofix "message after the marker"',
      '#   ^^^ warning legacy-sidecar "one" "two"',
      '#   ^^^ warning legacy-sidecar nofix 💡 "Convert"',
      '#   ^^^ warning legacy-sidecar trailing words',
      '#^^^',
    ]) {
      assert.throws(() => parseAnnotation(line, 0), /malformed annotation/, line);
    }
  });

  test('parseCarets drops annotation lines, points each at the kept line above, and names a broken one', () => {
    const { text, expected } = parseCarets('a: 1\nb: 2\n#  ^ error yaml-syntax\nc: 3\n');
    assert.equal(text, 'a: 1\nb: 2\nc: 3\n');
    assert.equal(expected[0].line, 1);
    assert.throws(() => parseCarets('a: 1\n#  ^ eror yaml-syntax\n'), /line 2: malformed annotation/);
    assert.throws(() => parseCarets('#  ^ error yaml-syntax\n'), /line 1: an annotation needs a line above it/);
  });
});

describe('fixture headers', () => {
  test('a fixture runs its own rule, those # rules: names, and yaml-syntax; every other rule is off', () => {
    const text = '# rules: missing-limits\n# settings: {"kubernetesVersion": "1.28", "rules": {"legacy-sidecar": "info"}}\na: 1\n';
    assert.deepEqual(fixtureRules(text, 'legacy-sidecar', KNOWN), ['legacy-sidecar', 'missing-limits']);
    assert.deepEqual(fixtureSettings(text, 'legacy-sidecar', KNOWN), {
      kubernetesVersion: '1.28',
      rules: { 'sidecar-missing-probe': 'off', 'legacy-sidecar': 'info' },
    });
  });

  test('an unknown rule in # rules: and an opt-out in # settings: are refused', () => {
    assert.throws(() => fixtureRules('# rules: no-such-rule\n', 'legacy-sidecar', KNOWN), /unknown rule 'no-such-rule'/);
    assert.throws(() => fixtureSettings('# settings: {"rules": {"missing-limits": "off"}}\n', 'legacy-sidecar', KNOWN), /turns 'missing-limits' off/);
  });
});
