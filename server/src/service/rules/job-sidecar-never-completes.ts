import { convertToNativeSidecar } from '../fixes/nativeSidecar';
import { containerLabel } from '../workloads';
import type { Rule } from './rule';
import { legacyHelpers, runsToCompletion, stopsHelperItself } from '../pod/sidecars';
import { containerAnchor } from '../ranges';

/** A helper in `containers` of a Job keeps running after the app exits, so the pod never completes. */
export const jobSidecarNeverCompletes: Rule = {
  id: 'job-sidecar-never-completes',
  defaultSeverity: 'error',
  description: 'A sidecar in containers of a Job, CronJob or run-once Pod keeps running after the main container exits, so the Job never completes.',
  fixable: true,
  check(context) {
    const { pod, text } = context;
    if (!runsToCompletion(pod)) return [];
    return legacyHelpers(pod, context.settings)
      .filter((helper) => !stopsHelperItself(pod, helper))
      .map((helper) => {
        const [start, end] = containerAnchor(helper);
        const fix = convertToNativeSidecar(text, pod, helper);
        const owner = pod.kind === 'Pod' || pod.kind === 'PodTemplate' ? `this ${pod.kind} (restartPolicy: ${pod.restartPolicy})` : `this ${pod.kind}`;
        return {
          container: helper,
          start,
          end,
          message: `'${containerLabel(helper)}' keeps running after the main container exits, so ${owner} never completes: make it a native sidecar (initContainers with restartPolicy: Always).`,
          fixes: fix ? [fix] : [],
        };
      });
  },
};
