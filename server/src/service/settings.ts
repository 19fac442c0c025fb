/** Settings from any source (editor, CLI flags, initializationOptions) normalised into one shape with defaults. */
import { CPU_LIMITS, DEFAULT_RESOURCES, HELPER_KINDS, SETTINGS, SEVERITIES, type SettingKind, type SettingSpec } from './settingsSchema';
import type { CpuLimits, HelperKind, ResourceDefaults, Settings, SeveritySetting } from './types';

export { DEFAULT_RESOURCES };

/** `1.33`, `v1.33`, `1.33.2` → 33; undefined when it is not a 1.x version. */
export function parseKubernetesMinor(version: unknown): number | undefined {
  const match = /^v?1\.(\d{1,3})(?:\.\d+)?$/.exec(String(version ?? '').trim());
  return match ? Number(match[1]) : undefined;
}

const isObject = (value: unknown): value is Record<string, unknown> => Boolean(value) && typeof value === 'object';

const booleans = (value: unknown): Record<string, boolean> =>
  isObject(value) ? Object.fromEntries(Object.entries(value).filter((e): e is [string, boolean] => typeof e[1] === 'boolean')) : {};

const strings = (value: unknown): string[] => (Array.isArray(value) ? value.filter((v): v is string => typeof v === 'string') : []);

function severities(value: unknown): Record<string, SeveritySetting> {
  const rules: Record<string, SeveritySetting> = {};
  if (!isObject(value)) return rules;
  for (const [id, severity] of Object.entries(value)) {
    if ((SEVERITIES as readonly unknown[]).includes(severity)) rules[id] = severity as SeveritySetting;
  }
  return rules;
}

/** Only the cpu and memory values the person wrote under `defaults`, per kind. */
function configuredDefaults(raw: unknown): Partial<Record<HelperKind, Partial<ResourceDefaults>>> {
  const out: Partial<Record<HelperKind, Partial<ResourceDefaults>>> = {};
  if (!isObject(raw)) return out;
  for (const kind of HELPER_KINDS) {
    const given = raw[kind];
    if (!isObject(given)) continue;
    const values: Partial<ResourceDefaults> = {};
    if (typeof given.cpu === 'string' || typeof given.cpu === 'number') values.cpu = String(given.cpu);
    if (typeof given.memory === 'string') values.memory = given.memory;
    if (values.cpu !== undefined || values.memory !== undefined) out[kind] = values;
  }
  return out;
}

function resources(raw: unknown): Record<HelperKind, ResourceDefaults> {
  const configured = configuredDefaults(raw);
  return Object.fromEntries(HELPER_KINDS.map((kind) => [kind, { ...DEFAULT_RESOURCES[kind], ...configured[kind] }])) as Record<HelperKind, ResourceDefaults>;
}

/** `cpuLimits` wins; else the deprecated `requireCpuLimit` (true: all, false: none); else sidecars. */
function cpuLimits(input: Record<string, unknown>): CpuLimits {
  const chosen = input.cpuLimits;
  if ((CPU_LIMITS as readonly unknown[]).includes(chosen)) return chosen as CpuLimits;
  if (input.requireCpuLimit === true) return 'all';
  return input.requireCpuLimit === false ? 'none' : 'sidecars';
}

const NORMALISE: Record<SettingKind, (raw: unknown, spec: SettingSpec) => unknown> = {
  version: (raw, spec) => parseKubernetesMinor(raw) ?? parseKubernetesMinor(spec.default),
  string: (raw, spec) => (typeof raw === 'string' ? raw : spec.default),
  boolean: (raw, spec) => (typeof raw === 'boolean' ? raw : spec.default),
  choice: (raw, spec) => (spec.choices?.includes(raw as string) ? raw : spec.default),
  strings,
  severities,
  booleans,
  resources,
};

/** A dotted key is read nested (`helpers: {images}`) or, failing that, flat (`'helpers.images'`). */
function rawValue(input: Record<string, unknown>, key: string): unknown {
  const [top, inner] = key.split('.');
  if (inner === undefined) return input[key];
  const group = input[top];
  return (isObject(group) ? group[inner] : undefined) ?? input[key];
}

/** Reads the `sidecarLint` settings object; anything malformed falls back to its default. */
export function normalizeSettings(raw: unknown): Settings {
  const input = isObject(raw) ? raw : {};
  const fields = SETTINGS.filter((spec) => spec.field !== undefined).map((spec) => [spec.field, NORMALISE[spec.kind](rawValue(input, spec.key), spec)]);
  const settings = Object.fromEntries(fields) as unknown as Settings;
  return { ...settings, cpuLimits: cpuLimits(input), configuredDefaults: configuredDefaults(input.defaults) };
}

export const DEFAULT_SETTINGS: Settings = normalizeSettings({});

/** A stable key for caches: two equal settings give the same key. */
export function settingsKey(settings: Settings): string {
  return JSON.stringify(settings);
}
