/** Findings as LSP diagnostics: positions made here, at the edge, from offsets. */
import { Diagnostic, DiagnosticSeverity, DiagnosticRelatedInformation, Location, Range } from 'vscode-languageserver-types';
import { ruleDocsUrl, SOURCE } from './docs';
import type { Positions } from './text';
import type { ResolvedFinding, Severity } from './types';

const SEVERITY: Record<Severity, DiagnosticSeverity> = {
  error: DiagnosticSeverity.Error,
  warning: DiagnosticSeverity.Warning,
  info: DiagnosticSeverity.Information,
};

export function toRange(lines: Positions, start: number, end: number): Range {
  return Range.create(lines.positionAt(start), lines.positionAt(end));
}

export function toDiagnostic(finding: ResolvedFinding, lines: Positions, uri: string): Diagnostic {
  const diagnostic = Diagnostic.create(toRange(lines, finding.start, finding.end), finding.message, SEVERITY[finding.severity], finding.rule, SOURCE);
  diagnostic.codeDescription = { href: ruleDocsUrl(finding.rule) };
  if (finding.related?.length) {
    diagnostic.relatedInformation = finding.related.map((r) =>
      DiagnosticRelatedInformation.create(Location.create(uri, toRange(lines, r.start, r.end)), r.message),
    );
  }
  return diagnostic;
}
