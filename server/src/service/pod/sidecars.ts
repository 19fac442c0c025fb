/** Where a pod's sidecars stand: whether native sidecars exist, which helpers sit in `containers`, whether the pod runs to completion. */
import { matchHelper, type HelperMatch } from '../helpers';
import { memoized } from '../memo';
import type { Settings } from '../types';
import type { Container, PodSpec } from '../workloads';
import { getScalar, getSeq, seqMaps } from '../yamlNodes';
import { completesItself } from './helperStops';

/** Native sidecars exist (on by default) from Kubernetes 1.29. */
export const NATIVE_SIDECARS_MINOR = 29;

/** Native sidecars work from 1.29, or on 1.28 when the cluster turns the SidecarContainers gate on (it is off there) [1.1]. */
export function nativeSidecarsAvailable(settings: Settings): boolean {
  return settings.kubernetesMinor >= NATIVE_SIDECARS_MINOR || (settings.kubernetesMinor === 28 && settings.featureGates.SidecarContainers === true);
}

/** How a container was recognised as a helper (its evidence and whether it is off the app's path), worked out once. */
export const helperMatchOf = memoized(function helperMatchOf(container: Container, settings: Settings): { match?: HelperMatch } {
  return { match: matchHelper(container.name, container.image, container.script, settings) };
});

/**
 * A container that publishes a port on the node (`hostPort`) serves the node's traffic, as an ingress Envoy does: it is
 * the pod's workload, whatever its name, not a helper of another container.
 */
export function servesNodeTraffic(pod: PodSpec, container: Container): boolean {
  return seqMaps(pod.doc, getSeq(pod.doc, container.node, 'ports')).some(({ item }) => getScalar(pod.doc, item, 'hostPort') !== undefined);
}

/**
 * Helpers in `containers` that run as long as the pod does, at any target version: not those that run to completion
 * themselves (a watchdog script) nor those that serve the node's traffic.
 */
export function longRunningHelpers(pod: PodSpec): Container[] {
  return pod.containers.filter((c) => c.role === 'app' && c.helper !== undefined && !completesItself(c) && !servesNodeTraffic(pod, c));
}

/** Helpers written in `containers` where native sidecars exist (legacy-sidecar). */
export function legacyHelpers(pod: PodSpec, settings: Settings): Container[] {
  return nativeSidecarsAvailable(settings) ? longRunningHelpers(pod) : [];
}

/** Jobs, CronJobs, kinds that run like them (JobSet, Kubeflow jobs) and pods that are not restarted forever are expected to finish. */
export function runsToCompletion(pod: PodSpec): boolean {
  return pod.completes || pod.restartPolicy === 'Never' || pod.restartPolicy === 'OnFailure';
}
