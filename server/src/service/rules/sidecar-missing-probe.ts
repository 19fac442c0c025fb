import { addEntries, indentUnit } from '../edits';
import { declaredPortsOf } from '../pod/ports';
import { detectEol } from '../text';
import type { Fix } from '../types';
import { containerLabel, type Container } from '../workloads';
import { findPair, hasAnchor } from '../yamlNodes';
import type { Rule, RuleContext } from './rule';
import { nativeSidecarsAvailable } from '../pod/sidecars';
import { containerAnchor } from '../ranges';

/** Without a startup probe the next containers start as soon as a native sidecar's process runs, ready or not [2.1]. */
export const sidecarMissingProbe: Rule = {
  id: 'sidecar-missing-probe',
  defaultSeverity: 'info',
  description: 'A native sidecar without a startupProbe, or a helper in containers without a readinessProbe, that declares a port.',
  fixable: true,
  check(context) {
    const { pod } = context;
    return pod.containers.flatMap((c) => {
      const native = c.role === 'sidecar';
      if (native ? !nativeSidecarsAvailable(context.settings) : c.role !== 'app' || c.helper === undefined) return [];
      const probe = native ? 'startupProbe' : 'readinessProbe';
      const ports = declaredPortsOf(pod, c);
      if (ports.length === 0 || findPair(pod.doc, c.node, probe)) return [];
      const port = ports.find((p) => p.protocol === 'TCP' && isPortNumber(p.containerPort));
      const fix = port ? addProbe(context, c, probe, port.containerPort) : undefined;
      const [start, end] = containerAnchor(c);
      const name = containerLabel(c);
      const message = native
        ? `Native sidecar '${name}' declares port ${ports[0].containerPort} but has no startupProbe, so the containers after it may start before it is ready: add a startupProbe.`
        : `Sidecar '${name}' declares port ${ports[0].containerPort} but has no readinessProbe, so the pod can receive traffic before it is ready: add a readinessProbe.`;
      return [{ container: c, start, end, message, fixes: fix ? [fix] : [] }];
    });
  },
};

/** A number a probe can name: `containerPort: 1e309` reads as Infinity, which must never be written back. */
function isPortNumber(port: number): boolean {
  return Number.isInteger(port) && port >= 1 && port <= 65535;
}

/** A tcpSocket probe on the container's first TCP port, appended to its own map in its style. */
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
  return edits && { title: `${title} (tcpSocket on port ${port}) to '${containerLabel(c)}'`, edits, preferred: true };
}
