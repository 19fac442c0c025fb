import { addEntries, indentUnit } from '../edits';
import { imagePath } from '../helpers';
import { portDependencies } from '../pod/probes';
import { declaredPortsOf, type DeclaredPort } from '../pod/ports';
import { nativeSidecarsAvailable, runsToCompletion } from '../pod/sidecars';
import { containerAnchor } from '../ranges';
import { detectEol } from '../text';
import type { Fix } from '../types';
import { containerLabel, type Container, type PodSpec } from '../workloads';
import { findPair, hasAnchor } from '../yamlNodes';
import type { Rule, RuleContext, RuleFinding } from './rule';

/**
 * The seam for Services: the ports of a container that a Service selecting its pod targets. The engine adds it to the
 * rule context once it indexes Services (same file, workspace, CLI files); until then no helper is known to be targeted.
 */
export interface ServiceTargets {
  serviceTargets?(pod: PodSpec, container: Container): readonly DeclaredPort[];
}

// Proxies an app sends its own traffic through (mesh data planes, database and API connectors), by image or by name.
const OUTBOUND_IMAGES =
  /(^|\/)(istio\/proxyv2|istio-release\/proxyv2|linkerd\/proxy|envoyproxy\/envoy[\w-]*|consul-dataplane|daprd|cloud-sql-proxy|gce-proxy|alloydb-auth-proxy)$/;
const OUTBOUND_NAMES = new Set(['istio-proxy', 'linkerd-proxy', 'envoy', 'envoy-sidecar', 'consul-dataplane', 'daprd', 'cloud-sql-proxy', 'cloudsql-proxy']);

/**
 * A probe matters where something waits on it: the containers after a native sidecar start when its startupProbe passes
 * [2.1], and a Service sends traffic to a pod once every container's readinessProbe passes. Elsewhere a probe gates nothing.
 */
export const sidecarMissingProbe: Rule = {
  id: 'sidecar-missing-probe',
  defaultSeverity: 'info',
  description: 'A native sidecar that later containers rely on without a startupProbe, or a helper a Service targets without a readinessProbe.',
  fixable: false,
  check(context) {
    const { pod } = context;
    return pod.containers.flatMap((c): RuleFinding[] => {
      if (c.role === 'sidecar') return nativeSidecarsAvailable(context.settings) ? startupFinding(context, c) : [];
      if (c.role !== 'app' || c.helper === undefined || runsToCompletion(pod)) return [];
      return readinessFinding(context, c);
    });
  },
};

function startupFinding(context: RuleContext, c: Container): RuleFinding[] {
  const { pod } = context;
  const tcp = declaredPortsOf(pod, c).filter((p) => p.protocol === 'TCP');
  if (tcp.length === 0 || findPair(pod.doc, c.node, 'startupProbe')) return [];
  const dependencies = portDependencies(pod, c);
  const proxy = isOutboundProxy(c);
  // An app's own words are the clearest evidence; a proxy's own init (iptables redirects) names its ports for other reasons.
  const dependency = dependencies.find((d) => d.dependent.role === 'app') ?? (proxy ? undefined : dependencies[0]);
  const name = containerLabel(c);
  let reason: string;
  if (dependency) reason = `'${containerLabel(dependency.dependent)}' reaches it on port ${dependency.port.containerPort} (its ${dependency.via})`;
  else if (proxy) reason = 'the app sends its traffic through this proxy';
  else return [];
  const port = dependency?.port ?? tcp[0];
  const message = `Native sidecar '${name}' has no startupProbe, but ${reason}: the containers after it may start before it listens. Add a startupProbe.`;
  return [finding(context, c, 'startupProbe', port, message)];
}

function readinessFinding(context: RuleContext, c: Container): RuleFinding[] {
  const { pod } = context;
  const targeted = (context as RuleContext & ServiceTargets).serviceTargets?.(pod, c) ?? [];
  const port = targeted.find((p) => p.protocol === 'TCP');
  if (!port || findPair(pod.doc, c.node, 'readinessProbe')) return [];
  const message = `Sidecar '${containerLabel(c)}' has no readinessProbe, but a Service sends traffic to its port ${port.containerPort}: the pod can receive requests before it is ready. Add a readinessProbe.`;
  return [finding(context, c, 'readinessProbe', port, message)];
}

function finding(context: RuleContext, c: Container, probe: 'startupProbe' | 'readinessProbe', port: DeclaredPort, message: string): RuleFinding {
  const [start, end] = containerAnchor(c);
  const fix = isPortNumber(port.containerPort) ? addProbe(context, c, probe, port.containerPort) : undefined;
  return { container: c, start, end, message, fixes: fix ? [fix] : [] };
}

function isOutboundProxy(c: Container): boolean {
  return (c.name !== undefined && OUTBOUND_NAMES.has(c.name)) || (c.image !== undefined && OUTBOUND_IMAGES.test(imagePath(c.image)));
}

/** A number a probe can name: `containerPort: 1e309` reads as Infinity, which must never be written back. */
function isPortNumber(port: number): boolean {
  return Number.isInteger(port) && port >= 1 && port <= 65535;
}

/** A tcpSocket probe on a TCP port the container declares, appended to its own map in its style: a suggestion. */
function addProbe({ text }: RuleContext, c: Container, probe: string, port: number): Fix | undefined {
  if (!c.direct || hasAnchor(c.node)) return undefined;
  const edits = addEntries(
    text,
    c.node,
    [{ key: probe, value: [{ key: 'tcpSocket', value: [{ key: 'port', value: String(port) }] }] }],
    detectEol(text),
    indentUnit(text, c.node),
  );
  const title = probe === 'startupProbe' ? 'Add startupProbe' : 'Add readinessProbe';
  return edits && { title: `${title} (tcpSocket on port ${port}) to '${containerLabel(c)}'`, edits, kind: 'suggestion' };
}
