/**
 * Renders a chart with the person's own `helm` in a marked temporary copy (unsaved buffers overlaid), and reads back
 * which template line wrote each rendered line. The copy is removed whatever happens.
 */
import { cpSync, existsSync, mkdtempSync, readdirSync, readFileSync, rmSync, writeFileSync, mkdirSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { basename, dirname, join, relative, resolve } from 'node:path';
import { runProcess } from '../external/run';
import { markTemplate, opensBlockScalar, readMarkers } from './markers';

export interface RenderRequest {
  chartDir: string;
  /** Extra values files (absolute), after the chart's own values.yaml. */
  valuesFiles?: string[];
  /** Unsaved editor buffers by absolute path: used instead of the file on disk. */
  overlays?: ReadonlyMap<string, string>;
  /** The helm binary (default `helm` on PATH). */
  helm?: string;
  timeoutMs?: number;
  signal?: AbortSignal;
  release?: string;
}

/** Where a rendered line came from: a template file (absolute) and line (from 0). */
export interface LineOrigin {
  file: string;
  line: number;
  /** The line had no marker of its own: it was inserted by the action on `line` (toYaml, include without a marked body). */
  inserted: boolean;
}

export interface RenderError {
  /** not-found: no helm; failed: helm reported an error (placed on `file`/`line` when it named one). */
  kind: 'not-found' | 'failed' | 'timeout' | 'aborted';
  message: string;
  file?: string;
  line?: number;
}

export type RenderResult =
  { ok: true; text: string; origins: (LineOrigin | undefined)[]; templates: string[]; ms: number } | { ok: false; error: RenderError; ms: number };

const TEMPLATE_FILE = /\.(ya?ml|tpl)$/i;

/** Template files of the chart and of its unpacked subcharts, relative to the chart (forward slashes). */
export function templateFiles(chartDir: string): string[] {
  const out: string[] = [];
  const walk = (dir: string, rel: string) => {
    if (!existsSync(dir)) return;
    for (const entry of readdirSync(dir, { withFileTypes: true }).sort((a, b) => a.name.localeCompare(b.name))) {
      const path = join(dir, entry.name);
      const relPath = rel ? `${rel}/${entry.name}` : entry.name;
      if (entry.isDirectory()) walk(path, relPath);
      else if (entry.isFile() && TEMPLATE_FILE.test(entry.name)) out.push(relPath);
    }
  };
  walk(join(chartDir, 'templates'), 'templates');
  const charts = join(chartDir, 'charts');
  if (existsSync(charts))
    for (const entry of readdirSync(charts, { withFileTypes: true }))
      if (entry.isDirectory() && existsSync(join(charts, entry.name, 'Chart.yaml')))
        for (const rel of templateFiles(join(charts, entry.name))) out.push(`charts/${entry.name}/${rel}`);
  return out;
}

/** Renders and maps: `text` is the output without markers, `origins[i]` the template line of its line i. */
export async function renderChart(request: RenderRequest): Promise<RenderResult> {
  const started = performance.now();
  const chartDir = resolve(request.chartDir);
  const temp = mkdtempSync(join(tmpdir(), 'sidecar-lint-chart-'));
  const copy = join(temp, basename(chartDir) || 'chart');
  try {
    cpSync(chartDir, copy, { recursive: true, filter: (src) => !/[\\/](\.git|node_modules)$/.test(src) });
    const inCopy = (path: string) => join(copy, relative(chartDir, path));
    const overlays = request.overlays ?? new Map<string, string>();
    for (const [path, text] of overlays) {
      const rel = relative(chartDir, resolve(path));
      if (rel.startsWith('..') || rel === '') continue;
      mkdirSync(dirname(join(copy, rel)), { recursive: true });
      writeFileSync(join(copy, rel), text);
    }
    const templates = templateFiles(copy);
    templates.forEach((rel, index) => {
      const path = join(copy, rel);
      writeFileSync(path, markTemplate(readFileSync(path, 'utf8'), index));
    });
    const valuesArgs: string[] = [];
    for (const [i, file] of (request.valuesFiles ?? []).entries()) {
      const abs = resolve(file);
      const rel = relative(chartDir, abs);
      const overlay = overlays.get(abs);
      let path = !rel.startsWith('..') ? inCopy(abs) : abs;
      if (overlay !== undefined && rel.startsWith('..')) writeFileSync((path = join(temp, `values-${i}.yaml`)), overlay);
      valuesArgs.push('-f', path);
    }
    const run = await runProcess(request.helm || 'helm', ['template', request.release ?? 'release', copy, ...valuesArgs, '--debug'], {
      cwd: temp,
      timeoutMs: request.timeoutMs,
      signal: request.signal,
    });
    const ms = performance.now() - started;
    if (run.spawnError)
      return {
        ok: false,
        error: { kind: 'not-found', message: `cannot run '${request.helm || 'helm'}': ${run.spawnError.code ?? run.spawnError.message}` },
        ms,
      };
    if (run.aborted) return { ok: false, error: { kind: 'aborted', message: 'helm template was cancelled' }, ms };
    if (run.timedOut) return { ok: false, error: { kind: 'timeout', message: `helm template took longer than ${request.timeoutMs ?? 5000} ms` }, ms };
    const files = templates.map((rel) => join(chartDir, rel));
    if (run.code !== 0) return { ok: false, error: parseHelmError(run.stderr, chartDir, templates, mapBack(run.stdout, files)), ms };
    return { ok: true, ...mapBack(run.stdout, files), templates: files, ms };
  } finally {
    rmSync(temp, { recursive: true, force: true });
  }
}

/** Strips the markers and gives every rendered line the template line that wrote it (or inserted it). */
export function mapBack(output: string, files: string[]): { text: string; origins: (LineOrigin | undefined)[] } {
  const lines = output.split('\n');
  const origins: (LineOrigin | undefined)[] = new Array(lines.length);
  const text: string[] = [];
  let below: LineOrigin | undefined;
  const marks = lines.map((line) => readMarkers(line));
  // Bottom up: a line without a marker was inserted by the next marked line below it in the same document.
  for (let i = lines.length - 1; i >= 0; i--) {
    const m = marks[i];
    if (/^---(\s|$)/.test(m.text)) below = undefined;
    if (m.file !== undefined && files[m.file] !== undefined) {
      below = { file: files[m.file], line: m.line! - 1, inserted: true };
      origins[i] = { ...below, inserted: false };
    } else origins[i] = below;
  }
  // Top down: a block scalar's content lines belong to its header line, the nearest marked line above them.
  let header: { origin: LineOrigin; indent: number } | undefined;
  for (let i = 0; i < lines.length; i++) {
    const m = marks[i];
    const indent = /^ */.exec(m.text)![0].length;
    if (m.file !== undefined) header = opensBlockScalar(m.text) && origins[i] ? { origin: { ...origins[i]!, inserted: true }, indent } : undefined;
    else if (header && (m.text.trim() === '' || indent > header.indent)) origins[i] = header.origin;
    else header = undefined;
  }
  for (const m of marks) text.push(m.text);
  return { text: text.join('\n'), origins };
}

/**
 * helm's errors name a template as `<chart name>/templates/x.yaml:LINE` (a Go template error; helm 3 after `template: `,
 * helm 4 at the start of the message) or `YAML parse error on <chart name>/templates/x.yaml: ... line N`, where N
 * counts lines of that template's output: `--debug` prints that output, whose markers give the template line.
 */
export function parseHelmError(
  stderr: string,
  chartDir: string,
  templates: string[],
  debugOutput?: { text: string; origins: (LineOrigin | undefined)[] },
): RenderError {
  // The `Error:` line and helm 4's indented lines under it; not the debug log or the Go stack trace `--debug` adds.
  const lines = stderr.split('\n');
  const first = lines.findIndex((line) => line.startsWith('Error: '));
  const kept = first === -1 ? lines.filter((line) => line.trim() !== '').slice(0, 3) : [lines[first]];
  for (let i = first + 1; first !== -1 && i < lines.length && /^\s+\S/.test(lines[i]); i++) kept.push(lines[i].trim());
  const message = kept
    .join(' ')
    .replace(/^Error: /, '')
    .trim();
  const at = (path: string, line: number): RenderError => {
    const rel = path.split('/').slice(1).join('/');
    const known = templates.includes(rel) || existsSync(join(chartDir, rel));
    return known ? { kind: 'failed', message, file: join(chartDir, rel), line: Math.max(0, line - 1) } : { kind: 'failed', message };
  };
  const yaml = /YAML parse error on ([^\s:]+\.ya?ml):.*?line (\d+)/s.exec(message);
  if (yaml) {
    const origin = debugOutput && outputLine(debugOutput, yaml[1], Number(yaml[2]));
    return origin ? { kind: 'failed', message, file: origin.file, line: origin.line } : at(yaml[1], Number(yaml[2]));
  }
  const template = /([^\s:()"]+\/[^\s:()"]+\.(?:ya?ml|tpl)):(\d+)/.exec(message);
  if (template) return at(template[1], Number(template[2]));
  return { kind: 'failed', message: message || 'helm template failed' };
}

/** The origin of line `n` (from 1) of one template's output in a `--debug` render. */
function outputLine(output: { text: string; origins: (LineOrigin | undefined)[] }, source: string, n: number): LineOrigin | undefined {
  const lines = output.text.split('\n');
  const header = lines.findIndex((line) => line === `# Source: ${source}`);
  return header === -1 ? undefined : output.origins[header + n];
}
