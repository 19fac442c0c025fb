/** Recognises Helm and other Go templates: `{{` in the YAML structure itself, not inside a quoted or block scalar. */
import { parseAllDocuments, visit, type Document } from 'yaml';
import { maskTemplate, type TemplateMask } from './masked/mask';
import type { Settings } from './types';

/** True when `{{` stands in the structure of the document that spans [doc.range[0], doc.range[2]) of `text`. */
export function isTemplated(text: string, doc: Document): boolean {
  const [start, end] = doc.range ? [doc.range[0], doc.range[2]] : [0, text.length];
  const first = text.indexOf('{{', start);
  if (first === -1 || first >= end) return false;
  if (doc.errors.length > 0) return true;
  const safe: [number, number][] = [];
  visit(doc, {
    Scalar(_key, node) {
      if (node.type !== 'PLAIN' && node.range) safe.push([node.range[0], node.range[1]]);
    },
  });
  for (let at = first; at !== -1 && at < end; at = text.indexOf('{{', at + 2)) {
    if (safe.some(([from, to]) => at >= from && at < to)) continue;
    if (inComment(text, at)) continue;
    return true;
  }
  return false;
}

/** A `#` that starts a comment (at a line start or after white space) before `at` on its line. */
function inComment(text: string, at: number): boolean {
  const lineStart = text.lastIndexOf('\n', at - 1) + 1;
  return /(^|[ \t])#/.test(text.slice(lineStart, at));
}

/**
 * A Helm chart's template read without helm (the adapters say the file is one: `fileContext.helmChart`): its actions
 * masked, so that findings on literal text can still be reported. Undefined for any other text, which is parsed as is.
 */
export interface HelmView {
  /** The text the rules read: the template with its actions masked (same length), or the text itself. */
  text: string;
  docs: Document[];
  mask?: TemplateMask;
}

export function helmView(text: string, settings: Settings): HelmView | undefined {
  const helm = settings.fileContext?.helmChart;
  // `_helpers.tpl`, NOTES.txt and other support files of a chart are never linted.
  if (helm === 'support') return { text, docs: [] };
  if (helm !== 'template') return undefined;
  const mask = maskTemplate(text);
  if (!mask) return undefined;
  const docs = parseMasked(mask.text);
  for (const doc of docs) masked.add(doc);
  return { text: mask.text, docs, mask };
}

const masked = new WeakSet<Document>();

/**
 * Duplicate keys are allowed: the two branches of an `if`/`else` often write the same key, and only one is rendered.
 * Both lie inside a block, so no finding rests on either.
 */
export function parseMasked(text: string): Document[] {
  const docs = parseAllDocuments(text, { prettyErrors: false, uniqueKeys: false, strict: false });
  return Array.isArray(docs) ? (docs as Document[]) : [];
}

/** True for a document parsed from a masked template: its structure is the template's, its values may not be. */
export function isMaskedDocument(doc: Document): boolean {
  return masked.has(doc);
}

/** True when the text is a chart template with actions, linted through its mask (helm would give the full analysis). */
export function usesMaskedTemplate(text: string, settings: Settings): boolean {
  return settings.fileContext?.helmChart === 'template' && text.includes('{{');
}
