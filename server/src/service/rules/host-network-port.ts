import { isScalar } from 'yaml';
import { setNumber } from '../scalarEdit';
import { podPorts } from '../pod/ports';
import { containerLabel } from '../workloads';
import { getScalar } from '../yamlNodes';
import type { Rule, RuleFinding } from './rule';
import { portAnchor } from '../ranges';

/**
 * With `hostNetwork: true` the container binds the node's port directly, so a different hostPort cannot be honoured:
 * the API rejects it for app containers (R16). A hostPort of 0 or none is fine, since Pods default it to containerPort.
 */
export const hostNetworkPort: Rule = {
  id: 'host-network-port',
  defaultSeverity: 'error',
  description: "With hostNetwork: true, an app container's hostPort must equal its containerPort.",
  fixable: true,
  check({ pod, text }) {
    const hostNetwork = getScalar(pod.doc, pod.spec, 'hostNetwork');
    if (!isScalar(hostNetwork) || hostNetwork.value !== true) return [];
    // validatePodHostNetworkDeps checks spec.containers only; init containers and sidecars are not validated.
    return podPorts(pod)
      .filter((p) => p.container.role === 'app' && p.hostPort !== undefined && p.hostPort !== p.containerPort)
      .map((p): RuleFinding => {
        const [start, end] = portAnchor(p, p.hostPortNode);
        const edit = p.container.direct ? setNumber(text, pod.doc, p.hostPortNode!, p.containerPort) : undefined;
        return {
          container: p.container,
          start,
          end,
          message: `'${containerLabel(p.container)}' uses hostNetwork, so its hostPort ${p.hostPort} must match its containerPort ${p.containerPort}: set hostPort to ${p.containerPort} or remove it.`,
          fixes: edit ? [{ title: `Set hostPort to ${p.containerPort}`, edits: [edit], preferred: true }] : [],
        };
      });
  },
};
