import { addResources } from '../fixes/addResources';
import { containerAnchor, containerLabel, isLongRunning } from '../workloads';
import type { Rule } from './rule';
import { CORE_RESOURCES, containerResources, declaredKeys, podLevelCovers, resourcesAnchor } from './resourceKeys';

/** The scheduler places pods by their requests: a container without them is counted as needing nothing. */
export const missingRequests: Rule = {
  id: 'missing-requests',
  defaultSeverity: 'warning',
  description: 'A container or native sidecar without cpu or memory requests (limits alone count, since requests default to them).',
  fixable: true,
  check({ pod, text, settings }) {
    if (podLevelCovers(pod, 'requests')) return [];
    return pod.containers.filter(isLongRunning).flatMap((container) => {
      const resources = containerResources(pod, container);
      const requests = declaredKeys(pod.doc, resources, 'requests');
      const limits = declaredKeys(pod.doc, resources, 'limits');
      // A limit without a request defaults the request to the limit.
      const missing = CORE_RESOURCES.filter((key) => !requests.has(key) && !limits.has(key));
      if (missing.length === 0) return [];
      const [start, end] = resourcesAnchor(container, containerAnchor(container));
      const fix = addResources(text, container, 'requests', missing, settings);
      return [{
        rule: 'missing-requests',
        start,
        end,
        message: `'${containerLabel(container)}' has no ${missing.join(' or ')} request: add resources.requests so the scheduler reserves what it needs.`,
        fixes: fix ? [fix] : [],
      }];
    });
  },
};
