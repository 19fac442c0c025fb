/**
 * What the Kustomize files around a manifest say about it: whether a kustomization lists it as a patch, and which
 * image names a kustomization of the same tree rewrites. The adapters pass the answers in `Settings.fileContext`.
 */
import { existsSync, readdirSync, readFileSync } from 'node:fs';
import { dirname, join, resolve } from 'node:path';
import { parse, parseAllDocuments } from 'yaml';
import type { FileContext } from './service/pod/source';

/** The names `kustomize` reads a kustomization from (RecognizedKustomizationFileNames in kustomize api/konfig/general.go). */
export const KUSTOMIZATION_FILE_NAMES = ['kustomization.yaml', 'kustomization.yml', 'Kustomization'];
/** How far above a manifest a kustomization that lists it may sit. */
const MAX_LEVELS_UP = 4;
/** How deep, and how many directories, the search for sibling overlays reads. */
const MAX_SCAN_DEPTH = 3;
const MAX_SCAN_DIRECTORIES = 300;

interface Kustomization {
  dir: string;
  patches: string[];
  images: string[];
  /** Other files whose content the answers came from (transformer configs and the kustomizations listing them). */
  sources: string[];
}

/** Reads kustomizations once per directory; one instance per CLI run, cleared by the server when such a file changes. */
export class KustomizeFiles {
  private readonly byDir = new Map<string, Kustomization | null>();

  clear(): void {
    this.byDir.clear();
  }

  /** The file context of one manifest: a listed patch, and the images its tree rewrites. */
  contextOf(manifestPath: string): FileContext {
    const context: FileContext = {};
    if (this.isPatch(manifestPath)) context.kustomizePatch = true;
    const images = this.rewrittenImages(manifestPath);
    if (images.length > 0) context.rewrittenImages = images;
    return context;
  }

  /** True when a kustomization at or above the manifest lists it under `patches` or `patchesStrategicMerge`. */
  isPatch(manifestPath: string): boolean {
    const target = resolve(manifestPath);
    return this.ancestors(target).some((dir) => this.read(dir)?.patches.some((p) => resolve(dir, p) === target));
  }

  /** The `images[].name` of every kustomization above the manifest and in the tree beside the topmost one (overlays). */
  rewrittenImages(manifestPath: string): string[] {
    const ancestors = this.ancestors(resolve(manifestPath)).filter((dir) => this.read(dir));
    if (ancestors.length === 0) return [];
    const names = new Set<string>();
    const top = ancestors[ancestors.length - 1];
    for (const dir of [...ancestors, ...this.scan(dirname(top))]) for (const name of this.read(dir)?.images ?? []) names.add(name);
    return [...names].sort();
  }

  private ancestors(path: string): string[] {
    return ancestorDirs(path);
  }

  /** Directories under `root` that hold a kustomization, breadth first within the depth and count limits. */
  private scan(root: string): string[] {
    const found: string[] = [];
    let level = [root];
    let seen = 0;
    for (let depth = 0; depth <= MAX_SCAN_DEPTH && level.length > 0; depth++) {
      const next: string[] = [];
      for (const dir of level) {
        if (++seen > MAX_SCAN_DIRECTORIES) return found;
        if (this.read(dir)) found.push(dir);
        next.push(...subdirectories(dir));
      }
      level = next;
    }
    return found;
  }

  /** True when a file changed on disk may change an answer given: a transformer config read for `images`. */
  dependsOn(path: string): boolean {
    const target = resolve(path);
    for (const k of this.byDir.values()) if (k?.sources.includes(target)) return true;
    return false;
  }

  private read(dir: string): Kustomization | undefined {
    let cached = this.byDir.get(dir);
    if (cached === undefined) {
      cached = readKustomization(dir);
      this.byDir.set(dir, cached);
    }
    return cached ?? undefined;
  }
}

/** The manifest's directory and those above it, up to a repository root (a `.git`) or MAX_LEVELS_UP levels. */
export function ancestorDirs(path: string): string[] {
  const dirs: string[] = [];
  for (let dir = dirname(path); dirs.length <= MAX_LEVELS_UP; dir = dirname(dir)) {
    dirs.push(dir);
    if (existsSync(join(dir, '.git')) || dirname(dir) === dir) break;
  }
  return dirs;
}

function subdirectories(dir: string): string[] {
  try {
    return readdirSync(dir, { withFileTypes: true })
      .filter((e) => e.isDirectory() && !e.name.startsWith('.') && e.name !== 'node_modules')
      .map((e) => join(dir, e.name));
  } catch {
    return [];
  }
}

/** The patches and image names of the kustomization in `dir`, or null when there is none or it does not parse. */
export function readKustomization(dir: string): Kustomization | null {
  for (const name of KUSTOMIZATION_FILE_NAMES) {
    let value: unknown;
    try {
      value = parse(readFileSync(join(dir, name), 'utf8'));
    } catch {
      continue;
    }
    if (!value || typeof value !== 'object') return null;
    const k = value as { patches?: unknown; patchesStrategicMerge?: unknown; images?: unknown; transformers?: unknown };
    const paths = [...list(k.patchesStrategicMerge), ...list(k.patches).map((p) => (isObject(p) ? p.path : p))];
    // An inline patch (a YAML string with a line break) names no file.
    const patches = paths.filter((p): p is string => typeof p === 'string' && !p.includes('\n'));
    const images = list(k.images).flatMap((i) => (isObject(i) && typeof i.name === 'string' ? [i.name] : []));
    const sources: string[] = [];
    images.push(...list(k.transformers).flatMap((t) => imageTagTransformerNames(dir, t, sources)));
    return { dir, patches, images, sources };
  }
  return null;
}

/**
 * The image names `ImageTagTransformer` configs under `transformers:` rewrite, as `images:` does (kustomize's builtin
 * ImageTagTransformer, https://kubectl.docs.kubernetes.io/references/kustomize/builtins/#_imagetagtransformer_): an
 * inline config, a file of configs, or a directory whose kustomization lists such files as `resources`.
 */
function imageTagTransformerNames(dir: string, entry: unknown, sources: string[]): string[] {
  if (isObject(entry)) return imageTagName(entry);
  if (typeof entry !== 'string') return [];
  if (entry.includes('\n')) return configNames(entry); // an inline config
  const path = resolve(dir, entry);
  const isDirectory = KUSTOMIZATION_FILE_NAMES.some((name) => existsSync(join(path, name)));
  const files = isDirectory ? resourcesOf(path) : [path];
  sources.push(...files, ...(isDirectory ? KUSTOMIZATION_FILE_NAMES.map((name) => join(path, name)) : []));
  return files.flatMap((file) => {
    try {
      return configNames(readFileSync(file, 'utf8'));
    } catch {
      return []; // unreadable: a missing file or a directory without a kustomization
    }
  });
}

/** The files a kustomization in `dir` lists under `resources`, resolved (the configs a transformer directory holds). */
function resourcesOf(dir: string): string[] {
  for (const name of KUSTOMIZATION_FILE_NAMES) {
    try {
      const value = parse(readFileSync(join(dir, name), 'utf8')) as { resources?: unknown } | null;
      return list(value?.resources).flatMap((r) => (typeof r === 'string' ? [resolve(dir, r)] : []));
    } catch {
      continue;
    }
  }
  return [];
}

function configNames(text: string): string[] {
  try {
    return parseAllDocuments(text).flatMap((doc) => ('errors' in doc && doc.errors.length === 0 ? imageTagName(doc.toJS() as unknown) : []));
  } catch {
    return [];
  }
}

function imageTagName(config: unknown): string[] {
  if (!isObject(config) || config.kind !== 'ImageTagTransformer' || !isObject(config.imageTag)) return [];
  return typeof config.imageTag.name === 'string' ? [config.imageTag.name] : [];
}

/** The value when it is a list, else none (YAML read as plain data). */
export function list(value: unknown): unknown[] {
  return Array.isArray(value) ? value : [];
}

/** True for a map read as plain data. */
export function isObject(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

/** True when a kustomization at or above the manifest lists it as a patch (one-off lookup without a cache). */
export function isKustomizePatch(manifestPath: string): boolean {
  return new KustomizeFiles().isPatch(manifestPath);
}

/** The image names Kustomize rewrites for the manifest's tree (one-off lookup without a cache). */
export function kustomizeImageNames(manifestPath: string): string[] {
  return new KustomizeFiles().rewrittenImages(manifestPath);
}
