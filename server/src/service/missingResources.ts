/** The body missing-limits and missing-requests share: one finding per long-running container that lacks keys. */
import type { YAMLMap } from 'yaml';
import { addResources } from './fixes/addResources';
import { containerLabel, isLongRunning } from './workloads';
import type { RuleContext, RuleFinding } from './rules/rule';
import { containerResources, podLevelCovers } from './pod/quantities';
import { containerAnchor, resourcesAnchor } from './ranges';

/**
 * missing-limits and missing-requests: for each app container and native sidecar, the keys `missing` returns become a
 * finding on its `resources` key (else its name) with the fix that adds them to `section`.
 */
export function missingResourceFindings(
  { pod, text, settings }: RuleContext,
  section: 'limits' | 'requests',
  missing: (resources: YAMLMap | undefined) => string[],
  message: (name: string, missing: string[]) => string,
): RuleFinding[] {
  if (podLevelCovers(pod, section)) return [];
  return pod.containers.filter(isLongRunning).flatMap((container) => {
    const keys = missing(containerResources(pod, container));
    if (keys.length === 0) return [];
    const [start, end] = resourcesAnchor(container, containerAnchor(container));
    const fix = addResources(text, container, section, keys, settings);
    return [{ container, start, end, message: message(containerLabel(container), keys), fixes: fix ? [fix] : [] }];
  });
}
