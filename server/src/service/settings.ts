/** Settings from any source (editor, CLI flags, initializationOptions) normalised into one shape with defaults. */
import { DEFAULT_RESOURCES, HELPER_KINDS, SETTINGS, SEVERITIES, type SettingKind, type SettingSpec } from './settingsSchema';
import type { HelperKind, ResourceDefaults, Settings, SeveritySetting } from './types';

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

function resources(raw: unknown): Record<HelperKind, ResourceDefaults> {
  const out = { ...DEFAULT_RESOURCES };
  if (!isObject(raw)) return out;
  for (const kind of HELPER_KINDS) {
    const given = raw[kind];
    if (!isObject(given)) continue;
    out[kind] = {
      cpu: typeof given.cpu === 'string' || typeof given.cpu === 'number' ? String(given.cpu) : out[kind].cpu,
      memory: typeof given.memory === 'string' ? given.memory : out[kind].memory,
    };
  }
  return out;
}

const NORMALISE: Record<SettingKind, (raw: unknown, spec: SettingSpec) => unknown> = {
  version: (raw, spec) => parseKubernetesMinor(raw) ?? parseKubernetesMinor(spec.default),
  boolean: (raw, spec) => (typeof raw === 'boolean' ? raw : spec.default),
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
  return Object.fromEntries(SETTINGS.map((spec) => [spec.field, NORMALISE[spec.kind](rawValue(input, spec.key), spec)])) as unknown as Settings;
}

export const DEFAULT_SETTINGS: Settings = normalizeSettings({});

/** A stable key for caches: two equal settings give the same key. */
export function settingsKey(settings: Settings): string {
  return JSON.stringify(settings);
}
