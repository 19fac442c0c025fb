/** What the editor's status bar shows for a document: the Kubernetes version (and mesh) its findings assume, and where that comes from. */
import type { MeshSettings, Settings } from './types';

/** The custom request the VS Code client sends for the active manifest: {uri} → EffectiveSettings | null. */
export const EFFECTIVE_SETTINGS_REQUEST = 'sidecarLint/effectiveSettings';
/** Sent by the server when settings or a config file changed, so the client asks again. */
export const SETTINGS_CHANGED_NOTIFICATION = 'sidecarLint/settingsChanged';

export interface EffectiveSettings {
  /** The minor version the rules follow, e.g. "1.33". */
  kubernetesVersion: string;
  /** The service mesh versions the rules assume, e.g. "Istio 1.26"; absent when none is configured. */
  mesh?: string;
  /** The `.sidecar-lint.yaml` that applies to the document, if any. */
  configFile?: string;
  /** Whether that file sets kubernetesVersion (then it, not the editor setting, decides). */
  versionFromFile: boolean;
}

export function effectiveSettings(settings: Settings, config?: { path: string; values: Record<string, unknown> }): EffectiveSettings {
  const mesh = describeMesh(settings.mesh);
  return {
    kubernetesVersion: `1.${settings.kubernetesMinor}`,
    ...(mesh ? { mesh } : {}),
    ...(config ? { configFile: config.path } : {}),
    versionFromFile: config?.values.kubernetesVersion !== undefined,
  };
}

/** "Istio 1.26, Linkerd 2.18" from the mesh versions set (`mesh.istio.version`, `mesh.linkerd.version`); nothing when none is. */
export function describeMesh(mesh: MeshSettings | undefined): string | undefined {
  const parts = [
    mesh?.istioMinor !== undefined ? `Istio 1.${mesh.istioMinor}` : undefined,
    mesh?.linkerdMinor !== undefined ? `Linkerd 2.${mesh.linkerdMinor}` : undefined,
  ].filter((part): part is string => part !== undefined);
  return parts.length > 0 ? parts.join(', ') : undefined;
}
