/** A Service port whose name no running container of the selected pods declares gets no endpoints ([4.3], kubernetes/kubernetes#127976). */
import { declaringContainers, resolveNamedPort, type Located } from '../objects/services';
import type { ContainerPorts, PodObject, ServiceObject, ServicePort } from '../objects/summary';
import type { Fix, RelatedLocation } from '../types';
import type { Rule, RuleFinding, ServiceRuleContext } from './rule';

export const servicePortUnresolved: Rule = {
  id: 'service-port-unresolved',
  defaultSeverity: 'error',
  description:
    "A Service's targetPort names a port that no container of the pods it selects serves (an init container's, or a native sidecar's below 1.32), so the Service gets no endpoints on it.",
  // Its one quick fix is a suggestion (Use port N), never applied in bulk; `fixable` is about fixes, as in ESLint.
  fixable: false,
  check: () => [],
  checkService(context) {
    const findings: RuleFinding[] = [];
    for (const port of context.service.ports) {
      if (typeof port.target !== 'string') continue;
      const target = port.target;
      const minor = context.settings.kubernetesMinor;
      if (context.pods.some(({ object }) => resolveNamedPort(object, target, port.protocol, minor))) continue;
      findings.push(finding(context, port, target));
    }
    return findings;
  },
};

function finding(context: ServiceRuleContext, port: ServicePort, target: string): RuleFinding {
  const { service, pods, text } = context;
  const declaring = pods.flatMap(({ object }) => declaringContainers(object, target, port.protocol));
  const why = reason(declaring, context.settings.kubernetesMinor);
  const advice = declaring.some((c) => c.role === 'sidecar') ? 'target its number' : 'declare the port on the container that serves it, or target its number';
  const message = `Service '${service.name ?? '?'}' targets port '${target}' (${port.protocol}) by name, but in ${podNames(pods)} ${why}, so the Service gets no endpoints on it: ${advice}.`;
  const numbers = new Set(declaring.flatMap((c) => c.ports.filter((p) => p.name === target && p.protocol === port.protocol).map((p) => p.containerPort)));
  const fixes: Fix[] = [];
  if (numbers.size === 1 && declaring.every((c) => c.role !== 'init') && port.written) {
    const [number] = numbers;
    const source = text.slice(port.at[0], port.at[1]);
    if ([target, `"${target}"`, `'${target}'`].includes(source)) {
      fixes.push({ title: `Use port ${number}`, kind: 'suggestion', edits: [{ start: port.at[0], end: port.at[1], text: String(number) }] });
    }
  }
  return { start: port.at[0], end: port.at[1], message, related: related(pods, service), fixes };
}

function reason(declaring: ContainerPorts[], minor: number): string {
  const label = (c: ContainerPorts) => `'${c.name ?? '?'}'`;
  if (declaring.length === 0) return 'no container declares it';
  const sidecars = declaring.filter((c) => c.role === 'sidecar');
  if (sidecars.length > 0) {
    return `only the native sidecar ${label(sidecars[0])} declares it, and Kubernetes resolves port names in native sidecars only from 1.32 on (the target is 1.${minor})`;
  }
  return `only the init container ${label(declaring[0])} declares it, and an init container's ports are never a Service's endpoints`;
}

function podNames(pods: readonly Located<PodObject>[]): string {
  const names = pods.slice(0, 3).map(({ object, uri }) => `${object.kind} '${object.name ?? '?'}'${uri ? ` in ${uri.split('/').pop()}` : ''}`);
  return `the pods of ${names.join(', ')}${pods.length > 3 ? ` and ${pods.length - 3} more` : ''}`;
}

/** The pod templates in this text (other files' are named in the message instead). */
export function related(pods: readonly Located<PodObject>[], service: ServiceObject): RelatedLocation[] {
  return pods
    .filter((pod) => pod.delta !== undefined)
    .map(({ object, delta }) => ({
      start: object.at[0] + delta!,
      end: object.at[1] + delta!,
      message: `The pod template of ${object.kind} '${object.name ?? '?'}', selected by Service '${service.name ?? '?'}'`,
    }));
}
