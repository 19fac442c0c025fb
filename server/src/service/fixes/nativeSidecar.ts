/** Convert to native sidecar: move a container to the front of `initContainers` with `restartPolicy: Always`. */
import { isAlias, isMap, isScalar, isSeq, visit, type Document, type Node, type Pair, type YAMLMap } from 'yaml';
import { insertLines, pairEnd, reindent } from '../edits';
import { columnOf, detectEol, indentOf, lineStartAt, nextLineStart, applyEdits } from '../text';
import type { Fix, OffsetEdit } from '../types';
import { containerLabel, type Container, type PodSpec } from '../workloads';
import { hasAnchor, hasMergeKey, keyName, resolve } from '../yamlNodes';
import { sharesVolumeWith } from '../pod/mounts';
import { blockItemSpan } from './blockItem';

/**
 * Undefined when the move cannot be made without risk (flow lists, aliases, anchors, merge keys), or when the container
 * is the pod's only app container: a pod needs at least one entry in `containers`, which the API server requires.
 */
export function convertToNativeSidecar(text: string, pod: PodSpec, container: Container, kind: 'fix' | 'suggestion' = 'fix'): Fix | undefined {
  if (!pod.containers.some((c) => c.role === 'app' && c !== container)) return undefined;
  const edits = moveEdits(text, pod, container);
  if (!edits) return undefined;
  const title = `Convert '${containerLabel(container)}' to a native sidecar`;
  return kind === 'fix' ? { title, edits, preferred: true, kind } : { title, edits, kind };
}

// Mesh set-up init containers write the pod's traffic rules; they must run before the proxy starts.
const MESH_INIT = new Set(['istio-init', 'istio-validation', 'linkerd-init', 'proxy-init', 'kuma-init']);

/**
 * A converted helper goes after the mesh set-up init containers and the native sidecars already at the front (so that
 * converting several, one after the other, keeps their order), before the first other init container.
 */
function staysAhead(item: unknown): boolean {
  if (!isMap(item)) return false;
  const name = item.get('name');
  const policy = item.get('restartPolicy');
  return (typeof name === 'string' && MESH_INIT.has(name)) || policy === 'Always';
}

/**
 * The index of the last init container that mounts a volume the helper mounts (it writes its config, certificates or
 * traffic rules): as an app container the helper started after it, and it must still do so, as sidecar-after-init
 * expects. -1 when there is none.
 */
function lastPreparingInit(pod: PodSpec, container: Container): number {
  const sharing = sharesVolumeWith(pod, container).filter((c) => c.list === 'initContainers' && c.role === 'init');
  return Math.max(-1, ...sharing.map((c) => c.index));
}

function moveEdits(text: string, pod: PodSpec, container: Container): OffsetEdit[] | undefined {
  const apps = pod.lists.containers;
  if (!apps || !apps.direct || apps.seq.flow || hasAnchor(apps.seq) || !container.direct || container.list !== 'containers') return undefined;
  if (pod.spec.flow || hasAnchor(pod.spec) || hasMergeKey(pod.spec)) return undefined;
  const item = container.node;
  if (hasAnchor(item) || hasKeepChomping(text, item)) return undefined;
  const span = blockItemSpan(text, item);
  if (!span) return undefined;
  const eol = detectEol(text);
  const target = insertionPoint(text, pod, container, span.dashColumn, eol);
  if (!target || !aliasesStayValid(pod.doc, item, target.offset, span)) return undefined;
  const moved = withRestartPolicy(text, item, span.start, text.slice(span.start, span.end), eol);
  if (moved === undefined) return undefined;
  const block = reindent(moved.endsWith('\n') ? moved : moved + eol, target.dashColumn - span.dashColumn);
  return [...target.edits, insertLines(text, target.offset, target.header + block, eol), removal(text, span.start, span.end)];
}

interface Target {
  offset: number;
  dashColumn: number;
  /** `initContainers:` when the key is created. */
  header: string;
  edits: OffsetEdit[];
}

/**
 * Where the moved item goes: before the first init container it does not depend on, under an empty key, or a new key
 * before `containers`.
 */
function insertionPoint(text: string, pod: PodSpec, container: Container, appDashColumn: number, eol: string): Target | undefined {
  const appsPair = pod.lists.containers!.pair;
  const appsKey = appsPair.key as Node;
  const appsKeyColumn = columnOf(text, appsKey.range![0]);
  const initPair = pod.spec.items.find((p) => keyName(p) === 'initContainers');
  if (!initPair) {
    if (pod.lists.initContainers) return undefined; // brought in by a merge key
    const keyLine = lineStartAt(text, appsKey.range![0]);
    if (indentOf(text, keyLine) !== appsKeyColumn) return undefined;
    return {
      offset: leadingCommentsStart(text, keyLine, appsKeyColumn),
      dashColumn: appDashColumn,
      header: `${' '.repeat(appsKeyColumn)}initContainers:${eol}`,
      edits: [],
    };
  }
  const value = initPair.value as Node | null;
  if (isSeq(value) && !value.flow && value.items.length > 0 && !hasAnchor(value)) {
    if (value.items.some((item) => isAlias(item) || !(item as Node).range)) return undefined;
    const after = lastPreparingInit(pod, container);
    const ahead = value.items.findIndex((item, index) => index > after && !staysAhead(item));
    const before = value.items[ahead === -1 ? value.items.length - 1 : ahead] as Node;
    const span = blockItemSpan(text, before);
    if (!span) return undefined;
    return { offset: ahead === -1 ? span.end : span.start, dashColumn: span.dashColumn, header: '', edits: [] };
  }
  return emptyInitTarget(text, initPair, appDashColumn - appsKeyColumn);
}

/** `initContainers:` with no value, `null`, `~` or `[]`: the value is dropped and the item goes on the next line. */
function emptyInitTarget(text: string, pair: Pair, dashOffset: number): Target | undefined {
  const value = pair.value as Node | null;
  const key = pair.key as Node;
  const isEmpty = !value || (isScalar(value) && value.value === null) || (isSeq(value) && value.items.length === 0 && !hasAnchor(value));
  if (!isEmpty || !key.range) return undefined;
  const keyColumn = columnOf(text, key.range[0]);
  const colon = text.indexOf(':', key.range[1]);
  const edits: OffsetEdit[] = [];
  if (value?.range && value.range[1] > value.range[0]) edits.push({ start: colon + 1, end: value.range[1], text: '' });
  const after = value?.range && value.range[1] > value.range[0] ? value.range[1] : colon + 1;
  return { offset: nextLineStart(text, after), dashColumn: keyColumn + Math.max(0, dashOffset), header: '', edits };
}

/** The comment lines right above a key at its indentation belong to it, so new keys go above them. */
function leadingCommentsStart(text: string, keyLine: number, column: number): number {
  let start = keyLine;
  while (start > 0) {
    const above = lineStartAt(text, start - 1);
    if (!text.slice(above, start).trim().startsWith('#') || indentOf(text, above) !== column) break;
    start = above;
  }
  return start;
}

/** Aliases inside the item must still follow their anchors once the item sits at `offset`. */
function aliasesStayValid(doc: Document, item: YAMLMap, offset: number, span: { start: number; end: number }): boolean {
  let valid = true;
  visit(item, {
    Alias(_key, alias) {
      const target = resolve(doc, alias);
      const at = target?.range?.[0];
      if (at === undefined || (!(at >= span.start && at < span.end) && at >= offset)) {
        valid = false;
        return visit.BREAK;
      }
      return undefined;
    },
  });
  return valid;
}

/** `|+` and `>+` keep trailing blank lines that a line-based move would not carry. */
export function hasKeepChomping(text: string, item: YAMLMap): boolean {
  let keep = false;
  visit(item, {
    Scalar(_key, scalar) {
      if (
        (scalar.type === 'BLOCK_LITERAL' || scalar.type === 'BLOCK_FOLDED') &&
        scalar.range &&
        /^[|>][0-9]?\+|^[|>]\+/.test(text.slice(scalar.range[0], scalar.range[0] + 3))
      ) {
        keep = true;
        return visit.BREAK;
      }
      return undefined;
    },
  });
  return keep;
}

/** The item's text with `restartPolicy: Always` set: after `image`, else after `name`, else after the first key. */
function withRestartPolicy(text: string, item: YAMLMap, base: number, block: string, eol: string): string | undefined {
  const existing = item.items.find((p) => keyName(p) === 'restartPolicy');
  if (existing) {
    const value = existing.value as Node | null;
    if (!isScalar(value) || !value.range) return undefined;
    return applyEdits(block, [{ start: value.range[0] - base, end: value.range[1] - base, text: 'Always' }]);
  }
  const after = item.items.find((p) => keyName(p) === 'image') ?? item.items.find((p) => keyName(p) === 'name') ?? item.items[0];
  if (!after) return undefined;
  if (item.flow) {
    const close = text.lastIndexOf('}', item.range![1] - 1);
    if (text.slice(item.range![0], close).includes('\n')) return undefined;
    return applyEdits(block, [{ start: close - base, end: close - base, text: ', restartPolicy: Always' }]);
  }
  const keyStart = (item.items[0].key as Node).range![0];
  const column = columnOf(text, keyStart);
  const at = nextLineStart(text, pairEnd(text, after)) - base;
  const line = `${' '.repeat(column)}restartPolicy: Always${eol}`;
  if (at >= block.length && !block.endsWith('\n')) return block + eol + line.slice(0, -eol.length);
  return applyEdits(block, [{ start: at, end: at, text: line }]);
}

/**
 * Removes the item's lines; at the end of a text without a final line break, the break before it goes instead, as
 * written there (`\r\n` or `\n`: a file can mix them, so the first line's ending says nothing about this one).
 */
export function removal(text: string, start: number, end: number): OffsetEdit {
  if (end === text.length && !text.endsWith('\n') && start > 0 && text[start - 1] === '\n') {
    return { start: start - (text[start - 2] === '\r' ? 2 : 1), end, text: '' };
  }
  return { start, end, text: '' };
}
