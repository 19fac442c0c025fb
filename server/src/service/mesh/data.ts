/**
 * What Istio and Linkerd read from a pod and when they started reading it: data only, each entry with its public
 * source, so that a new mesh release is a one-line change here.
 */
import type { MeshName } from '../types';

/** A pod annotation that decides whether the injected proxy is a native sidecar, and the mesh minor that reads it. */
export interface NativeAnnotation {
  key: string;
  /** First minor version of the mesh that reads it (Istio 1.x, Linkerd stable 2.x). */
  since: number;
  /** The minor version from which a newer name replaces it (the mesh still reads it, but says it is deprecated). */
  deprecatedSince?: number;
  source: string;
}

/** The default of the control plane's native-sidecar setting, from a minor version on. */
export interface NativeDefault {
  since: number;
  value: 'auto' | 'true' | 'false';
  source: string;
}

export interface ProxyResourceAnnotation {
  key: string;
  section: 'requests' | 'limits';
  resource: 'cpu' | 'memory' | 'ephemeral-storage';
}

export interface MeshData {
  name: MeshName;
  title: string;
  proxyName: string;
  initName: string;
  /** Ports the proxy binds in the pod's network namespace. */
  ports: readonly number[];
  /** Ports a fix should not move to (Istio keeps the whole 15000–15090 block for itself). */
  reserved: (port: number) => boolean;
  proxyImage: RegExp;
  /** Annotations whose presence shows that the injector already ran (the proxy is written in the pod). */
  injectedMarkers: readonly string[];
  /** Newest first: the first one present (and read at the mesh version) decides. */
  nativeAnnotations: readonly NativeAnnotation[];
  nativeDefaults: readonly NativeDefault[];
  /** First minor version that can inject a native proxy at all. */
  nativeSince: number;
  resourceAnnotations: readonly ProxyResourceAnnotation[];
  /** The chart's proxy resources when no resource annotation is set (none for Linkerd). */
  chartResources?: { requests: Record<string, string>; limits: Record<string, string> };
  /** Key prefixes the mesh owns, and every key it defines under them (labels and annotations alike). */
  prefixes: readonly string[];
  knownKeys: ReadonlySet<string>;
  /** Prefixes shared with many other tools' keys: only near-misses of a known key are reported there. */
  loosePrefixes: readonly string[];
}

// istio/api annotation/annotations.yaml and label/labels.yaml @ b8f8791d9653b2edc77a071d48887e582cfe84bf.
const ISTIO_KEYS = [
  'sidecar.istio.io/inject',
  'sidecar.istio.io/status',
  'sidecar.istio.io/rewriteAppHTTPProbers',
  'sidecar.istio.io/discoveryAddress',
  'sidecar.istio.io/proxyImage',
  'sidecar.istio.io/proxyImageType',
  'sidecar.istio.io/proxyCPU',
  'sidecar.istio.io/proxyCPULimit',
  'sidecar.istio.io/proxyMemory',
  'sidecar.istio.io/proxyMemoryLimit',
  'sidecar.istio.io/interceptionMode',
  'sidecar.istio.io/bootstrapOverride',
  'sidecar.istio.io/statsInclusionPrefixes',
  'sidecar.istio.io/statsInclusionSuffixes',
  'sidecar.istio.io/statsInclusionRegexps',
  'sidecar.istio.io/statsHistogramBuckets',
  'sidecar.istio.io/statsFlushInterval',
  'sidecar.istio.io/statsEvictionInterval',
  'sidecar.istio.io/statsHistogramBins',
  'sidecar.istio.io/userVolume',
  'sidecar.istio.io/userVolumeMount',
  'sidecar.istio.io/logLevel',
  'sidecar.istio.io/componentLogLevel',
  'sidecar.istio.io/agentLogLevel',
  'sidecar.istio.io/nativeSidecar',
  'sidecar.istio.io/extraStatTags',
  'sidecar.istio.io/statsCompression',
  'traffic.sidecar.istio.io/includeOutboundIPRanges',
  'traffic.sidecar.istio.io/excludeOutboundIPRanges',
  'traffic.sidecar.istio.io/includeInboundPorts',
  'traffic.sidecar.istio.io/excludeInboundPorts',
  'traffic.sidecar.istio.io/excludeInterfaces',
  'traffic.sidecar.istio.io/includeOutboundPorts',
  'traffic.sidecar.istio.io/excludeOutboundPorts',
  'traffic.sidecar.istio.io/kubevirtInterfaces',
  'proxy.istio.io/config',
  'proxy.istio.io/overrides',
];

// linkerd/linkerd2 pkg/k8s/labels.go @ b24cd4059841f8cee2fb7a9c2ac23a693c583579.
const LINKERD_CONFIG = [
  'access-log',
  'admin-port',
  'admission-webhooks',
  'close-wait-timeout',
  'control-port',
  'debug-image',
  'debug-image-pull-policy',
  'debug-image-version',
  'default-inbound-policy',
  'enable-debug-sidecar',
  'enable-external-profiles',
  'enable-gateway',
  'image-pull-policy',
  'inbound-port',
  'init-image',
  'init-image-version',
  'opaque-ports',
  'outbound-port',
  'pod-inbound-ports',
  'proxy-additional-env',
  'proxy-admin-shutdown',
  'proxy-await',
  'proxy-cpu-limit',
  'proxy-cpu-ratio-limit',
  'proxy-cpu-request',
  'proxy-disable-inbound-protocol-detect-timeout',
  'proxy-disable-outbound-protocol-detect-timeout',
  'proxy-enable-native-sidecar',
  'proxy-ephemeral-storage-limit',
  'proxy-ephemeral-storage-request',
  'proxy-gid',
  'proxy-image',
  'proxy-inbound-connect-timeout',
  'proxy-inbound-discovery-cache-unused-timeout',
  'proxy-log-format',
  'proxy-log-http-headers',
  'proxy-log-level',
  'proxy-memory-limit',
  'proxy-memory-request',
  'proxy-metrics-hostname-labels',
  'proxy-outbound-connect-timeout',
  'proxy-outbound-discovery-cache-unused-timeout',
  'proxy-require-identity-inbound-ports',
  'proxy-uid',
  'proxy-version',
  'shutdown-grace-period',
  'skip-inbound-ports',
  'skip-outbound-ports',
  'skip-subnets',
];
const LINKERD_KEYS = [
  ...LINKERD_CONFIG.map((name) => `config.linkerd.io/${name}`),
  // Only these live under the alpha prefix; `proxy-admin-shutdown` was config.linkerd.io/ from the start (#12705).
  'config.alpha.linkerd.io/proxy-enable-native-sidecar',
  'config.alpha.linkerd.io/proxy-wait-before-exit-seconds',
  'config.beta.linkerd.io/proxy-enable-native-sidecar',
  ...[
    'inject',
    'created-by',
    'proxy-version',
    'identity-mode',
    'control-plane-ns',
    'control-plane-component',
    'workload-ns',
    'proxy-deployment',
    'proxy-replicationcontroller',
    'proxy-replicaset',
    'proxy-job',
    'proxy-daemonset',
    'proxy-statefulset',
    'proxy-cronjob',
    'extension',
    'is-control-plane',
    'trust-root-sha256',
  ].map((name) => `linkerd.io/${name}`),
];

export const ISTIO: MeshData = {
  name: 'istio',
  title: 'Istio',
  proxyName: 'istio-proxy',
  initName: 'istio-init',
  // istio.io "Application requirements: ports used by Istio".
  ports: [15000, 15001, 15004, 15006, 15008, 15009, 15020, 15021, 15053, 15090],
  reserved: (port) => port >= 15000 && port <= 15090,
  proxyImage: /(^|\/)(istio|istio-release)\/proxyv2([:@]|$)/,
  injectedMarkers: ['sidecar.istio.io/status'],
  nativeAnnotations: [{ key: 'sidecar.istio.io/nativeSidecar', since: 24, source: 'istio/api#3329 (Istio 1.24)' }],
  nativeDefaults: [
    { since: 19, value: 'false', source: 'ENABLE_NATIVE_SIDECARS added off (Istio 1.19)' },
    { since: 27, value: 'auto', source: 'istio/istio#56428, backported in #56918 (Istio 1.27): native where every kubelet is 1.33+' },
  ],
  nativeSince: 19,
  resourceAnnotations: [
    { key: 'sidecar.istio.io/proxyCPU', section: 'requests', resource: 'cpu' },
    { key: 'sidecar.istio.io/proxyMemory', section: 'requests', resource: 'memory' },
    { key: 'sidecar.istio.io/proxyCPULimit', section: 'limits', resource: 'cpu' },
    { key: 'sidecar.istio.io/proxyMemoryLimit', section: 'limits', resource: 'memory' },
  ],
  // manifests/charts/istio-control/istio-discovery/values.yaml `global.proxy.resources` (1.24, 1.27, master).
  chartResources: { requests: { cpu: '100m', memory: '128Mi' }, limits: { cpu: '2000m', memory: '1024Mi' } },
  prefixes: ['sidecar.istio.io/', 'proxy.istio.io/', 'traffic.sidecar.istio.io/'],
  knownKeys: new Set(ISTIO_KEYS),
  loosePrefixes: [],
};

export const LINKERD: MeshData = {
  name: 'linkerd',
  title: 'Linkerd',
  proxyName: 'linkerd-proxy',
  initName: 'linkerd-init',
  // The defaults of `linkerd inject` --inbound-port, --outbound-port, --control-port and --admin-port.
  ports: [4140, 4143, 4190, 4191],
  reserved: (port) => [4140, 4143, 4190, 4191].includes(port),
  proxyImage: /(^|\/)linkerd\/proxy([:@]|$)/,
  injectedMarkers: ['linkerd.io/proxy-version', 'linkerd.io/created-by'],
  nativeAnnotations: [
    { key: 'config.linkerd.io/proxy-enable-native-sidecar', since: 20, source: 'linkerd/linkerd2#15267 (stable-2.20)' },
    { key: 'config.beta.linkerd.io/proxy-enable-native-sidecar', since: 19, deprecatedSince: 20, source: 'linkerd/linkerd2#14587 (stable-2.19)' },
    { key: 'config.alpha.linkerd.io/proxy-enable-native-sidecar', since: 15, deprecatedSince: 19, source: 'linkerd/linkerd2#11465 (stable-2.15)' },
  ],
  nativeDefaults: [
    { since: 15, value: 'false', source: 'linkerd/linkerd2#11465: proxy.nativeSidecar off (stable-2.15)' },
    { since: 20, value: 'true', source: 'linkerd/linkerd2#15267: proxy.nativeSidecar on (stable-2.20)' },
  ],
  nativeSince: 15,
  resourceAnnotations: [
    { key: 'config.linkerd.io/proxy-cpu-request', section: 'requests', resource: 'cpu' },
    { key: 'config.linkerd.io/proxy-memory-request', section: 'requests', resource: 'memory' },
    { key: 'config.linkerd.io/proxy-ephemeral-storage-request', section: 'requests', resource: 'ephemeral-storage' },
    { key: 'config.linkerd.io/proxy-cpu-limit', section: 'limits', resource: 'cpu' },
    { key: 'config.linkerd.io/proxy-memory-limit', section: 'limits', resource: 'memory' },
    { key: 'config.linkerd.io/proxy-ephemeral-storage-limit', section: 'limits', resource: 'ephemeral-storage' },
  ],
  prefixes: ['config.linkerd.io/', 'config.alpha.linkerd.io/', 'config.beta.linkerd.io/', 'linkerd.io/'],
  knownKeys: new Set(LINKERD_KEYS),
  loosePrefixes: ['linkerd.io/'],
};

export const MESHES: readonly MeshData[] = [ISTIO, LINKERD];

/** Istio's `proxy.istio.io/config` knob and Linkerd's annotations that only act on a proxy in `containers`. */
export const LEGACY_ONLY_SETTINGS = {
  istioHold: 'holdApplicationUntilProxyStarts',
  linkerd: ['config.linkerd.io/proxy-await', 'config.alpha.linkerd.io/proxy-wait-before-exit-seconds'],
} as const;

/** Linkerd's annotations whose values Go's strconv.ParseBool reads. */
export const LINKERD_BOOLEANS: ReadonlySet<string> = new Set([
  'config.linkerd.io/proxy-enable-native-sidecar',
  'config.beta.linkerd.io/proxy-enable-native-sidecar',
  'config.alpha.linkerd.io/proxy-enable-native-sidecar',
  'config.linkerd.io/enable-gateway',
  'config.linkerd.io/enable-external-profiles',
  'config.linkerd.io/disable-identity',
  'config.linkerd.io/enable-debug-sidecar',
]);

/** Values Go's strconv.ParseBool accepts. */
export function parseGoBool(value: string): boolean | undefined {
  if (['1', 't', 'T', 'TRUE', 'true', 'True'].includes(value)) return true;
  if (['0', 'f', 'F', 'FALSE', 'false', 'False'].includes(value)) return false;
  return undefined;
}

/** The mesh's configured minor version. */
export function meshMinor(mesh: MeshData, settings: { mesh: { istioMinor?: number; linkerdMinor?: number } }): number | undefined {
  return mesh.name === 'istio' ? settings.mesh?.istioMinor : settings.mesh?.linkerdMinor;
}

/** A mesh version as people write it: `1.26`, `2.18`. */
export function versionText(mesh: MeshData, minor: number): string {
  return `${mesh.name === 'istio' ? 1 : 2}.${minor}`;
}
