import type { Rule } from './rule';
import { missingResourceFindings } from '../missingResources';
import { CORE_RESOURCES, declaredKeys } from '../pod/quantities';

/** The scheduler places pods by their requests: a container without them is counted as needing nothing. */
export const missingRequests: Rule = {
  id: 'missing-requests',
  defaultSeverity: 'warning',
  description: 'A container or native sidecar without cpu or memory requests (limits alone count, since requests default to them).',
  fixable: true,
  check(context) {
    return missingResourceFindings(context, {
      section: 'requests',
      // BestEffort pods are evicted first, critical or not: no info level here.
      infoOnCriticalPods: false,
      missing: (_container, resources) => {
        const requests = declaredKeys(context.pod.doc, resources, 'requests');
        const limits = declaredKeys(context.pod.doc, resources, 'limits');
        // A limit without a request defaults the request to the limit.
        return CORE_RESOURCES.filter((key) => !requests.has(key) && !limits.has(key));
      },
      message: (name, missing) =>
        `'${name}' has no ${missing.map((key) => `${key} request`).join(' and no ')}: add resources.requests so the scheduler reserves what it needs.`,
    });
  },
};
