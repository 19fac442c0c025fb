/** Where a pod's sidecars stand: whether native sidecars exist, which helpers sit in `containers`, whether the pod runs to completion. */
import type { Settings } from '../types';
import type { Container, PodSpec } from '../workloads';

/** Native sidecars exist (on by default) from Kubernetes 1.29. */
export const NATIVE_SIDECARS_MINOR = 29;

/** Native sidecars work from 1.29, or on 1.28 when the cluster turns the SidecarContainers gate on (it is off there) [1.1]. */
export function nativeSidecarsAvailable(settings: Settings): boolean {
  return settings.kubernetesMinor >= NATIVE_SIDECARS_MINOR || (settings.kubernetesMinor === 28 && settings.featureGates.SidecarContainers === true);
}

/** Helpers written in `containers` where native sidecars exist (legacy-sidecar and job-sidecar-never-completes). */
export function legacyHelpers(pod: PodSpec, settings: Settings): Container[] {
  if (!nativeSidecarsAvailable(settings)) return [];
  return pod.containers.filter((c) => c.role === 'app' && c.helper !== undefined);
}

/** Jobs, CronJobs and pods that are not restarted forever are expected to finish. */
export function runsToCompletion(pod: PodSpec): boolean {
  return pod.kind === 'Job' || pod.kind === 'CronJob' || pod.restartPolicy === 'Never' || pod.restartPolicy === 'OnFailure';
}

// A shell test for a file (`[ -f /shared/done ]`, `test -e …`) or inotifywait: the helper waits for the app to finish.
const WAITS_FOR_FILE = /(\[\s*!?\s*-[ef]\s|\btest\s+!?\s*-[ef]\s|\binotifywait\b)/;

/** The pod stops the helper itself: the app calls cloud-sql-proxy's /quitquitquit, or the helper exits on a shared file. */
export function stopsHelperItself(pod: PodSpec, helper: Container): boolean {
  const callsQuit = pod.containers.some((c) => c.role === 'app' && c.helper === undefined && c.script.includes('quitquitquit'));
  return callsQuit || WAITS_FOR_FILE.test(helper.script);
}
