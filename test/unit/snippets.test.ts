/** Every snippet expands to YAML that parses, with nothing reported by the rules its shape answers and no error at all. */
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, test } from 'node:test';
import { parseAllDocuments } from 'yaml';
import { analyzeText, normalizeSettings, RULE_IDS } from '../../server/src/service';
import { plainSnippetText, snippetCompletions, type Snippet } from '../../server/src/service/completion';
import { FIRST_CATALOG } from '../helpers/catalog';

/**
 * What the snippets are written to get right: lifecycle, probes, resources, ports, mounts and images. A rule added
 * later (say, an advisory on every native sidecar) may comment on them; none may call them an error.
 */
const SNIPPET_RULES = FIRST_CATALOG;

const snippets = JSON.parse(readFileSync(join(__dirname, '..', '..', 'snippets', 'kubernetes-sidecars.code-snippets'), 'utf8')) as Record<string, Snippet>;

/** Fragments are placed where a user would type them. */
function inContext(prefix: string, body: string): string {
  const indent = (text: string, by: number) =>
    text
      .split('\n')
      .map((l) => (l ? ' '.repeat(by) + l : l))
      .join('\n');
  const app =
    '    - name: app\n      image: app:1.0\n      resources:\n        requests: {cpu: 100m, memory: 64Mi}\n        limits: {cpu: 100m, memory: 64Mi}\n';
  if (prefix === 'sidecar-native')
    return `apiVersion: v1\nkind: Pod\nmetadata:\n  name: p\nspec:\n  initContainers:\n${indent(body, 4)}\n  containers:\n${app}`;
  if (prefix === 'sidecar-resources')
    return `apiVersion: v1\nkind: Pod\nmetadata:\n  name: p\nspec:\n  containers:\n    - name: app\n      image: app:1.0\n${indent(body, 6)}\n`;
  return body;
}

describe('snippets', () => {
  test('there are the five the extension promises, with distinct prefixes', () => {
    const prefixes = Object.values(snippets)
      .map((s) => s.prefix)
      .sort();
    assert.deepEqual(prefixes, ['sidecar-deployment-logs', 'sidecar-job', 'sidecar-native', 'sidecar-pod', 'sidecar-resources']);
    for (const id of SNIPPET_RULES) assert.ok(RULE_IDS.includes(id), `no rule '${id}'`);
  });

  for (const [name, snippet] of Object.entries(snippets)) {
    test(`${snippet.prefix} expands to clean YAML`, () => {
      const text = inContext(snippet.prefix, plainSnippetText(snippet.body.join('\n')));
      for (const doc of parseAllDocuments(text) as { errors: unknown[] }[]) assert.deepEqual(doc.errors, [], name);
      const findings = analyzeText(text, normalizeSettings({})).findings.filter((f) => SNIPPET_RULES.includes(f.rule) || f.severity === 'error');
      assert.deepEqual(
        findings.map((f) => `${f.rule}: ${f.message}`),
        [],
        `${name} expands to text with findings`,
      );
    });
  }

  test('completion sends snippet syntax only to clients that support it, indented like the line', () => {
    const position = { line: 3, character: 12 };
    const [plain] = snippetCompletions(snippets, '    sidecar-nat', position, false);
    assert.equal(plain.label, 'sidecar-native');
    assert.equal(plain.insertTextFormat, 1);
    const text = (plain.textEdit as { newText: string }).newText;
    assert.doesNotMatch(text, /\$\{?\d/);
    assert.doesNotMatch(text, /\n[ \t]*$/, 'no line of spaces left where $0 stood');
    assert.match(text, /\n {6}image: fluent\/fluent-bit:3\.2\n/);
    const [snippet] = snippetCompletions(snippets, '    sidecar-nat', position, true);
    assert.equal(snippet.insertTextFormat, 2);
    assert.match((snippet.textEdit as { newText: string }).newText, /\$\{1:log-shipper\}/);
    assert.deepEqual(snippetCompletions(snippets, '    image: side', position, false), []);
  });
});
