import { containerLabel, type Container, type PodSpec } from '../workloads';
import type { Rule, RuleFinding } from './rule';
import { declaredVolumes, mountsOf, sharesVolumeWith, startStrings, type Mount } from '../pod/mounts';
import { containerAnchor } from '../ranges';

// Scratch volumes that mesh injectors add for the proxy alone (its bootstrap, data and identity), by design unshared.
const PRIVATE_VOLUMES: Record<string, string[]> = {
  'istio-proxy': ['istio-envoy', 'istio-data'],
  'linkerd-proxy': ['linkerd-identity-end-entity'],
};

/**
 * A sidecar exists to work with the app: an emptyDir only it mounts, while it shares nothing else with the pod, is a log
 * nobody writes or a config nobody reads. Beside a shared volume the same emptyDir is the helper's own state.
 */
export const unsharedVolume: Rule = {
  id: 'unshared-volume',
  defaultSeverity: 'info',
  description: 'A helper or native sidecar mounts an emptyDir that no other container mounts, and shares no other volume with the pod.',
  fixable: false,
  check({ pod }) {
    const isSidecar = (c: Container) => c.helper !== undefined || c.role === 'sidecar';
    return pod.containers.filter(isSidecar).flatMap((container): RuleFinding[] => {
      if (sharesVolumeWith(pod, container).length > 0) return [];
      const alone = [
        ...new Set(
          mountsOf(pod, container)
            .filter((m) => unsharedScratch(pod, container, m))
            .map((m) => m.name!),
        ),
      ];
      if (alone.length === 0) return [];
      const [start, end] = containerAnchor(container);
      const list = alone.map((n) => `'${n}'`).join(', ');
      return [
        {
          container: container,
          start,
          end,
          message: `'${containerLabel(container)}' is the only container that mounts emptyDir ${list} and shares no volume with the app: mount it in the app container that writes or reads it too, or remove it.`,
          fixes: [],
        },
      ];
    });
  },
};

/** An emptyDir (of a container that shares no volume) that is not its own scratch space: a writable /tmp, or a directory its start strings name. */
function unsharedScratch(pod: PodSpec, container: Container, mount: Mount): boolean {
  if (mount.name === undefined || declaredVolumes(pod).get(mount.name)?.type !== 'emptyDir') return false;
  if (PRIVATE_VOLUMES[container.name ?? '']?.includes(mount.name)) return false;
  const path = mount.mountPath?.replace(/\/+$/, '') ?? '';
  if (path === '/tmp' || path.startsWith('/tmp/')) return false;
  return path === '' || !startStrings(container, pod).some((s) => s.includes(path));
}
