/** Make it a native sidecar: `restartPolicy: Always` set in place on a container. */
import { isAlias, isScalar, type Node } from 'yaml';
import { insertLines, pairEnd } from '../edits';
import { columnOf, detectEol, nextLineStart } from '../text';
import type { OffsetEdit } from '../types';
import type { Container } from '../workloads';
import { hasAnchor, keyName } from '../yamlNodes';

/** Sets `restartPolicy: Always` on a container where it is written: the value replaced, or a line after `image`/`name`. */
export function setRestartPolicyAlways(text: string, container: Container): OffsetEdit[] | undefined {
  const map = container.node;
  if (!container.direct || hasAnchor(map) || !map.range) return undefined;
  const own = map.items.find((p) => keyName(p) === 'restartPolicy');
  if (own) {
    const value = own.value as Node | null;
    if (!value || !value.range || hasAnchor(value) || !(isScalar(value) || isAlias(value)) || value.range[1] <= value.range[0]) return undefined;
    return [{ start: value.range[0], end: value.range[1], text: 'Always' }];
  }
  const after = map.items.find((p) => keyName(p) === 'image') ?? map.items.find((p) => keyName(p) === 'name') ?? map.items[0];
  const firstKey = map.items[0]?.key as Node | undefined;
  if (!after || !firstKey?.range) return undefined;
  if (map.flow) {
    const close = text.lastIndexOf('}', map.range[1] - 1);
    if (close < map.range[0] || text.slice(map.range[0], close).includes('\n') || text.slice(map.range[0], close).includes('#')) return undefined;
    let at = close;
    while (at > map.range[0] && /\s/.test(text[at - 1])) at--;
    if (text[at - 1] === ',') at--;
    return [{ start: at, end: at, text: ', restartPolicy: Always' }];
  }
  const end = pairEnd(text, after);
  const eol = detectEol(text);
  const line = `${' '.repeat(columnOf(text, firstKey.range[0]))}restartPolicy: Always${eol}`;
  return [insertLines(text, nextLineStart(text, end), line, eol)];
}
