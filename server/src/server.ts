/** LSP adapter: connection, open documents, settings per document, and handlers that call the pure service. */
import { CodeActionKind, createConnection, DidChangeConfigurationNotification, DidChangeWatchedFilesNotification, ProposedFeatures, TextDocuments, TextDocumentSyncKind, type CodeAction, type InitializeParams } from 'vscode-languageserver/node';
import { TextDocument } from 'vscode-languageserver-textdocument';
import { fileURLToPath, pathToFileURL } from 'node:url';
import { ConfigFinder, isConfigFile, type LoadedConfig } from './configFiles';
import snippets from '../../snippets/kubernetes-sidecars.code-snippets';
import {
  Analyzer, codeActions, codeLenses, composeChange, configProblemDiagnostics, containerCompletions, documentAnalyzer, documentSymbols,
  FIX_ALL_KIND, fixAllEdit, hover, LineIndex, mergeSettingsInput, normalizeSettings, outlinesOf, plainSnippetText, snippetCompletions,
  toDiagnostic, workspaceEdit, type FixAllData, type Positions, type Settings, type TextAnalysis, type TextChange,
} from './service';
import { VERSION } from './version';

const connection = createConnection(ProposedFeatures.all);
/** What changed in each document since its last analysis, so the analyzer re-splits only around it; 'all' after a full replace. */
const changes = new Map<string, TextChange | 'all'>();
const documents = new TextDocuments<TextDocument>({
  create: TextDocument.create,
  update(document, contentChanges, version) {
    for (const change of contentChanges) {
      const previous = changes.get(document.uri);
      if ('range' in change && previous !== 'all') {
        const start = document.offsetAt(change.range.start);
        changes.set(document.uri, composeChange(previous, start, document.offsetAt(change.range.end), change.text.length));
      } else changes.set(document.uri, 'all');
      TextDocument.update(document, [change], version);
    }
    return document;
  },
});

interface DocumentState {
  analyzer: Analyzer;
  version?: number;
  analysis?: TextAnalysis;
  lines?: Positions;
}

const states = new Map<string, DocumentState>();
const settingsCache = new Map<string, Promise<Settings>>();
let pullsConfiguration = false;
let dynamicConfiguration = false;
let documentChanges = false;
let resolveEdit = false;
let snippetSupport = false;
/** Clients that show code lenses or an outline get them from the same parse as the diagnostics. */
let wantsOutline = false;
let offerSnippets = true;
/** From initializationOptions or a pushed didChangeConfiguration, for clients that never answer workspace/configuration. */
let pushedSettings: unknown = {};
let watchesFiles = false;
/** `.sidecar-lint.yaml` files, read from the editor's buffer when open (unsaved edits count), else from disk. */
const configs = new ConfigFinder((path) => documents.get(pathToFileURL(path).toString())?.getText());
const publishedConfigs = new Set<string>();

connection.onInitialize((params: InitializeParams) => {
  const caps = params.capabilities;
  pullsConfiguration = caps.workspace?.configuration === true;
  dynamicConfiguration = caps.workspace?.didChangeConfiguration?.dynamicRegistration === true;
  documentChanges = caps.workspace?.workspaceEdit?.documentChanges === true;
  resolveEdit = caps.textDocument?.codeAction?.resolveSupport?.properties.includes('edit') === true;
  snippetSupport = caps.textDocument?.completion?.completionItem?.snippetSupport === true;
  wantsOutline = caps.textDocument?.codeLens !== undefined || caps.textDocument?.documentSymbol !== undefined;
  watchesFiles = caps.workspace?.didChangeWatchedFiles?.dynamicRegistration === true;
  const options = (params.initializationOptions ?? {}) as Record<string, unknown>;
  pushedSettings = options.sidecarLint ?? options;
  offerSnippets = options.serverSnippets !== false;
  warmUp();
  return {
    capabilities: {
      textDocumentSync: TextDocumentSyncKind.Incremental,
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

/**
 * Analyses the bundled snippets once while the client waits for initialize, so the parser and the rules are compiled
 * before the first real file arrives instead of on it.
 */
function warmUp(): void {
  try {
    const text = Object.values(snippets).map((snippet) => plainSnippetText(snippet.body.join('\n'))).join('\n---\n');
    const analysis = new Analyzer(documentAnalyzer(true)).analyze(text, normalizeSettings({}));
    const lines = new LineIndex(text);
    for (const finding of analysis.findings) toDiagnostic(finding, lines, 'warm-up:');
  } catch {
    // Only a warm-up: the first file pays the compilation instead.
  }
}

connection.onInitialized(() => {
  if (pullsConfiguration && dynamicConfiguration) void connection.client.register(DidChangeConfigurationNotification.type, undefined);
  if (watchesFiles) void connection.client.register(DidChangeWatchedFilesNotification.type, { watchers: [{ globPattern: '**/.sidecar-lint.{yaml,yml}' }] });
  connection.console.info('sidecar-lint: language server started');
});

/** Editor settings, with the nearest `.sidecar-lint.yaml` winning where it sets a key. */
function settingsFor(uri: string): Promise<Settings> {
  let settings = settingsCache.get(uri);
  if (!settings) {
    const editor: Promise<unknown> = pullsConfiguration
      ? connection.workspace.getConfiguration({ scopeUri: uri, section: 'sidecarLint' }).then(
          (value: unknown) => value ?? pushedSettings,
          () => pushedSettings,
        )
      : Promise.resolve(pushedSettings);
    settings = editor.then((values) => {
      const config = configFor(uri);
      return normalizeSettings(config ? mergeSettingsInput(values, config.values) : values);
    });
    settingsCache.set(uri, settings);
  }
  return settings;
}

/** `.sidecar-lint.yaml` open in the editor: checked as a config file, never as a manifest. */
function isConfigUri(uri: string): boolean {
  return uri.startsWith('file:') && isConfigFile(fileURLToPath(uri));
}

function configFor(uri: string): LoadedConfig | undefined {
  if (!uri.startsWith('file:')) return undefined;
  try {
    const config = configs.forManifest(fileURLToPath(uri));
    if (config && !publishedConfigs.has(config.path)) publishConfigProblems(config);
    return config;
  } catch (error) {
    connection.console.error(`sidecar-lint: reading the config for ${uri} failed: ${String(error)}`);
    return undefined;
  }
}

/** A bad config file gets its diagnostics on the file itself; the manifests use the defaults for what it got wrong. */
function publishConfigProblems(config: LoadedConfig): void {
  publishedConfigs.add(config.path);
  const uri = pathToFileURL(config.path).toString();
  void connection.sendDiagnostics({ uri, diagnostics: configProblemDiagnostics(config.text, config.problems) });
}

/** Settings or a config file changed: forget what was read and check every open manifest again. */
function invalidateSettings(): void {
  settingsCache.clear();
  configs.clear();
  publishedConfigs.clear();
  for (const state of states.values()) state.version = undefined;
  for (const document of documents.all()) schedule(document.uri);
}

/**
 * Positions from the editor's document, which keeps its line offsets up to date edit by edit (a LineIndex would scan
 * the whole text on every keystroke). Valid while the version is unchanged, which is when a state's analysis is used.
 */
function positionsOf(document: TextDocument, text: string): Positions {
  return { text, positionAt: (offset) => document.positionAt(offset), offsetAt: (position) => document.offsetAt(position) };
}

/** Analyses the document's current text, reusing the result when the version has not moved. */
async function analysisOf(document: TextDocument): Promise<{ analysis: TextAnalysis; lines: Positions; settings: Settings; version: number }> {
  const settings = await settingsFor(document.uri);
  const state = states.get(document.uri) ?? { analyzer: new Analyzer(documentAnalyzer(wantsOutline)) };
  states.set(document.uri, state);
  const version = document.version;
  if (state.version !== version || !state.analysis || !state.lines) {
    const text = document.getText();
    const change = changes.get(document.uri);
    changes.delete(document.uri);
    state.analysis = state.analyzer.analyze(text, settings, change === 'all' ? undefined : change);
    state.lines = positionsOf(document, text);
    state.version = version;
  }
  return { analysis: state.analysis, lines: state.lines, settings, version };
}

// Validation runs as soon as the event loop is free: keystrokes that arrive meanwhile collapse into one run, with no fixed delay.
const pending = new Set<string>();
let scheduled = false;

function schedule(uri: string): void {
  pending.add(uri);
  if (scheduled) return;
  scheduled = true;
  setImmediate(() => {
    scheduled = false;
    const uris = [...pending];
    pending.clear();
    for (const uri of uris) void validate(uri);
  });
}

async function validate(uri: string): Promise<void> {
  const document = documents.get(uri);
  if (!document) return;
  if (isConfigUri(uri)) {
    publishConfigProblems(configs.load(fileURLToPath(uri)));
    return;
  }
  try {
    const { analysis, lines, version } = await analysisOf(document);
    if (documents.get(uri)?.version !== version) return; // a newer version is already queued
    const diagnostics = analysis.findings.map((f) => toDiagnostic(f, lines, uri));
    await connection.sendDiagnostics({ uri, version, diagnostics });
  } catch (error) {
    connection.console.error(`sidecar-lint: could not check ${uri}: ${String(error)}`);
  }
}

documents.onDidOpen((e) => schedule(e.document.uri));
documents.onDidChangeContent((e) => {
  if (isConfigUri(e.document.uri)) invalidateSettings();
  else schedule(e.document.uri);
});
connection.onDidChangeWatchedFiles(() => invalidateSettings());
documents.onDidClose((e) => {
  states.delete(e.document.uri);
  changes.delete(e.document.uri);
  settingsCache.delete(e.document.uri);
  void connection.sendDiagnostics({ uri: e.document.uri, diagnostics: [] });
});

connection.onDidChangeConfiguration((change) => {
  const pushed = (change.settings as Record<string, unknown> | null)?.sidecarLint;
  if (pushed !== undefined) pushedSettings = pushed;
  invalidateSettings();
});

/** Runs a request on an open document; a failure is logged and answered with `fallback`, never thrown at the client. */
async function onDocument<T>(uri: string, what: string, fallback: T, run: (document: TextDocument) => Promise<T>): Promise<T> {
  const document = documents.get(uri);
  if (!document) return fallback;
  try {
    return await run(document);
  } catch (error) {
    connection.console.error(`sidecar-lint: ${what} failed: ${String(error)}`);
    return fallback;
  }
}

connection.onCodeAction((params) =>
  onDocument(params.textDocument.uri, 'code actions', [], async (document) => {
    const { analysis, lines, settings, version } = await analysisOf(document);
    const request = { uri: document.uri, version, range: params.range, only: params.context.only, documentChanges, resolveEdit };
    return codeActions(request, analysis, lines, settings);
  }),
);

connection.onCodeActionResolve(async (action: CodeAction) => {
  const data = action.data as FixAllData | undefined;
  const document = data && documents.get(data.uri);
  if (!data || !document) return action;
  try {
    const { analysis, lines, settings, version } = await analysisOf(document);
    const edit = fixAllEdit(analysis, settings, data.rule);
    if (edit) action.edit = workspaceEdit({ uri: document.uri, version, documentChanges }, lines, [edit]);
  } catch (error) {
    connection.console.error(`sidecar-lint: resolving '${action.title}' failed: ${String(error)}`);
  }
  return action;
});

connection.onCompletion(async (params) => {
  const document = documents.get(params.textDocument.uri);
  if (!document) return [];
  const line = document.getText({ start: { line: params.position.line, character: 0 }, end: params.position });
  const items = offerSnippets ? snippetCompletions(snippets, line, params.position, snippetSupport) : [];
  try {
    const { lines, settings } = await analysisOf(document);
    items.push(...containerCompletions(lines.text, lines.offsetAt(params.position), lines, settings));
  } catch (error) {
    connection.console.error(`sidecar-lint: completion failed: ${String(error)}`);
  }
  return items;
});

connection.onHover((params) =>
  onDocument(params.textDocument.uri, 'hover', null, async (document) => {
    const { analysis, lines, settings } = await analysisOf(document);
    return hover(lines.text, lines.offsetAt(params.position), lines, settings, analysis.findings);
  }),
);

/** Outlines come with the analysis (one parse per document); a client that asks without having declared it switches them on. */
async function outlineOf(document: TextDocument) {
  if (!wantsOutline) {
    wantsOutline = true;
    states.clear();
  }
  const { analysis, lines } = await analysisOf(document);
  return { documents: outlinesOf(analysis), lines };
}

connection.onCodeLens((params) =>
  onDocument(params.textDocument.uri, 'code lenses', [], async (document) => {
    const { documents: outline, lines } = await outlineOf(document);
    return codeLenses(outline, lines);
  }),
);

connection.onDocumentSymbol((params) =>
  onDocument(params.textDocument.uri, 'document symbols', [], async (document) => {
    const { documents: outline, lines } = await outlineOf(document);
    return documentSymbols(outline, lines);
  }),
);

documents.listen(connection);
connection.listen();
