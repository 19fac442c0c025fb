/** Settings from any source (editor, CLI flags, initializationOptions) normalised into one shape with defaults. */
import type { HelperKind, ResourceDefaults, Settings, SeveritySetting } from './types';

export const DEFAULT_RESOURCES: Record<HelperKind, ResourceDefaults> = {
  proxy: { cpu: '200m', memory: '256Mi' },
  logging: { cpu: '100m', memory: '128Mi' },
  other: { cpu: '500m', memory: '512Mi' },
};

export const DEFAULT_SETTINGS: Settings = {
  kubernetesMinor: 33,
  rules: {},
  requireCpuLimit: true,
  helperImages: [],
  helperNames: [],
  appContainers: [],
  reportSyntaxErrors: true,
  featureGates: {},
  defaults: DEFAULT_RESOURCES,
};

const SEVERITIES = new Set(['off', 'info', 'warning', 'error']);

/** `1.33`, `v1.33`, `1.33.2` → 33; undefined when it is not a 1.x version. */
export function parseKubernetesMinor(version: unknown): number | undefined {
  const match = /^v?1\.(\d{1,3})(?:\.\d+)?$/.exec(String(version ?? '').trim());
  return match ? Number(match[1]) : undefined;
}

const booleans = (value: unknown): Record<string, boolean> =>
  value && typeof value === 'object' ? Object.fromEntries(Object.entries(value).filter((e): e is [string, boolean] => typeof e[1] === 'boolean')) : {};

const strings = (value: unknown): string[] => (Array.isArray(value) ? value.filter((v): v is string => typeof v === 'string') : []);

/** Reads the `sidecarLint` settings object; anything malformed falls back to its default. */
export function normalizeSettings(raw: unknown): Settings {
  const input = (raw && typeof raw === 'object' ? raw : {}) as Record<string, unknown>;
  const helpers = (input.helpers && typeof input.helpers === 'object' ? input.helpers : {}) as Record<string, unknown>;
  const rules: Record<string, SeveritySetting> = {};
  if (input.rules && typeof input.rules === 'object') {
    for (const [id, severity] of Object.entries(input.rules as Record<string, unknown>)) {
      if (typeof severity === 'string' && SEVERITIES.has(severity)) rules[id] = severity as SeveritySetting;
    }
  }
  return {
    kubernetesMinor: parseKubernetesMinor(input.kubernetesVersion) ?? DEFAULT_SETTINGS.kubernetesMinor,
    rules,
    requireCpuLimit: typeof input.requireCpuLimit === 'boolean' ? input.requireCpuLimit : true,
    helperImages: strings(helpers.images ?? input['helpers.images']),
    helperNames: strings(helpers.names ?? input['helpers.names']),
    appContainers: strings(input.appContainers),
    reportSyntaxErrors: typeof input.reportSyntaxErrors === 'boolean' ? input.reportSyntaxErrors : true,
    featureGates: booleans(input.featureGates),
    defaults: normalizeDefaults(input.defaults),
  };
}

function normalizeDefaults(raw: unknown): Record<HelperKind, ResourceDefaults> {
  const out = { ...DEFAULT_RESOURCES };
  if (!raw || typeof raw !== 'object') return out;
  for (const kind of Object.keys(out) as HelperKind[]) {
    const given = (raw as Record<string, unknown>)[kind] as Record<string, unknown> | undefined;
    if (!given || typeof given !== 'object') continue;
    out[kind] = {
      cpu: typeof given.cpu === 'string' || typeof given.cpu === 'number' ? String(given.cpu) : out[kind].cpu,
      memory: typeof given.memory === 'string' ? given.memory : out[kind].memory,
    };
  }
  return out;
}

/** A stable key for caches: two equal settings give the same key. */
export function settingsKey(settings: Settings): string {
  return JSON.stringify(settings);
}
