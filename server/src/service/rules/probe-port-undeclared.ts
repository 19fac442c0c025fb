import { isScalar, type Node, type Scalar } from 'yaml';
import { insideAnchor } from '../pod/shared';
import { declaredPortsOf } from '../pod/ports';
import { probeActions, type ProbeHandler } from '../pod/probes';
import type { Fix } from '../types';
import { containerLabel, type Container, type PodSpec } from '../workloads';
import type { Rule, RuleFinding } from './rule';
import { within } from '../ranges';

// grpc.port is a number only; httpGet and tcpSocket take a number or a port name.
const HANDLERS: readonly ProbeHandler[] = ['httpGet', 'tcpSocket'];

/** The kubelet resolves a probe's port name only in the probe's own container and fails the probe otherwise (R13). */
export const probePortUndeclared: Rule = {
  id: 'probe-port-undeclared',
  defaultSeverity: 'warning',
  description: 'A probe names a port that its own container does not declare; the kubelet looks port names up only in that container.',
  fixable: true,
  check({ pod, text }) {
    const findings: RuleFinding[] = [];
    for (const container of pod.containers) {
      if (container.role === 'ephemeral') continue;
      const ports = declaredPortsOf(pod, container);
      const names = new Set(ports.map((p) => p.name));
      const tcp = ports.filter((p) => p.protocol === 'TCP');
      for (const { probe, handler, keyNode, port } of namedProbePorts(pod, container)) {
        const name = String(port.value);
        if (names.has(name)) continue;
        const label = containerLabel(container);
        const range = within(port, container.node) ? port.range! : keyNode.range!;
        const elsewhere = pod.containers.find((c) => c !== container && declaredPortsOf(pod, c).some((p) => p.name === name));
        const where = elsewhere ? ` (it is declared in '${containerLabel(elsewhere)}', where the kubelet never looks)` : '';
        const fix = tcp.length === 1 ? useNumber(text, pod, container, port, tcp[0].containerPort) : undefined;
        findings.push({
          container: container,
          start: range[0],
          end: range[1],
          message: `The ${probe} ${handler} of '${label}' names port '${name}', which '${label}' does not declare${where}, so the probe fails: declare the port in '${label}' or use its number.`,
          fixes: fix ? [fix] : [],
        });
      }
    }
    return findings;
  },
};

interface NamedProbePort {
  probe: string;
  handler: string;
  keyNode: Node;
  port: Scalar;
}

/** Probe ports given as names; a numeric string counts as a number, since the kubelet falls back to parsing it. */
function namedProbePorts(pod: PodSpec, container: Container): NamedProbePort[] {
  return probeActions(pod, container).flatMap(({ probe, handler, probeKey, port }): NamedProbePort[] => {
    const value = port?.value;
    if (!HANDLERS.includes(handler) || !isScalar(value) || typeof value.value !== 'string' || value.value === '' || /^\d+$/.test(value.value)) return [];
    return [{ probe, handler, keyNode: probeKey, port: value }];
  });
}

/** The container declares exactly one TCP port, so that is the only one an httpGet or tcpSocket probe can mean. */
function useNumber(text: string, pod: PodSpec, container: Container, port: Scalar, to: number): Fix | undefined {
  if (!container.direct || !port.range || insideAnchor(pod.doc, port.range[0], port.range[1])) return undefined;
  const source = text.slice(port.range[0], port.range[1]);
  if (![port.value, `"${String(port.value)}"`, `'${String(port.value)}'`].includes(source)) return undefined;
  return { title: `Use port ${to}`, edits: [{ start: port.range[0], end: port.range[1], text: String(to) }], preferred: true };
}
