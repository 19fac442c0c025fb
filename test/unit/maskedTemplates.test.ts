/**
 * Helm templates without helm: the masker keeps every offset, chart templates parse once masked, and a chart
 * template gets only the findings that rest on literal text outside blocks, with no fix; outside a chart, nothing.
 */
import assert from 'node:assert/strict';
import { mkdirSync, mkdtempSync, readdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, test } from 'node:test';
import { ChartFiles } from '../../server/src/chartFiles';
import { FileLinter } from '../../server/src/cliLint';
import { analyzeText, createLanguageService, normalizeSettings, usesMaskedTemplate } from '../../server/src/service';
import { maskTemplate, touchesNonLiteral } from '../../server/src/service/masked/mask';
import { outlineChunk } from '../../server/src/service/outline';
import { parseMasked } from '../../server/src/service/templates';
import { LineIndex } from '../../server/src/service/text';
import { codeLenses } from '../../server/src/service/codeLens';
import { outlinesOf, Analyzer, documentAnalyzer } from '../../server/src/service/analysis';
import { describeExpected, parseCarets } from '../helpers/carets';

const CHART = join(__dirname, '..', 'fixtures', 'masked-chart');
const TEMPLATES = join(CHART, 'templates');
const charts = new ChartFiles();

function settingsFor(path: string) {
  const settings = normalizeSettings({ kubernetesVersion: '1.31' });
  settings.fileContext = charts.contextOf(path);
  return settings;
}

function found(text: string, settings: ReturnType<typeof normalizeSettings>) {
  const lines = new LineIndex(text);
  return analyzeText(text, settings).findings.map((f) => {
    const start = lines.positionAt(f.start);
    const end = lines.positionAt(f.end);
    return { finding: f, key: describeExpected({ line: start.line, start: start.character, end: end.character, severity: f.severity, rule: f.rule }) };
  });
}

describe('the template masker', () => {
  const sample = [
    'metadata:',
    '  name: {{ include "x.fullname" . }}',
    '  labels:',
    '    {{- include "x.labels" . | nindent 4 }}',
    'spec:',
    '  {{- if .Values.enabled }}',
    '  replicas: 2',
    '  {{- end }}',
    '  image: "{{ printf "}}" }}:1.0"',
    '  {{/* a comment',
    '  over two lines */}}',
    '',
  ].join('\n');
  const mask = maskTemplate(sample)!;

  test('keeps the length and every line break, and leaves no action', () => {
    assert.equal(mask.text.length, sample.length);
    assert.deepEqual(
      [...mask.text].flatMap((c, i) => (c === '\n' ? [i] : [])),
      [...sample].flatMap((c, i) => (c === '\n' ? [i] : [])),
    );
    assert.ok(!mask.text.includes('{{') && !mask.text.includes('}}'), mask.text);
  });

  test('blanks lines that hold only actions and masks actions among text with distinct placeholders', () => {
    const lines = mask.text.split('\n');
    assert.equal(lines[3].trim(), '');
    assert.equal(lines[5].trim(), '');
    assert.equal(lines[9].trim(), '');
    assert.equal(lines[10].trim(), '');
    assert.match(lines[1], /^ {2}name: _[0-9a-z]+_*$/);
    assert.match(lines[8], /^ {2}image: "_[0-9a-z]+_*:1\.0"$/);
    assert.notEqual(lines[1].slice(8, 10), lines[8].slice(10, 12));
  });

  test('an action ends at its own }}, not at one inside a string', () => {
    const image = sample.indexOf('{{ printf');
    const end = mask.actions.find(([start]) => start === image)![1];
    assert.equal(sample.slice(end), ':1.0"\n  {{/* a comment\n  over two lines */}}\n');
  });

  test('an if block is not literal from its if to its end; text outside it is', () => {
    const replicas = sample.indexOf('replicas');
    assert.ok(touchesNonLiteral(mask, replicas, replicas + 8));
    const spec = sample.indexOf('spec:');
    assert.ok(!touchesNonLiteral(mask, spec, spec + 4));
  });

  test('an end without its opener closes a block opened before the text; an opener never closed runs to the end', () => {
    const tail = maskTemplate('a: 1\n{{- end }}\nb: 2\n')!;
    assert.ok(touchesNonLiteral(tail, 0, 1));
    assert.ok(!touchesNonLiteral(tail, 16, 17));
    const open = maskTemplate('a: 1\n{{- range .Values.x }}\nb: 2\n')!;
    assert.ok(!touchesNonLiteral(open, 0, 1));
    assert.ok(touchesNonLiteral(open, open.text.length - 2, open.text.length - 1));
  });

  test('text without actions has no mask', () => assert.equal(maskTemplate('a: 1\n'), undefined));
});

// Real charts' templates are checked by hand, not kept here: they are upstream code.
describe('fixture chart templates, masked', () => {
  for (const file of readdirSync(TEMPLATES).filter((f) => f.endsWith('.yaml'))) {
    test(`${file} parses as YAML once masked, with offsets kept`, () => {
      const text = readFileSync(join(TEMPLATES, file), 'utf8');
      const mask = maskTemplate(text)!;
      assert.ok(mask.actions.length > 0, 'a template has actions');
      assert.equal(mask.text.length, text.length);
      const docs = parseMasked(mask.text);
      assert.ok(docs.length > 0);
      assert.deepEqual(
        docs.flatMap((d) => d.errors.map((e) => e.message)),
        [],
      );
    });
  }
});

describe('chart templates linted without helm', () => {
  const templates = readdirSync(TEMPLATES).filter((f) => f.endsWith('.yaml'));
  for (const file of templates) {
    test(`templates/${file}: the findings its carets mark, none with a fix`, () => {
      const path = join(TEMPLATES, file);
      const { text, expected } = parseCarets(readFileSync(path, 'utf8'));
      const settings = settingsFor(path);
      assert.equal(settings.fileContext?.helmChart, 'template');
      const got = found(text, settings);
      assert.deepEqual(got.map((f) => f.key).sort(), expected.map((e) => describeExpected(e)).sort());
      for (const e of expected) {
        const finding = got.find((f) => f.key === describeExpected(e))!.finding;
        if (e.message) assert.ok(finding.message.includes(e.message), finding.message);
        assert.deepEqual(finding.fixes, [], 'findings in templates offer only the suppression quick fix');
      }
    });
  }

  test('the fixtures cover the contract: a literal sidecar is found, one in an if block and values through toYaml are not', () => {
    const text = readFileSync(join(TEMPLATES, 'deployment.yaml'), 'utf8');
    const rules = found(parseCarets(text).text, settingsFor(join(TEMPLATES, 'deployment.yaml'))).map((f) => f.finding);
    assert.ok(rules.some((f) => f.rule === 'legacy-sidecar' && f.container === 'log-shipper'));
    assert.ok(!rules.some((f) => f.container === 'envoy'), 'the proxy inside {{- if }} is not judged');
    assert.ok(!rules.some((f) => f.rule === 'missing-limits' && f.container !== 'log-shipper'), 'resources from toYaml are not missing');
    assert.ok(!rules.some((f) => f.rule === 'image-tag'), 'a quoted {{ .Values.image }} is not judged');
  });

  test('the same template outside a chart folder is a Go template: no findings', () => {
    const text = readFileSync(join(TEMPLATES, 'deployment.yaml'), 'utf8');
    const dir = mkdtempSync(join(tmpdir(), 'sidecar-lint-nochart-'));
    try {
      // A templates folder with no Chart.yaml beside it: not a chart.
      mkdirSync(join(dir, 'templates'));
      const path = join(dir, 'templates', 'deployment.yaml');
      writeFileSync(path, text);
      const settings = settingsFor(path);
      assert.equal(settings.fileContext?.helmChart, undefined);
      assert.deepEqual(analyzeText(text, settings).findings, []);
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  });

  test('_helpers.tpl and NOTES.txt are support files, never linted', () => {
    for (const name of ['_helpers.tpl', 'NOTES.txt']) {
      const path = join(TEMPLATES, name);
      assert.equal(charts.kindOf(path), 'support');
      const yamlish = 'apiVersion: v1\nkind: Pod\nmetadata: {name: p}\nspec:\n  containers:\n    - name: a\n      image: nginx:latest\n';
      assert.deepEqual(analyzeText(yamlish, settingsFor(path)).findings, []);
    }
    assert.equal(charts.kindOf(join(CHART, 'values.yaml')), undefined);
  });

  test('the result says when the masked path was used, and --fix leaves a template alone', () => {
    const path = join(TEMPLATES, 'deployment.yaml');
    const { text } = parseCarets(readFileSync(path, 'utf8'));
    const settings = settingsFor(path);
    assert.equal(usesMaskedTemplate(text, settings), true);
    const result = createLanguageService().lintText(text, settings, { fix: true });
    assert.equal(result.maskedTemplate, true);
    assert.equal(result.text, text);
    assert.ok(result.findings.length > 0);
    const plain = createLanguageService().lintText('apiVersion: v1\nkind: Pod\n', normalizeSettings({}));
    assert.equal(plain.maskedTemplate, undefined);
  });

  test('the CLI reads the chart context of a template it lints', () => {
    const linter = new FileLinter({ fix: false, sarif: false, settings: { kubernetesVersion: '1.31' }, cwd: CHART });
    const rules = linter.lint('templates/job.yaml').reports.map((r) => r.rule);
    assert.ok(rules.includes('job-sidecar-never-completes'), rules.join());
  });

  test('the outline shows a template’s objects and containers, but no lens numbers that may come from values', () => {
    const path = join(TEMPLATES, 'deployment.yaml');
    const { text } = parseCarets(readFileSync(path, 'utf8'));
    const analysis = new Analyzer(documentAnalyzer(true)).analyze(text, settingsFor(path));
    const [object] = outlinesOf(analysis)[0].objects;
    assert.equal(object.kind, 'Deployment');
    assert.deepEqual(
      object.pods[0].containers.map((c) => c.role),
      ['app', 'app', 'app'],
    );
    assert.equal(object.clean, false);
    assert.deepEqual(codeLenses(outlinesOf(analysis), new LineIndex(text)), []);
    assert.deepEqual(outlineChunk(text, normalizeSettings({})), [], 'without the chart context a template has no outline');
  });
});
