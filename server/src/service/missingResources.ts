/** The body missing-limits and missing-requests share: one finding per long-running container that lacks keys. */
import type { YAMLMap } from 'yaml';
import { addResources } from './fixes/addResources';
import { containerLabel, isLongRunning, type Container, type PodSpec } from './workloads';
import type { RuleContext, RuleFinding } from './rules/rule';
import { containerResources, podLevelCovers } from './pod/quantities';
import { containerAnchor, resourcesAnchor } from './ranges';
import { getMap, getSeq, getString, seqMaps } from './yamlNodes';

/** Priority classes of node and cluster daemons (CNI, CSI node plugins) whose authors often leave them unbounded on purpose. */
const CRITICAL_CLASSES = new Set(['system-node-critical', 'system-cluster-critical']);

/**
 * The built-in critical priority class of the pod, if it has one
 * (https://kubernetes.io/docs/tasks/administer-cluster/guaranteed-scheduling-critical-addon-pods/).
 */
export function criticalPriorityClass(pod: PodSpec): string | undefined {
  const name = getString(pod.doc, pod.spec, 'priorityClassName');
  return name !== undefined && CRITICAL_CLASSES.has(name) ? name : undefined;
}

/**
 * Why the pod is a node daemon left unbounded on purpose: its critical priority class, or a DaemonSet that works with
 * the kubelet through its directory (CSI node plugins register and mount there, device plugins put their sockets
 * there): if such an agent is OOM-killed or throttled, the node's volumes or devices fail, so authors omit limits.
 */
export function nodeDaemonReason(pod: PodSpec): string | undefined {
  const critical = criticalPriorityClass(pod);
  if (critical) return critical;
  if (pod.kind !== 'DaemonSet') return undefined;
  const kubelet = seqMaps(pod.doc, getSeq(pod.doc, pod.spec, 'volumes')).some(({ item }) => {
    const path = getString(pod.doc, getMap(pod.doc, item, 'hostPath'), 'path')?.replace(/\/+$/, '');
    return path !== undefined && (path === '/var/lib/kubelet' || path.startsWith('/var/lib/kubelet/'));
  });
  return kubelet ? 'a DaemonSet that works with the kubelet (it mounts /var/lib/kubelet)' : undefined;
}

export interface MissingResourcesCheck {
  section: 'limits' | 'requests';
  /** The keys of `section` the container lacks and should have. */
  missing: (container: Container, resources: YAMLMap | undefined) => string[];
  message: (name: string, missing: string[]) => string;
  /** Critical system pods are reported at info, and their quick fix is only ever a suggestion. */
  infoOnCriticalPods: boolean;
}

/**
 * missing-limits and missing-requests: for each app container and native sidecar, the keys `missing` returns become a
 * finding on its `resources` key (else its name) with the quick fix that adds them to `section`.
 */
export function missingResourceFindings({ pod, text, settings }: RuleContext, check: MissingResourcesCheck): RuleFinding[] {
  if (podLevelCovers(pod, check.section)) return [];
  const critical = check.infoOnCriticalPods ? nodeDaemonReason(pod) : undefined;
  return pod.containers.filter(isLongRunning).flatMap((container) => {
    const keys = check.missing(container, containerResources(pod, container));
    if (keys.length === 0) return [];
    const [start, end] = resourcesAnchor(container, containerAnchor(container));
    const fix = addResources(text, container, check.section, keys, settings, { suggestionOnly: critical !== undefined });
    let message = check.message(containerLabel(container), keys);
    if (critical) message += ` The pod is ${critical}: node daemons are often left unbounded on purpose, so this is only info.`;
    return [{ container, start, end, message, severity: critical ? 'info' : undefined, fixes: fix ? [fix] : [] }];
  });
}
