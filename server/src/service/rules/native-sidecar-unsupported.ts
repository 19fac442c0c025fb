import { moveToContainers } from '../fixes/moveItem';
import { writtenField } from '../pod/fields';
import { containerLabel } from '../workloads';
import type { Rule } from './rule';
import { nativeSidecarsAvailable } from '../pod/sidecars';

/** Before 1.29 an init container's restartPolicy is unknown (≤1.27) or dropped while the gate is off (1.28) [1.1]. */
export const nativeSidecarUnsupported: Rule = {
  id: 'native-sidecar-unsupported',
  defaultSeverity: 'error',
  description: 'An init container with restartPolicy: Always (a native sidecar) while the target Kubernetes version is 1.28 or earlier.',
  fixable: true,
  check({ pod, text, settings }) {
    const minor = settings.kubernetesMinor;
    if (nativeSidecarsAvailable(settings)) return [];
    return pod.containers
      .filter((c) => c.role === 'sidecar')
      .flatMap((c) => {
        const field = writtenField(pod.doc, c.node, 'restartPolicy');
        if (!field) return [];
        const name = containerLabel(c);
        const edits = moveToContainers(text, pod, c);
        const message =
          minor <= 27
            ? `Kubernetes 1.${minor} does not know restartPolicy on init container '${name}' (native sidecars need 1.29): move '${name}' back to containers, or target 1.29 or later.`
            : `Kubernetes 1.28 drops restartPolicy on init container '${name}' unless the SidecarContainers gate is on, so the pod waits in Init for it to exit: move '${name}' back to containers, or target 1.29 or later.`;
        return [
          {
            container: c,
            start: field.node.range![0],
            end: field.node.range![1],
            message,
            severity: minor <= 27 ? ('error' as const) : ('warning' as const),
            fixes: edits ? [{ title: `Move '${name}' back to containers`, edits, preferred: true }] : [],
          },
        ];
      });
  },
};
