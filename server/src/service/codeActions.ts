/** Quick fixes for the findings under a range, fix-all of one rule, and fix-all of the file, as LSP code actions. */
import {
  CodeAction,
  CodeActionKind,
  OptionalVersionedTextDocumentIdentifier,
  TextDocumentEdit,
  TextEdit,
  type Range,
  type WorkspaceEdit,
} from 'vscode-languageserver-types';
import type { TextAnalysis } from './analysis';
import { toDiagnostic } from './diagnostics';
import { FIX_ALL_KIND } from './docs';
import { fixAllText, fixIsSafe, minimalEdit } from './fixAll';
import type { WithheldLog } from './fixCheck';
import { ignoreFix } from './fixes/ignore';
import type { Positions } from './text';
import type { OffsetEdit, ResolvedFinding, Settings } from './types';

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

export function workspaceEdit(request: Pick<ActionRequest, 'uri' | 'version' | 'documentChanges'>, lines: Positions, edits: OffsetEdit[]): WorkspaceEdit {
  const textEdits = edits.map((e) => TextEdit.replace({ start: lines.positionAt(e.start), end: lines.positionAt(e.end) }, e.text));
  if (request.documentChanges) {
    return { documentChanges: [TextDocumentEdit.create(OptionalVersionedTextDocumentIdentifier.create(request.uri, request.version), textEdits)] };
  }
  return { changes: { [request.uri]: textEdits } };
}

function overlaps(lines: Positions, finding: ResolvedFinding, range: Range): boolean {
  return finding.start <= lines.offsetAt(range.end) && finding.end >= lines.offsetAt(range.start);
}

/**
 * Quick fixes are cheap (one document re-parsed to check each). A fix-all re-analyses every document with something
 * to fix, too slow for each cursor move in a large file, so it is computed now only when the client asked for source
 * actions (on save, or the Source Action menu); otherwise it is offered with its edit left to `codeAction/resolve`,
 * or, for clients that cannot resolve, not offered outside explicit requests.
 */
export function codeActions(request: ActionRequest, analysis: TextAnalysis, lines: Positions, settings: Settings, log?: WithheldLog): CodeAction[] {
  const actions: CodeAction[] = [];
  const fixable = analysis.findings.filter((f) => f.fixes.some((fix) => fix.preferred));
  const explicit = request.only?.some((k) => FIX_ALL_KIND.startsWith(k) && k !== CodeActionKind.QuickFix) === true;
  const deferred = !explicit && request.resolveEdit;
  if (wanted(request.only, CodeActionKind.QuickFix)) {
    const rulesOffered = new Set<string>();
    for (const finding of analysis.findings.filter((f) => overlaps(lines, f, request.range))) {
      const diagnostic = toDiagnostic(finding, lines, request.uri);
      for (const fix of [...finding.fixes.filter((f) => fixIsSafe(analysis, f, log)), ignoreFix(analysis, finding)]) {
        const action = CodeAction.create(fix.title, workspaceEdit(request, lines, fix.edits), CodeActionKind.QuickFix);
        action.diagnostics = [diagnostic];
        action.isPreferred = fix.preferred === true;
        actions.push(action);
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
