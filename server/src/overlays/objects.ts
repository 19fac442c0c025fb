/**
 * The sources of one built object: its base document (found through the `config.kubernetes.io/origin` annotation)
 * and the patches that apply to it, in the order kustomize applies them.
 */
import { isMap, isScalar, parseAllDocuments, parseDocument, type Document, type Node } from 'yaml';
import { resolve } from 'node:path';
import type { ImageEntry, Level, OverlayTree, PatchSource, PatchTarget } from './tree';

/** A document some finding may be placed in: `toFile` turns an offset of `doc` into one of `file`'s text. */
export interface SourceDoc {
  file: string;
  text: string;
  doc: Document;
  toFile: (offset: number) => number;
  patch?: PatchSource;
  /** A level's `images:` entries: they set a container's `image` whose name they match. */
  images?: ImageEntry[];
}

/** What the build says of one output object. */
export interface BuiltObject {
  doc: Document;
  kind: string;
  name: string;
  labels: Record<string, string>;
  /** Absolute path of the file it came from, when kustomize names one. */
  origin?: string;
}

export function builtObjects(text: string, originBase: string): BuiltObject[] {
  return allDocuments(text).flatMap((doc) => {
    if (!isMap(doc.contents)) return [];
    const json = (doc.toJSON() ?? {}) as { kind?: unknown; metadata?: { name?: unknown; labels?: unknown; annotations?: Record<string, unknown> } };
    const originText = json.metadata?.annotations?.['config.kubernetes.io/origin'];
    const origin = typeof originText === 'string' ? (parseDocument(originText).toJSON() as { path?: unknown; repo?: unknown } | null) : null;
    return [
      {
        doc,
        kind: typeof json.kind === 'string' ? json.kind : '',
        name: typeof json.metadata?.name === 'string' ? json.metadata.name : '',
        labels: stringMap(json.metadata?.labels),
        origin: origin && typeof origin.path === 'string' && origin.repo === undefined ? resolve(originBase, origin.path) : undefined,
      },
    ];
  });
}

function stringMap(value: unknown): Record<string, string> {
  if (!value || typeof value !== 'object') return {};
  return Object.fromEntries(Object.entries(value).map(([k, v]) => [k, String(v)]));
}

/** Parsed documents of a text, kept per text so each base and patch is parsed once per mapping. */
export class DocCache {
  private readonly byText = new Map<string, Document[]>();

  docs(text: string): Document[] {
    let docs = this.byText.get(text);
    if (!docs) {
      docs = allDocuments(text);
      this.byText.set(text, docs);
    }
    return docs;
  }
}

const kindOf = (doc: Document) => {
  const kind = doc.get('kind');
  return typeof kind === 'string' ? kind : undefined;
};
const nameOf = (doc: Document) => {
  const name = doc.getIn(['metadata', 'name']);
  return typeof name === 'string' ? name : undefined;
};

/** The levels from the one that lists `file` up to the overlay: the order their name changes and patches apply in. */
function chainOf(tree: OverlayTree, file: string): Level[] {
  const chain: Level[] = [];
  for (let level = tree.levelOf.get(file); level; level = level.parent) chain.push(level);
  return chain;
}

/** Every name the object had on its way up: the base's, then after each level's prefix and suffix. */
function namesOnTheWay(original: string, chain: Level[]): string[] {
  const names = [original];
  for (const level of chain) names.push(level.namePrefix + names[names.length - 1] + level.nameSuffix);
  return names;
}

/** The base document and the patches of one built object, in application order; empty when its origin is unknown. */
export function sourcesOf(object: BuiltObject, tree: OverlayTree, read: (path: string) => string | undefined, cache: DocCache): SourceDoc[] {
  const chain = object.origin ? chainOf(tree, object.origin) : [];
  const baseText = object.origin ? read(object.origin) : undefined;
  if (!object.origin || baseText === undefined) return [];
  const sameKind = cache.docs(baseText).filter((d) => kindOf(d) === object.kind);
  const base = sameKind.find((d) => namesOnTheWay(nameOf(d) ?? '', chain).at(-1) === object.name) ?? (sameKind.length === 1 ? sameKind[0] : undefined);
  if (!base) return [];
  const names = new Set([...namesOnTheWay(nameOf(base) ?? '', chain), object.name]);
  const sources: SourceDoc[] = [{ file: object.origin, text: baseText, doc: base, toFile: (o) => o }];
  for (const level of chain) {
    for (const patch of level.patches)
      for (const doc of cache.docs(patch.body))
        if (applies(patch, doc, object, names)) sources.push({ file: patch.file, text: patch.text, doc, toFile: patch.toFile, patch });
    if (level.images.length > 0) sources.push({ file: level.file, text: level.text, doc: parseDocument(''), toFile: (o) => o, images: level.images });
  }
  return sources;
}

/** Whether a patch document applies to the object: its target selects it, or (no target) its kind and name are the object's. */
function applies(patch: PatchSource, doc: Document, object: BuiltObject, names: Set<string>): boolean {
  if (patch.target) return selects(patch.target, object, names);
  if (patch.json6902) return false;
  const name = nameOf(doc);
  return kindOf(doc) === object.kind && name !== undefined && names.has(name);
}

/** kustomize matches `kind` and `name` of a target as anchored regular expressions. */
function matches(pattern: string | undefined, values: Iterable<string>): boolean {
  if (pattern === undefined || pattern === '') return true;
  let regex: RegExp;
  try {
    regex = new RegExp(`^(?:${pattern})$`);
  } catch {
    return [...values].includes(pattern);
  }
  return [...values].some((v) => regex.test(v));
}

function selects(target: PatchTarget, object: BuiltObject, names: Set<string>): boolean {
  if (!matches(target.kind, [object.kind]) || !matches(target.name, names)) return false;
  if (!target.labelSelector) return true;
  // Equality selectors (`app=web,tier=front`); a set-based one is taken as matching rather than guessed at.
  return target.labelSelector.split(',').every((term) => {
    const m = /^\s*([^=!\s]+)\s*(==|=|!=)\s*([^\s]*)\s*$/.exec(term);
    if (!m) return true;
    return m[2] === '!=' ? object.labels[m[1]] !== m[3] : object.labels[m[1]] === m[3];
  });
}

export function isScalarNode(node: Node | null | undefined): boolean {
  return isScalar(node);
}

/** Every document of a text (none for an empty one). */
function allDocuments(text: string): Document[] {
  const docs: unknown = parseAllDocuments(text);
  return Array.isArray(docs) ? (docs as Document[]) : [];
}
