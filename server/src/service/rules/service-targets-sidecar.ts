/** A Service that reaches the pod only through a helper makes the helper's readiness gate the app's traffic. */
import { portTargets } from '../objects/services';
import type { PodObject, ServiceObject } from '../objects/summary';
import type { Rule, RuleFinding } from './rule';
import { related } from './service-port-unresolved';

export const serviceTargetsSidecar: Rule = {
  id: 'service-targets-sidecar',
  defaultSeverity: 'info',
  description:
    "A Service's targetPort reaches only a helper's port while the app container declares ports of its own: traffic reaches the app through the helper.",
  fixable: false,
  check: () => [],
  checkService({ service, pods, settings }) {
    const findings: RuleFinding[] = [];
    for (const port of service.ports) {
      const hits = pods.filter(({ object }) => {
        const targets = portTargets(object, port, settings.kubernetesMinor);
        const appWithPorts = object.containers.some((c) => c.role === 'app' && !c.helper && c.ports.length > 0);
        return appWithPorts && targets.length > 0 && targets.every((c) => c.helper) && !reachesApp(service, object, settings.kubernetesMinor);
      });
      if (hits.length === 0) continue;
      const helper = portTargets(hits[0].object, port, settings.kubernetesMinor)[0];
      findings.push({
        start: port.at[0],
        end: port.at[1],
        message: `Service '${service.name ?? '?'}' port ${String(port.target)} reaches only the helper '${helper.name ?? '?'}', while the app container declares ports of its own: traffic reaches the app through '${helper.name ?? '?'}', whose readiness gates the Service. Target the app's port if that is not the intent.`,
        related: related(hits, service),
        fixes: [],
      });
    }
    return findings;
  },
};

/** A Service with another port on an app container serves the app directly; its helper port is a side door (metrics, admin). */
function reachesApp(service: ServiceObject, pod: PodObject, minor: number): boolean {
  return service.ports.some((port) => portTargets(pod, port, minor).some((c) => c.role === 'app' && !c.helper));
}
