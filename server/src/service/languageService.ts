/**
 * The one object the server and the CLI talk to (like vscode-json-languageservice's `getLanguageService()`): it owns
 * each open document's analyzer, analysis, outline and pending edits, and answers every request from them.
 */
import type { Document } from 'yaml';
import type { CodeAction, CodeLens, CompletionItem, Diagnostic, DocumentSymbol, Hover, Range } from 'vscode-languageserver-types';
import {
  Analyzer,
  chunkAt,
  composeChange,
  documentAnalyzer,
  localFindings,
  outlinesOf,
  type ChunkResult,
  type TextAnalysis,
  type TextChange,
} from './analysis';
import { codeActions, fixAllEdit, workspaceEdit, type FixAllData } from './codeActions';
import { codeLenses } from './codeLens';
import { containerCompletions, plainSnippetText, snippetCompletions, type Snippet } from './completion';
import { ChunkDiagnostics } from './diagnostics';
import type { ParsedChunk } from './documents';
import { parseChunk } from './engine';
import { fixAllText } from './fixAll';
import type { WithheldLog } from './fixCheck';
import { hover } from './hover';
import type { ObjectWorld } from './objects/services';
import type { ObjectSummary } from './objects/summary';
import { normalizeSettings } from './settings';
import { documentSymbols } from './symbols';
import { usesMaskedTemplate } from './templates';
import type { Position, Positions } from './text';
import type { ResolvedFinding, Settings } from './types';

/** What the service reads of a document: the editor's own (vscode-languageserver-textdocument) fits as it is. */
export interface ServiceDocument {
  readonly uri: string;
  readonly version: number;
  getText(): string;
  positionAt(offset: number): Position;
  offsetAt(position: Position): number;
}

/** What the client can do and wants, fixed when the service is made. */
export interface LanguageServiceOptions {
  /** Keep outlines with each analysis (clients that show code lenses or document symbols); asking for one turns it on. */
  withOutline?: boolean;
  /** The client applies versioned `documentChanges`. */
  documentChanges?: boolean;
  /** The client resolves a code action's edit later, so costly fix-all edits can wait. */
  resolveEdit?: boolean;
  /** The client takes snippet edits in a workspace edit (`workspace.workspaceEdit.snippetEditSupport`). */
  snippetEdits?: boolean;
  /** Snippets completion offers (none when omitted), as snippets when `snippetSupport`, else as plain text. */
  snippets?: Record<string, Snippet>;
  snippetSupport?: boolean;
  /** Told about a part of a request that failed while the rest was still answered. */
  onError?: (what: string, error: unknown) => void;
  /** Told about each fix that failed its re-check and was withheld rather than offered or applied. */
  onWithheld?: WithheldLog;
  /** The objects of other files (an `ObjectIndex`): analyses see them, and each open document puts its own there. */
  objects?: WorkspaceObjects;
}

/** What the service needs of a workspace index (`ObjectIndex` has it). */
export interface WorkspaceObjects {
  /** Goes up whenever what the index holds changes. */
  readonly version: number;
  around(uri: string): ObjectWorld;
  putChunks(uri: string, chunks: readonly { start: number; summary?: ObjectSummary }[], positionAt: (offset: number) => Position): void;
}

/** An edit the editor made: [start, end) of the document's current text replaced by `length` characters. */
export interface DocumentEdit {
  start: number;
  end: number;
  length: number;
}

/** Every request, answered from one analysis per document version. */
export interface LintResult {
  text: string;
  findings: ResolvedFinding[];
  /** A Helm template linted with its actions masked (no helm): only literal text was judged, and nothing is fixed. */
  maskedTemplate?: boolean;
}

export interface LanguageService {
  /** A document was opened: whatever was kept under its URI is dropped. */
  didOpen(uri: string): void;
  /** An edit arrived (none for a full replace); the next analysis re-splits only around the edits since the last one. */
  didChange(uri: string, edit?: DocumentEdit): void;
  didClose(uri: string): void;
  /** Settings changed: every document is analysed again on its next request. */
  invalidate(): void;
  /** Analyses these snippets once, so the parser and the rules are compiled before the first real file arrives. */
  warmUp(snippets: Record<string, Snippet>): void;
  findings(document: ServiceDocument, settings: Settings): ResolvedFinding[];
  diagnostics(document: ServiceDocument, settings: Settings): Diagnostic[];
  /** Quick fixes of the findings under `range` or among the `diagnostics` the client sent, and the fix-all actions. */
  codeActions(document: ServiceDocument, settings: Settings, range: Range, only?: string[], diagnostics?: Diagnostic[]): CodeAction[];
  /** Fills in the edit of a deferred fix-all (its `data` names `document`). */
  resolveCodeAction(action: CodeAction, document: ServiceDocument, settings: Settings): CodeAction;
  hover(document: ServiceDocument, settings: Settings, position: Position): Hover | null;
  completion(document: ServiceDocument, settings: Settings, position: Position): CompletionItem[];
  codeLenses(document: ServiceDocument, settings: Settings): CodeLens[];
  documentSymbols(document: ServiceDocument, settings: Settings): DocumentSymbol[];
  /**
   * After the workspace objects changed: analyses the document again if it was analysed with an older view, and says
   * whether the objects it depends on changed (its diagnostics may then differ and are worth publishing again).
   */
  refresh(document: ServiceDocument, settings: Settings): boolean;
  /**
   * One text on its own (the CLI): with `fix`, every preferred fix applied first; the findings are the final text's.
   * `around` holds the objects of the other files given (an `ObjectIndex`'s view); `analyzer`, one that analysed the text
   * before, saves analysing it all again.
   */
  lintText(text: string, settings: Settings, options?: { fix?: boolean; around?: ObjectWorld; analyzer?: Analyzer }): LintResult;
}

interface DocumentState {
  analyzer: Analyzer;
  /** The edits since the last analysis; 'all' after a full replace. */
  change?: TextChange | 'all';
  version?: number;
  analysis?: TextAnalysis;
  lines?: Positions;
  /** The last chunk a hover or completion parsed: moving the cursor within one document parses it once. */
  parsed?: ParsedChunk;
  /** Each YAML document's diagnostics, by its findings (kept while its text is): a keystroke rebuilds only its own. */
  diagnostics: WeakMap<readonly ResolvedFinding[], ChunkDiagnostics>;
  /** The workspace objects' version the analysis saw. */
  objectsVersion?: number;
  /** The chunks' summaries and offsets last put in the workspace objects (unchanged ones are not put again). */
  shared?: readonly { start: number; summary?: ObjectSummary }[];
}

interface Current {
  state: DocumentState;
  analysis: TextAnalysis;
  lines: Positions;
  version: number;
}

/** Makes the service for one client (or the CLI, with no options). */
export function createLanguageService(options: LanguageServiceOptions = {}): LanguageService {
  return new SidecarLanguageService(options);
}

class SidecarLanguageService implements LanguageService {
  private readonly states = new Map<string, DocumentState>();
  private withOutline: boolean;

  constructor(private readonly options: LanguageServiceOptions) {
    this.withOutline = options.withOutline === true;
  }

  didOpen(uri: string): void {
    this.states.delete(uri);
  }

  didChange(uri: string, edit?: DocumentEdit): void {
    const state = this.stateOf(uri);
    if (edit && state.change !== 'all') state.change = composeChange(state.change, edit.start, edit.end, edit.length);
    else state.change = 'all';
  }

  didClose(uri: string): void {
    this.states.delete(uri);
  }

  invalidate(): void {
    for (const state of this.states.values()) state.version = undefined;
  }

  warmUp(snippets: Record<string, Snippet>): void {
    const text = Object.values(snippets)
      .map((snippet) => plainSnippetText(snippet.body.join('\n')))
      .join('\n---\n');
    const settings = normalizeSettings({});
    const analysis = new Analyzer(documentAnalyzer(true)).analyze(text, settings);
    for (const chunk of analysis.chunks) new ChunkDiagnostics(chunk.text, localFindings(chunk, settings), 'warm-up:').at(1);
  }

  findings(document: ServiceDocument, settings: Settings): ResolvedFinding[] {
    return this.current(document, settings).analysis.findings;
  }

  /** Made per YAML document and reused while it is unchanged, moved when lines are added or removed above it. */
  diagnostics(document: ServiceDocument, settings: Settings): Diagnostic[] {
    const { state, analysis, lines } = this.current(document, settings);
    const out: Diagnostic[] = [];
    for (const chunk of analysis.chunks) {
      const findings = localFindings(chunk, settings);
      if (findings.length === 0) continue;
      let made = state.diagnostics.get(findings);
      if (!made) state.diagnostics.set(findings, (made = new ChunkDiagnostics(chunk.text, findings, document.uri)));
      for (const diagnostic of made.at(lines.positionAt(chunk.start).line)) out.push(diagnostic);
    }
    return out;
  }

  codeActions(document: ServiceDocument, settings: Settings, range: Range, only?: string[], diagnostics?: Diagnostic[]): CodeAction[] {
    const { analysis, lines, version } = this.current(document, settings);
    const request = {
      uri: document.uri,
      version,
      range,
      only,
      documentChanges: this.options.documentChanges === true,
      resolveEdit: this.options.resolveEdit === true,
      snippetEdits: this.options.snippetEdits === true,
      diagnostics,
    };
    return codeActions(request, analysis, lines, settings, this.options.onWithheld);
  }

  resolveCodeAction(action: CodeAction, document: ServiceDocument, settings: Settings): CodeAction {
    const data = action.data as FixAllData | undefined;
    if (!data || data.uri !== document.uri) return action;
    const { analysis, lines, version } = this.current(document, settings);
    const edit = fixAllEdit(analysis, settings, data.rule, this.options.onWithheld);
    if (edit) action.edit = workspaceEdit({ uri: document.uri, version, documentChanges: this.options.documentChanges === true }, lines, [edit]);
    return action;
  }

  hover(document: ServiceDocument, settings: Settings, position: Position): Hover | null {
    const { state, analysis, lines } = this.current(document, settings);
    const offset = lines.offsetAt(position);
    const chunk = chunkAt(analysis, offset);
    return chunk ? hover(this.parsed(state, chunk), offset, lines, settings, analysis.findings) : null;
  }

  completion(document: ServiceDocument, settings: Settings, position: Position): CompletionItem[] {
    const text = document.getText();
    const linePrefix = text.slice(document.offsetAt({ line: position.line, character: 0 }), document.offsetAt(position));
    const items = this.options.snippets ? snippetCompletions(this.options.snippets, linePrefix, position, this.options.snippetSupport === true) : [];
    try {
      const { state, analysis, lines } = this.current(document, settings);
      const offset = lines.offsetAt(position);
      const chunk = chunkAt(analysis, offset);
      if (chunk) items.push(...containerCompletions(this.parsed(state, chunk), offset, lines, settings));
    } catch (error) {
      this.options.onError?.('completion', error);
    }
    return items;
  }

  codeLenses(document: ServiceDocument, settings: Settings): CodeLens[] {
    const { analysis, lines } = this.outlined(document, settings);
    return codeLenses(outlinesOf(analysis), lines);
  }

  documentSymbols(document: ServiceDocument, settings: Settings): DocumentSymbol[] {
    const { analysis, lines } = this.outlined(document, settings);
    return documentSymbols(outlinesOf(analysis), lines);
  }

  refresh(document: ServiceDocument, settings: Settings): boolean {
    const state = this.states.get(document.uri);
    const objects = this.options.objects;
    if (!state?.analysis || !objects || state.objectsVersion === objects.version) return false;
    const keys = (chunks: readonly { contextKey?: string }[]) => chunks.map((c) => c.contextKey ?? '').join('\0');
    const before = keys(state.analysis.chunks);
    return keys(this.current(document, settings).analysis.chunks) !== before;
  }

  lintText(text: string, settings: Settings, options: { fix?: boolean; around?: ObjectWorld; analyzer?: Analyzer } = {}): LintResult {
    // An analyzer that analysed this text before (in another world) re-analyses only the documents whose view changed.
    const analysis = (options.analyzer ?? new Analyzer()).analyze(text, settings, undefined, options.around);
    if (usesMaskedTemplate(text, settings)) return { text, findings: analysis.findings, maskedTemplate: true };
    if (!options.fix) return { text, findings: analysis.findings };
    const fixed = fixAllText(analysis, settings, undefined, this.options.onWithheld);
    return fixed === text
      ? { text, findings: analysis.findings }
      : { text: fixed, findings: new Analyzer().analyze(fixed, settings, undefined, options.around).findings };
  }

  private stateOf(uri: string): DocumentState {
    let state = this.states.get(uri);
    if (!state) this.states.set(uri, (state = { analyzer: new Analyzer(documentAnalyzer(this.withOutline)), diagnostics: new WeakMap() }));
    return state;
  }

  /**
   * The analysis of the document's current text, reused while its version has not moved. Positions come from the
   * document itself, which keeps its line offsets up to date edit by edit (a LineIndex would scan the whole text on
   * every keystroke); they are valid while the version is unchanged, which is when the analysis is used.
   */
  private current(document: ServiceDocument, settings: Settings): Current {
    const state = this.stateOf(document.uri);
    const version = document.version;
    const objects = this.options.objects;
    if (state.version !== version || !state.analysis || !state.lines || state.objectsVersion !== objects?.version) {
      const text = document.getText();
      const change = state.change;
      state.change = undefined;
      state.analysis = state.analyzer.analyze(text, settings, change === 'all' ? undefined : change, objects?.around(document.uri));
      state.lines = { text, positionAt: (offset) => document.positionAt(offset), offsetAt: (position) => document.offsetAt(position) };
      state.version = version;
      if (objects) this.share(document.uri, state, objects);
    }
    return { state, analysis: state.analysis, lines: state.lines, version };
  }

  /** Puts an open document's objects (as its buffer has them) in the workspace objects, when they changed or moved. */
  private share(uri: string, state: DocumentState, objects: WorkspaceObjects): void {
    const chunks = state.analysis!.chunks;
    const before = state.shared;
    if (!before || before.length !== chunks.length || chunks.some((c, i) => c.summary !== before[i].summary || c.start !== before[i].start)) {
      state.shared = chunks.map(({ start, summary }) => ({ start, summary }));
      const lines = state.lines!;
      objects.putChunks(uri, state.shared, (offset) => lines.positionAt(offset));
    }
    // Its own objects are not part of what it sees, so the view it was analysed with is still current.
    state.objectsVersion = objects.version;
  }

  /** Outlines come with the analysis (one parse per document); the first request for one turns them on. */
  private outlined(document: ServiceDocument, settings: Settings): Current {
    if (!this.withOutline) {
      this.withOutline = true;
      for (const state of this.states.values()) {
        state.analyzer = new Analyzer(documentAnalyzer(true));
        state.version = undefined;
      }
    }
    return this.current(document, settings);
  }

  /** The chunk's documents: kept for the last chunk asked about only, since keeping every chunk's parse doubles the heap. */
  private parsed(state: DocumentState, chunk: ChunkResult): ParsedChunk {
    const docs: Document[] = state.parsed?.text === chunk.text ? state.parsed.docs : parseChunk(chunk.text);
    state.parsed = { start: chunk.start, text: chunk.text, docs };
    return state.parsed;
  }
}
