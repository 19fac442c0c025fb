import { injectionOf, namespaceViews, podOptIns, type Injection } from '../mesh/injection';
import { nativeFix, noNativeAnnotation, optOutFix, stopsProxyItself } from '../mesh/remedies';
import { nativeSidecarsAvailable, runsToCompletion } from '../pod/sidecars';
import { getScalar } from '../yamlNodes';
import type { PodSpec } from '../workloads';
import type { Rule, RuleFinding } from './rule';
import type { RelatedLocation } from '../types';

function owner(pod: PodSpec): string {
  return pod.kind === 'Pod' ? `this Pod (restartPolicy: ${pod.restartPolicy})` : `this ${pod.kind}`;
}

/** Where the finding sits: the native annotation that makes the proxy legacy, else the key that opts in, else `kind`. */
function anchor(pod: PodSpec, injection: Injection): { range: [number, number]; related?: RelatedLocation[] } | undefined {
  const decided = injection.native.annotation;
  if (decided && injection.native.mode === 'legacy' && decided.keyNode.range) return { range: [decided.keyNode.range[0], decided.keyNode.range[1]] };
  if (injection.via.by === 'pod' && injection.via.entry.keyNode.range)
    return { range: [injection.via.entry.keyNode.range[0], injection.via.entry.keyNode.range[1]] };
  const kind = getScalar(pod.doc, pod.object, 'kind');
  if (!kind?.range) return undefined;
  const ns = injection.via.by === 'namespace' ? injection.via.namespace : undefined;
  const related = ns?.at ? [{ start: ns.at[0], end: ns.at[1], message: `Namespace '${ns.name}' turns on ${injection.mesh.title} injection here.` }] : undefined;
  return { range: [kind.range[0], kind.range[1]], related };
}

function how(injection: Injection): string {
  const via = injection.via;
  if (via.by === 'pod') return `its ${via.entry.where === 'labels' ? 'label' : 'annotation'} ${via.entry.key}`;
  if (via.by === 'namespace')
    return via.namespace.fromSetting ? `namespace '${via.namespace.name}' (mesh.injectedNamespaces)` : `namespace '${via.namespace.name}'`;
  return 'its injector';
}

/** A Job whose injected mesh proxy is not a native sidecar never completes: the proxy keeps running after the app exits. */
export const meshProxyBlocksJob: Rule = {
  id: 'mesh-proxy-blocks-job',
  defaultSeverity: 'error',
  description: 'A Job, CronJob or run-once Pod gets an injected Istio or Linkerd proxy that is not a native sidecar, so it never completes.',
  fixable: true,
  relatedElsewhere: true,
  check({ pod, text, settings, objects }) {
    if (!runsToCompletion(pod)) return [];
    const injection = injectionOf(pod, settings, namespaceViews(objects));
    // Injector output shows the proxy itself: job-sidecar-never-completes judges it there.
    if (!injection || injection.via.by === 'injected' || injection.native.mode === 'native') return [];
    if (stopsProxyItself(pod, injection.mesh)) return [];
    const place = anchor(pod, injection);
    if (!place) return [];
    const { mesh } = injection;
    const depends = injection.native.mode === 'depends';
    const fixes = [];
    const native = nativeSidecarsAvailable(settings) ? nativeFix(text, pod, injection, settings) : undefined;
    if (native) fixes.push(native);
    const optOut = optOutFix(text, pod, mesh);
    if (optOut) fixes.push(optOut);
    const quit = mesh.name === 'istio' ? 'localhost:15020/quitquitquit' : 'localhost:4191/shutdown';
    const without = nativeSidecarsAvailable(settings)
      ? noNativeAnnotation(mesh, settings)
      : `native sidecars need Kubernetes 1.29 (target 1.${settings.kubernetesMinor})`;
    const remedy = native
      ? `run it as a native sidecar (${native.title.replace(/^.*?: /, '')}) or do not inject this ${pod.kind}`
      : `${without ?? 'the native annotation cannot be added here'}, so do not inject this ${pod.kind} or have the app call ${quit} when it is done`;
    const message = depends
      ? `${owner(pod)} gets an injected ${mesh.proxyName} through ${how(injection)}, and whether it runs as a native sidecar depends on your mesh (${injection.native.reason}): if it is injected into containers, it never exits and the ${pod.kind} never completes; set the native annotation, or configure mesh.${mesh.name}.version.`
      : `${owner(pod)} gets an injected ${mesh.proxyName} through ${how(injection)} that is not a native sidecar (${injection.native.reason}): it never exits, so the ${pod.kind} never completes; ${remedy}.`;
    // A pod that opts into two meshes gets two proxies: a fix for one leaves the other, so the person must choose first.
    const others = podOptIns(pod).filter((m) => m !== mesh);
    const both = others.length > 0 ? ` It also opts into ${others.map((m) => m.title).join(' and ')} injection: keep one mesh.` : '';
    const finding: RuleFinding = { start: place.range[0], end: place.range[1], message: message + both, fixes: both ? [] : fixes, related: place.related };
    if (depends) finding.severity = 'warning';
    return [finding];
  },
};
