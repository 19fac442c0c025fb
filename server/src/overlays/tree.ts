/**
 * The kustomization tree of an overlay as kustomize walks it: each kustomization (a level) with its name changes and
 * its patches in the order kustomize applies them, and which level lists each resource file. Read from disk (or from
 * the editor's buffers through `read`), never built.
 */
import { existsSync, readFileSync, statSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { isMap, isScalar, isSeq, parseDocument, type Document, type Node } from 'yaml';
import { KUSTOMIZATION_FILE_NAMES } from '../kustomizeFiles';

/** Reads a file's text (the editor passes its unsaved buffers); undefined when it cannot be read. */
export type ReadText = (path: string) => string | undefined;

export const readFromDisk: ReadText = (path) => {
  try {
    return readFileSync(path, 'utf8');
  } catch {
    return undefined;
  }
};

/** Which objects a patch applies to (`patches[].target`); name, namespace and the selectors as kustomize reads them. */
export interface PatchTarget {
  kind?: string;
  name?: string;
  namespace?: string;
  labelSelector?: string;
}

/** One patch of a level: its text lives in `file` (a patch file, or the kustomization for an inline patch). */
export interface PatchSource {
  file: string;
  text: string;
  /** The patch's documents as text of their own, with `toFile` turning an offset in `body` into one in `file`. */
  body: string;
  toFile: (offset: number) => number;
  /** Where the entry sits in the kustomization, for findings that cannot be placed inside the patch. */
  entry: { file: string; start: number; end: number };
  target?: PatchTarget;
  /** A JSON 6902 patch (a list of operations) rather than a strategic-merge patch. */
  json6902: boolean;
}

export interface Level {
  dir: string;
  /** The kustomization file of this level. */
  file: string;
  text: string;
  parent?: Level;
  namePrefix: string;
  nameSuffix: string;
  /** In the order kustomize applies them: components' patches, patchesStrategicMerge, patches, patchesJson6902. */
  patches: PatchSource[];
  /** Each resource file this level lists, by absolute path. */
  resources: string[];
  /** The `images:` entries, which kustomize applies after this level's patches. */
  images: ImageEntry[];
}

/** One `images:` entry: the image name it matches and the node of what it sets (newTag, digest, else newName). */
export interface ImageEntry {
  name: string;
  newName?: string;
  newTag?: string;
  digest?: string;
  node: Node;
}

export interface OverlayTree {
  root: Level;
  levels: Level[];
  /** Every file the build reads from the tree: kustomizations, resources and patch files. */
  files: Set<string>;
  /** The level that lists each resource file. */
  levelOf: Map<string, Level>;
}

/** The kustomization file in `dir`, if any. */
export function kustomizationIn(dir: string, read: ReadText = readFromDisk): string | undefined {
  for (const name of KUSTOMIZATION_FILE_NAMES) {
    const path = join(dir, name);
    if (read(path) !== undefined) return path;
  }
  return undefined;
}

const MAX_LEVELS = 200;

/** Walks the kustomization in `dir` and everything it reaches; undefined when `dir` holds none. */
export function readTree(dir: string, read: ReadText = readFromDisk): OverlayTree | undefined {
  const tree: Partial<OverlayTree> & { levels: Level[]; files: Set<string>; levelOf: Map<string, Level> } = {
    levels: [],
    files: new Set(),
    levelOf: new Map(),
  };
  const visiting = new Set<string>();
  const walk = (levelDir: string, parent: Level | undefined): Level | undefined => {
    const file = kustomizationIn(levelDir, read);
    if (!file || visiting.has(levelDir) || tree.levels.length >= MAX_LEVELS) return undefined;
    visiting.add(levelDir);
    const text = read(file)!;
    tree.files.add(file);
    const doc = parseDocument(text);
    const level: Level = {
      dir: levelDir,
      file,
      text,
      parent,
      namePrefix: str(doc, 'namePrefix'),
      nameSuffix: str(doc, 'nameSuffix'),
      patches: [],
      resources: [],
      images: imagesOf(doc),
    };
    tree.levels.push(level);
    for (const entry of [...entries(doc, 'resources'), ...entries(doc, 'bases')]) {
      const path = resolve(levelDir, entry.value);
      if (isDirectory(path)) walk(path, level);
      else if (!/^[a-z]+:\/\//i.test(entry.value) && read(path) !== undefined) {
        level.resources.push(path);
        tree.files.add(path);
        tree.levelOf.set(path, level);
      }
    }
    for (const entry of entries(doc, 'components')) {
      const child = walk(resolve(levelDir, entry.value), level);
      // A component's patches apply to everything its parent gathered, before the parent's own patches.
      if (child) level.patches.push(...child.patches.splice(0));
    }
    level.patches.push(...patchesOf(doc, level, read, tree.files));
    visiting.delete(levelDir);
    return level;
  };
  const root = walk(resolve(dir), undefined);
  if (!root) return undefined;
  return { ...tree, root } as OverlayTree;
}

function isDirectory(path: string): boolean {
  try {
    return existsSync(path) && statSync(path).isDirectory();
  } catch {
    return false;
  }
}

function str(doc: Document, key: string): string {
  const value = doc.get(key);
  return typeof value === 'string' ? value : '';
}

interface Entry {
  value: string;
  node: Node;
}

/** The string items of a top-level list, with their nodes. */
function entries(doc: Document, key: string): Entry[] {
  const seq = doc.get(key, true);
  if (!isSeq(seq)) return [];
  return seq.items.flatMap((item) => (isScalar(item) && typeof item.value === 'string' ? [{ value: item.value, node: item }] : []));
}

function range(node: Node | null | undefined, fallback: [number, number]): [number, number] {
  return node?.range ? [node.range[0], node.range[1]] : fallback;
}

/** The patches of one kustomization, in kustomize's order (PatchStrategicMerge, Patch, then PatchJson6902 transformers). */
function patchesOf(doc: Document, level: Level, read: ReadText, files: Set<string>): PatchSource[] {
  const out: PatchSource[] = [];
  const add = (item: Node, pathNode: Node | undefined, inline: Node | undefined, target: PatchTarget | undefined, json: boolean | undefined) => {
    const [start, end] = range(item, [0, 0]);
    const entry = { file: level.file, start, end };
    if (isScalar(pathNode) && typeof pathNode.value === 'string') {
      const file = resolve(level.dir, pathNode.value);
      const text = read(file);
      if (text === undefined) return;
      files.add(file);
      out.push({ file, text, body: text, toFile: (o) => o, entry, target, json6902: json ?? looksLikeJsonPatch(text) });
    } else if (isScalar(inline) && typeof inline.value === 'string') {
      const mapped = inlineText(level.text, inline);
      out.push({
        file: level.file,
        text: level.text,
        body: mapped.body,
        toFile: mapped.toFile,
        entry,
        target,
        json6902: json ?? looksLikeJsonPatch(inline.value),
      });
    }
  };
  const smp = doc.get('patchesStrategicMerge', true);
  if (isSeq(smp))
    for (const item of smp.items) {
      // An item is a file name, or a whole patch written inline as a string.
      if (isScalar(item) && typeof item.value === 'string')
        add(item, item.value.includes('\n') ? undefined : item, item.value.includes('\n') ? item : undefined, undefined, false);
    }
  const patches = doc.get('patches', true);
  if (isSeq(patches))
    for (const item of patches.items) {
      if (isScalar(item)) add(item, item, undefined, undefined, undefined);
      else if (isMap(item))
        add(item, item.get('path', true) as Node | undefined, item.get('patch', true) as Node | undefined, targetOf(item.get('target')), undefined);
    }
  const json = doc.get('patchesJson6902', true);
  if (isSeq(json))
    for (const item of json.items)
      if (isMap(item)) add(item, item.get('path', true) as Node | undefined, item.get('patch', true) as Node | undefined, targetOf(item.get('target')), true);
  return out;
}

function imagesOf(doc: Document): ImageEntry[] {
  const seq = doc.get('images', true);
  if (!isSeq(seq)) return [];
  return seq.items.flatMap((item) => {
    if (!isMap(item)) return [];
    const text = (key: string) => {
      const v = item.get(key);
      return typeof v === 'string' || typeof v === 'number' ? String(v) : undefined;
    };
    const name = text('name');
    const node = (['newTag', 'digest', 'newName'].map((k) => item.get(k, true)).find((n) => isScalar(n)) as Node | undefined) ?? item;
    return name ? [{ name, newName: text('newName'), newTag: text('newTag'), digest: text('digest'), node }] : [];
  });
}

function targetOf(value: unknown): PatchTarget | undefined {
  if (!value || typeof value !== 'object') return undefined;
  const json = (value as { toJSON?: () => unknown }).toJSON?.() ?? value;
  const t = json as Record<string, unknown>;
  const pick = (k: string) => (typeof t[k] === 'string' ? (t[k] as string) : undefined);
  return { kind: pick('kind'), name: pick('name'), namespace: pick('namespace'), labelSelector: pick('labelSelector') };
}

/** A JSON 6902 patch is a list of operations; a strategic-merge patch is an object. */
function looksLikeJsonPatch(text: string): boolean {
  try {
    const value = parseDocument(text).toJSON() as unknown;
    return Array.isArray(value) && value.every((op) => op && typeof op === 'object' && 'op' in op);
  } catch {
    return false;
  }
}

/**
 * The text of a patch written inline in a kustomization as a block scalar (`patch: |-`), and how its offsets map back
 * onto the kustomization's lines. Any other scalar style maps every offset to the scalar's start.
 */
export function inlineText(text: string, scalar: Node): { body: string; toFile: (offset: number) => number } {
  const value = String((scalar as { value?: unknown }).value ?? '');
  const [start, end] = range(scalar, [0, 0]);
  const whole = { body: value, toFile: () => start };
  const type = (scalar as { type?: string }).type;
  if (type !== 'BLOCK_LITERAL') return whole;
  const firstLine = text.indexOf('\n', start) + 1;
  if (firstLine === 0) return whole;
  const raw = text.slice(firstLine, end).split('\n');
  const indent = Math.min(...raw.filter((l) => l.trim() !== '').map((l) => l.length - l.trimStart().length));
  const lines = value.split('\n');
  const starts: number[] = [];
  let at = firstLine;
  for (let i = 0; i < lines.length; i++) {
    const rawLine = raw[i] ?? '';
    if (lines[i] !== '' && rawLine.slice(indent).replace(/\r$/, '') !== lines[i]) return whole;
    starts.push(at + Math.min(indent, rawLine.length));
    at += rawLine.length + 1;
  }
  const lineStarts = [0];
  for (let i = 0; i < lines.length - 1; i++) lineStarts.push(lineStarts[i] + lines[i].length + 1);
  return {
    body: value,
    toFile: (offset) => {
      let line = lineStarts.length - 1;
      while (line > 0 && lineStarts[line] > offset) line--;
      return starts[line] + (offset - lineStarts[line]);
    },
  };
}
