/** A container's declared ports (the one reader of `ports`) and which containers of a pod run at the same time. */
import { isMap, isScalar, type Node, type Scalar, type YAMLMap } from 'yaml';
import { checkBudget } from '../budget';
import { memoized } from '../memo';
import type { Container, PodSpec } from '../workloads';
import { findPair, getSeq, getString, resolve } from '../yamlNodes';

export interface DeclaredPort {
  container: Container;
  containerPort: number;
  portNode: Scalar;
  protocol: string;
  hostPort?: number;
  hostPortNode?: Scalar;
  hostIP: string;
  name?: string;
  /** The `name` value as written, for findings about the port's name. */
  nameNode?: Scalar;
  /** The port entry itself (aliases resolved). */
  portMap: YAMLMap;
  /** The entry as written in the list: the map, or an alias of one. */
  entry: Node;
}

export function declaredPortsOf(pod: PodSpec, container: Container): readonly DeclaredPort[] {
  return portsByContainer(container, pod);
}

// Keyed by the container (the memo's key comes first); a container belongs to one pod spec.
const portsByContainer = memoized((container: Container, pod: PodSpec): readonly DeclaredPort[] => {
  const out: DeclaredPort[] = [];
  for (const raw of getSeq(pod.doc, container.node, 'ports')?.items ?? []) {
    const port = resolve(pod.doc, raw);
    if (!isMap(port)) continue;
    const value = findPair(pod.doc, port, 'containerPort')?.value;
    if (!isScalar(value) || typeof value.value !== 'number') continue;
    const host = findPair(pod.doc, port, 'hostPort')?.value;
    const nameNode = findPair(pod.doc, port, 'name')?.value;
    out.push({
      container,
      containerPort: value.value,
      portNode: value,
      protocol: getString(pod.doc, port, 'protocol') ?? 'TCP',
      hostPort: isScalar(host) && typeof host.value === 'number' && host.value !== 0 ? host.value : undefined,
      hostPortNode: isScalar(host) ? host : undefined,
      hostIP: getString(pod.doc, port, 'hostIP') ?? '',
      name: getString(pod.doc, port, 'name'),
      nameNode: isScalar(nameNode) ? nameNode : undefined,
      portMap: port,
      entry: raw as Node,
    });
  }
  return out;
});

/**
 * Two containers run at the same time when both are app containers or native sidecars, or when a native sidecar
 * is declared before a run-once init container (it is already running while that one runs).
 */
export function concurrent(a: Container, b: Container): boolean {
  if (a === b || a.role === 'ephemeral' || b.role === 'ephemeral') return false;
  if (longRunning(a) && longRunning(b)) return true;
  if (a.role === 'init' && b.role === 'init') return false;
  const [init, other] = a.role === 'init' ? [a, b] : [b, a];
  return other.role === 'sidecar' && other.index < init.index;
}

function longRunning(c: Container): boolean {
  return c.role === 'app' || c.role === 'sidecar';
}

function yields(c: Container): boolean {
  return c.helper !== undefined || c.role === 'sidecar';
}

/** Helpers and native sidecars give way to the app; between equals, the later container does. */
export function whichMoves(pod: PodSpec, a: Container, b: Container): Container {
  if (yields(a) !== yields(b)) return yields(a) ? a : b;
  const rank = documentRank(pod);
  return rank.get(a)! > rank.get(b)! ? a : b;
}

/** Containers in the order they are written in the document. */
export const documentOrder = memoized((pod: PodSpec): readonly Container[] =>
  [...pod.containers].sort((a, b) => (a.node.range?.[0] ?? 0) - (b.node.range?.[0] ?? 0)),
);

/** Each container's place in document order, so comparing two costs no scan. */
const documentRank = memoized((pod: PodSpec): Map<Container, number> => new Map(documentOrder(pod).map((c, i) => [c, i])));

/** Clash findings name and link at most this many other declarations: a pod can repeat one port a thousand times. */
export const MAX_RELATED = 3;

/** A declaration that has to move, the first few it clashes with, and how many there are in all. */
export interface Clash<P> {
  mover: P;
  others: P[];
  count: number;
}

/**
 * Every clash among `ports`: only ports with the same `key` can clash, and `mover` says which of a pair moves
 * (undefined: no clash). Movers come in the order a scan of all pairs meets them; the time budget is checked as it goes.
 */
export function collectClashes<P extends DeclaredPort>(
  pod: PodSpec,
  ports: readonly P[],
  key: (p: P) => string,
  mover: (a: P, b: P) => P | undefined,
): Clash<P>[] {
  const groups = new Map<string, number[]>();
  ports.forEach((port, i) => {
    const k = key(port);
    const group = groups.get(k);
    if (group) group.push(i);
    else groups.set(k, [i]);
  });
  const clashes = new Map<P, Clash<P> & { first: number }>();
  for (const group of groups.values()) {
    for (let x = 0; x < group.length; x++) {
      checkBudget(pod.doc);
      for (let y = x + 1; y < group.length; y++) {
        const [a, b] = [ports[group[x]], ports[group[y]]];
        const moves = mover(a, b);
        if (!moves) continue;
        const other = moves === a ? b : a;
        const clash = clashes.get(moves) ?? { mover: moves, others: [], count: 0, first: group[x] * ports.length + group[y] };
        clashes.set(moves, clash);
        if (clash.others.length < MAX_RELATED) clash.others.push(other);
        clash.count++;
      }
    }
  }
  return [...clashes.values()].sort((p, q) => p.first - q.first).map(({ mover, others, count }) => ({ mover, others, count }));
}

/** `'a', 'b', 'c' and 4 more`: the names of a clash's first others. */
export function otherNames(names: string[], count: number): string {
  const more = count - names.length;
  return more > 0 ? `${names.join(', ')} and ${more} more` : names.join(', ');
}

/** The pod's declared ports, container by container in document order. */
export const podPorts = memoized((pod: PodSpec): readonly DeclaredPort[] => documentOrder(pod).flatMap((c) => declaredPortsOf(pod, c)));

/** Every containerPort the pod declares (any protocol), so a port a fix picks is free for all of them; a fresh set. */
export function usedPorts(pod: PodSpec): Set<number> {
  return new Set(podPorts(pod).map((port) => port.containerPort));
}

/** Every non-zero hostPort the pod declares (any protocol or hostIP, with or without a containerPort); a fresh set. */
export function usedHostPorts(pod: PodSpec): Set<number> {
  const ports = new Set<number>();
  for (const c of pod.containers) {
    for (const item of getSeq(pod.doc, c.node, 'ports')?.items ?? []) {
      const port = resolve(pod.doc, item);
      const value = isMap(port) ? findPair(pod.doc, port, 'hostPort')?.value : undefined;
      if (isScalar(value) && typeof value.value === 'number' && value.value !== 0) ports.add(value.value);
    }
  }
  return ports;
}
