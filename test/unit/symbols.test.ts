/** The outline reads the pod: objects, and under a workload its containers in start order with their roles. */
import assert from 'node:assert/strict';
import { describe, test } from 'node:test';
import type { DocumentSymbol } from 'vscode-languageserver-types';
import { Analyzer, documentAnalyzer, LineIndex, normalizeSettings, outlinesOf } from '../../server/src/service';
import { documentSymbols } from '../../server/src/service/symbols';
import { DEPLOYMENT } from '../helpers/podExamples';

function symbolsOf(text: string, raw: unknown = {}) {
  return documentSymbols(outlinesOf(new Analyzer(documentAnalyzer(true)).analyze(text, normalizeSettings(raw))), new LineIndex(text));
}

const brief = (s: DocumentSymbol): unknown => (s.children?.length ? { [`${s.name} — ${s.detail}`]: s.children.map(brief) } : `${s.name} — ${s.detail}`);

describe('document symbols', () => {
  test('a Service and a Deployment whose containers read in start order, with roles', () => {
    const symbols = symbolsOf(DEPLOYMENT);
    assert.deepEqual(symbols.map(brief), [
      'Service web — Service',
      {
        'Deployment web — Deployment': [
          'init-a — init',
          'sidecar-1 — sidecar',
          'init-b — init',
          'sidecar-2 — sidecar',
          'app — app',
          'legacy-logger — app · logging helper (legacy sidecar)',
        ],
      },
    ]);
  });

  test('ranges hold their selection ranges, and the selection is the name', () => {
    const lines = DEPLOYMENT.split('\n');
    const check = (s: DocumentSymbol) => {
      const { range, selectionRange: sel } = s;
      const before = (a: typeof sel.start, b: typeof sel.start) => a.line < b.line || (a.line === b.line && a.character <= b.character);
      assert.ok(before(range.start, sel.start) && before(sel.end, range.end), `${s.name}: selection outside range`);
      s.children?.forEach(check);
    };
    const symbols = symbolsOf(DEPLOYMENT);
    symbols.forEach(check);
    const sidecar = symbols[1].children![1];
    assert.equal(lines[sidecar.selectionRange.start.line].slice(sidecar.selectionRange.start.character, sidecar.selectionRange.end.character), 'sidecar-1');
  });

  test('List items nest, settings mark helpers, objects without a name or pod still show', () => {
    const text = `apiVersion: v1
kind: List
items:
  - apiVersion: v1
    kind: Pod
    metadata: {name: p}
    spec:
      containers:
        - {name: app, image: app:1}
        - {name: audit, image: corp/audit:2}
  - apiVersion: v1
    kind: ConfigMap
    data: {a: b}
`;
    assert.deepEqual(symbolsOf(text, { helpers: { names: ['audit'] } }).map(brief), [
      { 'List — List': [{ 'Pod p — Pod': ['app — app', 'audit — app · other helper (legacy sidecar)'] }, 'ConfigMap — ConfigMap'] },
    ]);
  });

  test('a document being typed still shows its structure', () => {
    const text = `apiVersion: v1\nkind: Pod\nmetadata:\n  name: p\nspec:\n  containers:\n    - name: app\n      image: [\n`;
    const [pod] = symbolsOf(text);
    assert.equal(pod.name, 'Pod p');
  });
});
