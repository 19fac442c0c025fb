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
  test('there are the nine the extension promises, with distinct prefixes', () => {
    const prefixes = Object.values(snippets)
      .map((s) => s.prefix)
      .sort();
    assert.deepEqual(prefixes, [
      'sidecar-cronjob-istio',
      'sidecar-cronjob-linkerd',
      'sidecar-deployment-logs',
      'sidecar-job',
      'sidecar-job-istio',
      'sidecar-job-linkerd',
      'sidecar-native',
      'sidecar-pod',
      'sidecar-resources',
    ]);
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

  // The mesh snippets must complete in the mesh they name, at the mesh versions whose native annotation they use.
  const MESH_SETTINGS: Record<string, unknown[]> = {
    istio: [{}, { mesh: { istio: { version: '1.24' } } }, { kubernetesVersion: '1.32', mesh: { istio: { version: '1.27' } } }],
    linkerd: [{}, { mesh: { linkerd: { version: '2.20', nativeSidecar: false } } }],
  };
  for (const snippet of Object.values(snippets).filter((s) => /-(istio|linkerd)$/.test(s.prefix))) {
    test(`${snippet.prefix} is lint-clean in its mesh: no mesh finding, and a proxy that will be native`, () => {
      const text = plainSnippetText(snippet.body.join('\n'));
      for (const raw of MESH_SETTINGS[snippet.prefix.split('-').pop()!]) {
        const findings = analyzeText(text, normalizeSettings(raw)).findings.filter((f) => f.rule.startsWith('mesh-') || f.severity !== 'info');
        assert.deepEqual(
          findings.map((f) => `${f.rule}: ${f.message}`),
          [],
          JSON.stringify(raw),
        );
      }
      const bare = text.replace(/^.*(nativeSidecar|native-sidecar).*\n/m, '');
      assert.ok(
        analyzeText(bare, normalizeSettings({})).findings.some((f) => f.rule === 'mesh-proxy-blocks-job'),
        'without its native annotation the snippet would hang: the test proves the annotation is what makes it clean',
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
