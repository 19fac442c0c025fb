/**
 * The CLI's side of overlays: finds the kustomizations under the paths it was given, builds each top-level one (an
 * overlay no other kustomization there uses as a base), and reports the findings on the files the build read. Those
 * files are then not linted one by one: a base is reported through the overlays that deploy it, a patch is never
 * linted as a whole workload.
 */
import { readdirSync, statSync } from 'node:fs';
import { basename, dirname, isAbsolute, join, relative, resolve, sep } from 'node:path';
import { parse } from 'yaml';
import { KUSTOMIZATION_FILE_NAMES } from '../kustomizeFiles';
import type { Settings } from '../service';
import type { BuildTools } from './build';
import { BUILD_ERROR_RULE, lintOverlay, type OverlayResult } from './lintOverlay';
import type { PlacedFinding } from './mapBack';
import { kustomizationIn, readFromDisk, readTree } from './tree';

export interface CliOverlayOptions extends BuildTools {
  cwd: string;
  /** The settings for an overlay: those of its kustomization file's place. */
  settingsFor: (kustomizationFile: string) => Settings;
  timeoutMs?: number;
}

export interface CliOverlayRun {
  /** Findings by absolute file path. */
  findings: Map<string, PlacedFinding[]>;
  /** Absolute paths of files reported through a build: not to be linted one by one. */
  covered: Set<string>;
  /** One-line notes for stderr (kubectl missing, a build that timed out). */
  notes: string[];
  /** For each file, the overlays (folders relative to cwd) that reported on it. */
  overlaysOf: Map<string, string[]>;
}

const MAX_WALK_DIRECTORIES = 5000;

/** Folders holding a kustomization at or below the given paths (a kustomization file given by name counts for its folder). */
export function kustomizationDirs(paths: string[], cwd: string, limits = { directories: MAX_WALK_DIRECTORIES, depth: Infinity }): string[] {
  const found = new Set<string>();
  let seen = 0;
  const walk = (dir: string, depth = 0) => {
    if (++seen > limits.directories || depth > limits.depth) return;
    let entries;
    try {
      entries = readdirSync(dir, { withFileTypes: true });
    } catch {
      return;
    }
    if (entries.some((e) => e.isFile() && KUSTOMIZATION_FILE_NAMES.includes(e.name))) found.add(dir);
    for (const e of entries) if (e.isDirectory() && e.name !== 'node_modules' && !e.name.startsWith('.')) walk(join(dir, e.name), depth + 1);
  };
  for (const path of paths) {
    const absolute = resolve(cwd, path);
    try {
      if (statSync(absolute).isDirectory()) walk(absolute);
      else if (KUSTOMIZATION_FILE_NAMES.includes(basename(absolute))) found.add(dirname(absolute));
    } catch {
      // The plain file walk reports paths that do not exist.
    }
  }
  return [...found].sort();
}

/** A `kind: Component` kustomization is only built as part of another one. */
function isComponent(dir: string): boolean {
  const file = kustomizationIn(dir);
  try {
    return (parse(readFromDisk(file!) ?? '') as { kind?: unknown } | null)?.kind === 'Component';
  } catch {
    return false;
  }
}

/** Overlays to build: the kustomization folders no other one among them reaches. */
export function topLevelOverlays(dirs: string[]): string[] {
  const reached = new Set<string>();
  for (const dir of dirs) for (const level of readTree(dir)?.levels.slice(1) ?? []) reached.add(level.dir);
  return dirs.filter((dir) => !reached.has(dir) && !isComponent(dir));
}

/** Builds and lints every top-level overlay under `paths`, two at a time. */
export async function lintOverlaysForCli(paths: string[], options: CliOverlayOptions): Promise<CliOverlayRun> {
  const run: CliOverlayRun = { findings: new Map(), covered: new Set(), notes: [], overlaysOf: new Map() };
  const roots = topLevelOverlays(kustomizationDirs(paths, options.cwd));
  const results: (OverlayResult | undefined)[] = [];
  for (let i = 0; i < roots.length; i += 2)
    results.push(
      ...(await Promise.all(
        roots
          .slice(i, i + 2)
          .map((dir) => lintOverlay(dir, { ...options, settings: options.settingsFor(kustomizationIn(dir) ?? join(dir, 'kustomization.yaml')) })),
      )),
    );
  let missingTool = false;
  const merged = new Map<string, { finding: PlacedFinding; overlays: string[] }>();
  for (const result of results) {
    if (!result) continue;
    const overlay = display(result.dir, options.cwd);
    if (result.skipped === 'missing-tool') missingTool = true;
    else if (result.skipped) run.notes.push(`${overlay}: not built (${result.error}); its files are linted one by one`);
    // Without a build (or with a failed one) the files are linted one by one, as before overlays were understood.
    const built = !result.skipped && !result.findings.some((f) => f.rule === BUILD_ERROR_RULE);
    if (built) for (const file of result.tree.files) run.covered.add(file);
    for (const file of result.tree.files) run.overlaysOf.set(file, [...(run.overlaysOf.get(file) ?? []), overlay]);
    for (const finding of result.findings) {
      const key = `${finding.file}\0${finding.start}\0${finding.end}\0${finding.rule}\0${finding.message}`;
      const entry = merged.get(key);
      if (entry) entry.overlays.push(overlay);
      else merged.set(key, { finding, overlays: [overlay] });
    }
  }
  for (const { finding, overlays } of merged.values()) {
    // A base several overlays deploy: say which of them the finding holds for.
    const shared = (run.overlaysOf.get(finding.file)?.length ?? 0) > 1;
    const message = shared ? `${finding.message} (overlay${overlays.length > 1 ? 's' : ''} ${overlays.join(', ')})` : finding.message;
    run.findings.set(finding.file, [...(run.findings.get(finding.file) ?? []), { ...finding, message }]);
  }
  if (missingTool)
    run.notes.push(
      `cannot run ${options.kustomize ?? options.kubectl ?? 'kubectl'}: Kustomize overlays are linted file by file; install kubectl or pass --kubectl PATH (or --kustomize PATH) to lint them through their build`,
    );
  return run;
}

/** A folder as the person would write it: relative to the working folder when below it. */
export function display(path: string, cwd: string): string {
  const rel = relative(cwd, path);
  return rel === '' ? '.' : rel.startsWith('..') || isAbsolute(rel) ? path : rel.split(sep).join('/');
}
