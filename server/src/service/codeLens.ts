/** One code lens per pod spec: its effective requests and limits (§3), the sidecars' share, and the total over replicas. */
import { CodeLens, Command } from 'vscode-languageserver-types';
import { toRange } from './diagnostics';
import type { ObjectOutline, PodOutline } from './outline';
import { formatQuantity, multiply, resourceNames, type PodResources, type ResourceList } from './resources';
import type { Positions } from './text';

/** `cpu 1600m, memory 1208Mi`: cpu and memory always, other resources when the list has them. */
export function formatList(list: ResourceList, names: string[], unbounded: Set<string> = new Set()): string {
  return names
    .filter((name) => name === 'cpu' || name === 'memory' || list.has(name))
    .map((name) => `${name} ${unbounded.has(name) ? 'unbounded' : formatQuantity(name, list.get(name) ?? 0n)}`)
    .join(', ');
}

/** The lens title: `requests … · limits … · sidecars … · helpers … · ×3 replicas: …`. */
export function lensTitle(resources: PodResources, replicas?: PodOutline['replicas']): string {
  const names = resourceNames(resources.requests, resources.limits);
  const limitNames = names.filter((name) => name === 'cpu' || name === 'memory' || resources.limits.has(name));
  const parts = [`requests ${formatList(resources.requests, names)}`, `limits ${formatList(resources.limits, limitNames, resources.unbounded)}`];
  if (resources.hasSidecars) parts.push(`sidecars ${formatList(resources.sidecars, resourceNames(resources.sidecars))}`);
  if (resources.hasHelpers) parts.push(`helpers ${formatList(resources.helpers, resourceNames(resources.helpers))}`);
  if (resources.injected) {
    const proxy = resources.injected;
    parts.push(`${proxy.name} (injected by ${proxy.mesh}) ${formatList(proxy.requests, resourceNames(proxy.requests))}`);
  }
  if (replicas) {
    const total = `requests ${formatList(multiply(resources.requests, replicas.count), names)}`;
    const bounded = limitNames.filter((name) => !resources.unbounded.has(name));
    const limits = bounded.length ? ` · limits ${formatList(multiply(resources.limits, replicas.count), bounded)}` : '';
    parts.push(`×${replicas.count} ${replicas.count === 1n ? replicas.noun.replace(/s$/, '') : replicas.noun}: ${total}${limits}`);
  }
  if (resources.invalid) parts.push(`${resources.invalid} invalid ${resources.invalid === 1 ? 'quantity' : 'quantities'} ignored`);
  return parts.join(' · ');
}

function* podsOf(objects: ObjectOutline[]): Generator<PodOutline> {
  for (const object of objects) {
    if (!object.clean) continue;
    yield* object.pods;
    yield* podsOf(object.items);
  }
}

/** Titles of outlines that are still cached: a lens request after an edit formats only the documents it changed. */
const titles = new WeakMap<PodOutline, string>();

/** Lenses for the documents of a text (offsets of each document relative to its `start`); a lens with `command: ''` is a label. */
export function codeLenses(documents: { start: number; objects: ObjectOutline[] }[], lines: Positions): CodeLens[] {
  const lenses: CodeLens[] = [];
  for (const { start, objects } of documents) {
    for (const pod of podsOf(objects)) {
      if (!pod.resources) continue;
      const lens = CodeLens.create(toRange(lines, start + pod.keyStart, start + pod.keyEnd));
      let title = titles.get(pod);
      if (title === undefined) titles.set(pod, (title = lensTitle(pod.resources, pod.replicas)));
      lens.command = Command.create(title, '');
      lenses.push(lens);
    }
  }
  return lenses;
}
