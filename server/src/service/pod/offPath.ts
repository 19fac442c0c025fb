/** Helpers the app starts and stops the same without: metrics exporters, config reloaders, metrics-only auth proxies. */
import type { HelperMatch } from '../helpers';
import { imagePath } from '../helpers';
import type { Container, PodSpec } from '../workloads';
import { getScalar, getSeq, seqMaps } from '../yamlNodes';

// kube-rbac-proxy's upstream on the pod's loopback: `--upstream=http://127.0.0.1:8080/`.
const UPSTREAM = /--upstream[=\s](?:https?:\/\/)?(?:127\.0\.0\.1|localhost|\[::1\])?:(\d+)/;

function isKubeRbacProxy(helper: Container): boolean {
  return (helper.image !== undefined && imagePath(helper.image).endsWith('kube-rbac-proxy')) || (helper.name ?? '').includes('kube-rbac-proxy');
}

function isExporter(container: Container): boolean {
  const path = container.image ? imagePath(container.image) : '';
  return /exporter|kube-state-metrics/.test(`${path} ${container.name ?? ''}`);
}

/**
 * An operator or controller (`prometheus-operator`, `*-controller`, `*-controller-manager`): its work is reconciling
 * objects of the API server, and the HTTP port it binds on the pod serves its metrics and health, not user traffic.
 */
function isController(container: Container): boolean {
  const own = container.image ? imagePath(container.image).split('/').pop()!.toLowerCase() : '';
  return /(?:^|[-_])(?:operator|controller|controller-manager)$/.test(own);
}

function declaresPort(pod: PodSpec, container: Container, port: string): boolean {
  return seqMaps(pod.doc, getSeq(pod.doc, container.node, 'ports')).some(({ item }) => String(getScalar(pod.doc, item, 'containerPort')?.value) === port);
}

/**
 * The app container a kube-rbac-proxy fronts serves only metrics there: the app binds that port with a metrics flag
 * (`--metrics-bind-address=127.0.0.1:8080`, as Kubebuilder scaffolds), or the app is itself a metrics exporter, or an
 * operator or controller that binds that port. When every other app container is an operator or controller, the
 * loopback port is theirs even where their default binds it silently (no flag, no declared port).
 */
function frontsOnlyMetrics(pod: PodSpec, helper: Container): boolean {
  const port = UPSTREAM.exec(helper.script)?.[1];
  if (!port) return false;
  const metricsFlag = new RegExp(`--[\\w.-]*(?:metrics|telemetry)[\\w.-]*[=\\s](?:\\S*:)?${port}\\b`);
  const named = new RegExp(`[=:]${port}\\b`);
  const apps = pod.containers.filter((c) => c !== helper && c.role === 'app' && !c.helper);
  if (apps.length > 0 && apps.every(isController)) return true;
  return pod.containers.some(
    (c) =>
      c !== helper &&
      c.role === 'app' &&
      (metricsFlag.test(c.script) || ((isExporter(c) || isController(c)) && (named.test(c.script) || declaresPort(pod, c, port)))),
  );
}

/** Why a helper is off the app's start/stop path (a phrase for the message), or undefined when it is on it. */
export function offPathReason(pod: PodSpec, helper: Container, match: HelperMatch | undefined): string | undefined {
  if (isKubeRbacProxy(helper)) return frontsOnlyMetrics(pod, helper) ? 'it fronts only a metrics port' : undefined;
  if (!match?.offPath) return undefined;
  return /reload/.test(`${helper.name ?? ''} ${helper.image ?? ''}`) ? 'a config reloader' : 'a metrics exporter';
}
