import { convertToNativeSidecar } from '../fixes/nativeSidecar';
import { removeContainerKey } from '../fixes/removeKey';
import { writtenField } from '../pod/fields';
import type { Fix, Severity } from '../types';
import { containerLabel } from '../workloads';
import type { Rule } from './rule';
import { nativeSidecarsAvailable } from '../pod/sidecars';

/** The values KEP-5307 allows on a container from 1.35; anything else is rejected at every version [1.4]. */
export const CONTAINER_RESTART_POLICIES = ['Always', 'OnFailure', 'Never'];

/** restartPolicy on an app container is rejected (≤1.33), dropped (1.34), or honoured without making a sidecar (≥1.35) [1.4]. */
export const containerRestartPolicy: Rule = {
  id: 'container-restart-policy',
  defaultSeverity: 'error',
  description:
    'restartPolicy on an app container: rejected up to Kubernetes 1.33, silently dropped on 1.34, and from 1.35 it restarts the container but does not make it a sidecar.',
  fixable: true,
  check({ pod, text, settings }) {
    const minor = settings.kubernetesMinor;
    return pod.containers
      .filter((c) => c.list === 'containers')
      .flatMap((c) => {
        const field = writtenField(pod.doc, c.node, 'restartPolicy');
        if (!field) return [];
        const name = containerLabel(c);
        const value = field.value ?? '';
        const supported = CONTAINER_RESTART_POLICIES.includes(value);
        const severity: Severity = !supported || minor <= 33 ? 'error' : minor === 34 ? 'warning' : 'info';
        const wantsSidecar = c.helper !== undefined || value === 'Always';
        const convert = wantsSidecar && nativeSidecarsAvailable(settings) ? convertToNativeSidecar(text, pod, c) : undefined;
        const removal = removeContainerKey(text, c, field.pair);
        // From 1.35 a supported value is honoured: removing it changes behaviour, so it is offered but never applied by fix-all.
        const removePreferred = !convert && severity !== 'info';
        const fixes: Fix[] = [];
        if (convert) fixes.push(convert);
        if (removal) fixes.push({ title: `Remove restartPolicy from '${name}'`, edits: [removal], preferred: removePreferred });
        const todo = convert ? `move '${name}' to initContainers as a native sidecar` : 'remove it';
        const message = !supported
          ? `restartPolicy '${value}' on app container '${name}' is not a valid value (Always, OnFailure or Never): ${todo}.`
          : minor <= 33
            ? `Kubernetes 1.${minor} rejects restartPolicy on app container '${name}': ${todo}.`
            : minor === 34
              ? `Kubernetes 1.34 silently drops restartPolicy on app container '${name}': ${todo}.`
              : `restartPolicy: ${value} restarts app container '${name}' but does not make it a sidecar: ${wantsSidecar ? `move '${name}' to initContainers if it should start before the app` : 'keep it only if that restart behaviour is what you want'}.`;
        return [{ container: c, start: field.node.range![0], end: field.node.range![1], message, severity, fixes }];
      });
  },
};
