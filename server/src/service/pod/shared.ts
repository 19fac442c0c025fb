/** Whether a node is shared through an anchor, an alias or a merge key: editing it would change other places too. */
import { isPair, isScalar, visit, type Document, type Node, type Scalar } from 'yaml';
import { hasAnchor, isMergeKey } from '../yamlNodes';

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

// Per document, as before: the anchored spans are found once, on the first edit that asks.
const anchoredRanges = new WeakMap<Document, [number, number][]>();

/** True when [start, end) lies in a node that carries an anchor: an edit there would change every alias of it too. */
export function insideAnchor(doc: Document, start: number, end: number): boolean {
  let ranges = anchoredRanges.get(doc);
  if (!ranges) {
    const found: [number, number][] = [];
    visit(doc, {
      Node(_key, node) {
        const range = (node as Node).range;
        if ((node as { anchor?: string }).anchor && range) found.push([range[0], range[2]]);
      },
    });
    anchoredRanges.set(doc, (ranges = found));
  }
  return ranges.some(([from, to]) => from <= start && end <= to);
}
