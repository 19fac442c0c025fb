/** Starts the sidecar-lint language server for YAML documents; everything else happens in the server. */
import * as path from 'node:path';
import { workspace, type ExtensionContext } from 'vscode';
import { LanguageClient, TransportKind, type LanguageClientOptions, type ServerOptions } from 'vscode-languageclient/node';
import { SettingsStatus, type StatusSnapshot } from './statusBar';

let client: LanguageClient | undefined;

/** What activate returns to other extensions: the status bar's content, read by the extension-host tests. */
export interface SidecarLintApi {
  status(): StatusSnapshot;
  /** Asks the server again for the active document (the item also refreshes on its own). */
  refreshStatus(): Promise<void>;
}

export async function activate(context: ExtensionContext): Promise<SidecarLintApi> {
  const module = context.asAbsolutePath(path.join('dist', 'server.js'));
  const serverOptions: ServerOptions = {
    run: { module, transport: TransportKind.ipc },
    debug: { module, transport: TransportKind.ipc, options: { execArgv: ['--nolazy', '--inspect=6010'] } },
  };
  const clientOptions: LanguageClientOptions = {
    documentSelector: [{ language: 'yaml' }],
    // VS Code has the snippets from package.json already; the server's copies are for other editors.
    // Charts and overlays are rendered and built only in trusted workspaces: the server learns the trust now and when it is granted.
    initializationOptions: { serverSnippets: false, workspaceTrusted: workspace.isTrusted },
  };
  client = new LanguageClient('sidecar-lint', 'sidecar-lint', serverOptions, clientOptions);
  await client.start();
  context.subscriptions.push(workspace.onDidGrantWorkspaceTrust(() => void client?.sendNotification('sidecarLint/workspaceTrusted', { trusted: true })));
  const status = new SettingsStatus(client);
  context.subscriptions.push(status);
  return { status: () => status.snapshot(), refreshStatus: () => status.refresh() };
}

export async function deactivate(): Promise<void> {
  await client?.stop();
}
