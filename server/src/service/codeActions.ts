/** Quick fixes for the findings under a range, fix-all of one rule, and fix-all of the file, as LSP code actions. */
import {
  CodeAction,
  CodeActionKind,
  OptionalVersionedTextDocumentIdentifier,
  StringValue,
  TextDocumentEdit,
  TextEdit,
  type Diagnostic,
  type Range,
  type SnippetTextEdit,
  type WorkspaceEdit,
} from 'vscode-languageserver-types';
import type { TextAnalysis } from './analysis';
import { toDiagnostic } from './diagnostics';
import { FIX_ALL_KIND } from './docs';
import { fixAllText, fixIsSafe, isSuggestion, minimalEdit, preferredFix } from './fixAll';
import type { WithheldLog } from './fixCheck';
import { ignoreFix } from './fixes/ignore';
import type { Positions } from './text';
import type { Fix, OffsetEdit, ResolvedFinding, Settings } from './types';

export interface ActionRequest {
  uri: string;
  version: number;
  range: Range;
  /** Kinds the client asked for (`context.only`); undefined for all. */
  only?: string[];
  /** Whether the client applies `documentChanges` (versioned edits). */
  documentChanges: boolean;
  /** Whether the client resolves a code action's edit later (so costly fix-all edits can wait). */
  resolveEdit: boolean;
  /** Whether the client takes LSP 3.18 `SnippetTextEdit`s in a `TextDocumentEdit` (`workspaceEdit.snippetEditSupport`). */
  snippetEdits?: boolean;
  /** The diagnostics the client sent (`context.diagnostics`): their findings get quick fixes wherever the range is. */
  diagnostics?: Diagnostic[];
}

/** Carried by a fix-all action whose edit is computed on resolve. */
export interface FixAllData {
  uri: string;
  version: number;
  rule?: string;
}

function wanted(only: string[] | undefined, kind: string): boolean {
  return !only || only.some((k) => kind === k || kind.startsWith(`${k}.`));
}

/**
 * The edits as one WorkspaceEdit. An edit with a `snippet` goes as a `SnippetTextEdit` (its placeholders selected for
 * editing) only to clients that take them, which exist only inside versioned `documentChanges`; others get its text.
 */
export function workspaceEdit(
  request: Pick<ActionRequest, 'uri' | 'version' | 'documentChanges' | 'snippetEdits'>,
  lines: Positions,
  edits: OffsetEdit[],
): WorkspaceEdit {
  const range = (e: OffsetEdit) => ({ start: lines.positionAt(e.start), end: lines.positionAt(e.end) });
  if (!request.documentChanges) return { changes: { [request.uri]: edits.map((e) => TextEdit.replace(range(e), e.text)) } };
  const snippets = request.snippetEdits === true;
  const documentEdits = edits.map((e): TextEdit | SnippetTextEdit =>
    snippets && e.snippet !== undefined ? { range: range(e), snippet: StringValue.createSnippet(e.snippet) } : TextEdit.replace(range(e), e.text),
  );
  return { documentChanges: [TextDocumentEdit.create(OptionalVersionedTextDocumentIdentifier.create(request.uri, request.version), documentEdits)] };
}

function overlaps(lines: Positions, finding: ResolvedFinding, range: Range): boolean {
  return finding.start <= lines.offsetAt(range.end) && finding.end >= lines.offsetAt(range.start);
}

const samePosition = (a: Range['start'], b: Range['start']) => a.line === b.line && a.character === b.character;

/** A diagnostic the client sent is this finding's when rule and range agree (never by message text). */
function sentFor(finding: ResolvedFinding, diagnostic: Diagnostic, lines: Positions): boolean {
  return (
    diagnostic.code === finding.rule &&
    samePosition(diagnostic.range.start, lines.positionAt(finding.start)) &&
    samePosition(diagnostic.range.end, lines.positionAt(finding.end))
  );
}

/**
 * The findings a quick-fix request is about: those under its range, and those whose diagnostics it sent, since some
 * clients (Neovim's `vim.lsp.buf.code_action()`) send the cursor as the range and the line's diagnostics as context.
 */
function requested(request: ActionRequest, analysis: TextAnalysis, lines: Positions): ResolvedFinding[] {
  const sent = request.diagnostics ?? [];
  return analysis.findings.filter((f) => overlaps(lines, f, request.range) || sent.some((d) => sentFor(f, d, lines)));
}

/**
 * A fix's edits as one WorkspaceEdit: its own document's, the other documents' of the same text, and other files'
 * (a Service's `targetPort` where the Service lives), so the editor applies them together.
 */
function fixEdit(request: ActionRequest, lines: Positions, fix: Fix): WorkspaceEdit {
  const edit = workspaceEdit(request, lines, [...fix.edits, ...(fix.otherDocuments ?? [])]);
  const byUri = new Map<string, TextEdit[]>();
  for (const other of fix.otherFiles ?? []) {
    if (other.uri === request.uri) continue;
    const list = byUri.get(other.uri) ?? byUri.set(other.uri, []).get(other.uri)!;
    list.push(TextEdit.replace(other.range, other.text));
  }
  for (const [uri, edits] of byUri) {
    if (edit.documentChanges) edit.documentChanges.push(TextDocumentEdit.create(OptionalVersionedTextDocumentIdentifier.create(uri, null), edits));
    else edit.changes![uri] = edits;
  }
  return edit;
}

/** Edits of other documents of the text must lie inside it (they are not part of the fix's own re-check). */
function othersInside(fix: Fix, lines: Positions): boolean {
  return (fix.otherDocuments ?? []).every((e) => 0 <= e.start && e.start <= e.end && e.end <= lines.text.length);
}

/** A quick fix of one finding; a suggestion is never preferred, so editors never apply it on their own. */
function quickFix(request: ActionRequest, lines: Positions, fix: Fix, diagnostic: Diagnostic): CodeAction {
  const action = CodeAction.create(fix.title, fixEdit(request, lines, fix), CodeActionKind.QuickFix);
  action.diagnostics = [diagnostic];
  action.isPreferred = fix.preferred === true && !isSuggestion(fix);
  return action;
}

/**
 * Quick fixes are cheap (one document re-parsed to check each). A fix-all re-analyses every document with something
 * to fix, too slow for each cursor move in a large file, so it is computed now only when the client asked for source
 * actions (on save, or the Source Action menu); otherwise it is offered with its edit left to `codeAction/resolve`,
 * or, for clients that cannot resolve, not offered outside explicit requests.
 */
export function codeActions(request: ActionRequest, analysis: TextAnalysis, lines: Positions, settings: Settings, log?: WithheldLog): CodeAction[] {
  const actions: CodeAction[] = [];
  const fixable = analysis.findings.filter((f) => preferredFix(f) !== undefined);
  const explicit = request.only?.some((k) => FIX_ALL_KIND.startsWith(k) && k !== CodeActionKind.QuickFix) === true;
  const deferred = !explicit && request.resolveEdit;
  if (wanted(request.only, CodeActionKind.QuickFix)) {
    const rulesOffered = new Set<string>();
    for (const finding of requested(request, analysis, lines)) {
      const diagnostic = toDiagnostic(finding, lines, request.uri);
      for (const fix of [...finding.fixes.filter((f) => fixIsSafe(analysis, f, log) && othersInside(f, lines)), ignoreFix(analysis, finding)]) {
        actions.push(quickFix(request, lines, fix, diagnostic));
      }
      if (deferred && !rulesOffered.has(finding.rule) && fixable.filter((f) => f.rule === finding.rule).length > 1) {
        rulesOffered.add(finding.rule);
        actions.push(deferredFixAll(request, `Fix all '${finding.rule}' problems in this file`, CodeActionKind.QuickFix, finding.rule));
      }
    }
  }
  if (wanted(request.only, FIX_ALL_KIND) && fixable.length > 0) {
    if (explicit) {
      const edit = fixAllEdit(analysis, settings, undefined, log);
      if (edit) actions.push(CodeAction.create(FIX_ALL_TITLE, workspaceEdit(request, lines, [edit]), FIX_ALL_KIND));
    } else if (deferred) {
      actions.push(deferredFixAll(request, FIX_ALL_TITLE, FIX_ALL_KIND));
    }
  }
  return actions;
}

const FIX_ALL_TITLE = 'Fix all sidecar-lint problems';

function deferredFixAll(request: ActionRequest, title: string, kind: string, rule?: string): CodeAction {
  const action = CodeAction.create(title, kind);
  action.data = { uri: request.uri, version: request.version, rule } satisfies FixAllData;
  return action;
}

/** The whole fix-all (of one rule, or every rule) as one edit; fixes that fail the check are left out and passed to `log`. */
export function fixAllEdit(analysis: TextAnalysis, settings: Settings, rule?: string, log?: WithheldLog): OffsetEdit | undefined {
  return minimalEdit(analysis.text, fixAllText(analysis, settings, rule ? (f) => f.rule === rule : undefined, log));
}
