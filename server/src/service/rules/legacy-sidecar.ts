import { convertWithServices } from '../fixes/convertWithServices';
import { containerLabel } from '../workloads';
import type { Rule } from './rule';
import { legacyHelpers, runsToCompletion } from '../pod/sidecars';
import { stopsHelperItself } from '../pod/helperStops';
import { weakHelperReason } from '../pod/helperEvidence';
import { containerAnchor } from '../ranges';

/** A helper in `containers` starts in no particular order and is not stopped after the app: a native sidecar is. */
export const legacySidecar: Rule = {
  id: 'legacy-sidecar',
  defaultSeverity: 'warning',
  description: 'A sidecar (proxy, log shipper, agent) placed in containers should be a native sidecar in initContainers with restartPolicy: Always.',
  fixable: true,
  check(context) {
    const { pod, settings } = context;
    return legacyHelpers(pod, settings)
      .filter((helper) => !runsToCompletion(pod) || stopsHelperItself(pod, helper))
      .map((helper) => {
        const [start, end] = containerAnchor(helper);
        const weak = weakHelperReason(pod, helper, settings);
        const { fix, note } = convertWithServices(context, helper, weak || pod.initContainersGated ? 'suggestion' : 'fix');
        const label = containerLabel(helper);
        const message = weak
          ? `'${label}' may be a sidecar in containers (${weak}): as a native sidecar in initContainers with restartPolicy: Always it would start before and stop after the app (Kubernetes 1.29+).`
          : `'${label}' is a sidecar in containers: move it to initContainers with restartPolicy: Always so it starts before and stops after the app (Kubernetes 1.29+).`;
        const gated = pod.initContainersGated ? ` ${pod.initContainersGated}.` : '';
        return {
          container: helper,
          start,
          end,
          message: message + gated + note,
          severity: weak ? 'info' : undefined,
          fixes: fix ? [fix] : [],
        };
      });
  },
};
