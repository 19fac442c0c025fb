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
    return missingResourceFindings(
      context,
      'requests',
      (resources) => {
        const requests = declaredKeys(context.pod.doc, resources, 'requests');
        const limits = declaredKeys(context.pod.doc, resources, 'limits');
        // A limit without a request defaults the request to the limit.
        return CORE_RESOURCES.filter((key) => !requests.has(key) && !limits.has(key));
      },
      (name, missing) => `'${name}' has no ${missing.join(' or ')} request: add resources.requests so the scheduler reserves what it needs.`,
    );
  },
};
