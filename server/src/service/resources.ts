/**
 * The effective pod resources of kubernetes-sidecars.md §3 (RES134 `PodRequests`/`PodLimits`) on exact nano-unit values:
 * init containers with the native sidecars started before them, app containers, pod-level resources and overhead.
 */
import type { Document, YAMLMap } from 'yaml';
import { looseQuantityText } from './pod/quantities';
import { isNegative, parseQuantity, toNanos } from './quantity';
import type { Container, PodSpec } from './workloads';
import { findPair, getMap, isMergeKey, keyName, mergeSources } from './yamlNodes';

/** Resource name → value in nano-units (1 cpu = 10^9, 1 byte = 10^9). */
export type ResourceList = Map<string, bigint>;

export interface ContainerInput {
  /** A native sidecar: an init container with `restartPolicy: Always`. */
  sidecar?: boolean;
  requests: ResourceList;
  limits: ResourceList;
}

export interface PodInput {
  /** `initContainers` in their declared order. */
  init: ContainerInput[];
  apps: ContainerInput[];
  podRequests?: ResourceList;
  podLimits?: ResourceList;
  overhead?: ResourceList;
}

export interface EffectiveResources {
  requests: ResourceList;
  /** Bounded limits only; a resource in `unbounded` has none (a container lacks that limit and no pod-level limit sets it). */
  limits: ResourceList;
  unbounded: Set<string>;
}

/** Pod-level resources replace the aggregate only for these (PodLevelResources). */
const POD_LEVEL = ['cpu', 'memory'];

function add(into: ResourceList, from: ResourceList): void {
  for (const [name, value] of from) into.set(name, (into.get(name) ?? 0n) + value);
}

function max(into: ResourceList, from: ResourceList): void {
  for (const [name, value] of from) if (!into.has(name) || into.get(name)! < value) into.set(name, value);
}

/** RES134 `AggregateContainerRequests`/`Limits`: max(each init container plus the sidecars started before it, sidecars + apps). */
export function aggregate(pod: PodInput, section: 'requests' | 'limits'): ResourceList {
  const total: ResourceList = new Map();
  for (const app of pod.apps) add(total, app[section]);
  const sidecars: ResourceList = new Map();
  const initMax: ResourceList = new Map();
  for (const init of pod.init) {
    let use: ResourceList;
    if (init.sidecar) {
      add(total, init[section]);
      add(sidecars, init[section]);
      use = new Map(sidecars);
    } else {
      use = new Map(init[section]);
      add(use, sidecars);
    }
    max(initMax, use);
  }
  max(total, initMax);
  return total;
}

/** The pod's effective requests and limits, after the container and pod-level defaulting of §3.3. */
export function effectiveResources(input: PodInput): EffectiveResources {
  const pod = { ...input, init: input.init.map(defaultRequests), apps: input.apps.map(defaultRequests) };
  const requests = aggregate(pod, 'requests');
  const limits = aggregate(pod, 'limits');
  const containers = [...pod.init, ...pod.apps];
  const unbounded = new Set<string>();
  for (const name of new Set([...requests.keys(), ...limits.keys(), ...POD_LEVEL])) {
    if (containers.length === 0 || containers.some((c) => !c.limits.has(name))) unbounded.add(name);
  }
  for (const name of POD_LEVEL) {
    const podLimit = input.podLimits?.get(name);
    const podRequest = input.podRequests?.get(name) ?? (podLimit !== undefined && !containers.some((c) => c.requests.has(name)) ? podLimit : undefined);
    if (podRequest !== undefined) requests.set(name, podRequest);
    if (podLimit !== undefined) {
      limits.set(name, podLimit);
      unbounded.delete(name);
    }
  }
  for (const name of unbounded) limits.delete(name);
  for (const [name, value] of input.overhead ?? []) {
    requests.set(name, (requests.get(name) ?? 0n) + value);
    // PodLimits adds overhead only to limits that are set and non-zero.
    const limit = limits.get(name);
    if (limit !== undefined && limit !== 0n) limits.set(name, limit + value);
  }
  return { requests, limits, unbounded };
}

/** SetDefaults_Pod: a resource with a limit and no request is requested at its limit. */
function defaultRequests(container: ContainerInput): ContainerInput {
  const requests = new Map(container.requests);
  for (const [name, value] of container.limits) if (!requests.has(name)) requests.set(name, value);
  return { ...container, requests };
}

export function sumOf(containers: ContainerInput[], section: 'requests' | 'limits'): ResourceList {
  const total: ResourceList = new Map();
  for (const c of containers) add(total, c[section]);
  return total;
}

export interface PodResources extends EffectiveResources {
  /** Requests of the native sidecars, and of the app containers recognised as helpers (legacy sidecars). */
  sidecars: ResourceList;
  helpers: ResourceList;
  hasSidecars: boolean;
  hasHelpers: boolean;
  /** Quantities that do not parse or are negative; left out of the sums (invalid-quantity reports them). */
  invalid: number;
  /** A mesh proxy injected at admission (counted in the totals above): its name and requests. */
  injected?: { name: string; initName: string; mesh: string; native: boolean; requests: ResourceList; limits: ResourceList };
}

/** A proxy (and its init container, with the same resources) that a mesh adds to the pod at admission. */
export interface InjectedProxy {
  name: string;
  initName: string;
  mesh: string;
  /** A native sidecar (after its init container, before the pod's own init containers), else one more app container. */
  native: boolean;
  requests: ResourceList;
  limits: ResourceList;
}

/** Reads a pod spec's quantities as Kubernetes would (merge keys and aliases resolved) and applies the formula. */
export function podResources(pod: PodSpec, injected?: InjectedProxy): PodResources {
  const reader = new ListReader(pod.doc);
  const inputs = new Map<Container, ContainerInput>();
  for (const c of pod.containers) {
    if (c.role === 'ephemeral') continue;
    const resources = getMap(pod.doc, c.node, 'resources');
    inputs.set(c, {
      sidecar: c.role === 'sidecar',
      requests: reader.read(getMap(pod.doc, resources, 'requests')),
      limits: reader.read(getMap(pod.doc, resources, 'limits')),
    });
  }
  const podLevel = getMap(pod.doc, pod.spec, 'resources');
  const of = (role: 'init' | 'app') =>
    pod.containers.filter((c) => (role === 'init' ? c.list === 'initContainers' : c.list === 'containers')).map((c) => inputs.get(c)!);
  const proxy: ContainerInput | undefined = injected && { sidecar: injected.native, requests: injected.requests, limits: injected.limits };
  // The mesh's init container runs first with the proxy's resources; a native proxy starts right after it.
  const meshInit: ContainerInput[] = injected ? [{ requests: injected.requests, limits: injected.limits }, ...(injected.native ? [proxy!] : [])] : [];
  const effective = effectiveResources({
    init: [...meshInit, ...of('init')],
    apps: [...of('app'), ...(injected && !injected.native ? [proxy!] : [])],
    podRequests: podLevel && reader.read(getMap(pod.doc, podLevel, 'requests')),
    podLimits: podLevel && reader.read(getMap(pod.doc, podLevel, 'limits')),
    overhead: reader.read(getMap(pod.doc, pod.spec, 'overhead')),
  });
  const sidecars = pod.containers.filter((c) => c.role === 'sidecar');
  const helpers = pod.containers.filter((c) => c.role === 'app' && c.helper);
  return {
    ...effective,
    sidecars: sumOf(
      sidecars.map((c) => defaultRequests(inputs.get(c)!)),
      'requests',
    ),
    helpers: sumOf(
      helpers.map((c) => defaultRequests(inputs.get(c)!)),
      'requests',
    ),
    hasSidecars: sidecars.length > 0,
    hasHelpers: helpers.length > 0,
    invalid: reader.invalid,
    injected: injected && { ...injected, requests: defaultRequests(proxy!).requests },
  };
}

/** Reads `{cpu: 500m, memory: 1Gi}` maps into exact values, counting what it cannot read. */
export class ListReader {
  invalid = 0;

  constructor(private readonly doc: Document) {}

  read(map: YAMLMap | undefined): ResourceList {
    const list: ResourceList = new Map();
    if (!map) return list;
    for (const name of keysOf(this.doc, map)) {
      const text = looseQuantityText(findPair(this.doc, map, name)?.value);
      if (text === undefined) continue;
      const parsed = parseQuantity(text);
      if (parsed.ok && !isNegative(parsed.quantity)) list.set(name, toNanos(parsed.quantity));
      else this.invalid++;
    }
    return list;
  }
}

function keysOf(doc: Document, map: YAMLMap, depth = 0, into = new Set<string>()): Set<string> {
  for (const pair of map.items) {
    if (!isMergeKey(pair)) {
      const key = keyName(pair);
      if (key !== undefined) into.add(key);
      continue;
    }
    if (depth > 8) continue;
    for (const source of mergeSources(doc, pair)) keysOf(doc, source, depth + 1, into);
  }
  return into;
}

const NANO = 1_000_000_000n;
const BINARY: [string, bigint][] = [
  ['Ei', 2n ** 60n],
  ['Pi', 2n ** 50n],
  ['Ti', 2n ** 40n],
  ['Gi', 2n ** 30n],
  ['Mi', 2n ** 20n],
  ['Ki', 2n ** 10n],
];
const DECIMAL: [string, bigint][] = [
  ['E', 10n ** 18n],
  ['P', 10n ** 15n],
  ['T', 10n ** 12n],
  ['G', 10n ** 9n],
  ['M', 10n ** 6n],
  ['k', 10n ** 3n],
];

function isBytes(resource: string): boolean {
  return resource === 'memory' || resource === 'ephemeral-storage' || resource.startsWith('hugepages-');
}

/** An exact value as a Kubernetes quantity: cpu in millicores (`1600m`), bytes in the largest unit that divides them. */
export function formatQuantity(resource: string, nanos: bigint): string {
  if (nanos === 0n) return '0';
  if (resource === 'cpu') return nanos % 1_000_000n === 0n ? `${nanos / 1_000_000n}m` : `${nanos}n`;
  if (nanos % NANO !== 0n) return nanos % 1_000_000n === 0n ? `${nanos / 1_000_000n}m` : `${nanos}n`;
  const whole = nanos / NANO;
  if (!isBytes(resource)) return String(whole);
  for (const [suffix, unit] of BINARY) if (whole % unit === 0n) return `${whole / unit}${suffix}`;
  for (const [suffix, unit] of DECIMAL) if (whole % unit === 0n) return `${whole / unit}${suffix}`;
  return String(whole);
}

export function multiply(list: ResourceList, by: bigint): ResourceList {
  return new Map([...list].map(([name, value]) => [name, value * by]));
}

/** cpu and memory first (always), then any other resource in name order. */
export function resourceNames(...lists: ResourceList[]): string[] {
  const others = new Set<string>();
  for (const list of lists) for (const name of list.keys()) if (!POD_LEVEL.includes(name)) others.add(name);
  return [...POD_LEVEL, ...[...others].sort()];
}
