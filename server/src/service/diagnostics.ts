/** Findings as LSP diagnostics: positions made here, at the edge, from offsets. */
import { Diagnostic, DiagnosticSeverity, DiagnosticRelatedInformation, Location, Range } from 'vscode-languageserver-types';
import { ruleDocsUrl, SOURCE } from './docs';
import type { Position, Positions } from './text';
import type { ResolvedFinding, Severity } from './types';

const SEVERITY: Record<Severity, DiagnosticSeverity> = {
  error: DiagnosticSeverity.Error,
  warning: DiagnosticSeverity.Warning,
  info: DiagnosticSeverity.Information,
};

/** A range inside the text whatever the offsets: strict clients reject a position past its end. */
export function toRange(lines: Positions, start: number, end: number): Range {
  const length = lines.text.length;
  const from = Math.max(0, Math.min(start, length));
  return Range.create(lines.positionAt(from), lines.positionAt(Math.max(from, Math.min(end, length))));
}

/** One finding as a diagnostic, with its rule's page and its related places in the same document. */
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

const CR = 0x0d;
const LF = 0x0a;

/**
 * Positions in one text counted the way an LSP document counts them (vscode-languageserver-textdocument): a line ends
 * at CR LF, CR or LF, and a position never points into a line break.
 */
export class EditorLines implements Positions {
  private readonly starts: number[] = [0];

  constructor(readonly text: string) {
    if (text.includes('\r')) {
      for (let i = 0; i < text.length; i++) {
        const ch = text.charCodeAt(i);
        if (ch !== CR && ch !== LF) continue;
        if (ch === CR && text.charCodeAt(i + 1) === LF) i++;
        this.starts.push(i + 1);
      }
    } else {
      for (let i = text.indexOf('\n'); i !== -1; i = text.indexOf('\n', i + 1)) this.starts.push(i + 1);
    }
  }

  positionAt(offset: number): Position {
    let at = Math.max(0, Math.min(offset, this.text.length));
    let low = 0;
    let high = this.starts.length;
    while (low < high) {
      const mid = (low + high) >> 1;
      if (this.starts[mid] > at) high = mid;
      else low = mid + 1;
    }
    const start = this.starts[low - 1];
    while (at > start && (this.text.charCodeAt(at - 1) === CR || this.text.charCodeAt(at - 1) === LF)) at--;
    return { line: low - 1, character: at - start };
  }

  offsetAt(position: Position): number {
    if (position.line >= this.starts.length) return this.text.length;
    if (position.line < 0) return 0;
    const start = this.starts[position.line];
    const next = position.line + 1 < this.starts.length ? this.starts[position.line + 1] : this.text.length;
    let at = Math.min(start + Math.max(0, position.character), next);
    while (at > start && (this.text.charCodeAt(at - 1) === CR || this.text.charCodeAt(at - 1) === LF)) at--;
    return at;
  }
}

/**
 * One document's diagnostics, made once with lines counted from its own first line (it starts a line of the whole
 * text), then moved to wherever it starts: an edit elsewhere costs a copy of the ranges at most, not a rebuild.
 */
export class ChunkDiagnostics {
  private readonly relative: Diagnostic[];
  private placed: { line: number; diagnostics: Diagnostic[] };

  constructor(text: string, findings: readonly ResolvedFinding[], uri: string) {
    const lines = new EditorLines(text);
    this.relative = findings.map((finding) => toDiagnostic(finding, lines, uri));
    this.placed = { line: 0, diagnostics: this.relative };
  }

  /** The diagnostics of the document when its first line is `line` of the whole text. */
  at(line: number): Diagnostic[] {
    if (this.placed.line !== line) this.placed = { line, diagnostics: this.relative.map((d) => moved(d, line)) };
    return this.placed.diagnostics;
  }
}

function moved(diagnostic: Diagnostic, by: number): Diagnostic {
  const copy: Diagnostic = { ...diagnostic, range: movedRange(diagnostic.range, by) };
  if (diagnostic.relatedInformation) {
    copy.relatedInformation = diagnostic.relatedInformation.map((r) => ({ ...r, location: { ...r.location, range: movedRange(r.location.range, by) } }));
  }
  return copy;
}

function movedRange(range: Range, by: number): Range {
  return { start: { line: range.start.line + by, character: range.start.character }, end: { line: range.end.line + by, character: range.end.character } };
}
