/**
 * Places each finding of a built overlay on the base or patch line that set the field: the last source that sets it
 * (the base, then each patch in kustomize's order), or for an item's merge key (a container's `name`) the source that
 * added the item. A field no source sets (a label `commonLabels` added, an image `images:` rewrote) falls back to the
 * nearest enclosing field some source sets.
 */
import { isMap, isScalar, isSeq, type Node } from 'yaml';
import type { ResolvedFinding } from '../service';
import { DocCache, sourcesOf, type BuiltObject, type SourceDoc } from './objects';
import { endsOnMergeKey, isPrefix, locate, pointerSteps, walk, type Found, type Step } from './paths';
import type { ImageEntry, OverlayTree, ReadText } from './tree';

/** A finding placed in a source file of the overlay; offsets are into that file's text. */
export interface PlacedFinding extends ResolvedFinding {
  file: string;
}

interface Place {
  file: string;
  start: number;
  end: number;
}

/** Maps every finding of the built text onto the overlay's files; `objects` are the built text's documents in order. */
export function mapFindings(findings: ResolvedFinding[], objects: BuiltObject[], tree: OverlayTree, read: ReadText): PlacedFinding[] {
  const cache = new DocCache();
  const sources = new Map<BuiltObject, SourceDoc[]>();
  const sourcesFor = (object: BuiltObject) => {
    let found = sources.get(object);
    if (!found) sources.set(object, (found = sourcesOf(object, tree, read, cache)));
    return found;
  };
  const rootPlace: Place = { file: tree.root.file, start: 0, end: Math.max(0, tree.root.text.indexOf('\n')) };
  const place = (offset: number): Place => {
    const object = objects.find((o) => o.doc.range !== undefined && o.doc.range[0] <= offset && offset < Math.max(o.doc.range[2], o.doc.range[0] + 1));
    if (!object) return rootPlace;
    return placeIn(object, locate(object.doc.contents, offset), sourcesFor(object)) ?? rootPlace;
  };
  return findings.map((finding) => {
    const at = place(finding.start);
    const related = finding.related?.flatMap((r) => {
      const other = place(r.start);
      return other.file === at.file ? [{ ...r, start: other.start, end: other.end }] : [];
    });
    const placed: PlacedFinding = { ...finding, file: at.file, start: at.start, end: at.end, fixes: [] };
    if (related?.length) placed.related = related;
    else delete placed.related;
    return placed;
  });
}

/** Where one located field of an object goes, walking up to enclosing fields until some source sets one. */
function placeIn(object: BuiltObject, located: { steps: Step[]; onKey: boolean }, sources: SourceDoc[]): Place | undefined {
  if (sources.length === 0) return undefined;
  for (const { steps, onKey } of candidates(located)) {
    const hit = lastSetter(object, sources, steps, endsOnMergeKey(steps));
    if (hit) return placeOf(hit.source, hit.found, onKey);
  }
  return undefined;
}

/** The field itself, then each enclosing field: a list item stands for itself by its merge key (a container's `name`). */
function candidates(located: { steps: Step[]; onKey: boolean }): { steps: Step[]; onKey: boolean }[] {
  const out = [located];
  for (let k = located.steps.length - 1; k > 0; k--) {
    const prefix = located.steps.slice(0, k);
    const last = prefix[k - 1];
    if ('mergeKey' in last) out.push({ steps: [...prefix, { key: last.mergeKey }], onKey: false });
    else if ('key' in last) out.push({ steps: prefix, onKey: true });
  }
  out.push({ steps: [{ key: 'kind' }], onKey: false });
  return out;
}

/** The last source that sets the steps (the first, for an item's identity). */
function lastSetter(object: BuiltObject, sources: SourceDoc[], steps: Step[], first: boolean): { source: SourceDoc; found: Found } | undefined {
  let hit: { source: SourceDoc; found: Found } | undefined;
  // The image as each source leaves it, so an `images:` entry is matched against the name it saw.
  let image: string | undefined;
  for (const source of sources) {
    const rewrite = source.images ? imageRewrite(source.images, steps, image) : undefined;
    const found = source.images ? rewrite : source.patch?.json6902 ? inOperations(object, source, steps) : walk(source.doc.contents as Node | null, steps);
    if (!found) continue;
    hit = { source, found };
    image = rewrite ? rewrite.image : isScalar(found.value) && typeof found.value.value === 'string' ? found.value.value : image;
    if (first) break;
  }
  return hit;
}

/** A container's `image` that an `images:` entry rewrites (kustomize's ImageTagTransformer): the entry's newTag, digest or newName. */
function imageRewrite(entries: ImageEntry[], steps: Step[], image: string | undefined): (Found & { image: string }) | undefined {
  const last = steps[steps.length - 1];
  if (image === undefined || !last || !('key' in last) || last.key !== 'image') return undefined;
  const name = imageName(image);
  const entry = entries.find((e) => e.name === name);
  if (!entry) return undefined;
  const tag = entry.digest ? `@${entry.digest}` : entry.newTag !== undefined ? `:${entry.newTag}` : image.slice(name.length);
  return { value: entry.node, key: entry.node, image: `${entry.newName ?? name}${tag}` };
}

/** The name of an image reference without its tag or digest (a registry port's colon is not a tag). */
function imageName(image: string): string {
  const at = image.indexOf('@');
  const withoutDigest = at >= 0 ? image.slice(0, at) : image;
  const colon = withoutDigest.lastIndexOf(':');
  return colon > withoutDigest.lastIndexOf('/') ? withoutDigest.slice(0, colon) : withoutDigest;
}

/** Where a JSON 6902 patch sets the steps: inside the value of the last add/replace whose path leads to them or below. */
function inOperations(object: BuiltObject, source: SourceDoc, steps: Step[]): Found | undefined {
  const ops = source.doc.contents;
  if (!isSeq(ops)) return undefined;
  let hit: Found | undefined;
  for (const op of ops.items) {
    if (!isMap(op)) continue;
    const kind = op.get('op');
    const pathNode = op.get('path', true) as Node | undefined;
    const value = op.get('value', true) as Node | undefined;
    if ((kind !== 'add' && kind !== 'replace') || !isScalar(pathNode) || typeof pathNode.value !== 'string') continue;
    const opSteps = pointerSteps(pathNode.value, object.doc.contents, value);
    if (!opSteps) continue;
    if (isPrefix(opSteps, steps)) {
      const rest = steps.slice(opSteps.length);
      const found = rest.length === 0 ? { value: value ?? null, key: pathNode } : walk(value, rest);
      if (found) hit = found;
    } else if (isPrefix(steps, opSteps)) hit = { value: pathNode, key: pathNode };
  }
  return hit;
}

/** The key when the finding sits on a key (or the value is a whole map or list), else the value. */
function placeOf(source: SourceDoc, found: Found, onKey: boolean): Place {
  const node = onKey || !isScalar(found.value) ? (found.key ?? found.value) : found.value;
  const range = node?.range ?? source.doc.contents?.range ?? [0, 0, 0];
  return { file: source.file, start: source.toFile(range[0]), end: source.toFile(Math.max(range[0], range[1])) };
}
