/** The web extension (vscode.dev, github.dev): starts the language server in a web worker. */
import { Uri, workspace, type ExtensionContext } from 'vscode';
import { LanguageClient, type LanguageClientOptions } from 'vscode-languageclient/browser';
import { READ_FILE_METHOD, READS_WORKSPACE_FILES, type ReadFileParams } from '../../server/src/browserProtocol';

// The worker global of the web extension host; this project's TypeScript lib has no DOM types.
declare const Worker: new (url: string) => ConstructorParameters<typeof LanguageClient>[3];

let client: LanguageClient | undefined;

export async function activate(context: ExtensionContext): Promise<void> {
  const worker = new Worker(Uri.joinPath(context.extensionUri, 'dist', 'browser', 'server.js').toString(true));
  const clientOptions: LanguageClientOptions = {
    documentSelector: [{ language: 'yaml' }],
    // VS Code has the snippets from package.json already; the worker reads config files through readWorkspaceFile.
    initializationOptions: { serverSnippets: false, [READS_WORKSPACE_FILES]: true },
  };
  client = new LanguageClient('sidecar-lint', 'sidecar-lint', clientOptions, worker);
  client.onRequest(READ_FILE_METHOD, readWorkspaceFile);
  await client.start();
}

/**
 * A `.sidecar-lint.yaml` the worker asks for, through the workspace file system (GitHub, memfs, a remote); null if
 * absent or outside the workspace folders (above a repository's root there is nothing to read, only requests to spend).
 */
async function readWorkspaceFile({ uri }: ReadFileParams): Promise<string | null> {
  const file = Uri.parse(uri);
  if (!workspace.getWorkspaceFolder(file)) return null;
  try {
    return new TextDecoder().decode(await workspace.fs.readFile(file));
  } catch {
    return null;
  }
}

export async function deactivate(): Promise<void> {
  await client?.stop();
}
