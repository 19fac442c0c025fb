/** Which cpu/memory keys a container (or the pod) declares, as Kubernetes reads them after merges. */
import type { Document, Node, YAMLMap } from 'yaml';
import { addResources } from '../fixes/addResources';
import { containerAnchor, containerLabel, isLongRunning } from '../workloads';
import type { RuleContext, RuleFinding } from './rule';
import type { Container, PodSpec } from '../workloads';
import { findPair, getMap } from '../yamlNodes';

export const CORE_RESOURCES = ['cpu', 'memory'] as const;

export function declaredKeys(doc: Document, resources: YAMLMap | undefined, section: 'limits' | 'requests'): Set<string> {
  const map = getMap(doc, resources, section);
  const keys = new Set<string>();
  for (const key of CORE_RESOURCES) {
    const value = map && findPair(doc, map, key)?.value;
    if (value && 'value' in value && (value as { value: unknown }).value !== null) keys.add(key);
  }
  return keys;
}

export function containerResources(pod: PodSpec, container: Container): YAMLMap | undefined {
  return getMap(pod.doc, container.node, 'resources');
}

/** Pod-level resources (PodLevelResources) that set both cpu and memory satisfy every container. */
export function podLevelCovers(pod: PodSpec, section: 'limits' | 'requests'): boolean {
  return declaredKeys(pod.doc, getMap(pod.doc, pod.spec, 'resources'), section).size === CORE_RESOURCES.length;
}

/** `resources` key when present, else the container's name: where resource findings sit. */
export function resourcesAnchor(container: Container, fallback: [number, number]): [number, number] {
  const pair = container.node.items.find((p) => (p.key as { value?: unknown }).value === 'resources');
  const range = (pair?.key as Node | undefined)?.range;
  return range ? [range[0], range[1]] : fallback;
}

/**
 * missing-limits and missing-requests: for each app container and native sidecar, the keys `missing` returns become a
 * finding on its `resources` key (else its name) with the fix that adds them to `section`.
 */
export function missingResourceFindings(
  { pod, text, settings }: RuleContext,
  section: 'limits' | 'requests',
  missing: (resources: YAMLMap | undefined) => string[],
  message: (name: string, missing: string[]) => string,
): RuleFinding[] {
  if (podLevelCovers(pod, section)) return [];
  return pod.containers.filter(isLongRunning).flatMap((container) => {
    const keys = missing(containerResources(pod, container));
    if (keys.length === 0) return [];
    const [start, end] = resourcesAnchor(container, containerAnchor(container));
    const fix = addResources(text, container, section, keys, settings);
    return [{ container, start, end, message: message(containerLabel(container), keys), fixes: fix ? [fix] : [] }];
  });
}
