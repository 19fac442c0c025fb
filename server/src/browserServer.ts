/** The language server in a browser web worker (vscode.dev, github.dev): LSP over postMessage. */
import {
  BrowserMessageReader,
  BrowserMessageWriter,
  createConnection,
  MessageType,
  ProposedFeatures,
  ShowMessageNotification,
} from 'vscode-languageserver/browser';
import { BrowserFiles } from './browserFiles';
import { READ_FILE_METHOD, READS_WORKSPACE_FILES, type ReadFileParams } from './browserProtocol';
import { startServer, type ServerHost } from './serverCore';

// The worker's global scope: messages from the page arrive on it and are posted back through it.
const scope = globalThis as unknown as ConstructorParameters<typeof BrowserMessageReader>[0];
const connection = createConnection(ProposedFeatures.all, new BrowserMessageReader(scope), new BrowserMessageWriter(scope));

const host: ServerHost = {
  files: (readOpen, options) =>
    new BrowserFiles(
      readOpen,
      options?.[READS_WORKSPACE_FILES] === true
        ? async (uri) => (await connection.sendRequest<string | null>(READ_FILE_METHOD, { uri } satisfies ReadFileParams)) ?? undefined
        : undefined,
    ),
  // A worker has no setImmediate; a zero timeout also lets the keystrokes already queued arrive first.
  defer: (task) => void setTimeout(task, 0),
  // No file system: no workspace folder is scanned and no chart rendered (charts is absent: templates get the masked lint).
  pathOf: () => undefined,
  // The index holds the open documents only: a closed one leaves it, and file events name nothing it read from disk.
  workspace: (objects) => ({
    objects,
    scan: () => Promise.resolve({ files: 0, bytes: 0, truncated: false, ms: 0 }),
    fileChanged: () => Promise.resolve(false),
    closed(uri) {
      const before = objects.version;
      objects.remove(uri);
      return Promise.resolve(objects.version !== before);
    },
  }),
};

const documents = startServer(connection, host);

/** A Helm template (Go template braces under templates/) or a kustomization: what the desktop renders or reads further. */
export function needsDesktop(uri: string, text: string): boolean {
  return /\/(kustomization\.ya?ml|Kustomization)$/.test(uri) || (/\/templates\//.test(uri) && text.includes('{{'));
}

// Rendering Helm charts and reading Kustomize overlays runs processes and reads directories: said once, not per file.
let noticed = false;
documents.onDidOpen(({ document }) => {
  if (noticed || !needsDesktop(document.uri, document.getText())) return;
  noticed = true;
  // A notification, not showInformationMessage's request: nothing waits for the person to dismiss it.
  void connection.sendNotification(ShowMessageNotification.type, {
    type: MessageType.Info,
    message: 'sidecar-lint in the browser checks each manifest as written; rendering Helm charts and reading Kustomize overlays need the desktop extension.',
  });
});
