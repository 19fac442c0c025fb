/** Replacing one scalar's text in place, in its own quoting style, and finding scalars that are safe to edit. */
import { isPair, isScalar, visit, type Document, type Node, type Scalar } from 'yaml';
import type { OffsetEdit } from './types';
import { hasAnchor, isMergeKey } from './yamlNodes';

const PLAIN_SAFE = /^[A-Za-z0-9][A-Za-z0-9._/+-]*$/;

/**
 * An edit that makes `node` read `value`: inside the quotes of a quoted scalar, over the whole of a plain one.
 * Undefined for block and multi-line scalars, anchored ones (other places read them), and values the style cannot hold.
 */
export function replaceScalar(text: string, node: Scalar, value: string): OffsetEdit | undefined {
  if (!node.range || hasAnchor(node)) return undefined;
  const [start, end] = node.range;
  if (text.slice(start, end).includes('\n')) return undefined;
  if (node.type === 'PLAIN') return PLAIN_SAFE.test(value) ? { start, end, text: value } : undefined;
  if (node.type === 'QUOTE_DOUBLE' && !/["\\]/.test(value)) return { start: start + 1, end: end - 1, text: value };
  if (node.type === 'QUOTE_SINGLE' && !value.includes("'")) return { start: start + 1, end: end - 1, text: value };
  return undefined;
}

/**
 * True when nothing on the way from the document root to `node` (itself included) carries an anchor: then the node is
 * read only here, not through an alias or a merge key elsewhere, and editing it changes only this place. Anything
 * under a merge key (`<<`) is refused too: whether it counts depends on the keys around it.
 */
export function readOnlyHere(doc: Document, node: Node): boolean {
  let result = false;
  visit(doc, {
    Node(_key, current, path) {
      if (current !== node) return undefined;
      result = [...path, current].every((step) => !hasAnchor(step) && !(isPair(step) && isMergeKey(step)));
      return visit.BREAK;
    },
  });
  return result;
}

/** The scalar `node` when it can be edited in place: a scalar (not an alias) read only here. */
export function editableScalar(doc: Document, node: Node | undefined): Scalar | undefined {
  return isScalar(node) && readOnlyHere(doc, node) ? node : undefined;
}


