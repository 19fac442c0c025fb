import { containerLabel } from '../workloads';
import type { Rule, RuleFinding } from './rule';
import { mountsOf } from '../pod/mounts';

/** Two mounts at one path in one container are rejected: `mountPath: Invalid value: "/data": must be unique`. */
export const duplicateMountPath: Rule = {
  id: 'duplicate-mount-path',
  defaultSeverity: 'error',
  description: 'The same mountPath is used twice in one container.',
  fixable: false,
  check({ pod }) {
    return pod.containers.flatMap((container) => {
      const seen = new Map<string, string | undefined>();
      return mountsOf(pod, container).flatMap((mount): RuleFinding[] => {
        if (mount.mountPath === undefined || !mount.mountPathNode?.range) return [];
        if (!seen.has(mount.mountPath)) {
          seen.set(mount.mountPath, mount.name);
          return [];
        }
        const other = seen.get(mount.mountPath);
        return [
          {
            container: container,
            start: mount.mountPathNode.range[0],
            end: mount.mountPathNode.range[1],
            message: `'${containerLabel(container)}' mounts ${mount.name === undefined ? 'a volume' : `'${mount.name}'`} at ${mount.mountPath}, where it already mounts ${other === undefined ? 'another volume' : `'${other}'`}: give one of them another mountPath.`,
            fixes: [],
          },
        ];
      });
    });
  },
};
