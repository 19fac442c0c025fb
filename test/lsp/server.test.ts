/** The server as a process over stdio, the way every editor runs it. */
import assert from 'node:assert/strict';
import { after, before, describe, test } from 'node:test';
import type {
  CodeAction,
  CodeLens,
  Diagnostic,
  DocumentSymbol,
  Hover,
  MarkupContent,
  TextDocumentEdit,
  TextEdit,
  WorkspaceEdit,
} from 'vscode-languageserver-protocol';
import { TextDocument } from 'vscode-languageserver-textdocument';
import { RULE_IDS } from '../../server/src/service';
import { onlyRules, snippetDefault } from '../helpers/carets';
import { TestClient } from '../helpers/lspClient';
import { WORKED_EXAMPLE } from '../helpers/podExamples';

const RULES_UNDER_TEST = onlyRules(['legacy-sidecar', 'port-clash'], RULE_IDS);

const MANIFEST = `apiVersion: apps/v1
kind: Deployment
metadata:
  name: web
spec:
  template:
    spec:
      containers:
        - name: web
          image: nginx:1.27
          ports:
            - containerPort: 8080
          resources:
            requests: {cpu: 100m, memory: 64Mi}
            limits: {cpu: 100m, memory: 64Mi}
        - name: log-shipper
          image: fluent/fluent-bit:3.2
          ports:
            - containerPort: 2020
          resources:
            requests: {cpu: 100m, memory: 64Mi}
            limits: {cpu: 100m, memory: 64Mi}
`;

const FULL_CAPABILITIES = {
  workspace: {
    configuration: true,
    workspaceEdit: { documentChanges: true, snippetEditSupport: true },
    didChangeConfiguration: { dynamicRegistration: true },
  },
  textDocument: { codeAction: { resolveSupport: { properties: ['edit'] } }, completion: { completionItem: { snippetSupport: true } } },
};

/** The text edits of a workspace edit; a snippet edit inserts its placeholders' defaults, as if the person kept them. */
function editsOf(edit: WorkspaceEdit): TextEdit[] {
  if (!edit.documentChanges) return Object.values(edit.changes ?? {}).flat();
  return (edit.documentChanges as TextDocumentEdit[])
    .flatMap((c) => c.edits)
    .map((e) => ('snippet' in e ? { range: e.range, newText: snippetDefault(e.snippet.value) } : (e as TextEdit)));
}

const codes = (diagnostics: Diagnostic[]) => diagnostics.map((d) => d.code).sort();

describe('language server over stdio', () => {
  const client = new TestClient();
  const uri = 'file:///work/deploy.yaml';
  let document = TextDocument.create(uri, 'yaml', 1, MANIFEST);

  /** Sends simultaneous edits as incremental changes, back to front so each range is still valid when applied. */
  async function change(version: number, edits: TextEdit[]) {
    const ordered = [...edits].sort((a, b) => b.range.start.line - a.range.start.line || b.range.start.character - a.range.start.character);
    const changes = ordered.map((e) => ({ range: e.range, text: e.newText }));
    document = TextDocument.update(document, changes, version);
    await client.connection.sendNotification('textDocument/didChange', { textDocument: { uri, version }, contentChanges: changes });
  }

  before(async () => {
    // These tests follow a legacy sidecar and a port clash through edits; other rules would come and go with the catalog.
    client.settings = { rules: RULES_UNDER_TEST };
    const result = await client.initialize(FULL_CAPABILITIES);
    assert.deepEqual(result.capabilities.textDocumentSync, { openClose: true, change: 2, save: { includeText: false } });
  });

  after(async () => {
    assert.equal(await client.shutdown(), 0);
  });

  test('didOpen publishes diagnostics for that version, with source, code and docs link', async () => {
    await client.connection.sendNotification('textDocument/didOpen', { textDocument: { uri, languageId: 'yaml', version: 1, text: MANIFEST } });
    const published = await client.diagnostics(uri, 1);
    assert.deepEqual(codes(published.diagnostics), ['legacy-sidecar']);
    const [diagnostic] = published.diagnostics;
    assert.equal(diagnostic.source, 'sidecar-lint');
    assert.equal(diagnostic.severity, 2);
    assert.deepEqual(diagnostic.range, { start: { line: 15, character: 16 }, end: { line: 15, character: 27 } });
    assert.match(diagnostic.codeDescription!.href, /docs\/rules\/legacy-sidecar\.md$/);
    assert.ok(client.configurationRequests > 0, 'settings are pulled with workspace/configuration');
  });

  test('an incremental edit that makes a port clash is reported for its version, with the other port related', async () => {
    await change(2, [{ range: { start: { line: 18, character: 29 }, end: { line: 18, character: 33 } }, newText: '8080' }]);
    const published = await client.diagnostics(uri, 2);
    assert.deepEqual(codes(published.diagnostics), ['legacy-sidecar', 'port-clash']);
    const clash = published.diagnostics.find((d) => d.code === 'port-clash')!;
    assert.equal(clash.range.start.line, 18);
    assert.equal(clash.relatedInformation?.[0].location.range.start.line, 11);
  });

  test("a request at the cursor that sends the line's diagnostics gets their quick fixes (Neovim)", async () => {
    const diagnostic = (await client.diagnostics(uri, 2)).diagnostics.find((d) => d.code === 'legacy-sidecar')!;
    const cursor = { start: { line: diagnostic.range.start.line, character: 0 }, end: { line: diagnostic.range.start.line, character: 0 } };
    const ask = async (diagnostics: Diagnostic[]) =>
      (
        (await client.connection.sendRequest('textDocument/codeAction', { textDocument: { uri }, range: cursor, context: { diagnostics } })) as CodeAction[]
      ).map((a) => a.title);
    assert.ok(!(await ask([])).includes("Convert 'log-shipper' to a native sidecar"), 'the cursor alone is before the finding');
    assert.ok((await ask([diagnostic])).includes("Convert 'log-shipper' to a native sidecar"));
    const elsewhere = { ...diagnostic, range: { start: { line: 1, character: 0 }, end: { line: 1, character: 4 } } };
    assert.ok(!(await ask([elsewhere])).includes("Convert 'log-shipper' to a native sidecar"), 'matched by range, not by message');
  });

  test('without an explicit request, the fix-all waits for codeAction/resolve', async () => {
    const range = { start: { line: 0, character: 0 }, end: { line: 0, character: 0 } };
    const actions = (await client.connection.sendRequest('textDocument/codeAction', {
      textDocument: { uri },
      range,
      context: { diagnostics: [] },
    })) as CodeAction[];
    const lazy = actions.find((a) => a.kind === 'source.fixAll.sidecar-lint')!;
    assert.ok(lazy && !lazy.edit && lazy.data, 'offered without its edit');
    const resolved = (await client.connection.sendRequest('codeAction/resolve', lazy)) as CodeAction;
    const text = TextDocument.applyEdits(document, editsOf(resolved.edit!));
    assert.match(text, /restartPolicy: Always/);
    assert.doesNotMatch(text, /containerPort: 8081/, 'the port-clash suggestion is not applied in bulk');
  });

  test('the convert quick fix is preferred, and applying it clears the finding', async () => {
    const diagnostic = (await client.diagnostics(uri, 2)).diagnostics.find((d) => d.code === 'legacy-sidecar')!;
    const actions = (await client.connection.sendRequest('textDocument/codeAction', {
      textDocument: { uri },
      range: diagnostic.range,
      context: { diagnostics: [diagnostic] },
    })) as CodeAction[];
    const convert = actions.find((a) => a.title === "Convert 'log-shipper' to a native sidecar")!;
    assert.ok(convert, `actions: ${actions.map((a) => a.title).join(', ')}`);
    assert.equal(convert.isPreferred, true);
    assert.equal(convert.kind, 'quickfix');
    const versioned = (convert.edit!.documentChanges![0] as TextDocumentEdit).textDocument.version;
    assert.equal(versioned, 2, 'edits carry the version they were computed on');
    const expected = TextDocument.applyEdits(document, editsOf(convert.edit!));
    await change(3, editsOf(convert.edit!));
    assert.equal(document.getText(), expected);
    assert.match(document.getText(), /initContainers:\n {8}- name: log-shipper\n {10}image: fluent\/fluent-bit:3\.2\n {10}restartPolicy: Always\n/);
    const published = await client.diagnostics(uri, 3);
    assert.deepEqual(codes(published.diagnostics), ['port-clash']);
  });

  test('source.fixAll.sidecar-lint applies no suggestion: with only the port clash left it offers nothing', async () => {
    const actions = (await client.connection.sendRequest('textDocument/codeAction', {
      textDocument: { uri },
      range: { start: { line: 0, character: 0 }, end: { line: 0, character: 0 } },
      context: { diagnostics: [], only: ['source.fixAll.sidecar-lint'] },
    })) as CodeAction[];
    assert.deepEqual(actions, []);
  });

  test('the port-clash suggestion is offered alone, not preferred, with the port as a snippet placeholder', async () => {
    const diagnostic = (await client.diagnostics(uri, 3)).diagnostics.find((d) => d.code === 'port-clash')!;
    const actions = (await client.connection.sendRequest('textDocument/codeAction', {
      textDocument: { uri },
      range: diagnostic.range,
      context: { diagnostics: [diagnostic] },
    })) as CodeAction[];
    const move = actions.find((a) => a.title === "Move 'log-shipper' to port 8081")!;
    assert.ok(move, `actions: ${actions.map((a) => a.title).join(', ')}`);
    assert.equal(move.kind, 'quickfix');
    assert.equal(move.isPreferred, false);
    assert.deepEqual((move.edit!.documentChanges![0] as TextDocumentEdit).edits, [
      { range: diagnostic.range, snippet: { kind: 'snippet', value: '${1:8081}' } },
    ]);
    assert.ok(!actions.some((a) => a.kind === 'source.fixAll.sidecar-lint'), 'nothing for a fix-all to apply');
    await change(4, editsOf(move.edit!));
    assert.deepEqual((await client.diagnostics(uri, 4)).diagnostics, []);
    assert.match(document.getText(), /containerPort: 8081/);
  });

  test('a settings change re-lints open files', async () => {
    await change(5, [{ range: { start: { line: 0, character: 0 }, end: { line: 0, character: 0 } }, newText: '' }]);
    const legacyUri = 'file:///work/legacy.yaml';
    await client.connection.sendNotification('textDocument/didOpen', { textDocument: { uri: legacyUri, languageId: 'yaml', version: 1, text: MANIFEST } });
    assert.deepEqual(codes((await client.diagnostics(legacyUri, 1)).diagnostics), ['legacy-sidecar']);
    const publishedBefore = client.published.length;
    client.settings = { kubernetesVersion: '1.28', rules: RULES_UNDER_TEST };
    await client.connection.sendNotification('workspace/didChangeConfiguration', { settings: null });
    assert.deepEqual((await client.nextDiagnostics(legacyUri, publishedBefore)).diagnostics, []);
    client.settings = { rules: RULES_UNDER_TEST };
  });

  test('bad input never stops the server: broken YAML, templates, alias bombs, huge files', async () => {
    const bomb = [
      'a: &a ["x","x","x","x","x","x","x","x","x"]',
      ...Array.from(
        { length: 9 },
        (_, i) =>
          `${String.fromCharCode(98 + i)}: &${String.fromCharCode(98 + i)} [${Array(9)
            .fill(`*${String.fromCharCode(97 + i)}`)
            .join(',')}]`,
      ),
    ].join('\n');
    const inputs: Record<string, string> = {
      'broken.yaml': 'apiVersion: v1\nkind: Pod\nspec:\n  containers: [\n',
      'helm.yaml': 'apiVersion: v1\nkind: Pod\nmetadata:\n  name: {{ .Release.Name }}\n',
      'bomb.yaml': bomb,
      'huge.yaml': Array.from(
        { length: 2000 },
        (_, i) =>
          `apiVersion: v1\nkind: Pod\nmetadata: {name: p${i}}\nspec:\n  containers:\n    - {name: app, image: "app:1", resources: {limits: {cpu: 1, memory: 1Gi}}}\n`,
      ).join('---\n'),
      'binary.yaml': '\u0000\u0001\uFFFF: [',
    };
    for (const [name, text] of Object.entries(inputs)) {
      await client.connection.sendNotification('textDocument/didOpen', { textDocument: { uri: `file:///work/${name}`, languageId: 'yaml', version: 1, text } });
    }
    assert.deepEqual(codes((await client.diagnostics('file:///work/broken.yaml', 1)).diagnostics), ['yaml-syntax']);
    assert.deepEqual((await client.diagnostics('file:///work/helm.yaml', 1)).diagnostics, []);
    assert.deepEqual((await client.diagnostics('file:///work/bomb.yaml', 1)).diagnostics, []);
    assert.deepEqual((await client.diagnostics('file:///work/huge.yaml', 1)).diagnostics, []);
    await client.diagnostics('file:///work/binary.yaml', 1);
    assert.ok(!client.logs.some((l) => /could not check|failed/.test(l)), client.logs.join('\n'));
  });
});

describe('a client that declares few capabilities (Neovim 0.7, Emacs Eglot)', () => {
  const client = new TestClient();
  const uri = 'file:///work/job.yaml';
  const job = MANIFEST.replace('apps/v1', 'batch/v1')
    .replace('kind: Deployment', 'kind: Job')
    .replace('    spec:\n      containers:', '    spec:\n      restartPolicy: Never\n      containers:');

  after(async () => {
    await client.shutdown();
  });

  test('settings come from initializationOptions; edits come as plain changes; completion is plain text', async () => {
    await client.initialize({}, { sidecarLint: { rules: { 'job-sidecar-never-completes': 'warning' } } });
    await client.connection.sendNotification('textDocument/didOpen', { textDocument: { uri, languageId: 'yaml', version: 7, text: job } });
    const [diagnostic] = (await client.diagnostics(uri, 7)).diagnostics;
    assert.equal(diagnostic.code, 'job-sidecar-never-completes');
    assert.equal(diagnostic.severity, 2, 'the severity set in initializationOptions');
    assert.equal(client.configurationRequests, 0);
    const actions = (await client.connection.sendRequest('textDocument/codeAction', {
      textDocument: { uri },
      range: diagnostic.range,
      context: { diagnostics: [] },
    })) as CodeAction[];
    const convert = actions.find((a) => a.isPreferred)!;
    assert.ok(convert.edit?.changes?.[uri], 'a plain changes map');
    assert.equal(convert.edit?.documentChanges, undefined);
    assert.ok(
      actions.every((a) => a.edit),
      'no action needs resolving',
    );
    const items = (await client.connection.sendRequest('textDocument/completion', { textDocument: { uri }, position: { line: 9, character: 0 } })) as {
      label: string;
      insertTextFormat: number;
      textEdit: { newText: string };
    }[];
    const native = items.find((i) => i.label === 'sidecar-native')!;
    assert.equal(native.insertTextFormat, 1);
    assert.doesNotMatch(native.textEdit.newText, /\$/);
  });

  test('a suggestion with a value to choose comes as plain text to a client without snippet edits', async () => {
    const clashUri = 'file:///work/clash.yaml';
    const text = MANIFEST.replace('containerPort: 2020', 'containerPort: 8080');
    await client.connection.sendNotification('textDocument/didOpen', { textDocument: { uri: clashUri, languageId: 'yaml', version: 1, text } });
    const clash = (await client.diagnostics(clashUri, 1)).diagnostics.find((d) => d.code === 'port-clash')!;
    const actions = (await client.connection.sendRequest('textDocument/codeAction', {
      textDocument: { uri: clashUri },
      range: clash.range,
      context: { diagnostics: [clash] },
    })) as CodeAction[];
    const move = actions.find((a) => a.title === "Move 'log-shipper' to port 8081")!;
    assert.deepEqual(move.edit?.changes?.[clashUri], [{ range: clash.range, newText: '8081' }]);
    assert.equal(move.isPreferred, false);
  });
});

describe('hover, code lenses and document symbols from the server process', () => {
  const client = new TestClient();
  const uri = 'file:///work/worked.yaml';

  after(async () => {
    await client.shutdown();
  });

  test('the worked example of §3.2: a lens with its effective requests, an outline of its containers, hovers with docs links', async () => {
    const result = await client.initialize({}, { serverSnippets: false });
    assert.equal(result.capabilities.hoverProvider, true);
    assert.equal(result.capabilities.documentSymbolProvider, true);
    assert.ok(result.capabilities.codeLensProvider);
    assert.ok(result.capabilities.completionProvider, 'container keys are completed even without server snippets');
    await client.connection.sendNotification('textDocument/didOpen', { textDocument: { uri, languageId: 'yaml', version: 1, text: WORKED_EXAMPLE } });
    await client.diagnostics(uri, 1);
    const textDocument = { uri };
    const lenses = (await client.connection.sendRequest('textDocument/codeLens', { textDocument })) as CodeLens[];
    assert.equal(lenses.length, 1);
    assert.equal(lenses[0].range.start.line, 4);
    assert.match(lenses[0].command!.title, /^requests cpu 1600m, memory 1208Mi · limits cpu unbounded, memory unbounded · sidecars cpu 300m, memory 192Mi/);
    const symbols = (await client.connection.sendRequest('textDocument/documentSymbol', { textDocument })) as DocumentSymbol[];
    assert.deepEqual(
      symbols.map((s) => s.name),
      ['Pod worked'],
    );
    assert.deepEqual(symbols[0].children!.map((c) => `${c.name}: ${c.detail}`).slice(0, 5), [
      'init-a: init',
      'sidecar-1: sidecar',
      'init-b: init',
      'sidecar-2: sidecar',
      'app: app',
    ]);
    const line = WORKED_EXAMPLE.split('\n')[7];
    const hovered = (await client.connection.sendRequest('textDocument/hover', {
      textDocument,
      position: { line: 7, character: line.indexOf('resources') + 2 },
    })) as Hover;
    assert.match((hovered.contents as MarkupContent).value, /Pod effective: requests cpu 1600m, memory 1208Mi/);
    const onPolicy = (await client.connection.sendRequest('textDocument/hover', {
      textDocument,
      position: { line: 8, character: WORKED_EXAMPLE.split('\n')[8].indexOf('restartPolicy') },
    })) as Hover;
    assert.match((onPolicy.contents as MarkupContent).value, /native sidecar.*docs\/rules\/native-sidecar-unsupported\.md/s);
    assert.equal(await client.connection.sendRequest('textDocument/hover', { textDocument, position: { line: 0, character: 1 } }), null);
    assert.ok(!client.logs.some((l) => /failed/.test(l)), client.logs.join('\n'));
  });
});
