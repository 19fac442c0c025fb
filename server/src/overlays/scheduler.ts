/**
 * Overlays in the editor: builds the overlays an open file belongs to off the typing path (after a short idle on open
 * and edit, at once on save) with the editor's unsaved buffers over the files on disk, cancels a stale build when the
 * tree changes or a newer one starts, caches results by the content of every file the build read (buffers included),
 * and hands the server the diagnostics of each file an overlay placed findings on. Without kubectl, in an
 * untrusted workspace or after a failed build, the files keep their ordinary diagnostics.
 */
import { createHash } from 'node:crypto';
import { pathToFileURL } from 'node:url';
import type { Diagnostic } from 'vscode-languageserver/node';
import { LineIndex, toDiagnostic, type Settings } from '../service';
import { BUILD_TIMEOUT_MS } from './build';
import type { OverlayData } from './editorActions';
import { BUILD_ERROR_RULE, lintOverlay, type OverlayResult } from './lintOverlay';
import { overlaysOf } from './roots';
import { readFromDisk, readTree, type OverlayTree, type ReadText } from './tree';

export interface OverlayHost {
  /** Settings of a document (the kustomize paths among them). */
  settings(uri: string): Promise<Settings>;
  /** Ask the server to publish a document's diagnostics again (it then calls `diagnosticsFor`). */
  revalidate(uri: string): void;
  isOpen(uri: string): boolean;
  /** The text of every open document by file path (unsaved edits count); the build reads these instead of the disk. */
  buffers?(): ReadonlyMap<string, string>;
  /** Shown once per session, when no kubectl can be run. */
  hint(message: string): void;
  log(message: string): void;
}

/** How long after opening or editing a file, or a change on disk, the build waits for more of them. */
export const IDLE_MS = 500;
const CACHE_SIZE = 32;

interface RootState {
  controller?: AbortController;
  /** The cache key of the build under way. */
  building?: string;
  timer?: NodeJS.Timeout;
  /** Diagnostics by file path from the last good build. */
  diagnostics?: Map<string, Diagnostic[]>;
  files?: Set<string>;
}

export class OverlayScheduler {
  private readonly roots = new Map<string, RootState>();
  private readonly rootsOfPath = new Map<string, string[]>();
  private readonly cache = new Map<string, OverlayResult>();
  private hinted = false;
  /** Builds run, for tests and logs. */
  builds = 0;

  constructor(
    private readonly host: OverlayHost,
    private trusted: boolean,
  ) {}

  setTrusted(trusted: boolean): void {
    this.trusted = trusted;
    if (!trusted) for (const root of this.roots.keys()) this.drop(root);
  }

  /** A file was opened: build its overlays once the editor is idle. */
  opened(path: string, uri: string): void {
    for (const root of this.overlayDirs(path)) this.schedule(root, uri, IDLE_MS);
  }

  /** A file was edited (not saved): a build under way reads stale text, so it stops; build again once the editor is idle. */
  changed(path: string, uri: string): void {
    for (const root of this.overlayDirs(path)) {
      this.roots.get(root)?.controller?.abort();
      this.schedule(root, uri, IDLE_MS);
    }
  }

  /** A file was closed: its unsaved edits, if any, no longer count. */
  closed(path: string, uri: string): void {
    for (const root of this.overlayDirs(path)) this.schedule(root, uri, IDLE_MS);
  }

  /** A file was saved: build its overlays now. */
  saved(path: string, uri: string): void {
    this.rootsOfPath.delete(path);
    for (const root of this.overlayDirs(path)) this.schedule(root, uri, 0);
  }

  /** Files changed on disk (a kustomization, a checkout): forget which overlays reach what, and build the open ones again. */
  filesChanged(openFiles: { path: string; uri: string }[]): void {
    this.rootsOfPath.clear();
    for (const { path, uri } of openFiles) for (const root of this.overlayDirs(path)) this.schedule(root, uri, IDLE_MS);
  }

  /** The overlay diagnostics of a file, or undefined when no good build covers it (it gets its ordinary ones). */
  diagnosticsFor(path: string): Diagnostic[] | undefined {
    if (!this.trusted) return undefined;
    let covered = false;
    const out: Diagnostic[] = [];
    for (const state of this.roots.values()) {
      if (!state.files?.has(path) && !state.diagnostics?.has(path)) continue;
      covered = true;
      out.push(...(state.diagnostics?.get(path) ?? []));
    }
    if (!covered) return undefined;
    const seen = new Set<string>();
    return out.filter((d) => {
      const key = JSON.stringify([d.range, d.code, d.message]);
      return seen.has(key) ? false : (seen.add(key), true);
    });
  }

  private overlayDirs(path: string): string[] {
    let dirs = this.rootsOfPath.get(path);
    if (!dirs) {
      try {
        dirs = overlaysOf(path).map((tree) => tree.root.dir);
      } catch (error) {
        this.host.log(`sidecar-lint: looking for the overlays of ${path} failed: ${String(error)}`);
        dirs = [];
      }
      this.rootsOfPath.set(path, dirs);
    }
    return dirs;
  }

  private schedule(root: string, uri: string, delay: number): void {
    if (!this.trusted) return;
    const state = this.roots.get(root) ?? {};
    this.roots.set(root, state);
    clearTimeout(state.timer);
    state.timer = setTimeout(() => void this.run(root, uri, state), delay);
  }

  private drop(root: string): void {
    const state = this.roots.get(root);
    state?.controller?.abort();
    clearTimeout(state?.timer);
    this.roots.delete(root);
  }

  /** One build of one overlay: the newest request wins, an unchanged tree is answered from the cache. */
  private async run(root: string, uri: string, state: RootState): Promise<void> {
    const controller = new AbortController();
    try {
      const settings = await this.host.settings(uri);
      const tools = { kubectl: settings.kustomizeKubectlPath || undefined, kustomize: settings.kustomizePath || undefined };
      const buffers = this.host.buffers?.() ?? new Map<string, string>();
      const key = cacheKey(root, settings, tools, (path) => buffers.get(path) ?? readFromDisk(path));
      // A build of exactly these files is under way (a save, then the file watcher's event for that same write): it stands.
      if (key && state.building === key && state.controller && !state.controller.signal.aborted) return;
      state.controller?.abort();
      state.controller = controller;
      state.building = key;
      let result = key ? this.cache.get(key) : undefined;
      if (!result) {
        this.builds++;
        result = await lintOverlay(root, { settings, ...tools, buffers, timeoutMs: BUILD_TIMEOUT_MS, signal: controller.signal });
        if (controller.signal.aborted || result?.skipped === 'cancelled') return;
        if (result && key && !result.skipped) this.remember(key, result);
      }
      if (state.controller !== controller) return;
      this.apply(root, state, result);
    } catch (error) {
      this.host.log(`sidecar-lint: building the overlay ${root} failed: ${String(error)}`);
    } finally {
      if (state.controller === controller) state.building = undefined;
    }
  }

  private apply(root: string, state: RootState, result: OverlayResult | undefined): void {
    const before = new Set([...(state.files ?? []), ...(state.diagnostics?.keys() ?? [])]);
    if (!result || result.skipped) {
      if (result?.skipped === 'missing-tool' && !this.hinted) {
        this.hinted = true;
        this.host.hint(
          'sidecar-lint: Kustomize overlays are linted file by file because kubectl could not be run. Install kubectl, or set sidecarLint.kustomize.kubectlPath (or kustomize.path), to see findings on the base and patch lines that set them.',
        );
      } else if (result?.skipped === 'timeout') this.host.log(`sidecar-lint: building ${root} took longer than ${BUILD_TIMEOUT_MS} ms`);
      state.files = undefined;
      state.diagnostics = undefined;
    } else {
      const failed = result.findings.some((f) => f.rule === BUILD_ERROR_RULE);
      // After a failed build only the kustomization shows the error; the other files keep their ordinary diagnostics.
      state.files = failed ? new Set([result.tree.root.file]) : new Set(result.tree.files);
      state.diagnostics = toDiagnostics(result);
    }
    for (const path of [...before, ...(state.files ?? [])]) {
      const uri = pathToFileURL(path).toString();
      if (this.host.isOpen(uri)) this.host.revalidate(uri);
    }
  }

  private remember(key: string, result: OverlayResult): void {
    this.cache.delete(key);
    this.cache.set(key, result);
    if (this.cache.size > CACHE_SIZE) this.cache.delete(this.cache.keys().next().value!);
  }
}

/** A hash of every file the build reads (open buffers over the disk), the settings and the program: the same inputs give the same findings. */
function cacheKey(root: string, settings: Settings, tools: object, read: ReadText): string | undefined {
  let tree: OverlayTree | undefined;
  try {
    tree = readTree(root, read);
  } catch {
    return undefined;
  }
  if (!tree) return undefined;
  const hash = createHash('sha256').update(JSON.stringify({ settings: { ...settings, fileContext: undefined }, tools }));
  for (const file of [...tree.files].sort()) hash.update(`\0${file}\0${read(file) ?? ''}`);
  return hash.digest('hex');
}

/** The findings of one build as diagnostics per file, positioned in the text the build read. */
function toDiagnostics(result: OverlayResult): Map<string, Diagnostic[]> {
  const byFile = new Map<string, Diagnostic[]>();
  const lines = new Map<string, LineIndex>();
  for (const finding of result.findings) {
    let index = lines.get(finding.file);
    if (!index) lines.set(finding.file, (index = new LineIndex(result.read(finding.file) ?? '')));
    const uri = pathToFileURL(finding.file).toString();
    const diagnostic = toDiagnostic(finding, index, uri);
    diagnostic.data = { overlay: result.dir } satisfies OverlayData;
    byFile.set(finding.file, [...(byFile.get(finding.file) ?? []), diagnostic]);
  }
  return byFile;
}
