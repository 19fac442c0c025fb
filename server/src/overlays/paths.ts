/**
 * Paths into an object that survive a strategic merge: a list item of a merge-keyed list (`containers`, `env`,
 * `volumeMounts`, ...) is named by its merge key (`containers[name=app]`), so the same field can be found in a base, in
 * each patch and in the built output whatever the order of the items.
 */
import { isMap, isScalar, isSeq, type Node, type Pair } from 'yaml';

/** A step: a map key, an item named by its merge key, or a plain index (lists that patches replace whole). */
export type Step = { key: string } | { mergeKey: string; value: string } | { index: number };

/** patchMergeKey of the lists kustomize merges item by item (k8s.io/api core/v1 types.go struct tags). */
export const MERGE_KEYS: Record<string, string> = {
  containers: 'name',
  initContainers: 'name',
  ephemeralContainers: 'name',
  volumes: 'name',
  env: 'name',
  volumeMounts: 'mountPath',
  volumeDevices: 'devicePath',
  ports: 'containerPort',
  imagePullSecrets: 'name',
  hostAliases: 'ip',
  topologySpreadConstraints: 'topologyKey',
  resourceClaims: 'name',
};

/** Where an offset lies in a built document: the steps to the deepest node holding it, and whether it is on a key. */
export interface Located {
  steps: Step[];
  onKey: boolean;
}

const scalarText = (node: unknown) => (isScalar(node) ? String(node.value) : undefined);

/** The item's merge-key value when its list is merge-keyed, else its index. */
function itemStep(listKey: string | undefined, item: unknown, index: number): Step {
  const mergeKey = listKey !== undefined ? MERGE_KEYS[listKey] : undefined;
  const value = mergeKey && isMap(item) ? scalarText(item.get(mergeKey, true)) : undefined;
  return mergeKey && value !== undefined ? { mergeKey, value } : { index };
}

const within = (node: Node | null | undefined, offset: number) =>
  Boolean(node?.range && node.range[0] <= offset && offset < Math.max(node.range[1], node.range[0] + 1));

/** The steps from `root` to the node holding `offset`. */
export function locate(root: Node | null, offset: number): Located {
  const steps: Step[] = [];
  let node: Node | null | undefined = root;
  let listKey: string | undefined;
  for (;;) {
    if (isMap(node)) {
      const pair = node.items.find((p) => within(p.key as Node, offset) || within(p.value as Node, offset));
      if (!pair) return { steps, onKey: false };
      const key = scalarText(pair.key) ?? '';
      steps.push({ key });
      if (within(pair.key as Node, offset)) return { steps, onKey: true };
      listKey = key;
      node = pair.value as Node;
    } else if (isSeq(node)) {
      const index = node.items.findIndex((item) => within(item as Node, offset));
      if (index < 0) return { steps, onKey: false };
      steps.push(itemStep(listKey, node.items[index], index));
      listKey = undefined;
      node = node.items[index] as Node;
    } else return { steps, onKey: false };
  }
}

/** What `walk` found: the value node at the end, and the key node when the last step was a map key. */
export interface Found {
  value: Node | null;
  key?: Node;
}

/** Follows `steps` from `root`; undefined when some step is not there. */
export function walk(root: Node | null | undefined, steps: Step[]): Found | undefined {
  let found: Found = { value: root ?? null };
  for (const step of steps) {
    const node = found.value;
    if ('key' in step) {
      if (!isMap(node)) return undefined;
      const pair = node.items.find((p) => scalarText(p.key) === step.key) as Pair<Node, Node | null> | undefined;
      if (!pair) return undefined;
      found = { value: pair.value, key: pair.key };
    } else if (!isSeq(node)) return undefined;
    else if ('index' in step) {
      const item = node.items[step.index] as Node | undefined;
      if (!item) return undefined;
      found = { value: item };
    } else {
      const item = node.items.find((i) => isMap(i) && scalarText(i.get(step.mergeKey, true)) === step.value) as Node | undefined;
      if (!item) return undefined;
      found = { value: item };
    }
  }
  return found;
}

/** The steps of a JSON pointer (`/spec/template/spec/containers/1/image`), items named through the built object where it can. */
export function pointerSteps(pointer: string, built: Node | null, added: Node | null | undefined): Step[] | undefined {
  if (!pointer.startsWith('/')) return pointer === '' ? [] : undefined;
  const parts = pointer
    .slice(1)
    .split('/')
    .map((p) => p.replace(/~1/g, '/').replace(/~0/g, '~'));
  const steps: Step[] = [];
  let node: Node | null | undefined = built;
  let listKey: string | undefined;
  for (const [i, part] of parts.entries()) {
    if (isSeq(node) || (listKey !== undefined && MERGE_KEYS[listKey] && (/^\d+$/.test(part) || part === '-'))) {
      const mergeKey = listKey !== undefined ? MERGE_KEYS[listKey] : undefined;
      if (part === '-' && i === parts.length - 1) {
        const value = mergeKey && isMap(added) ? scalarText(added.get(mergeKey, true)) : undefined;
        if (mergeKey && value !== undefined) steps.push({ mergeKey, value });
        else return undefined;
        node = undefined;
      } else if (/^\d+$/.test(part)) {
        const item = isSeq(node) ? node.items[Number(part)] : undefined;
        steps.push(itemStep(listKey, item, Number(part)));
        node = item as Node | undefined;
      } else return undefined;
      listKey = undefined;
    } else {
      steps.push({ key: part });
      listKey = part;
      node = isMap(node) ? (node.get(part, true) as Node | undefined) : undefined;
    }
  }
  return steps;
}

export const isPrefix = (prefix: Step[], steps: Step[]) => prefix.length <= steps.length && prefix.every((s, i) => sameStep(s, steps[i]));

export function sameStep(a: Step, b: Step): boolean {
  if ('key' in a) return 'key' in b && a.key === b.key;
  if ('index' in a) return 'index' in b && a.index === b.index;
  return 'mergeKey' in b && a.mergeKey === b.mergeKey && a.value === b.value;
}

/** True when the last step names the merge key of an item (`containers[name=app].name`): the item's identity, not a value. */
export function endsOnMergeKey(steps: Step[]): boolean {
  const last = steps[steps.length - 1];
  const item = steps[steps.length - 2];
  return steps.length >= 2 && 'key' in last && item !== undefined && 'mergeKey' in item && item.mergeKey === last.key;
}
