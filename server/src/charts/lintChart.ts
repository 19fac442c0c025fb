/** Lints a chart through a render: the rendered output is linted in-process, each finding placed on its template line. */
import { readFileSync } from 'node:fs';
import { createLanguageService, LineIndex, type LanguageService, type ResolvedFinding, type Settings, type Severity } from '../service';
import { RENDER_ERROR_RULE } from './editorDiagnostics';
import { renderChart, type LineOrigin, type RenderError, type RenderRequest } from './render';

/** A place in a template file: lines and characters from 0. */
export interface TemplateRange {
  file: string;
  line: number;
  character: number;
  endLine: number;
  endCharacter: number;
}

export interface ChartFinding extends TemplateRange {
  rule: string;
  severity: Severity;
  message: string;
  related: (TemplateRange & { message: string })[];
}

export interface ChartLint {
  findings: ChartFinding[];
  /** Set when helm did not render: not-found means the masked lint applies instead. */
  error?: RenderError;
  /** Every template file of the chart (absolute), so a caller can clear the ones without findings. */
  templates: string[];
  renderMs: number;
  mapMs: number;
}

// Defined with the diagnostics, which the browser bundle reaches without this file's Node imports.
export { RENDER_ERROR_RULE };

const VALUES_REF = /\.Values((?:\.[A-Za-z_][\w-]*)+)/g;

/** Reads template lines from the overlays (unsaved buffers) or the disk, each file once. */
class TemplateLines {
  private readonly cache = new Map<string, string[]>();
  constructor(private readonly overlays: ReadonlyMap<string, string>) {}
  of(file: string): string[] {
    let lines = this.cache.get(file);
    if (!lines) {
      let text = this.overlays.get(file);
      try {
        text ??= readFileSync(file, 'utf8');
      } catch {
        text = '';
      }
      this.cache.set(file, (lines = text.split('\n').map((l) => l.replace(/\r$/, ''))));
    }
    return lines;
  }
}

/**
 * The `.Values` keys the actions of template line `index` read; a bare `.` (or `.field`) inside `with .Values.x` or
 * `range .Values.x` reads that key, as in the common `{{- with .Values.resources }}` … `{{- toYaml . | nindent 12 }}`.
 */
export function valuesKeys(lines: readonly string[], index: number): string[] {
  const keys = new Set<string>();
  for (const action of actionsOf(lines[index] ?? '')) {
    for (const m of action.matchAll(VALUES_REF)) keys.add(`.Values${m[1]}`);
    const relative = DOT_REF.exec(action.replace(VALUES_REF, ''));
    const scope = relative ? enclosingValuesKey(lines, index) : undefined;
    if (scope) keys.add(relative![1] ? `${scope}.${relative![1]}` : scope);
  }
  return [...keys];
}

const ACTION = /\{\{.*?\}\}/g;
// `.` or `.field` that is not a built-in object (.Release, .Chart…): a reference to the current scope.
const DOT_REF = /(?:^|[\s(|{-])\.((?:\.?(?!Values\b|Release\b|Chart\b|Capabilities\b|Template\b|Files\b)[A-Za-z_][\w-]*)*)(?=[\s)|}]|$)/;

function actionsOf(line: string): string[] {
  return line.match(ACTION) ?? [];
}

/** The `.Values` key of the innermost `with`/`range` around line `index` (an `if` keeps the scope), if any. */
function enclosingValuesKey(lines: readonly string[], index: number): string | undefined {
  let depth = 0;
  for (let i = index - 1; i >= 0; i--) {
    for (const action of actionsOf(lines[i]).reverse()) {
      const word = /^\{\{-?\s*(\w+)/.exec(action)?.[1];
      if (word === 'end') depth++;
      else if (word === 'if' || word === 'with' || word === 'range' || word === 'define' || word === 'block') {
        if (depth > 0) {
          depth--;
          continue;
        }
        if (word === 'define' || word === 'block') return undefined;
        if (word === 'if') continue;
        const key = new RegExp(VALUES_REF.source).exec(action);
        return key ? `.Values${key[1]}` : undefined;
      }
    }
  }
  return undefined;
}

/** A rendered range on the template line that wrote it: the same text where the line has it, else the line's content. */
function placeOn(origin: LineOrigin, renderedText: string, templates: TemplateLines): { range: TemplateRange; literal: boolean } {
  const line = templates.of(origin.file)[origin.line] ?? '';
  const actionsBlanked = line.replace(ACTION, (a) => ' '.repeat(a.length));
  const at = renderedText.trim() === '' ? -1 : actionsBlanked.indexOf(renderedText);
  if (at !== -1 && !origin.inserted)
    return { range: { file: origin.file, line: origin.line, character: at, endLine: origin.line, endCharacter: at + renderedText.length }, literal: true };
  const start = line.length - line.trimStart().length;
  return { range: { file: origin.file, line: origin.line, character: start, endLine: origin.line, endCharacter: line.trimEnd().length }, literal: false };
}

/** Whether the template line above `line` silences `rule` with `# sidecar-lint-disable-next-line`. */
function silenced(lines: string[], line: number, rule: string): boolean {
  const m = /(?:^|\s)#\s*sidecar-lint-disable-next-line(?=[\s,]|$)(.*)$/.exec(lines[line - 1] ?? '');
  if (!m) return false;
  const ids = m[1]
    .replace(/\s--\s.*$/, '')
    .split(/[\s,]+/)
    .filter(Boolean);
  return ids.length === 0 || ids.includes(rule);
}

export interface ChartLintRequest extends RenderRequest {
  settings: Settings;
  service?: LanguageService;
}

/** Renders, lints and maps back; a render failure is one finding on the line helm names (unless helm is missing). */
export async function lintChart(request: ChartLintRequest): Promise<ChartLint> {
  const rendered = await renderChart(request);
  if (!rendered.ok) {
    const error = rendered.error;
    const findings: ChartFinding[] = error.kind === 'failed' && error.file ? [renderErrorFinding(error, new TemplateLines(request.overlays ?? new Map()))] : [];
    return { findings, error, templates: [], renderMs: rendered.ms, mapMs: 0 };
  }
  const started = performance.now();
  const service = request.service ?? createLanguageService();
  const { findings } = service.lintText(rendered.text, request.settings);
  const findingsOut = mapFindings(rendered.text, rendered.origins, findings, new TemplateLines(request.overlays ?? new Map()));
  return { findings: findingsOut, templates: rendered.templates, renderMs: rendered.ms, mapMs: performance.now() - started };
}

function renderErrorFinding(error: RenderError, templates: TemplateLines): ChartFinding {
  const file = error.file!;
  const line = Math.min(error.line ?? 0, Math.max(0, templates.of(file).length - 1));
  const text = templates.of(file)[line] ?? '';
  const start = text.length - text.trimStart().length;
  return {
    file,
    line,
    character: start,
    endLine: line,
    endCharacter: Math.max(start, text.trimEnd().length),
    rule: RENDER_ERROR_RULE,
    severity: 'error',
    message: `helm template failed: ${error.message}`,
    related: [],
  };
}

/** Each finding of the rendered text on its template line; findings on lines no template wrote are dropped. */
export function mapFindings(text: string, origins: (LineOrigin | undefined)[], findings: ResolvedFinding[], templates: TemplateLines): ChartFinding[] {
  const lines = new LineIndex(text);
  const renderedLines = text.split('\n');
  const place = (start: number, end: number) => {
    const a = lines.positionAt(start);
    const b = lines.positionAt(end);
    const origin = origins[a.line];
    if (!origin) return undefined;
    const sameLine = a.line === b.line;
    const slice = (renderedLines[a.line] ?? '').slice(a.character, sameLine ? b.character : undefined);
    return { origin, ...placeOn(origin, slice, templates) };
  };
  const out: ChartFinding[] = [];
  const seen = new Set<string>();
  for (const finding of findings) {
    const placed = place(finding.start, finding.end);
    if (!placed) continue;
    const templateLines = templates.of(placed.origin.file);
    if (silenced(templateLines, placed.origin.line, finding.rule)) continue;
    const keys = placed.literal ? [] : valuesKeys(templateLines, placed.origin.line);
    const message = keys.length > 0 ? `${finding.message} (the value comes from ${keys.join(', ')})` : finding.message;
    const related = (finding.related ?? []).flatMap((r) => {
      const p = place(r.start, r.end);
      return p ? [{ ...p.range, message: r.message }] : [];
    });
    const result: ChartFinding = { ...placed.range, rule: finding.rule, severity: finding.severity, message, related };
    // One template line renders once per document that includes it: report it once.
    const key = `${result.file}\0${result.line}\0${result.character}\0${result.rule}\0${result.message}`;
    if (seen.has(key)) continue;
    seen.add(key);
    out.push(result);
  }
  return out.sort((a, b) => a.file.localeCompare(b.file) || a.line - b.line || a.character - b.character || a.rule.localeCompare(b.rule));
}

export { TemplateLines };
