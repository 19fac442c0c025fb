/** The rename suggestion of the container-name rules: the name's own scalar rewritten in its quoting, the new name choosable. */
import type { Node } from 'yaml';
import { editableScalar } from '../pod/shared';
import { replaceScalar } from '../scalarEdit';
import type { Fix } from '../types';
import type { Container, PodSpec } from '../workloads';
import { findPair } from '../yamlNodes';
import { choosable } from './placeholder';

/** Undefined when the name is not the container's own editable scalar (an alias, an anchor) or is longer than a label. */
export function renameContainer(text: string, pod: PodSpec, container: Container, rename: string): Fix | undefined {
  if (rename.length > 63 || !container.direct) return undefined;
  const found = findPair(pod.doc, container.node, 'name');
  const scalar = found?.direct ? editableScalar(pod.doc, found.pair.value as Node) : undefined;
  const edit = scalar && replaceScalar(text, scalar, rename);
  return edit ? { title: `Rename to '${rename}'`, edits: choosable([edit]), kind: 'suggestion' } : undefined;
}
