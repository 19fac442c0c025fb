import { removeContainerKey } from '../fixes/removeKey';
import { setRestartPolicyAlways } from '../fixes/restartPolicy';
import type { Fix } from '../types';
import { containerLabel } from '../workloads';
import { findPair } from '../yamlNodes';
import type { Rule, RuleFinding } from './rule';
import { nativeSidecarsAvailable } from '../pod/sidecars';

const FIELDS = ['lifecycle', 'livenessProbe', 'readinessProbe', 'startupProbe'];

/** Probes and lifecycle hooks are forbidden on init containers that are not native sidecars [1.3]. */
export const initContainerProbe: Rule = {
  id: 'init-container-probe',
  defaultSeverity: 'error',
  description: 'lifecycle, livenessProbe, readinessProbe or startupProbe on an init container without restartPolicy: Always; the API server rejects it.',
  fixable: true,
  check({ pod, text, settings }) {
    return pod.containers
      .filter((c) => c.role === 'init')
      .flatMap((c) => {
        const name = containerLabel(c);
        const makeSidecar = nativeSidecarsAvailable(settings) ? setRestartPolicyAlways(text, c) : undefined;
        return FIELDS.flatMap((field): RuleFinding[] => {
          const found = findPair(pod.doc, c.node, field);
          const key = found?.pair.key as { range?: [number, number, number] } | null | undefined;
          if (!found || !key?.range || found.value === undefined || (found.value as { value?: unknown }).value === null) return [];
          const removal = removeContainerKey(text, c, found.pair);
          const fixes: Fix[] = [];
          if (makeSidecar) fixes.push({ title: `Make '${name}' a native sidecar (restartPolicy: Always)`, edits: makeSidecar, preferred: true });
          if (removal) fixes.push({ title: `Remove ${field} from '${name}'`, edits: [removal], preferred: !makeSidecar });
          return [
            {
              container: c,
              start: key.range[0],
              end: key.range[1],
              message: nativeSidecarsAvailable(settings)
                ? `Init container '${name}' may not set ${field} without restartPolicy: Always: add restartPolicy: Always if '${name}' keeps running as a sidecar, else remove ${field}.`
                : `Init container '${name}' may not set ${field} (only native sidecars may, from Kubernetes 1.29): remove ${field}.`,
              fixes,
            },
          ];
        });
      });
  },
};
