/** Completion inside a container offers the keys it lacks: a native sidecar's restartPolicy, resources, probes on its ports. */
import assert from 'node:assert/strict';
import { describe, test } from 'node:test';
import { parseAllDocuments } from 'yaml';
import type { TextEdit } from 'vscode-languageserver-types';
import { TextDocument } from 'vscode-languageserver-textdocument';
import { analyzeText, applyEdits, createLanguageService, normalizeSettings } from '../../server/src/service';
import { DEPLOYMENT } from '../helpers/podExamples';

/** Completes where `|` stands in the text (the marker is removed). */
function complete(marked: string, raw: unknown = {}) {
  const offset = marked.indexOf('|');
  const text = marked.slice(0, offset) + marked.slice(offset + 1);
  const lines = TextDocument.create('file:///completion.yaml', 'yaml', 1, text);
  const items = createLanguageService().completion(lines, normalizeSettings(raw), lines.positionAt(offset));
  const apply = (label: string) => {
    const item = items.find((i) => i.label === label);
    assert.ok(item, `${label} not offered; got ${items.map((i) => i.label).join(', ')}`);
    const edit = item.textEdit as TextEdit;
    return applyEdits(text, [{ start: lines.offsetAt(edit.range.start), end: lines.offsetAt(edit.range.end), text: edit.newText }]);
  };
  return { labels: items.map((i) => i.label), apply, text };
}

/** Puts the cursor at the end of the line holding `after`, on a new line indented by `indent`, with `typed` typed. */
function at(text: string, after: string, indent: number, typed = '') {
  const end = text.indexOf('\n', text.indexOf(after));
  return `${text.slice(0, end)}\n${' '.repeat(indent)}${typed}|${text.slice(end)}`;
}

describe('container completions', () => {
  test('restartPolicy: Always only inside initContainers, for an init container that has none', () => {
    assert.ok(complete(at(DEPLOYMENT, 'name: init-a', 10)).labels.includes('restartPolicy: Always'));
    assert.ok(!complete(at(DEPLOYMENT, 'name: sidecar-1', 10)).labels.includes('restartPolicy: Always'), 'already set');
    assert.ok(!complete(at(DEPLOYMENT, 'name: legacy-logger', 10)).labels.includes('restartPolicy: Always'), 'not for app containers');
  });

  test('the completed text parses, and turns the init container into a native sidecar', () => {
    const { apply } = complete(at(DEPLOYMENT, 'name: init-b', 10, 'rest'));
    const after = apply('restartPolicy: Always');
    assert.match(after, /- name: init-b\n {10}restartPolicy: Always\n {10}image: busybox/);
    for (const doc of parseAllDocuments(after)) assert.deepEqual(doc.errors, []);
  });

  test('resources with the configured defaults for the container kind, only where it has none', () => {
    const text = DEPLOYMENT.replace(/\n {10}resources: \{requests: \{cpu: 100m, memory: 64Mi\}\}/, '');
    const { apply, labels } = complete(at(text, 'name: admin', 10, 're'));
    assert.ok(labels.includes('resources'));
    assert.match(
      apply('resources'),
      /\n {10}resources:\n {12}requests:\n {14}cpu: 200m\n {14}memory: 256Mi\n {12}limits:\n {14}cpu: 200m\n {14}memory: 256Mi\n {8}- name: init-b/,
    );
    const custom = complete(at(text, 'name: admin', 10), { defaults: { proxy: { cpu: '300m', memory: '96Mi' } } });
    assert.match(custom.apply('resources'), /cpu: 300m\n {14}memory: 96Mi\n {12}limits:/);
    assert.ok(!complete(at(DEPLOYMENT, 'name: app', 10)).labels.includes('resources'), 'app already has resources');
  });

  test('probes on the declared ports: startupProbe first for a sidecar, none without ports or on an init container', () => {
    assert.deepEqual(complete(at(DEPLOYMENT, 'name: sidecar-1', 10, 'st')).labels, ['startupProbe (port admin)']);
    const app = complete(at(DEPLOYMENT, 'name: app', 10, 'readi'));
    assert.deepEqual(app.labels, ['readinessProbe (port http)']);
    const after = app.apply('readinessProbe (port http)');
    assert.match(after, /\n {10}readinessProbe:\n {12}tcpSocket:\n {14}port: http\n {12}periodSeconds: 10\n/);
    const findings = analyzeText(after, normalizeSettings({})).findings.filter((f) => f.rule === 'yaml-syntax');
    assert.deepEqual(findings, []);
    assert.deepEqual(complete(at(DEPLOYMENT, 'name: sidecar-2', 10, 'st')).labels, [], 'no ports, no probes');
    assert.deepEqual(complete(at(DEPLOYMENT, 'name: init-a', 10, 'st')).labels, [], 'init containers may not have probes');
  });

  test('nothing outside a container: at the pod spec, after a value, or past the end of the container', () => {
    assert.deepEqual(complete(at(DEPLOYMENT, 'restartPolicy: Always', 6)).labels, []);
    assert.deepEqual(complete(DEPLOYMENT.replace('image: web:1.0', 'image: web:1.0 re|')).labels, []);
    assert.deepEqual(complete(at(DEPLOYMENT, 'name: web\n', 2)).labels, []);
    assert.deepEqual(complete(at(DEPLOYMENT, 'memory: 32Mi}}', 6)).labels, []);
  });
});
