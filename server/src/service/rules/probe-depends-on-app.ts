import { isScalar } from 'yaml';
import { declaredPortsOf } from '../pod/ports';
import { PROBE_HANDLERS, probeActions } from '../pod/probes';
import { containerLabel } from '../workloads';
import type { Rule, RuleFinding } from './rule';
import { nativeSidecarsAvailable } from '../pod/sidecars';

const PROBES = ['startupProbe', 'readinessProbe'] as const;

/** App containers start only after every native sidecar has started: a sidecar probe that waits on them never succeeds [2.1, R17]. */
export const probeDependsOnApp: Rule = {
  id: 'probe-depends-on-app',
  defaultSeverity: 'warning',
  description: "A native sidecar's startup or readiness probe targets a port that only an app container declares: the pod deadlocks in Init.",
  fixable: false,
  check({ pod, settings }) {
    if (!nativeSidecarsAvailable(settings)) return [];
    const ports = pod.containers.flatMap((c) => declaredPortsOf(pod, c));
    return pod.containers
      .filter((c) => c.role === 'sidecar')
      .flatMap((sidecar) =>
        PROBES.flatMap((probe) =>
          PROBE_HANDLERS.flatMap((handler): RuleFinding[] => {
            const action = probeActions(pod, sidecar).find((a) => a.probe === probe && a.handler === handler);
            if (!action || action.hasHost) return []; // another host: not this pod's ports
            const written = action.port?.pair.value;
            const value = action.port?.value;
            if (!isScalar(value) || typeof value.value !== 'number' || !(written as { range?: number[] } | null)?.range) return [];
            const owners = ports.filter((p) => p.containerPort === value.value);
            const apps = owners.filter((p) => p.container.role === 'app');
            if (apps.length === 0 || apps.length !== owners.length) return [];
            const range = (written as { range: number[] }).range;
            const app = containerLabel(apps[0].container);
            const name = containerLabel(sidecar);
            return [
              {
                container: sidecar,
                start: range[0],
                end: range[1],
                message:
                  probe === 'startupProbe'
                    ? `The startupProbe of native sidecar '${name}' targets port ${value.value} of app container '${app}', which starts only after '${name}' has started, so the pod hangs in Init: probe a port of '${name}' itself.`
                    : `The readinessProbe of native sidecar '${name}' targets port ${value.value} of app container '${app}', so it reports the app's readiness, not its own: probe a port of '${name}' itself.`,
                related: apps.map((p) => ({
                  start: p.portNode.range![0],
                  end: p.portNode.range![1],
                  message: `'${containerLabel(p.container)}' declares port ${value.value} here`,
                })),
                fixes: [],
              },
            ];
          }),
        ),
      );
  },
};
