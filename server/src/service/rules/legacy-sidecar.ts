import { convertToNativeSidecar } from '../fixes/nativeSidecar';
import { containerLabel } from '../workloads';
import type { Rule } from './rule';
import { legacyHelpers, runsToCompletion, stopsHelperItself } from '../pod/sidecars';
import { containerAnchor } from '../ranges';

/** A helper in `containers` starts in no particular order and is not stopped after the app: a native sidecar is. */
export const legacySidecar: Rule = {
  id: 'legacy-sidecar',
  defaultSeverity: 'warning',
  description: 'A sidecar (proxy, log shipper, agent) placed in containers should be a native sidecar in initContainers with restartPolicy: Always.',
  fixable: true,
  check(context) {
    const { pod, text } = context;
    return legacyHelpers(pod, context.settings)
      .filter((helper) => !runsToCompletion(pod) || stopsHelperItself(pod, helper))
      .map((helper) => {
        const [start, end] = containerAnchor(helper);
        const fix = convertToNativeSidecar(text, pod, helper);
        return {
          container: helper,
          start,
          end,
          message: `'${containerLabel(helper)}' is a sidecar in containers: move it to initContainers with restartPolicy: Always so it starts before and stops after the app (Kubernetes 1.29+).`,
          fixes: fix ? [fix] : [],
        };
      });
  },
};
