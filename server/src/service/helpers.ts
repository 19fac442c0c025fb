/** Which containers are sidecars by nature: the image and name table of kubernetes-sidecars.md §7, plus settings. */
import type { HelperKind, Settings } from './types';

interface ImagePattern {
  source: string;
  pattern: RegExp;
  kind: HelperKind;
  /** Some images are helpers only in one mode (Vault as an agent, git-sync not in --one-time mode). */
  when?: (script: string) => boolean;
  /** Metrics exporters and config reloaders: the app starts and stops the same without them. */
  offPath?: boolean;
}

function globBody(pattern: string): string {
  return pattern
    .split('*')
    .map((part) => part.replace(/[.+?^${}()|[\]\\]/g, '\\$&'))
    .join('[^@]*');
}

function glob(pattern: string): RegExp {
  return new RegExp(`^${globBody(pattern)}$`);
}

const image = (pattern: string, kind: HelperKind, when?: (script: string) => boolean): ImagePattern => ({
  source: pattern,
  pattern: glob(pattern),
  kind,
  when,
});

const offPathImage = (pattern: string): ImagePattern => ({ ...image(pattern, 'other'), offPath: true });

// Matched against the image's path without tag or digest, anchored at a `/` boundary (so the registry may vary).
const IMAGES: ImagePattern[] = [
  image('istio/proxyv2', 'proxy'),
  image('istio-release/proxyv2', 'proxy'),
  image('envoyproxy/envoy*', 'proxy'),
  image('linkerd/proxy', 'proxy'),
  image('hashicorp/consul-dataplane', 'proxy'),
  image('daprio/daprd', 'proxy'),
  image('dapr/daprd', 'proxy'),
  image('cloud-sql-connectors/cloud-sql-proxy', 'proxy'),
  image('cloudsql-docker/gce-proxy', 'proxy'),
  image('*alloydb-auth-proxy', 'proxy'),
  image('oauth2-proxy/oauth2-proxy', 'proxy'),
  image('*/kube-rbac-proxy', 'proxy'),
  image('hashicorp/vault', 'other', (script) => /\bagent\b/.test(script)),
  image('fluent/fluent-bit', 'logging'),
  image('fluent/fluentd*', 'logging'),
  image('*fluentd-kubernetes-daemonset', 'logging'),
  image('beats/filebeat', 'logging'),
  image('timberio/vector', 'logging'),
  image('grafana/promtail', 'logging'),
  image('grafana/alloy', 'logging'),
  image('otel/opentelemetry-collector*', 'logging'),
  image('opentelemetry-collector-releases/*', 'logging'),
  image('jaegertracing/jaeger-agent', 'logging'),
  image('git-sync/git-sync', 'other', (script) => !script.includes('--one-time')),
  image('git-sync', 'other', (script) => !script.includes('--one-time')),
  offPathImage('jimmidyson/configmap-reload'),
  offPathImage('prometheus-operator/prometheus-config-reloader'),
  offPathImage('stakater/reloader'),
  offPathImage('prom/*-exporter'),
  offPathImage('prometheus/*-exporter'),
  offPathImage('prometheuscommunity/*'),
  offPathImage('oliver006/redis_exporter'),
  offPathImage('nginx/nginx-prometheus-exporter'),
];

// Most images are not helpers: one test of every pattern at once rules them out before the table is walked.
const ANY_IMAGE = new RegExp(`^(?:${IMAGES.map((entry) => globBody(entry.source)).join('|')})$`);

const NAMES: Record<string, HelperKind> = {
  'istio-proxy': 'proxy',
  envoy: 'proxy',
  'envoy-sidecar': 'proxy',
  'linkerd-proxy': 'proxy',
  'consul-dataplane': 'proxy',
  daprd: 'proxy',
  'cloud-sql-proxy': 'proxy',
  'cloudsql-proxy': 'proxy',
  'oauth2-proxy': 'proxy',
  'tls-proxy': 'proxy',
  'ssl-proxy': 'proxy',
  'kube-rbac-proxy': 'proxy',
  'vault-agent': 'other',
  'fluent-bit': 'logging',
  fluentd: 'logging',
  filebeat: 'logging',
  vector: 'logging',
  promtail: 'logging',
  'otc-container': 'logging',
  'otel-collector': 'logging',
  'jaeger-agent': 'logging',
  'git-sync': 'other',
  'configmap-reload': 'other',
  'config-reloader': 'other',
  metrics: 'other',
};

// Exact names of helpers the app's start and stop do not depend on.
const OFF_PATH_NAMES = new Set(['configmap-reload', 'config-reloader', 'metrics']);

const NAME_PARTS: [string, HelperKind][] = [
  ['proxy', 'proxy'],
  ['envoy', 'proxy'],
  ['shipper', 'logging'],
  ['logger', 'logging'],
  ['log-agent', 'logging'],
  ['collector', 'logging'],
  ['forwarder', 'logging'],
  ['sidecar', 'other'],
  ['exporter', 'other'],
  ['reloader', 'other'],
  ['git-sync', 'other'],
];

// Parts that name one product rather than a role: as telling as a known name.
const PRODUCT_PARTS = new Set(['envoy', 'git-sync']);

// Name words for helpers off the app's start/stop path: it starts and stops the same without them.
const OFF_PATH_WORDS = /exporter|reloader|reload\b/;

/** The repository path of an image reference: no tag, no digest. */
export function imagePath(ref: string): string {
  const noDigest = ref.split('@')[0];
  const lastSlash = noDigest.lastIndexOf('/');
  const colon = noDigest.indexOf(':', lastSlash + 1);
  return (colon === -1 ? noDigest : noDigest.slice(0, colon)).trim();
}

/** Tries a pattern against the whole path and every suffix that starts after a `/`. */
function matchesPath(pattern: RegExp, path: string): boolean {
  if (pattern.test(path)) return true;
  for (let i = path.indexOf('/'); i !== -1; i = path.indexOf('/', i + 1)) {
    if (pattern.test(path.slice(i + 1))) return true;
  }
  return false;
}

/**
 * How a helper was recognised: a known image, a known name (`istio-proxy`, `git-sync`), a name containing `sidecar`
 * (the author's stated intent), only a generic word in its name (`proxy`, `exporter`: weak), or the user's settings.
 */
export type HelperEvidence = 'image' | 'name' | 'sidecar-word' | 'word' | 'setting';

export interface HelperMatch {
  kind: HelperKind;
  reason: string;
  evidence: HelperEvidence;
  /** A metrics exporter or config reloader: the app starts and stops the same without it. */
  offPath: boolean;
  /** The word of the name that matched, for evidence 'word' and 'sidecar-word'. */
  word?: string;
}

/** Recognises a container as a helper by image, then name, then the user's patterns; undefined when it is not one. */
export function matchHelper(name: string | undefined, imageRef: string | undefined, script: string, settings: Settings): HelperMatch | undefined {
  const path = imageRef ? imagePath(imageRef) : '';
  if (path && matchesPath(ANY_IMAGE, path)) {
    for (const entry of IMAGES) {
      if (matchesPath(entry.pattern, path) && (!entry.when || entry.when(script))) {
        return { kind: entry.kind, reason: `its image ${path}`, evidence: 'image', offPath: entry.offPath === true };
      }
    }
  }
  if (path) {
    for (const pattern of settings.helperImages) {
      if (matchesPath(glob(pattern), path) || glob(pattern).test(imageRef ?? '')) return setting(name, `its image matches "${pattern}"`);
    }
  }
  return name === undefined ? undefined : matchName(name, settings);
}

function matchName(name: string, settings: Settings): HelperMatch | undefined {
  const offPath = OFF_PATH_NAMES.has(name) || OFF_PATH_WORDS.test(name);
  const exact = Object.hasOwn(NAMES, name) ? NAMES[name] : undefined;
  if (exact) return { kind: exact, reason: `its name`, evidence: 'name', offPath };
  for (const pattern of settings.helperNames) if (glob(pattern).test(name)) return setting(name, `its name matches "${pattern}"`);
  for (const [part, kind] of NAME_PARTS) {
    if (!name.includes(part)) continue;
    if (PRODUCT_PARTS.has(part)) return { kind, reason: `its name`, evidence: 'name', offPath, word: part };
    const intent = name.includes('sidecar');
    return { kind, reason: `its name`, evidence: intent ? 'sidecar-word' : 'word', offPath, word: intent ? 'sidecar' : part };
  }
  return undefined;
}

function setting(name: string | undefined, reason: string): HelperMatch {
  return { kind: kindFromName(name), reason, evidence: 'setting', offPath: false };
}

function kindFromName(name: string | undefined): HelperKind {
  if (!name) return 'other';
  if (/proxy|envoy|mesh/.test(name)) return 'proxy';
  if (/log|shipper|collector|forwarder|fluent|vector/.test(name)) return 'logging';
  return 'other';
}
