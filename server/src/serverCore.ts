/**
 * LSP adapter: the connection, open documents and settings, wired to the language service; no analysis of its own.
 * Transport-independent: the Node process (server.ts) and the browser worker (browserServer.ts) pass their connection
 * and a host that says where config files come from.
 */
import {
  CodeActionKind,
  ConfigurationRequest,
  DidChangeConfigurationNotification,
  DidChangeWatchedFilesNotification,
  FileChangeType,
  MessageType,
  ShowMessageNotification,
  TextDocuments,
  TextDocumentSyncKind,
  type CodeAction,
  type Connection,
  type InitializeParams,
} from 'vscode-languageserver';
import { TextDocument } from 'vscode-languageserver-textdocument';
import type { ChartHost, ChartScheduler } from './charts/scheduler';
import type { OverlayHost, OverlayScheduler } from './overlays/scheduler';
import { suppressionActions } from './charts/editorDiagnostics';
import { isOverlayDiagnostic, overlaySuppressionActions } from './overlays/editorActions';
import type { LoadedConfig } from './configFiles';
import { EditorSettings, type ConfigurationPull, type SettingsFiles } from './editorSettings';
import snippets from '../../snippets/kubernetes-sidecars.code-snippets';
import {
  configProblemDiagnostics,
  createLanguageService,
  FIX_ALL_KIND,
  normalizeSettings,
  ObjectIndex,
  type FixAllData,
  type LanguageService,
  type Settings,
} from './service';
import { EFFECTIVE_SETTINGS_REQUEST, effectiveSettings, SETTINGS_CHANGED_NOTIFICATION } from './service/effectiveSettings';
import type { WorkspaceIndex } from './workspaceIndex';
import { VERSION } from './version';

/** How long the workspace objects must stay unchanged before other open documents are checked against them. */
const REFRESH_DELAY_MS = 100;

/** The config and Kustomize files of one session, as the host reaches them (a file system, or the client's). */
export interface HostFiles extends SettingsFiles {
  /** True when the document is a `.sidecar-lint.yaml` (checked as a config file, never as a manifest). */
  isConfig(uri: string): boolean;
  /** The config file a document is, with its problems (read from the editor's buffer when open). */
  loadConfig(uri: string): LoadedConfig;
  /** The URI a config file's problems are published on. */
  uriOf(config: LoadedConfig): string;
  /** True when a file changed on disk was read for a file context (a Kustomize transformer config, say). */
  affectsFileContext?(uri: string): boolean;
}

/** What differs between the Node process and a browser worker. */
export interface ServerHost {
  /**
   * The files a session reads; `readOpen` gives the text of a document open in the editor (unsaved edits count),
   * `options` are the client's initializationOptions.
   */
  files(readOpen: (uri: string) => string | undefined, options?: Record<string, unknown>): HostFiles;
  /** Runs `task` as soon as the event loop is free. */
  defer(task: () => void): void;
  /** The file path of a URI where the host has a file system (workspace folders and charts are read by path), else undefined. */
  pathOf(uri: string): string | undefined;
  /** The Services and pods of the workspace: read from disk and kept current on file events in Node. */
  workspace(objects: ObjectIndex, isOpen: (uri: string) => boolean): WorkspaceObjects;
  /** Helm chart rendering (a helm process); absent where no process can run, and then templates get the masked lint. */
  charts?(host: ChartHost, trusted: boolean): Charts;
  /** Kustomize overlay builds (a kubectl process); absent where no process can run, and then files are linted alone. */
  overlays?(host: OverlayHost, trusted: boolean): Overlays;
}

/** What the server asks of the workspace index (`WorkspaceIndex` in Node). */
export type WorkspaceObjects = Pick<WorkspaceIndex, 'objects' | 'scan' | 'fileChanged' | 'closed'>;
/** What the server asks of the chart renderer (`ChartScheduler` in Node). */
export type Charts = Pick<ChartScheduler, 'handles' | 'setTrusted' | 'reset' | 'changed' | 'chartFileChanged' | 'saved' | 'closed'>;

/** What the server asks of the overlay builder (`OverlayScheduler` in Node). */
export type Overlays = Pick<OverlayScheduler, 'setTrusted' | 'opened' | 'changed' | 'closed' | 'saved' | 'filesChanged' | 'diagnosticsFor'>;

/** A host that cannot build overlays: every file is linted on its own. */
const NO_OVERLAYS: Overlays = {
  setTrusted: () => undefined,
  opened: () => undefined,
  changed: () => undefined,
  closed: () => undefined,
  saved: () => undefined,
  filesChanged: () => undefined,
  diagnosticsFor: () => undefined,
};

/** A host that cannot render charts: every template gets the masked lint. */
const NO_CHARTS: Charts = {
  handles: () => false,
  setTrusted: () => undefined,
  reset: () => undefined,
  changed: () => undefined,
  chartFileChanged: () => undefined,
  saved: () => undefined,
  closed: () => undefined,
};

/** What initialize decided: the service made for this client's capabilities, and where its settings come from. */
interface Session {
  service: LanguageService;
  settings: EditorSettings;
  /** `.sidecar-lint.yaml` files, read from the editor's buffer when open (unsaved edits count), else from the host. */
  configs: HostFiles;
  /** Config files whose problems are on the client, so each is published once until something changes. */
  publishedConfigs: Set<string>;
  registerConfiguration: boolean;
  watchesFiles: boolean;
  /** The Services and pods of the workspace folders and open documents. */
  workspace: WorkspaceObjects;
  /** Workspace folder paths to scan (none where the host has no file system). */
  folders: string[];
  /** Chart templates: rendered with helm off the typing path, findings on template lines. */
  charts: Charts;
  /** Kustomize overlays: built off the typing path, findings on the base and patch lines. */
  overlays: Overlays;
}

/** Serves LSP on `connection` until it closes; returns the open documents so an entry point can add its own listeners. */
export function startServer(connection: Connection, host: ServerHost): TextDocuments<TextDocument> {
  const documents = new TextDocuments<TextDocument>({
    create: TextDocument.create,
    update(document, contentChanges, version) {
      for (const change of contentChanges) {
        // The service composes the edits, so the next analysis re-splits only around them.
        if ('range' in change)
          session?.service.didChange(document.uri, {
            start: document.offsetAt(change.range.start),
            end: document.offsetAt(change.range.end),
            length: change.text.length,
          });
        else session?.service.didChange(document.uri);
        TextDocument.update(document, [change], version);
      }
      return document;
    },
  });
  let session: Session | undefined;

  /** The session made at initialize; requests cannot arrive before it. */
  function active(): Session {
    if (!session) throw new Error('the client has not initialized the server');
    return session;
  }

  function createSession(params: InitializeParams): Session {
    const caps = params.capabilities;
    const options = (params.initializationOptions ?? {}) as Record<string, unknown>;
    const pullsConfiguration = caps.workspace?.configuration === true;
    const configs = host.files((uri) => documents.get(uri)?.getText(), options);
    const pull: ConfigurationPull = (uri, token) =>
      connection.sendRequest(ConfigurationRequest.type, { items: [{ scopeUri: uri, section: 'sidecarLint' }] }, token).then((values) => values[0]);
    // Disk files are indexed with the default settings; an open document's objects come from its own analysis.
    const objects = new ObjectIndex(normalizeSettings({}));
    const folders = (params.workspaceFolders ?? (params.rootUri ? [{ uri: params.rootUri }] : []))
      .map((folder) => host.pathOf(folder.uri))
      .filter((path): path is string => path !== undefined);
    const service = createLanguageService({
      objects,
      withOutline: caps.textDocument?.codeLens !== undefined || caps.textDocument?.documentSymbol !== undefined,
      documentChanges: caps.workspace?.workspaceEdit?.documentChanges === true,
      resolveEdit: caps.textDocument?.codeAction?.resolveSupport?.properties.includes('edit') === true,
      snippetEdits: caps.workspace?.workspaceEdit?.snippetEditSupport === true,
      snippets: options.serverSnippets !== false ? snippets : undefined,
      snippetSupport: caps.textDocument?.completion?.completionItem?.snippetSupport === true,
      onError: (what, error) => connection.console.error(`sidecar-lint: ${what} failed: ${String(error)}`),
      onWithheld: (withheld) => connection.console.log(`sidecar-lint: withheld '${withheld.title}': ${withheld.reason}`),
    });
    return {
      service,
      settings: new EditorSettings(configs, pullsConfiguration ? pull : undefined, options.sidecarLint ?? options, (message) =>
        connection.console.error(message),
      ),
      configs,
      publishedConfigs: new Set(),
      registerConfiguration: pullsConfiguration && caps.workspace?.didChangeConfiguration?.dynamicRegistration === true,
      watchesFiles: caps.workspace?.didChangeWatchedFiles?.dynamicRegistration === true,
      workspace: host.workspace(objects, (uri) => documents.get(uri) !== undefined),
      folders,
      // Editors without workspace trust send no flag: their workspaces are trusted.
      charts: host.charts?.(chartHost(), options.workspaceTrusted !== false) ?? NO_CHARTS,
      overlays: host.overlays?.(overlayHost(), options.workspaceTrusted !== false) ?? NO_OVERLAYS,
    };
  }

  function overlayHost(): OverlayHost {
    return {
      settings: (uri) => settingsOf(uri),
      revalidate: (uri) => schedule(uri),
      isOpen: (uri) => documents.get(uri) !== undefined,
      buffers: () => new Map(documents.all().flatMap((d) => [host.pathOf(d.uri)].flatMap((path) => (path ? [[path, d.getText()] as const] : [])))),
      hint: (message) => void connection.window.showInformationMessage(message),
      log: (message) => connection.console.log(message),
    };
  }

  /** The open documents that are files. */
  function openFiles(): { path: string; uri: string }[] {
    return documents.all().flatMap((d) => [host.pathOf(d.uri)].flatMap((path) => (path ? [{ path, uri: d.uri }] : [])));
  }

  function chartHost(): ChartHost {
    return {
      openDocuments: () => documents.all().flatMap((d) => [host.pathOf(d.uri)].flatMap((path) => (path ? [{ uri: d.uri, path, text: d.getText() }] : []))),
      settings: (uri) => settingsOf(uri),
      publish: (uri, diagnostics) => void connection.sendDiagnostics({ uri, diagnostics }),
      fallback: (uri) => void validate(uri, true),
      hint: (message) => void connection.sendNotification(ShowMessageNotification.type, { type: MessageType.Info, message }),
      log: (message) => connection.console.log(message),
    };
  }

  connection.onInitialize((params: InitializeParams) => {
    session = createSession(params);
    try {
      // While the client waits for initialize: the first real file then finds the parser and the rules compiled.
      session.service.warmUp(snippets);
    } catch {
      // Only a warm-up: the first file pays the compilation instead.
    }
    return {
      capabilities: {
        textDocumentSync: { openClose: true, change: TextDocumentSyncKind.Incremental, save: { includeText: false } },
        codeActionProvider: { codeActionKinds: [CodeActionKind.QuickFix, FIX_ALL_KIND], resolveProvider: true },
        // Container keys are offered even when the client has the snippets itself (serverSnippets: false).
        completionProvider: { triggerCharacters: [] },
        hoverProvider: true,
        codeLensProvider: { resolveProvider: false },
        documentSymbolProvider: true,
      },
      serverInfo: { name: 'sidecar-lint', version: VERSION },
    };
  });

  connection.onInitialized(() => {
    const { registerConfiguration, watchesFiles, workspace, folders } = active();
    if (registerConfiguration) void connection.client.register(DidChangeConfigurationNotification.type, undefined);
    if (watchesFiles)
      void connection.client.register(DidChangeWatchedFilesNotification.type, {
        // Every YAML file: the config, Kustomize and skaffold files, and the manifests whose Services the workspace index
        // holds; OpenShift's `image-references` has no extension.
        watchers: [
          { globPattern: '**/.sidecar-lint.{yaml,yml}' },
          { globPattern: '**/*.{yaml,yml}' },
          { globPattern: '**/Kustomization' },
          { globPattern: '**/image-references' },
        ],
      });
    connection.console.info('sidecar-lint: language server started');
    if (folders.length > 0)
      void workspace.scan(folders, undefined, whenIdle).then((scan) => {
        const note = scan.truncated ? ' (budget reached: the rest is not indexed)' : '';
        connection.console.info(`sidecar-lint: indexed ${scan.files} YAML files (${scan.bytes} bytes) in ${scan.ms} ms${note}`);
        refreshOpenDocuments();
      });
  });

  // Other open documents see a changed Service, pod or Namespace after a short pause: opening or editing many files in
  // a burst then checks each open document again once, not once for every file (the index changes with each of them).
  let refreshTimer: ReturnType<typeof setTimeout> | undefined;

  function queueRefresh(): void {
    if (refreshTimer !== undefined) clearTimeout(refreshTimer);
    refreshTimer = setTimeout(() => {
      refreshTimer = undefined;
      refreshOpenDocuments();
    }, REFRESH_DELAY_MS);
  }

  /** The workspace objects changed: open documents whose Services or pods changed get their diagnostics again. */
  function refreshOpenDocuments(): void {
    const { service } = active();
    for (const document of documents.all()) {
      void settingsOf(document.uri)
        .then((settings) => {
          if (documents.get(document.uri) === document && service.refresh(document, settings)) schedule(document.uri);
        })
        .catch((error: unknown) => connection.console.error(`sidecar-lint: could not refresh ${document.uri}: ${String(error)}`));
    }
  }

  async function settingsOf(uri: string): Promise<Settings> {
    return (await active().settings.read(uri)).settings;
  }

  /** A bad config file gets its diagnostics on the file itself; the manifests use the defaults for what it got wrong. */
  function publishConfigProblems(config: LoadedConfig): void {
    active().publishedConfigs.add(config.path);
    const uri = active().configs.uriOf(config);
    void connection.sendDiagnostics({ uri, diagnostics: configProblemDiagnostics(config.text, config.problems) });
  }

  /** Settings or a config file changed: forget what was read and check every open manifest again. */
  function invalidateSettings(): void {
    const { settings, publishedConfigs, service, charts } = active();
    settings.clear();
    charts.reset();
    publishedConfigs.clear();
    service.invalidate();
    for (const document of documents.all()) schedule(document.uri);
    void connection.sendNotification(SETTINGS_CHANGED_NOTIFICATION);
  }

  // Validation runs as soon as the event loop is free: keystrokes that arrive meanwhile collapse into one run, with no fixed delay.
  const pending = new Set<string>();
  let scheduled = false;

  let validating = 0;
  const idleWaiters: (() => void)[] = [];

  /**
   * Resolves once no document waits to be checked or is being checked (the workspace scan waits for it per file),
   * after one turn of the event loop so that a document opened meanwhile is seen.
   */
  async function whenIdle(): Promise<void> {
    await new Promise<void>((resolve) => host.defer(resolve));
    while (pending.size > 0 || validating > 0) await new Promise<void>((resolve) => idleWaiters.push(resolve));
  }

  function validated(): void {
    if (--validating === 0 && pending.size === 0) for (const wake of idleWaiters.splice(0)) wake();
  }

  function schedule(uri: string): void {
    pending.add(uri);
    if (scheduled) return;
    scheduled = true;
    host.defer(() => {
      scheduled = false;
      const uris = [...pending];
      pending.clear();
      for (const uri of uris) {
        validating++;
        void validate(uri).finally(validated);
      }
    });
  }

  /** Publishes a manifest's diagnostics, and first the problems of the config file its settings came from; `masked`: no render. */
  async function validate(uri: string, masked = false): Promise<void> {
    const document = documents.get(uri);
    if (!document) return;
    const { configs, publishedConfigs, settings, service, workspace, charts } = active();
    try {
      if (configs.isConfig(uri)) {
        publishConfigProblems(configs.loadConfig(uri));
        return;
      }
      const read = await settings.read(uri);
      if (read.config && !publishedConfigs.has(read.config.path)) publishConfigProblems(read.config);
      if (documents.get(uri) !== document) return; // closed meanwhile
      const path = host.pathOf(uri);
      if (!masked && charts.handles(path, read.settings)) return charts.changed(path!);
      if (path) charts.chartFileChanged(path, false);
      const version = document.version;
      // A file an overlay's build read shows what the build placed on it, never its own lint as a whole workload.
      const overlay = path !== undefined ? active().overlays.diagnosticsFor(path) : undefined;
      if (overlay) return void (await connection.sendDiagnostics({ uri, version, diagnostics: overlay }));
      const objects = workspace.objects.version;
      await connection.sendDiagnostics({ uri, version, diagnostics: service.diagnostics(document, read.settings) });
      if (workspace.objects.version !== objects) queueRefresh();
    } catch (error) {
      connection.console.error(`sidecar-lint: could not check ${uri}: ${String(error)}`);
    }
  }

  documents.onDidOpen((e) => {
    active().service.didOpen(e.document.uri);
    schedule(e.document.uri);
    const path = host.pathOf(e.document.uri);
    if (path) active().overlays.opened(path, e.document.uri);
  });
  documents.onDidChangeContent((e) => {
    if (active().configs.isConfig(e.document.uri)) return invalidateSettings();
    schedule(e.document.uri);
    const path = host.pathOf(e.document.uri);
    if (path) active().overlays.changed(path, e.document.uri);
  });
  connection.onDidChangeWatchedFiles(async ({ changes }) => {
    // Chart.yaml decides which files are chart templates (the file context and the renderer both cache the answer).
    const settingsFile = (uri: string) => /(^|\/)(\.sidecar-lint\.ya?ml|kustomization\.ya?ml|Kustomization|Chart\.ya?ml)$/.test(uri);
    if (changes.some((change) => settingsFile(change.uri) || active().configs.affectsFileContext?.(change.uri))) invalidateSettings();
    // An overlay's build reads any of its files, so every change may change what it places on open documents.
    active().overlays.filesChanged(openFiles());
    let changed = false;
    for (const change of changes) changed = (await active().workspace.fileChanged(change.uri, change.type === FileChangeType.Deleted)) || changed;
    if (changed) refreshOpenDocuments();
  });
  documents.onDidSave((e) => {
    const path = host.pathOf(e.document.uri);
    if (!path) return;
    active().charts.saved(path);
    active().overlays.saved(path, e.document.uri);
  });
  connection.onNotification('sidecarLint/workspaceTrusted', (params: { trusted?: boolean } | undefined) => {
    const trusted = params?.trusted !== false;
    active().charts.setTrusted(trusted);
    active().overlays.setTrusted(trusted);
    invalidateSettings();
    active().overlays.filesChanged(openFiles());
  });
  documents.onDidClose((e) => {
    active().charts.closed(e.document.uri);
    const path = host.pathOf(e.document.uri);
    if (path) active().overlays.closed(path, e.document.uri);
    void active()
      .workspace.closed(e.document.uri)
      .then((changed) => changed && refreshOpenDocuments());
    active().service.didClose(e.document.uri);
    active().settings.forget(e.document.uri);
    void connection.sendDiagnostics({ uri: e.document.uri, diagnostics: [] });
  });

  connection.onDidChangeConfiguration((change) => {
    active().settings.push((change.settings as Record<string, unknown> | null)?.sidecarLint);
    invalidateSettings();
  });

  /** Runs a request on an open document; a failure is logged and answered with `fallback`, never thrown at the client. */
  async function onDocument<T>(
    uri: string,
    what: string,
    fallback: T,
    run: (document: TextDocument, service: LanguageService, settings: Settings) => T,
  ): Promise<T> {
    const document = documents.get(uri);
    if (!document) return fallback;
    try {
      const settings = await settingsOf(uri);
      return run(document, active().service, settings);
    } catch (error) {
      connection.console.error(`sidecar-lint: ${what} failed: ${String(error)}`);
      return fallback;
    }
  }

  connection.onCodeAction((params) =>
    onDocument(params.textDocument.uri, 'code actions', [], (document, service, settings) => {
      // Findings made through a chart render offer only the suppression comment.
      const fromChart = params.context.diagnostics.filter((d) => (d.data as { chart?: boolean } | undefined)?.chart === true);
      if (fromChart.length > 0) return suppressionActions(document.uri, document.getText(), fromChart);
      // So do findings an overlay build placed on a base or patch line.
      const fromOverlay = params.context.diagnostics.filter(isOverlayDiagnostic);
      if (fromOverlay.length > 0) return overlaySuppressionActions(document.uri, document.getText(), fromOverlay);
      return service.codeActions(document, settings, params.range, params.context.only, params.context.diagnostics);
    }),
  );

  connection.onCodeActionResolve(async (action: CodeAction) => {
    const uri = (action.data as FixAllData | undefined)?.uri;
    if (!uri) return action;
    return onDocument(uri, `resolving '${action.title}'`, action, (document, service, settings) => service.resolveCodeAction(action, document, settings));
  });

  connection.onCompletion((params) =>
    onDocument(params.textDocument.uri, 'completion', [], (document, service, settings) => service.completion(document, settings, params.position)),
  );

  connection.onHover((params) =>
    onDocument(params.textDocument.uri, 'hover', null, (document, service, settings) => service.hover(document, settings, params.position)),
  );

  connection.onCodeLens((params) =>
    onDocument(params.textDocument.uri, 'code lenses', [], (document, service, settings) => service.codeLenses(document, settings)),
  );

  connection.onDocumentSymbol((params) =>
    onDocument(params.textDocument.uri, 'document symbols', [], (document, service, settings) => service.documentSymbols(document, settings)),
  );

  // The VS Code client's status bar: the version (and mesh) a document is checked against, and the config file behind it.
  connection.onRequest(EFFECTIVE_SETTINGS_REQUEST, async (params: { uri: string }) => {
    try {
      const read = await active().settings.read(params.uri);
      return effectiveSettings(read.settings, read.config);
    } catch (error) {
      connection.console.error(`sidecar-lint: effective settings of ${params.uri} failed: ${String(error)}`);
      return null;
    }
  });

  documents.listen(connection);
  connection.listen();
  return documents;
}
