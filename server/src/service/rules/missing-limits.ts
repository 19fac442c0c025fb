import type { Rule } from './rule';
import { missingResourceFindings } from '../missingResources';
import { declaredKeys } from '../pod/quantities';
import type { Settings } from '../types';
import type { Container } from '../workloads';

/** Whether `cpuLimits` asks this container for a cpu limit: helpers and native sidecars by default. */
function needsCpuLimit(settings: Settings, container: Container): boolean {
  if (settings.cpuLimits === 'all') return true;
  return settings.cpuLimits === 'sidecars' && (container.role === 'sidecar' || container.helper !== undefined);
}

/** What the missing limits risk, true of a pod with one container too (the node's other pods share the same CPU and memory). */
const WHY: Record<string, string> = {
  'cpu,memory': 'so a runaway process cannot take the CPU and memory that other containers and pods need',
  cpu: 'so a runaway process cannot take the CPU that other containers and pods need',
  memory: 'so a runaway process cannot take the memory that other containers and pods need',
};

/**
 * Without a memory limit one container can take the node's memory; a helper without a cpu limit can starve the app,
 * while an app without one only uses idle CPU (https://kubernetes.io/docs/concepts/configuration/manage-resources-containers/).
 */
export const missingLimits: Rule = {
  id: 'missing-limits',
  defaultSeverity: 'warning',
  description: 'A container or native sidecar without a memory limit, or a helper or native sidecar without a cpu limit (see cpuLimits).',
  fixable: true,
  check(context) {
    return missingResourceFindings(context, {
      section: 'limits',
      infoOnCriticalPods: true,
      missing: (container, resources) => {
        const present = declaredKeys(context.pod.doc, resources, 'limits');
        const required = needsCpuLimit(context.settings, container) ? ['cpu', 'memory'] : ['memory'];
        return required.filter((key) => !present.has(key));
      },
      message: (name, missing) =>
        `'${name}' has no ${missing.map((key) => `${key} limit`).join(' and no ')}: add resources.limits ${WHY[missing.join()] ?? ''}.`,
    });
  },
};
