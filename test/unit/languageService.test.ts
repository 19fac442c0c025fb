/** The language service owns each document's state: edits arrive incrementally, outlines switch on when asked for. */
import assert from 'node:assert/strict';
import { describe, test } from 'node:test';
import { TextDocument } from 'vscode-languageserver-textdocument';
import { analyzeText, createLanguageService, normalizeSettings, type LanguageService } from '../../server/src/service';
import { DEPLOYMENT, WORKED_EXAMPLE } from '../helpers/podExamples';

const settings = normalizeSettings({});
const URI = 'file:///service.yaml';

/** Applies an edit to the document the way the server does: the service hears of it first. */
function edit(service: LanguageService, document: TextDocument, at: number, removed: number, text: string): TextDocument {
  const range = { start: document.positionAt(at), end: document.positionAt(at + removed) };
  service.didChange(document.uri, { start: at, end: at + removed, length: text.length });
  return TextDocument.update(document, [{ range, text }], document.version + 1);
}

describe('language service', () => {
  test('edits composed between analyses give the findings of a fresh analysis of the new text', () => {
    const service = createLanguageService();
    let document = TextDocument.create(URI, 'yaml', 1, `${DEPLOYMENT}---\n${WORKED_EXAMPLE}`);
    service.didOpen(URI);
    assert.deepEqual(service.findings(document, settings), analyzeText(document.getText(), settings).findings);
    document = edit(service, document, document.getText().indexOf('restartPolicy: Always'), 'restartPolicy: Always'.length, '');
    document = edit(service, document, 0, 0, '# edited\n');
    assert.deepEqual(service.findings(document, settings), analyzeText(document.getText(), settings).findings);
    service.didChange(URI);
    document = TextDocument.update(document, [{ text: WORKED_EXAMPLE }], document.version + 1);
    assert.deepEqual(service.findings(document, settings), analyzeText(WORKED_EXAMPLE, settings).findings);
  });

  test('the analysis is reused while the version stays, and made again after invalidate or close', () => {
    const service = createLanguageService();
    const document = TextDocument.create(URI, 'yaml', 1, DEPLOYMENT);
    const first = service.findings(document, settings);
    assert.equal(service.findings(document, settings), first);
    service.invalidate();
    const again = service.findings(document, settings);
    assert.notEqual(again, first);
    assert.deepEqual(again, first);
    service.didClose(URI);
    assert.notEqual(service.findings(document, settings), again);
  });

  test('a service made without outlines turns them on when lenses or symbols are asked for', () => {
    const service = createLanguageService({ withOutline: false });
    const document = TextDocument.create(URI, 'yaml', 1, WORKED_EXAMPLE);
    service.diagnostics(document, settings);
    assert.equal(service.codeLenses(document, settings).length, 1);
    assert.ok(service.documentSymbols(document, settings).length > 0);
  });

  test('hover and completion see the current version of the document', () => {
    const service = createLanguageService();
    let document = TextDocument.create(URI, 'yaml', 1, DEPLOYMENT);
    const at = DEPLOYMENT.indexOf('initContainers') + 1;
    assert.ok(service.hover(document, settings, document.positionAt(at)));
    document = edit(service, document, at - 1, 1, 'x');
    assert.equal(service.hover(document, settings, document.positionAt(at)), null, 'xnitContainers is not explained');
    const lineEnd = document.getText().indexOf('\n', document.getText().indexOf('name: app'));
    document = edit(service, document, lineEnd, 0, `\n${' '.repeat(10)}readi`);
    const labels = service.completion(document, settings, document.positionAt(lineEnd + 16)).map((item) => item.label);
    assert.deepEqual(labels, ['readinessProbe (port http)']);
  });

  test('lintText fixes when asked and reports what is left in the fixed text', () => {
    const service = createLanguageService();
    const plain = service.lintText(DEPLOYMENT, settings);
    assert.equal(plain.text, DEPLOYMENT);
    assert.deepEqual(plain.findings, analyzeText(DEPLOYMENT, settings).findings);
    const fixed = service.lintText(DEPLOYMENT, settings, { fix: true });
    assert.notEqual(fixed.text, DEPLOYMENT);
    assert.deepEqual(fixed.findings, analyzeText(fixed.text, settings).findings);
    assert.ok(fixed.findings.length < plain.findings.length);
  });

  test('fixes withheld by their re-check are told to onWithheld, in code actions and in lintText', () => {
    // `*r` is the key `resources` through an alias: an added `resources:` would be a duplicate key.
    const text = `apiVersion: v1\nkind: Pod\nmetadata:\n  name: p\n  labels: {&r resources: x}\nspec:\n  containers:\n  - name: a\n    image: x:1\n    *r : {}\n`;
    const withheld: string[] = [];
    const service = createLanguageService({ onWithheld: (w) => withheld.push(`${w.title}: ${w.reason}`) });
    const document = TextDocument.create('file:///withheld.yaml', 'yaml', 1, text);
    service.didOpen(document.uri);
    const settings = normalizeSettings({ defaults: { other: { cpu: '1', memory: '2Gi' } } });
    const range = { start: { line: 0, character: 0 }, end: { line: 9, character: 0 } };
    assert.ok(!service.codeActions(document, settings, range).some((a) => a.title.startsWith('Add resource limits')));
    assert.deepEqual(withheld, [
      "Add resource limits to 'a': the result has a duplicate key 'resources'",
      "Add resource requests to 'a': the result has a duplicate key 'resources'",
    ]);
    assert.equal(service.lintText(text, settings, { fix: true }).text, text);
    assert.ok(withheld.length > 2, 'fix-all tells of what it withheld too');
  });
});
