/** Mount read-only: `readOnly: true` on one volumeMount, set in place or added in the mount's own style. */
import { isScalar, type Document, type Node, type Scalar, type YAMLMap } from 'yaml';
import { addEntries, indentUnit } from '../edits';
import { detectEol } from '../text';
import type { Fix, OffsetEdit } from '../types';
import { findPair, hasAnchor, isMergeKey, keyName } from '../yamlNodes';
import { readOnlyHere } from '../pod/shared';
import { replaceScalar } from '../scalarEdit';

/** Undefined when the mount is not written in place (aliases, anchors) or its `readOnly` comes through a merge key. */
export function mountReadOnly(text: string, doc: Document, mount: YAMLMap, name: string): Fix | undefined {
  if (!readOnlyHere(doc, mount)) return undefined;
  const own = mount.items.find((p) => !isMergeKey(p) && keyName(p) === 'readOnly');
  let edits: OffsetEdit[] | undefined;
  if (own) {
    const value = own.value as Node | null;
    // A quoted "true" is a string the API rejects: the value becomes a plain boolean, quotes and all.
    const quoted = isScalar(value) && (value.type === 'QUOTE_DOUBLE' || value.type === 'QUOTE_SINGLE') && value.range;
    const edit = quoted
      ? replaceQuoted(text, value as Scalar)
      : isScalar(value) && value.range && value.range[1] > value.range[0]
        ? replaceScalar(text, value, 'true')
        : undefined;
    edits = edit && [edit];
  } else if (!findPair(doc, mount, 'readOnly')) {
    edits = addEntries(text, mount, [{ key: 'readOnly', value: 'true' }], detectEol(text), indentUnit(text, mount));
  }
  return edits && { title: `Mount '${name}' read-only`, edits, preferred: true };
}

/** The whole quoted scalar replaced by a plain `true`, unless it spans lines, is tagged, or other places read it (an anchor). */
function replaceQuoted(text: string, node: Scalar): OffsetEdit | undefined {
  const [start, end] = node.range!;
  // A tag before the quotes (`!!str "false"`) would stay and make the new `true` a string again.
  if (hasAnchor(node) || node.tag || text.slice(start, end).includes('\n')) return undefined;
  return { start, end, text: 'true' };
}
