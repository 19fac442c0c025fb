import { convertWithServices } from '../fixes/convertWithServices';
import { containerLabel, type Container, type PodSpec } from '../workloads';
import type { Rule } from './rule';
import { helperMatchOf, longRunningHelpers, nativeSidecarsAvailable, runsToCompletion } from '../pod/sidecars';
import { runsForever, stopsHelperItself } from '../pod/helperStops';
import { containerAnchor } from '../ranges';
import type { Settings } from '../types';

const REMEDY_NATIVE = 'make it a native sidecar (initContainers with restartPolicy: Always)';
// Before native sidecars, the pod must stop the helper itself (kubernetes.io/blog/2023/08/25/native-sidecar-containers).
const REMEDY_LEGACY =
  'native sidecars need Kubernetes 1.29, so have the app stop it: call its quit endpoint (/quitquitquit), or set shareProcessNamespace: true and kill it, or make it exit when the app leaves a file on a shared volume';

function owner(pod: PodSpec): string {
  return pod.kind === 'Pod' || pod.kind === 'PodTemplate' ? `this ${pod.kind} (restartPolicy: ${pod.restartPolicy})` : `this ${pod.kind}`;
}

/** A helper known only by a generic word in its name, whose script does not visibly run forever, may be a one-off task. */
function weakEvidence(helper: Container, settings: Settings): string | undefined {
  const match = helperMatchOf(helper, settings).match;
  if (match?.evidence !== 'word' || runsForever(helper)) return undefined;
  return `recognised only by the word '${match.word}' in its name`;
}

/** A helper in `containers` of a Job keeps running after the app exits, so the pod never completes. */
export const jobSidecarNeverCompletes: Rule = {
  id: 'job-sidecar-never-completes',
  defaultSeverity: 'error',
  description: 'A sidecar in containers of a Job, CronJob or run-once Pod keeps running after the main container exits, so the Job never completes.',
  fixable: true,
  check(context) {
    const { pod, settings } = context;
    if (!runsToCompletion(pod)) return [];
    const native = nativeSidecarsAvailable(settings);
    return longRunningHelpers(pod)
      .filter((helper) => !stopsHelperItself(pod, helper))
      .map((helper) => {
        const [start, end] = containerAnchor(helper);
        const weak = weakEvidence(helper, settings);
        const { fix, note } = native ? convertWithServices(context, helper, weak ? 'suggestion' : 'fix') : { fix: undefined, note: '' };
        const subject = weak ? `'${containerLabel(helper)}' (${weak}) may keep running` : `'${containerLabel(helper)}' keeps running`;
        const message = `${subject} after the main container exits, so ${owner(pod)} never completes: ${native ? REMEDY_NATIVE : REMEDY_LEGACY}.${note}`;
        return { container: helper, start, end, message, severity: weak ? 'info' : undefined, fixes: fix ? [fix] : [] };
      });
  },
};
