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
    const edit = isScalar(value) && value.range && value.range[1] > value.range[0] ? booleanTrue(text, value) : undefined;
    edits = edit && [edit];
  } else if (!findPair(doc, mount, 'readOnly')) {
    edits = addEntries(text, mount, [{ key: 'readOnly', value: 'true' }], detectEol(text), indentUnit(text, mount));
  }
  return edits && { title: `Mount '${name}' read-only`, edits, preferred: true };
}

/** `readOnly` is a boolean: a quoted value is a string (`"true"` too), so the whole scalar, quotes and all, becomes `true`. */
function booleanTrue(text: string, value: Scalar): OffsetEdit | undefined {
  if (value.type !== 'QUOTE_DOUBLE' && value.type !== 'QUOTE_SINGLE') return replaceScalar(text, value, 'true');
  if (!value.range || hasAnchor(value) || text.slice(value.range[0], value.range[1]).includes('\n')) return undefined;
  return { start: value.range[0], end: value.range[1], text: 'true' };
}
