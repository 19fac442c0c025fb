/**
 * The extension-host suite: runs inside VS Code (under @vscode/test-electron, or inside code-server through the
 * suite-runner extension) against the installed sidecar-lint extension and a workspace folder it fills itself.
 */
import * as vscode from 'vscode';
import * as fs from 'node:fs';
import * as path from 'node:path';
import { parse } from 'yaml';
import deployment from '../../e2e/fixtures/deployment.yaml';
import deploymentFixed from '../../e2e/fixtures/deployment.fixed.yaml';
import snippetTarget from '../../e2e/fixtures/snippet.yaml';
import type { SidecarLintApi } from '../../../client/src/extension';
import { type Report, type Result, runTests, waitFor } from './harness';

const EXTENSION_ID = 'sidecar-lint.sidecar-lint';
const FIX_TITLE = "Convert 'log-shipper' to a native sidecar";
const PREFIXES = ['sidecar-native', 'sidecar-pod', 'sidecar-deployment-logs', 'sidecar-job', 'sidecar-resources'];

const codeOf = (d: vscode.Diagnostic) => (typeof d.code === 'object' ? d.code.value : d.code);
const isLegacy = (d: vscode.Diagnostic) => d.source === 'sidecar-lint' && codeOf(d) === 'legacy-sidecar';
const ours = (uri: vscode.Uri) => vscode.languages.getDiagnostics(uri).filter((d) => d.source === 'sidecar-lint');
const labelOf = (item: vscode.CompletionItem) => (typeof item.label === 'string' ? item.label : item.label.label);

/** Waits until the diagnostics of `uri`, re-read on every onDidChangeDiagnostics event for it, satisfy `pred`. */
function diagnosticsWhere(what: string, uri: vscode.Uri, pred: (ds: vscode.Diagnostic[]) => boolean) {
  return waitFor(what, () => (pred(ours(uri)) ? ours(uri) : undefined), 30000, [vscode.languages.onDidChangeDiagnostics]);
}

function workspaceFile(name: string, text: string): vscode.Uri {
  const folder = vscode.workspace.workspaceFolders?.[0];
  if (!folder) throw new Error('no workspace folder is open');
  const file = path.join(folder.uri.fsPath, name);
  fs.writeFileSync(file, text);
  return vscode.Uri.file(file);
}

/** Runs every test and reports each line through `report`. */
export async function runSuite(report: Report): Promise<Result> {
  const eventsFor = new Map<string, number>();
  const recorder = vscode.languages.onDidChangeDiagnostics((e) => {
    for (const u of e.uris) eventsFor.set(u.toString(), (eventsFor.get(u.toString()) ?? 0) + 1);
  });
  const uri = workspaceFile('deployment.yaml', deployment);
  const config = () => vscode.workspace.getConfiguration('sidecarLint');
  let doc: vscode.TextDocument | undefined;
  const openDoc = () => {
    if (!doc) throw new Error('deployment.yaml was not opened');
    return doc;
  };
  try {
    return await runTests(
      [
        {
          name: 'opening a YAML file activates sidecar-lint',
          fn: async () => {
            const ext = vscode.extensions.getExtension(EXTENSION_ID);
            if (!ext) throw new Error(`${EXTENSION_ID} is not installed`);
            doc = await vscode.workspace.openTextDocument(uri);
            await vscode.window.showTextDocument(doc);
            if (doc.languageId !== 'yaml') throw new Error(`languageId is ${doc.languageId}`);
            await waitFor('the extension to be active', () => ext.isActive);
            return `(version ${String(ext.packageJSON.version)}, VS Code ${vscode.version})`;
          },
        },
        {
          name: 'legacy-sidecar arrives through onDidChangeDiagnostics, on the name of log-shipper',
          fn: async () => {
            const ds = await diagnosticsWhere('legacy-sidecar on deployment.yaml', uri, (d) => d.some(isLegacy));
            if (!eventsFor.get(uri.toString())) throw new Error('no onDidChangeDiagnostics event named deployment.yaml');
            const codes = ds.map(codeOf);
            if (codes.length !== 1) throw new Error(`expected only legacy-sidecar, got ${JSON.stringify(codes)}`);
            const d = ds[0];
            if (d.severity !== vscode.DiagnosticSeverity.Warning) throw new Error(`severity ${d.severity}, expected Warning`);
            const text = openDoc().getText(d.range);
            if (text !== 'log-shipper') throw new Error(`the finding sits on ${JSON.stringify(text)}`);
            return JSON.stringify(d.message);
          },
        },
        {
          name: 'setting sidecarLint.kubernetesVersion to 1.28 removes the finding; resetting it brings it back',
          fn: async () => {
            await config().update('kubernetesVersion', '1.28', vscode.ConfigurationTarget.Global);
            try {
              await diagnosticsWhere('legacy-sidecar to disappear on 1.28', uri, (d) => !d.some(isLegacy));
            } finally {
              await config().update('kubernetesVersion', undefined, vscode.ConfigurationTarget.Global);
            }
            await diagnosticsWhere('legacy-sidecar to come back on the default version', uri, (d) => d.some(isLegacy));
          },
        },
        {
          name: `the preferred quick fix "${FIX_TITLE}" from executeCodeActionProvider converts the container`,
          fn: async () => {
            const d = ours(uri).find(isLegacy);
            if (!d) throw new Error('no legacy-sidecar diagnostic to fix');
            const actions = await vscode.commands.executeCommand<vscode.CodeAction[]>(
              'vscode.executeCodeActionProvider',
              uri,
              d.range,
              vscode.CodeActionKind.QuickFix.value,
              10,
            );
            const fix = actions.find((a) => a.title === FIX_TITLE);
            if (!fix) throw new Error(`not offered; got ${JSON.stringify(actions.map((a) => a.title))}`);
            if (!fix.isPreferred) throw new Error('the conversion is not marked preferred');
            if (!fix.edit) throw new Error('the conversion carries no edit');
            if (!(await vscode.workspace.applyEdit(fix.edit))) throw new Error('applyEdit returned false');
            const text = openDoc().getText();
            if (text !== deploymentFixed) throw new Error(`the document is not fixtures/deployment.fixed.yaml:\n${text}`);
            if (!(await openDoc().save())) throw new Error('save failed');
            if (fs.readFileSync(uri.fsPath, 'utf8') !== deploymentFixed) throw new Error('the file on disk differs after save');
            await diagnosticsWhere('no findings after the fix', uri, (ds) => ds.length === 0);
          },
        },
        {
          name: 'executeCompletionItemProvider offers the five snippets, and sidecar-native inserts a native sidecar',
          fn: async () => {
            // snippet.yaml ends with "    sidecar-native" under initContainers; ask where the user has typed "sidecar-"
            const target = workspaceFile('snippet.yaml', snippetTarget.replace(/sidecar-native\n$/, 'sidecar-\n'));
            const sdoc = await vscode.workspace.openTextDocument(target);
            const editor = await vscode.window.showTextDocument(sdoc);
            const line = sdoc.lineAt(sdoc.lineCount - 2);
            if (line.text !== '    sidecar-') throw new Error(`unexpected fixture line ${JSON.stringify(line.text)}`);
            const list = await vscode.commands.executeCommand<vscode.CompletionList>('vscode.executeCompletionItemProvider', target, line.range.end);
            const afterDash = list.items.map(labelOf);
            const missing = PREFIXES.filter((p) => !afterDash.includes(p));
            if (missing.length) throw new Error(`not offered after "sidecar-": ${missing.join(', ')}`);
            const item = list.items.find((i) => labelOf(i) === 'sidecar-native' && i.kind === vscode.CompletionItemKind.Snippet);
            if (!item) throw new Error('no snippet item labelled sidecar-native');
            if (!(item.insertText instanceof vscode.SnippetString)) throw new Error('sidecar-native is not a snippet');
            const range = new vscode.Range(line.lineNumber, line.firstNonWhitespaceCharacterIndex, line.lineNumber, line.text.length);
            if (!(await editor.insertSnippet(item.insertText, range))) throw new Error('insertSnippet returned false');
            const pod = parse(sdoc.getText()) as { spec?: { initContainers?: { name?: unknown; restartPolicy?: unknown }[] } };
            const sidecar = pod.spec?.initContainers?.[0];
            if (typeof sidecar?.name !== 'string' || sidecar.restartPolicy !== 'Always') {
              throw new Error(`initContainers[0] is not a native sidecar after the snippet:\n${sdoc.getText()}`);
            }
            await vscode.commands.executeCommand('workbench.action.revertAndCloseActiveEditor');
            return `(${afterDash.filter((l) => l.startsWith('sidecar-')).length} sidecar-* items)`;
          },
        },
        {
          name: 'the status bar shows the Kubernetes version of the active manifest: the setting, then .sidecar-lint.yaml; a click opens the file',
          fn: async () => {
            const api = vscode.extensions.getExtension<SidecarLintApi>(EXTENSION_ID)?.exports;
            if (!api?.status) throw new Error('the extension exports no status()');
            const statusShows = (what: string, pred: (text: string, tooltip: string) => boolean) =>
              waitFor(what, () => {
                const s = api.status();
                return s.visible && s.uri === uri.toString() && pred(s.text, s.tooltip) ? s : undefined;
              }).catch((error: Error) => {
                throw new Error(`${error.message}; the status bar: ${JSON.stringify(api.status())}`);
              });
            await vscode.window.showTextDocument(uri);
            const shown: string[] = [(await statusShows('K8s 1.33 for deployment.yaml', (t) => t.endsWith('K8s 1.33'))).text];
            const configFile = path.join(path.dirname(uri.fsPath), '.sidecar-lint.yaml');
            let configDoc: vscode.TextDocument | undefined;
            try {
              try {
                await config().update('kubernetesVersion', '1.30', vscode.ConfigurationTarget.Global);
                shown.push((await statusShows('K8s 1.30 after the setting changed', (t, tip) => t.endsWith('K8s 1.30') && tip.includes('setting'))).text);
                fs.writeFileSync(configFile, 'kubernetesVersion: "1.29"\n');
                const fromFile = await statusShows('K8s 1.29 from .sidecar-lint.yaml', (t, tip) => t.endsWith('K8s 1.29') && tip.includes(configFile));
                shown.push(fromFile.text);
                await vscode.commands.executeCommand('sidecarLint.openKubernetesVersionSetting');
                const editor = await waitFor('the click to open .sidecar-lint.yaml', () =>
                  vscode.window.activeTextEditor?.document.uri.fsPath === configFile ? vscode.window.activeTextEditor : undefined,
                );
                configDoc = editor.document;
                // The server reads an open config file from its buffer (unsaved edits count): take the version out there.
                const all = new vscode.Range(0, 0, editor.document.lineCount, 0);
                if (!(await editor.edit((edit) => edit.replace(all, 'rules: {}\n')))) throw new Error('could not edit .sidecar-lint.yaml');
              } finally {
                await config().update('kubernetesVersion', undefined, vscode.ConfigurationTarget.Global);
              }
              await vscode.window.showTextDocument(uri);
              shown.push((await statusShows('K8s 1.33 again from the setting', (t, tip) => t.endsWith('K8s 1.33') && tip.includes('setting'))).text);
            } finally {
              if (configDoc) {
                await vscode.window.showTextDocument(configDoc);
                await vscode.commands.executeCommand('workbench.action.revertAndCloseActiveEditor');
              }
              fs.rmSync(configFile, { force: true });
            }
            await vscode.window.showTextDocument(await vscode.workspace.openTextDocument({ language: 'plaintext', content: 'not yaml' }));
            await waitFor('the item to hide for a plain-text editor', () => !api.status().visible);
            await vscode.commands.executeCommand('workbench.action.revertAndCloseActiveEditor');
            return `(${shown.join(' → ')})`;
          },
        },
      ],
      report,
    );
  } finally {
    recorder.dispose();
  }
}

/** Entry point for @vscode/test-electron (extensionTestsPath): throws when a test failed. */
export async function run(): Promise<void> {
  const result = await runSuite((line) => console.log(line));
  if (result.failed > 0) throw new Error(`${result.failed} extension-host test(s) failed`);
}
