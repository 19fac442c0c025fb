/** Diagnostics kept per YAML document and moved with it equal the ones a fresh analysis makes, and stay inside the text. */
import assert from 'node:assert/strict';
import { describe, test } from 'node:test';
import { TextDocument } from 'vscode-languageserver-textdocument';
import type { Diagnostic } from 'vscode-languageserver-types';
import { analyzeText, createLanguageService, normalizeSettings, toDiagnostic, type LanguageService } from '../../server/src/service';
import { DEPLOYMENT, WORKED_EXAMPLE } from '../helpers/podExamples';
import { createRng } from '../../bench/gen/prng';

const settings = normalizeSettings({});
const URI = 'file:///cache.yaml';

const PORT_CLASH = `apiVersion: v1
kind: Pod
metadata:
  name: clash
spec:
  containers:
    - name: app
      image: nginx:1.27
      ports:
        - containerPort: 8080
    - name: proxy
      image: envoyproxy/envoy:v1.31
      ports:
        - containerPort: 8080
`;

/** The diagnostics as they were made before the per-document cache: every finding against the whole document. */
function reference(text: string): Diagnostic[] {
  const document = TextDocument.create(URI, 'yaml', 1, text);
  const lines = { text, positionAt: (o: number) => document.positionAt(o), offsetAt: document.offsetAt.bind(document) };
  return analyzeText(text, settings).findings.map((finding) => toDiagnostic(finding, lines, URI));
}

/** Applies an edit the way the server does: the service hears of it, then the document changes. */
function edit(service: LanguageService, document: TextDocument, at: number, removed: number, text: string): TextDocument {
  const range = { start: document.positionAt(at), end: document.positionAt(at + removed) };
  service.didChange(document.uri, { start: at, end: at + removed, length: text.length });
  return TextDocument.update(document, [{ range, text }], document.version + 1);
}

const INSERTS = ['\n', '\r\n', '\r', 'x', ' ', '  ', '---\n', '# c\n', ':', '"', '- name: extra\n', '        - containerPort: 8080\n'];

describe('diagnostics per YAML document', () => {
  test('after every seeded run of edits they equal a fresh analysis of the text', () => {
    for (const seed of [1, 2, 3]) {
      const random = createRng(seed).next;
      const service = createLanguageService();
      let document = TextDocument.create(URI, 'yaml', 1, `${DEPLOYMENT}---\n${PORT_CLASH}---\n${WORKED_EXAMPLE}---\n${PORT_CLASH}`);
      assert.deepEqual(service.diagnostics(document, settings), reference(document.getText()));
      for (let round = 0; round < 60; round++) {
        const edits = 1 + Math.floor(random() * 3);
        for (let i = 0; i < edits; i++) {
          const length = document.getText().length;
          const at = Math.floor(random() * (length + 1));
          const removed = random() < 0.4 ? Math.min(length - at, Math.floor(random() * 6)) : 0;
          const inserted = random() < 0.8 ? INSERTS[Math.floor(random() * INSERTS.length)] : '';
          document = edit(service, document, at, removed, inserted);
        }
        const text = document.getText();
        assert.deepEqual(service.diagnostics(document, settings), reference(text), `seed ${seed}, round ${round}`);
      }
    }
  });

  test('a document that moves down by whole lines keeps its diagnostics, moved', () => {
    const service = createLanguageService();
    let document = TextDocument.create(URI, 'yaml', 1, `${PORT_CLASH}---\n${PORT_CLASH}`);
    const before = service.diagnostics(document, settings);
    assert.ok(
      before.some((d) => d.relatedInformation?.length),
      'port-clash points at the other port',
    );
    document = edit(service, document, 0, 0, '# one\n# two\n');
    const after = service.diagnostics(document, settings);
    assert.deepEqual(after, reference(document.getText()));
    assert.deepEqual(
      after.map((d) => d.range.start.line),
      before.map((d) => d.range.start.line + 2),
    );
  });
});

describe('ranges at the edge of the text', () => {
  const texts = {
    'ends mid-token, no final newline': 'apiVersion: v1\nkind: Pod\nmetadata:\n  name: "unterminated',
    'ends in an open flow map': 'a: {b: 1',
    'CRLF, ends in an open quote': 'a:\r\n  b: "x\r\n',
    'error at the end of a middle document': 'a: b\n---\nc: "x\n---\nd: 1\n',
  };
  for (const [name, text] of Object.entries(texts)) {
    test(name, () => {
      const findings = analyzeText(text, settings).findings;
      assert.ok(
        findings.some((f) => f.rule === 'yaml-syntax'),
        'a syntax error is reported',
      );
      const document = TextDocument.create(URI, 'yaml', 1, text);
      const lastLine = document.lineCount - 1;
      for (const finding of findings) assert.ok(0 <= finding.start && finding.start <= finding.end && finding.end <= text.length, JSON.stringify(finding));
      for (const { range } of createLanguageService().diagnostics(document, settings)) {
        for (const position of [range.start, range.end]) {
          assert.ok(position.line <= lastLine, `line ${position.line} of ${lastLine}`);
          const lineEnd = document.positionAt(document.offsetAt({ line: position.line + 1, character: 0 }) - 1);
          const length = position.line === lastLine ? document.positionAt(text.length).character : lineEnd.line === position.line ? lineEnd.character + 1 : 0;
          assert.ok(position.character <= length, `character ${position.character} past line ${position.line}`);
        }
      }
    });
  }

  test('a syntax error at the end of a middle document stays in that document', () => {
    const text = texts['error at the end of a middle document'];
    const syntax = analyzeText(text, settings).findings.find((f) => f.rule === 'yaml-syntax');
    assert.ok(syntax && syntax.end <= text.lastIndexOf('---'), JSON.stringify(syntax));
  });
});

describe('Services and the documents they select', () => {
  const service = (kind: string) =>
    `apiVersion: v1\nkind: ${kind}\nmetadata:\n  name: web-metrics\nspec:\n  selector:\n    app: web\n  ports:\n    - port: 8443\n      targetPort: https\n`;
  const pod = `apiVersion: v1
kind: Pod
metadata:
  name: web
  labels:
    app: web
spec:
  initContainers:
    - name: kube-rbac-proxy
      image: quay.io/brancz/kube-rbac-proxy:v0.18.0
      restartPolicy: Always
      ports:
        - containerPort: 8443
          name: https
  containers:
    - name: web
      image: nginx:1.27
`;
  const old = normalizeSettings({ kubernetesVersion: '1.31' });
  const rules = (text: string) => analyzeText(text, old).findings.map((f) => f.rule);

  // Documents that cannot hold a Service are analysed as soon as they are parsed: they must still see every Service.
  for (const [name, kind] of [
    ['written out', 'Service'],
    ['spelt with an escape', '"Ser\\x76ice"'],
  ]) {
    test(`a Service ${name} is seen by a pod before it and after it`, () => {
      const before = rules(`${service(kind)}---\n${pod}`);
      const after = rules(`${pod}---\n${service(kind)}`);
      assert.ok(before.includes('service-port-unresolved'), before.join(', '));
      assert.deepEqual([...after].sort(), [...before].sort());
      assert.deepEqual(rules(`${pod}---\n${service('Service')}`).sort(), [...after].sort());
    });
  }
});
