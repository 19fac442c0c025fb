import { addResources } from '../fixes/addResources';
import { containerAnchor, containerLabel, isLongRunning } from '../workloads';
import type { Rule } from './rule';
import { containerResources, declaredKeys, podLevelCovers, resourcesAnchor } from './resourceKeys';

/** Without a memory limit one container can take the node's memory; without a cpu limit, its CPU. */
export const missingLimits: Rule = {
  id: 'missing-limits',
  defaultSeverity: 'warning',
  description: 'A container or native sidecar without memory (and, unless requireCpuLimit is off, cpu) limits.',
  fixable: true,
  check({ pod, text, settings }) {
    if (podLevelCovers(pod, 'limits')) return [];
    const required = settings.requireCpuLimit ? ['cpu', 'memory'] : ['memory'];
    return pod.containers.filter(isLongRunning).flatMap((container) => {
      const present = declaredKeys(pod.doc, containerResources(pod, container), 'limits');
      const missing = required.filter((key) => !present.has(key));
      if (missing.length === 0) return [];
      const [start, end] = resourcesAnchor(container, containerAnchor(container));
      const fix = addResources(text, container, 'limits', missing, settings);
      return [{
        rule: 'missing-limits',
        start,
        end,
        message: `'${containerLabel(container)}' has no ${missing.join(' or ')} limit: add resources.limits so it cannot starve the other containers of the pod.`,
        fixes: fix ? [fix] : [],
      }];
    });
  },
};
