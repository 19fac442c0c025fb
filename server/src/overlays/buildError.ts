/** Where a build error goes: the kustomization entry kustomize's message names, else the first line of the overlay's kustomization. */
import { resolve } from 'node:path';
import { isMap, isScalar, isSeq, parseDocument, type Node } from 'yaml';
import type { OverlayTree } from './tree';

const ENTRY_LISTS = [
  'resources',
  'bases',
  'components',
  'patchesStrategicMerge',
  'patches',
  'patchesJson6902',
  'crds',
  'configurations',
  'transformers',
  'generators',
];

/** The file and offsets of a build error, as precise as kustomize's message allows. */
export function buildErrorPlace(tree: OverlayTree, message: string): { file: string; start: number; end: number } {
  // The innermost kustomization the message names (`recursed accumulation of path '/x/base'`) holds the problem.
  const levels = [...tree.levels].sort((a, b) => b.dir.length - a.dir.length);
  for (const level of levels) {
    const named = message.includes(`'${level.dir}'`) || level === tree.root;
    if (!named) continue;
    const doc = parseDocument(level.text);
    const syntax = /yaml: line (\d+):/.exec(message);
    if (syntax && message.includes(`path '${level.dir}'`)) return lineOf(level.file, level.text, Number(syntax[1]) - 1);
    for (const key of ENTRY_LISTS) {
      const seq = doc.get(key, true);
      if (!isSeq(seq)) continue;
      for (const item of seq.items) {
        const pathNode = isMap(item) ? (item.get('path', true) as Node | undefined) : item;
        if (!isScalar(pathNode) || typeof pathNode.value !== 'string' || !pathNode.range) continue;
        const value = pathNode.value;
        if (mentions(message, value) || message.includes(resolve(level.dir, value)))
          return { file: level.file, start: pathNode.range[0], end: pathNode.range[1] };
      }
    }
    if (level === tree.root) break;
  }
  return lineOf(tree.root.file, tree.root.text, 0);
}

/** The message quotes the entry as kustomize writes paths: `'x'`, `path(x)` or `"x"`. */
function mentions(message: string, value: string): boolean {
  return [`'${value}'`, `(${value})`, `"${value}"`, `/${value.replace(/^(\.\.?\/)+/, '')}'`].some((quoted) => message.includes(quoted));
}

function lineOf(file: string, text: string, line: number): { file: string; start: number; end: number } {
  let start = 0;
  for (let i = 0; i < line && start !== -1; i++) start = text.indexOf('\n', start) + 1 || -1;
  if (start < 0) start = 0;
  const end = text.indexOf('\n', start);
  return { file, start, end: end < 0 ? text.length : end.valueOf() };
}
