/** Chart findings as LSP diagnostics on template files, and their one quick fix: a suppression comment. */
import { CodeActionKind, Diagnostic, DiagnosticSeverity, type CodeAction } from 'vscode-languageserver-types';
import { ruleDocsUrl, SOURCE } from '../service';
import type { ChartFinding } from './lintChart';

/** The rule id of the one finding a render error becomes. */
export const RENDER_ERROR_RULE = 'helm-template';

const SEVERITY = { error: DiagnosticSeverity.Error, warning: DiagnosticSeverity.Warning, info: DiagnosticSeverity.Information } as const;

/** Marks a diagnostic as made through a render, so code actions know it has only the suppression fix. */
export const CHART_DATA = { chart: true };

export function chartDiagnostic(finding: ChartFinding, uriOf: (path: string) => string): Diagnostic {
  const range = { start: { line: finding.line, character: finding.character }, end: { line: finding.endLine, character: finding.endCharacter } };
  const diagnostic = Diagnostic.create(range, finding.message, SEVERITY[finding.severity], finding.rule, SOURCE);
  if (finding.rule !== RENDER_ERROR_RULE) diagnostic.codeDescription = { href: ruleDocsUrl(finding.rule) };
  diagnostic.data = CHART_DATA;
  if (finding.related.length)
    diagnostic.relatedInformation = finding.related.map((r) => ({
      location: { uri: uriOf(r.file), range: { start: { line: r.line, character: r.character }, end: { line: r.endLine, character: r.endCharacter } } },
      message: r.message,
    }));
  return diagnostic;
}

/** "Ignore <rule> on this line": a `# sidecar-lint-disable-next-line` comment above the template line, at its indentation. */
export function suppressionActions(uri: string, text: string, diagnostics: Diagnostic[]): CodeAction[] {
  const lines = text.split('\n');
  const actions: CodeAction[] = [];
  for (const diagnostic of diagnostics) {
    if (diagnostic.source !== SOURCE || typeof diagnostic.code !== 'string' || diagnostic.code === RENDER_ERROR_RULE) continue;
    const line = diagnostic.range.start.line;
    const indent = /^[ \t]*/.exec(lines[line] ?? '')![0];
    const position = { line, character: 0 };
    actions.push({
      title: `Ignore ${diagnostic.code} on this line`,
      kind: CodeActionKind.QuickFix,
      diagnostics: [diagnostic],
      edit: { changes: { [uri]: [{ range: { start: position, end: position }, newText: `${indent}# sidecar-lint-disable-next-line ${diagnostic.code}\n` }] } },
    });
  }
  return actions;
}
