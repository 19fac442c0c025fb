/** Hover text for mesh labels and annotations: what the injector does with the key, at the configured mesh version. */
import type { Settings } from '../types';
import { ISTIO, LEGACY_ONLY_SETTINGS, LINKERD, meshMinor, versionText, type MeshData } from './data';
import type { Injection } from './injection';
import { ownerOf } from './keys';

const NAMESPACE_KEYS: Record<string, string> = {
  'istio-injection':
    'On a Namespace, `istio-injection: enabled` makes Istio inject `istio-proxy` into every new pod of the namespace (unless the pod sets `sidecar.istio.io/inject: "false"`); `disabled` turns injection off there.',
  'istio.io/rev':
    'Names the istiod revision that injects the pod (on a Namespace: every pod in it, unless `istio-injection` says otherwise or the pod opts out).',
};

function versionNote(mesh: MeshData, settings: Settings, since: number, deprecatedSince?: number): string {
  const minor = meshMinor(mesh, settings);
  const from = `Read from ${mesh.title} ${versionText(mesh, since)}${deprecatedSince ? `, deprecated from ${versionText(mesh, deprecatedSince)}` : ''}.`;
  if (minor === undefined) return `${from} Set \`mesh.${mesh.name}.version\` to know whether yours reads it.`;
  const at = `${mesh.title} ${versionText(mesh, minor)}`;
  if (minor < since) return `${from} **${at} (your setting) ignores it.**`;
  return `${from} ${at} (your setting) ${deprecatedSince !== undefined && minor >= deprecatedSince ? 'reads it but calls it deprecated' : 'reads it'}.`;
}

function explainKey(key: string, mesh: MeshData, settings: Settings): string {
  const native = mesh.nativeAnnotations.find((a) => a.key === key);
  if (native) {
    const values =
      mesh === ISTIO
        ? 'Every value but the exact string `"false"` turns native mode on.'
        : "The value is read with Go's `strconv.ParseBool` (`true`, `false`, `1`, `0`…); anything else is ignored.";
    return `Asks the ${mesh.title} injector to add its proxy as a **native sidecar** (an init container with \`restartPolicy: Always\`), which starts before the app and lets Jobs complete; it wins over the control plane's setting. ${values} ${versionNote(mesh, settings, native.since, native.deprecatedSince)} (${native.source})`;
  }
  const resource = mesh.resourceAnnotations.find((a) => a.key === key);
  if (resource) {
    const chart = mesh.chartResources;
    const rule = chart
      ? `Istio emits only the proxy resources a pod annotates: once one of the four is set, the chart's defaults (requests cpu ${chart.requests.cpu}, memory ${chart.requests.memory}; limits cpu ${chart.limits.cpu}, memory ${chart.limits.memory}) are dropped for the others.`
      : 'Without it the Linkerd proxy has no such request or limit; `linkerd-init` gets the same values.';
    return `Sets the injected proxy's ${resource.resource} ${resource.section === 'requests' ? 'request' : 'limit'}. ${rule}`;
  }
  if (key === 'sidecar.istio.io/inject')
    return 'As a pod **label**, `"true"` makes Istio inject `istio-proxy` into this pod and `"false"` keeps it out whatever the namespace says. The annotation of the same name still works but istio/api deprecates it.';
  if (key === 'linkerd.io/inject')
    return '`enabled` (or `ingress`) makes Linkerd inject `linkerd-proxy` into this pod (on a Namespace: into every pod of it); `disabled` keeps it out.';
  if (key === 'proxy.istio.io/config')
    return `Per-pod ProxyConfig (YAML or JSON). \`${LEGACY_ONLY_SETTINGS.istioHold}: true\` puts the proxy first in \`containers\` and holds the app until it is ready; Istio ignores it when the proxy is a native sidecar, which starts first anyway.`;
  if ((LEGACY_ONLY_SETTINGS.linkerd as readonly string[]).includes(key))
    return 'Orders the start-up or shutdown of a proxy in `containers`; a native Linkerd proxy is started before the app and stopped after it by Kubernetes, so this has no effect there.';
  if (key === 'sidecar.istio.io/status' || key === 'linkerd.io/proxy-version' || key === 'linkerd.io/created-by')
    return `Written by the ${mesh.title} injector: this pod template is injector output, so the proxy is already in it. Change the injector's settings (or the manifest it was made from), not the injected containers.`;
  if (mesh.knownKeys.has(key)) return `A key the ${mesh.title} injector reads.`;
  return `${mesh.title} defines no key \`${key}\`: its injector ignores it silently.`;
}

function modeNote(injection: Injection | undefined): string {
  if (!injection) return '';
  const { mesh, native } = injection;
  const where =
    native.mode === 'native'
      ? 'as a native sidecar'
      : native.mode === 'legacy'
        ? 'into `containers` (a legacy sidecar)'
        : 'as a native sidecar or not, depending on your mesh';
  return `\n\nHere: ${mesh.title} injects \`${mesh.proxyName}\` ${where} (${native.reason}).`;
}

/** The hover for a mesh label or annotation key, or undefined for a key no mesh owns. */
export function describeMeshKey(key: string, settings: Settings, injection?: Injection): string | undefined {
  if (NAMESPACE_KEYS[key]) return NAMESPACE_KEYS[key] + modeNote(injection);
  const owner = ownerOf(key);
  if (!owner) return undefined;
  if (owner.loose && !owner.mesh.knownKeys.has(key)) return undefined;
  return explainKey(key, owner.mesh === ISTIO ? ISTIO : LINKERD, settings) + modeNote(injection);
}
