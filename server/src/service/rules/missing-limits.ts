import type { Rule } from './rule';
import { missingResourceFindings } from '../missingResources';
import { declaredKeys } from '../pod/quantities';

/** Without a memory limit one container can take the node's memory; without a cpu limit, its CPU. */
export const missingLimits: Rule = {
  id: 'missing-limits',
  defaultSeverity: 'warning',
  description: 'A container or native sidecar without memory (and, unless requireCpuLimit is off, cpu) limits.',
  fixable: true,
  check(context) {
    const required = context.settings.requireCpuLimit ? ['cpu', 'memory'] : ['memory'];
    return missingResourceFindings(
      context,
      'limits',
      (resources) => {
        const present = declaredKeys(context.pod.doc, resources, 'limits');
        return required.filter((key) => !present.has(key));
      },
      (name, missing) => `'${name}' has no ${missing.join(' or ')} limit: add resources.limits so it cannot starve the other containers of the pod.`,
    );
  },
};
