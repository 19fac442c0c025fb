/** Starts the sidecar-lint language server for YAML documents; everything else happens in the server. */
import * as path from 'node:path';
import { workspace, type ExtensionContext } from 'vscode';
import { LanguageClient, TransportKind, type LanguageClientOptions, type ServerOptions } from 'vscode-languageclient/node';

let client: LanguageClient | undefined;

export async function activate(context: ExtensionContext): Promise<void> {
  const module = context.asAbsolutePath(path.join('dist', 'server.js'));
  const serverOptions: ServerOptions = {
    run: { module, transport: TransportKind.ipc },
    debug: { module, transport: TransportKind.ipc, options: { execArgv: ['--nolazy', '--inspect=6010'] } },
  };
  const clientOptions: LanguageClientOptions = {
    documentSelector: [{ language: 'yaml' }],
    // VS Code has the snippets from package.json already; the server's copies are for other editors.
    // The server runs kubectl on the workspace's overlays only when the workspace is trusted.
    initializationOptions: { serverSnippets: false, workspaceTrusted: workspace.isTrusted },
  };
  client = new LanguageClient('sidecar-lint', 'sidecar-lint', serverOptions, clientOptions);
  await client.start();
  context.subscriptions.push(workspace.onDidGrantWorkspaceTrust(() => void client?.sendNotification('sidecarLint/workspaceTrusted', { trusted: true })));
}

export async function deactivate(): Promise<void> {
  await client?.stop();
}
