import assert from 'node:assert/strict';
import { describe, test } from 'node:test';
import { Analyzer } from '../../server/src/service';
import { splitDocuments } from '../../server/src/service/documents';
import { analyzeChunk } from '../../server/src/service/engine';
import { normalizeSettings } from '../../server/src/service/settings';
import { LineIndex, applyEdits } from '../../server/src/service/text';

describe('splitDocuments', () => {
  test('cuts at document markers and covers the whole text', () => {
    const text = 'a: 1\n---\nb: 2\n--- # c\nc: 3\n';
    const chunks = splitDocuments(text);
    assert.deepEqual(chunks.map((c) => c.text), ['a: 1\n', '---\nb: 2\n', '--- # c\nc: 3\n']);
    assert.equal(chunks.map((c) => c.text).join(''), text);
    assert.deepEqual(chunks.map((c) => c.start), [0, 5, 14]);
  });

  test('does not cut at --- inside a line or indented', () => {
    const text = 'a: |\n  ---\n  x\nb: "---"\n----\n';
    assert.equal(splitDocuments(text).length, 1);
  });

  test('keeps directives with the document they precede, and ... with the one it ends', () => {
    const text = '%YAML 1.2\n---\na: 1\n...\n---\nb: 2\n';
    const chunks = splitDocuments(text);
    assert.deepEqual(chunks.map((c) => c.text), ['%YAML 1.2\n---\na: 1\n...\n', '---\nb: 2\n']);
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
    assert.equal(applyEdits('abc', [{ start: 1, end: 1, text: 'X' }, { start: 1, end: 1, text: 'Y' }, { start: 2, end: 3, text: '' }]), 'aXYb');
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
    const docs = Array.from({ length: 5 }, (_, i) => `apiVersion: v1\nkind: Pod\nmetadata: {name: p${i}}\nspec:\n  containers:\n    - {name: app, image: "app:1"}\n`);
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
