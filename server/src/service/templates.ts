/** Recognises Helm and other Go templates: `{{` in the YAML structure itself, not inside a quoted or block scalar. */
import { visit, type Document } from 'yaml';

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
