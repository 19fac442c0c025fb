/** What the editor's status bar shows for a document: the Kubernetes version (and mesh) its findings assume, and where that comes from. */
import type { Settings } from './types';

/** The custom request the VS Code client sends for the active manifest: {uri} → EffectiveSettings | null. */
export const EFFECTIVE_SETTINGS_REQUEST = 'sidecarLint/effectiveSettings';
/** Sent by the server when settings or a config file changed, so the client asks again. */
export const SETTINGS_CHANGED_NOTIFICATION = 'sidecarLint/settingsChanged';

export interface EffectiveSettings {
  /** The minor version the rules follow, e.g. "1.33". */
  kubernetesVersion: string;
  /** The service mesh and version the rules assume, e.g. "istio 1.22"; absent when none is configured. */
  mesh?: string;
  /** The `.sidecar-lint.yaml` that applies to the document, if any. */
  configFile?: string;
  /** Whether that file sets kubernetesVersion (then it, not the editor setting, decides). */
  versionFromFile: boolean;
}

export function effectiveSettings(settings: Settings, config?: { path: string; values: Record<string, unknown> }): EffectiveSettings {
  const mesh = describeMesh((settings as unknown as { mesh?: unknown }).mesh);
  return {
    kubernetesVersion: `1.${settings.kubernetesMinor}`,
    ...(mesh ? { mesh } : {}),
    ...(config ? { configFile: config.path } : {}),
    versionFromFile: config?.values.kubernetesVersion !== undefined,
  };
}

const isVersion = (value: unknown): value is string | number => (typeof value === 'string' && value.trim() !== '') || typeof value === 'number';

/**
 * "istio 1.22" from the normalised mesh settings, whatever their exact shape: {kind|name, version}, or a version per
 * mesh ({istio: "1.22"}), or a bare name; nothing when no mesh has a version or name set.
 */
export function describeMesh(mesh: unknown): string | undefined {
  if (typeof mesh === 'string') return mesh.trim() || undefined;
  if (!mesh || typeof mesh !== 'object') return undefined;
  const entries = mesh as Record<string, unknown>;
  const kind = entries.kind ?? entries.name ?? entries.type;
  if (typeof kind === 'string') {
    if (!kind.trim() || kind === 'none') return undefined;
    return isVersion(entries.version) ? `${kind} ${entries.version}` : kind;
  }
  const versions = Object.entries(entries).filter((entry): entry is [string, string | number] => isVersion(entry[1]));
  return versions.length > 0 ? versions.map(([name, version]) => `${name} ${version}`).join(', ') : undefined;
}
