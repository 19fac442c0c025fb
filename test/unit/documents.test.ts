import assert from 'node:assert/strict';
import { describe, test } from 'node:test';
import { Analyzer, analyzeText, composeChange } from '../../server/src/service';
import { splitDocuments } from '../../server/src/service/documents';
import { analyzeChunk } from '../../server/src/service/engine';
import { normalizeSettings } from '../../server/src/service/settings';
import { LineIndex, applyEdits } from '../../server/src/service/text';

describe('splitDocuments', () => {
  test('cuts at document markers and covers the whole text', () => {
    const text = 'a: 1\n---\nb: 2\n--- # c\nc: 3\n';
    const chunks = splitDocuments(text);
    assert.deepEqual(
      chunks.map((c) => c.text),
      ['a: 1\n', '---\nb: 2\n', '--- # c\nc: 3\n'],
    );
    assert.equal(chunks.map((c) => c.text).join(''), text);
    assert.deepEqual(
      chunks.map((c) => c.start),
      [0, 5, 14],
    );
  });

  test('does not cut at --- inside a line or indented', () => {
    const text = 'a: |\n  ---\n  x\nb: "---"\n----\n';
    assert.equal(splitDocuments(text).length, 1);
  });

  test('keeps directives with the document they precede, and ... with the one it ends', () => {
    const text = '%YAML 1.2\n---\na: 1\n...\n---\nb: 2\n';
    const chunks = splitDocuments(text);
    assert.deepEqual(
      chunks.map((c) => c.text),
      ['%YAML 1.2\n---\na: 1\n...\n', '---\nb: 2\n'],
    );
  });

  test('handles CRLF markers', () => {
    assert.equal(splitDocuments('a: 1\r\n---\r\nb: 2\r\n').length, 2);
  });
});

describe('LineIndex', () => {
  test('maps offsets and positions both ways, CRLF included', () => {
    const lines = new LineIndex('ab\r\ncd\nef');
    assert.deepEqual(lines.positionAt(4), { line: 1, character: 0 });
    assert.deepEqual(lines.positionAt(9), { line: 2, character: 2 });
    assert.equal(lines.offsetAt({ line: 2, character: 1 }), 8);
    assert.equal(lines.offsetAt({ line: 9, character: 0 }), 9);
  });
});

describe('applyEdits', () => {
  test('applies back to front and keeps inserts at one offset in order', () => {
    assert.equal(
      applyEdits('abc', [
        { start: 1, end: 1, text: 'X' },
        { start: 1, end: 1, text: 'Y' },
        { start: 2, end: 3, text: '' },
      ]),
      'aXYb',
    );
  });
});

describe('Analyzer cache', () => {
  /** An analyzer that counts how many documents it really analyses. */
  function counting() {
    const calls: string[] = [];
    const analyzer = new Analyzer((text, settings) => {
      calls.push(text);
      return { findings: analyzeChunk(text, settings) };
    });
    return { analyzer, calls };
  }

  test('an edit re-analyses only the document it touched', () => {
    const docs = Array.from(
      { length: 5 },
      (_, i) => `apiVersion: v1\nkind: Pod\nmetadata: {name: p${i}}\nspec:\n  containers:\n    - {name: app, image: "app:1"}\n`,
    );
    const settings = normalizeSettings({});
    const { analyzer, calls } = counting();
    analyzer.analyze(docs.join('---\n'), settings);
    assert.equal(calls.length, 5);
    const edited = [...docs];
    edited[2] = edited[2].replace('app:1', 'app:2');
    const result = analyzer.analyze(edited.join('---\n'), settings);
    assert.equal(calls.length, 6);
    assert.match(calls[5], /app:2/);
    assert.equal(result.findings.filter((f) => f.rule === 'missing-limits').length, 5);
  });

  test('a settings change invalidates the cache', () => {
    const { analyzer, calls } = counting();
    const text = 'apiVersion: v1\nkind: Pod\nspec:\n  containers:\n    - {name: app, image: "app:1"}\n';
    analyzer.analyze(text, normalizeSettings({}));
    analyzer.analyze(text, normalizeSettings({ requireCpuLimit: false }));
    assert.equal(calls.length, 2);
  });
});

describe("Analyzer with the editor's change envelope", () => {
  /** A small seeded generator, so a failure can be replayed. */
  function random(seed: number) {
    return () => {
      seed = (seed * 1103515245 + 12345) % 2147483648;
      return seed / 2147483648;
    };
  }

  const base = Array.from(
    { length: 6 },
    (_, i) =>
      `apiVersion: v1\nkind: Pod\nmetadata: {name: p${i}}\nspec:\n  containers:\n    - name: app\n      image: app:1\n      ports: [{containerPort: 8080}]\n    - name: envoy\n      image: envoyproxy/envoy:v1.31.0\n      ports: [{containerPort: ${i % 2 ? 8080 : 9901}}]\n`,
  ).join('---\n');
  const inserts = ['---\n', '\n', '-', 'x', '\n---', '8080', '  - name: log-shipper\n', ':', ''];

  test('gives exactly the findings of a fresh analysis, edit after edit', () => {
    const next = random(7);
    const settings = normalizeSettings({});
    const analyzer = new Analyzer();
    let text = base;
    analyzer.analyze(text, settings);
    for (let step = 0; step < 300; step++) {
      // Up to three edits between analyses, as keystrokes that arrive while the server is busy.
      let change;
      for (let k = 1 + Math.floor(next() * 3); k > 0; k--) {
        const start = Math.floor(next() * (text.length + 1));
        const end = Math.min(text.length, start + Math.floor(next() * 8));
        const insert = inserts[Math.floor(next() * inserts.length)];
        text = text.slice(0, start) + insert + text.slice(end);
        change = composeChange(change, start, end, insert.length);
      }
      const incremental = analyzer.analyze(text, settings, change);
      const fresh = analyzeText(text, settings);
      assert.deepEqual(
        incremental.chunks.map((c) => [c.start, c.text]),
        fresh.chunks.map((c) => [c.start, c.text]),
        `chunks differ at step ${step}`,
      );
      assert.deepEqual(incremental.findings, fresh.findings, `findings differ at step ${step}`);
    }
  });

  test('an envelope that does not fit the text falls back to the whole text', () => {
    const settings = normalizeSettings({});
    const analyzer = new Analyzer();
    analyzer.analyze(base, settings);
    const text = base.replace('p3', 'pod-three');
    const result = analyzer.analyze(text, settings, { start: 0, oldEnd: 1, newEnd: 1 });
    assert.deepEqual(result.findings, analyzeText(text, settings).findings);
  });
});
