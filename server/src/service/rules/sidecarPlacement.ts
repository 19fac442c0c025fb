/** Shared by legacy-sidecar and job-sidecar-never-completes: which helpers sit in `containers`, and whether the pod runs to completion. */
import type { RuleContext } from './rule';
import type { Container, PodSpec } from '../workloads';

/** Native sidecars exist (on by default) from Kubernetes 1.29. */
export const NATIVE_SIDECARS_MINOR = 29;

export function legacyHelpers(context: RuleContext): Container[] {
  if (context.settings.kubernetesMinor < NATIVE_SIDECARS_MINOR) return [];
  return context.pod.containers.filter((c) => c.role === 'app' && c.helper !== undefined);
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
