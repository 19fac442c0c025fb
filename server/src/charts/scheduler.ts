/**
 * When the editor renders a chart: for an open template, after ~500 ms without edits or at once on save; an edit
 * cancels the run under way (its result would be stale); a run takes at most 5 s; results are cached by a hash of the
 * chart's files, the open buffers over them, the values files, helm and the settings. Runs are child processes, so
 * other documents' diagnostics never wait for helm.
 */
import { createHash } from 'node:crypto';
import { existsSync, readdirSync, readFileSync } from 'node:fs';
import { dirname, isAbsolute, join, resolve, sep } from 'node:path';
import type { Diagnostic } from 'vscode-languageserver-types';
import type { Settings } from '../service';
import { ChartFiles } from '../chartFiles';
import { lintChart, type ChartLint } from './lintChart';
import { chartDiagnostic } from './editorDiagnostics';

export interface ChartDocument {
  uri: string;
  /** Absolute file path. */
  path: string;
  text: string;
}

/** What the scheduler needs of the server: open documents, settings, and where to send results. */
export interface ChartHost {
  openDocuments(): ChartDocument[];
  settings(uri: string): Promise<Settings>;
  publish(uri: string, diagnostics: Diagnostic[]): void;
  /** Lints a template without a render (the masked lint): helm is missing or failed to run. */
  fallback(uri: string): void;
  /** Shown once per session: how to get the full analysis. */
  hint(message: string): void;
  log(message: string): void;
}

export interface SchedulerOptions {
  idleMs?: number;
  timeoutMs?: number;
}

interface ChartState {
  timer?: ReturnType<typeof setTimeout>;
  controller?: AbortController;
  /** The render under way: what it was given, and the content key of what it reads. */
  running?: { controller: AbortController; key: string; valuesFiles: string[]; helm: string; settings: Settings };
}

/** Counts for tests and logs: runs started, cancelled as stale, answered from the cache, finished. */
export interface SchedulerStats {
  started: number;
  cancelled: number;
  cached: number;
  finished: number;
}

const CACHE_SIZE = 16;

/** The chart a template belongs to: the folder with a Chart.yaml whose templates/ holds the file (no cache: one lookup). */
export function chartOfTemplate(path: string): string | undefined {
  return new ChartFiles().chartOf(path);
}

export class ChartScheduler {
  readonly stats: SchedulerStats = { started: 0, cancelled: 0, cached: 0, finished: 0 };
  private readonly charts = new Map<string, ChartState>();
  private readonly cache = new Map<string, ChartLint>();
  private readonly published = new Map<string, Diagnostic[]>();
  /** Where Chart.yaml files are, looked up once per folder: `handles` runs on every keystroke. */
  private readonly chartFiles = new ChartFiles();
  /** helm paths that could not be started: their charts use the masked lint until the settings change. */
  private readonly missing = new Set<string>();
  private hinted = false;
  private trusted: boolean;

  constructor(
    private readonly host: ChartHost,
    trusted: boolean,
    private readonly options: SchedulerOptions = {},
  ) {
    this.trusted = trusted;
  }

  /** Whether the document is a chart template this scheduler lints (else it gets the masked lint). */
  handles(path: string | undefined, settings: Settings): boolean {
    if (!path || !/\.(ya?ml|tpl)$/i.test(path) || !this.chartFiles.chartOf(path)) return false;
    if (!this.trusted) {
      this.hintOnce(
        'sidecar-lint: Helm templates are linted with their {{ }} actions masked in an untrusted workspace. Trust the workspace to lint them through helm template, with every finding on its template line.',
      );
      return false;
    }
    return !this.missing.has(settings.helmPath || 'helm');
  }

  setTrusted(trusted: boolean): void {
    this.trusted = trusted;
  }

  /** Settings changed: helm may be somewhere else now, and cached results are stale. */
  reset(): void {
    this.missing.clear();
    this.cache.clear();
    this.chartFiles.clear();
    for (const state of this.charts.values()) state.running = undefined; // a render under way used the old settings
  }

  /** An edit (or an open): render after the idle delay; a run under way is stale and cancelled. */
  changed(path: string): void {
    const chart = this.chartFiles.chartOf(path);
    if (!chart) return;
    const state = this.stateOf(chart);
    // A validation without an edit (e.g. right after the save that started the render) would otherwise throw away a
    // render of exactly what the chart holds now and start again after the idle delay.
    if (this.renderingNow(chart, state)) return;
    this.cancel(state);
    state.timer = setTimeout(() => void this.run(chart), this.options.idleMs ?? 500);
  }

  /** A values file or Chart.yaml of a chart changed (in its buffer or on save): its open templates render again. */
  chartFileChanged(path: string, now: boolean): void {
    const chart = dirname(path);
    if (!this.trusted || !/\.ya?ml$/i.test(path) || !existsSync(join(chart, 'Chart.yaml')) || this.openTemplates(chart).length === 0) return;
    const state = this.stateOf(chart);
    this.cancel(state);
    if (now) void this.run(chart);
    else state.timer = setTimeout(() => void this.run(chart), this.options.idleMs ?? 500);
  }

  /** Saved: render now (unless the render under way, e.g. the idle one, is of exactly what was saved). */
  saved(path: string): void {
    const chart = this.chartFiles.chartOf(path);
    if (!chart) return this.chartFileChanged(path, true);
    const state = this.stateOf(chart);
    if (this.renderingNow(chart, state)) return;
    this.cancel(state);
    void this.run(chart);
  }

  closed(uri: string): void {
    this.published.delete(uri);
  }

  /** The chart diagnostics last published for a document (for the suppression quick fix). */
  diagnosticsOf(uri: string): Diagnostic[] | undefined {
    return this.published.get(uri);
  }

  private stateOf(chart: string): ChartState {
    let state = this.charts.get(chart);
    if (!state) this.charts.set(chart, (state = {}));
    return state;
  }

  private cancel(state: ChartState): void {
    if (state.timer) clearTimeout(state.timer);
    state.timer = undefined;
    if (state.controller && !state.controller.signal.aborted) {
      state.controller.abort();
      this.stats.cancelled++;
      this.host.log('sidecar-lint: a chart render was cancelled: the chart changed while it ran');
    }
    state.controller = undefined;
  }

  private buffersOf(chart: string): Map<string, string> {
    return new Map(
      this.host
        .openDocuments()
        .filter((d) => d.path.startsWith(chart + sep))
        .map((d) => [d.path, d.text]),
    );
  }

  /** Whether a render is under way of exactly what the chart holds now (buffers and disk), so its result is current. */
  private renderingNow(chart: string, state: ChartState): boolean {
    const running = state.running;
    if (!running || state.controller !== running.controller || running.controller.signal.aborted) return false;
    try {
      return contentKey(chart, this.buffersOf(chart), running.valuesFiles, running.helm, running.settings) === running.key;
    } catch {
      return false;
    }
  }

  private openTemplates(chart: string): ChartDocument[] {
    return this.host.openDocuments().filter((d) => this.chartFiles.chartOf(d.path) === chart);
  }

  private async run(chart: string): Promise<void> {
    const state = this.stateOf(chart);
    state.timer = undefined;
    const controller = new AbortController();
    state.controller = controller;
    const open = this.openTemplates(chart);
    if (open.length === 0) return;
    try {
      const settings = await this.host.settings(open[0].uri);
      const overlays = this.buffersOf(chart);
      const valuesFiles = settings.helmValuesFiles.map((file) => (isAbsolute(file) ? file : resolve(chart, file)));
      const helm = settings.helmPath || 'helm';
      if (!this.trusted || this.missing.has(helm)) return;
      const key = contentKey(chart, overlays, valuesFiles, helm, settings);
      if (controller.signal.aborted) return;
      const cached = this.cache.get(key);
      if (cached) {
        this.stats.cached++;
        this.publish(chart, cached);
        return;
      }
      this.stats.started++;
      state.running = { controller, key, valuesFiles, helm, settings };
      const result = await lintChart({
        chartDir: chart,
        valuesFiles,
        overlays,
        helm,
        settings,
        timeoutMs: this.options.timeoutMs ?? 5000,
        signal: controller.signal,
      });
      if (controller.signal.aborted || state.controller !== controller) return;
      state.controller = undefined;
      this.stats.finished++;
      if (result.error?.kind === 'not-found' || result.error?.kind === 'timeout') {
        if (result.error.kind === 'not-found') {
          this.missing.add(helm);
          this.hintOnce(
            `sidecar-lint: ${result.error.message}. Helm templates are linted with their {{ }} actions masked, which finds less: install helm or set sidecarLint.helm.path to lint charts through helm template, with every finding on its template line.`,
          );
        } else this.host.log(`sidecar-lint: ${result.error.message} for ${chart}; linting its templates masked this time`);
        for (const doc of this.openTemplates(chart)) this.host.fallback(doc.uri);
        return;
      }
      if (result.error?.kind === 'aborted') return;
      this.cache.set(key, result);
      if (this.cache.size > CACHE_SIZE) this.cache.delete(this.cache.keys().next().value!);
      this.publish(chart, result);
    } catch (error) {
      this.host.log(`sidecar-lint: rendering ${chart} failed: ${String(error)}`);
    } finally {
      if (state.running?.controller === controller) state.running = undefined;
    }
  }

  /** Every open template of the chart gets its findings (none clears what was there). */
  private publish(chart: string, result: ChartLint): void {
    const open = this.openTemplates(chart);
    const byPath = new Map<string, Diagnostic[]>(open.map((d) => [d.path, []]));
    const uriOf = new Map(this.host.openDocuments().map((d) => [d.path, d.uri]));
    for (const finding of result.findings) byPath.get(finding.file)?.push(chartDiagnostic(finding, (path) => uriOf.get(path) ?? pathUri(path)));
    for (const doc of open) {
      const diagnostics = byPath.get(doc.path) ?? [];
      this.published.set(doc.uri, diagnostics);
      this.host.publish(doc.uri, diagnostics);
    }
  }

  private hintOnce(message: string): void {
    if (this.hinted) return;
    this.hinted = true;
    this.host.hint(message);
  }
}

function pathUri(path: string): string {
  return `file://${path
    .split(sep)
    .map(encodeURIComponent)
    .join('/')
    .replace(/^([^/])/, '/$1')}`;
}

/** A hash of everything a render reads: every file of the chart (open buffers instead of the disk), values, helm, settings. */
export function contentKey(chart: string, overlays: ReadonlyMap<string, string>, valuesFiles: string[], helm: string, settings: Settings): string {
  const hash = createHash('sha256');
  hash.update(`${helm}\0${JSON.stringify(settings)}\0`);
  const walk = (dir: string) => {
    for (const entry of readdirSync(dir, { withFileTypes: true }).sort((a, b) => a.name.localeCompare(b.name))) {
      const path = join(dir, entry.name);
      if (entry.isDirectory()) {
        if (entry.name !== '.git' && entry.name !== 'node_modules') walk(path);
      } else if (entry.isFile())
        hash
          .update(`${path}\0`)
          .update(overlays.get(path) ?? readFileSync(path))
          .update('\0');
    }
  };
  walk(chart);
  for (const file of valuesFiles) {
    hash.update(`${file}\0`);
    try {
      hash.update(overlays.get(file) ?? readFileSync(file));
    } catch {
      hash.update('missing');
    }
  }
  return hash.digest('hex');
}
