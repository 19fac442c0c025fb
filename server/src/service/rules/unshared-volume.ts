import { containerLabel, type Container } from '../workloads';
import type { Rule, RuleFinding } from './rule';
import { allMounts, declaredVolumes } from '../pod/mounts';
import { containerAnchor } from '../ranges';

// Scratch volumes that mesh injectors add for the proxy alone (its bootstrap, data and identity), by design unshared.
const PRIVATE_VOLUMES: Record<string, string[]> = {
  'istio-proxy': ['istio-envoy', 'istio-data'],
  'linkerd-proxy': ['linkerd-identity-end-entity'],
};

/** A sidecar exists to work with the app: an emptyDir only it mounts is a log nobody writes or a config nobody reads. */
export const unsharedVolume: Rule = {
  id: 'unshared-volume',
  defaultSeverity: 'info',
  description: 'A helper or native sidecar mounts an emptyDir that no other container of the pod mounts.',
  fixable: false,
  check({ pod }) {
    const volumes = declaredVolumes(pod);
    const mounts = allMounts(pod);
    const isSidecar = (c: Container) => c.helper !== undefined || c.role === 'sidecar';
    return pod.containers.filter(isSidecar).flatMap((container): RuleFinding[] => {
      const alone = [...new Set(mounts.filter((m) => m.container === container && m.name !== undefined).map((m) => m.name!))].filter(
        (name) =>
          volumes.get(name)?.type === 'emptyDir' &&
          !PRIVATE_VOLUMES[container.name ?? '']?.includes(name) &&
          !mounts.some((m) => m.container !== container && m.name === name),
      );
      if (alone.length === 0) return [];
      const [start, end] = containerAnchor(container);
      const list = alone.map((n) => `'${n}'`).join(', ');
      return [
        {
          container: container,
          start,
          end,
          message: `'${containerLabel(container)}' is the only container that mounts emptyDir ${list}: mount it in the app container that writes or reads it too, or remove it.`,
          fixes: [],
        },
      ];
    });
  },
};
