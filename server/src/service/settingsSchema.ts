/** Every setting declared once: the editor's `contributes.configuration`, the config-file reader and the normaliser follow it. */
import type { CpuLimits, HelperKind, MeshSettings, ResourceDefaults, Settings } from './types';

export const SEVERITIES = ['off', 'info', 'warning', 'error'] as const;

export const HELPER_KINDS: readonly HelperKind[] = ['proxy', 'logging', 'other'];

export const CPU_LIMITS: readonly CpuLimits[] = ['sidecars', 'all', 'none'];

/** The placeholders of the resource suggestions when `defaults` sets nothing for the kind. */
export const DEFAULT_RESOURCES: Record<HelperKind, ResourceDefaults> = {
  proxy: { cpu: '200m', memory: '256Mi' },
  logging: { cpu: '100m', memory: '128Mi' },
  other: { cpu: '500m', memory: '512Mi' },
};

/** The shape of a value, which decides how it is checked in the file, normalised and described to the editor. */
export type SettingKind =
  | 'version'
  | 'string'
  | 'boolean'
  | 'choice'
  | 'strings'
  | 'severities'
  | 'booleans'
  | 'resources'
  | 'istioVersion'
  | 'linkerdVersion'
  | 'nativeMode'
  | 'meshNamespaces';

/** The values of istiod's ENABLE_NATIVE_SIDECARS. */
export const ISTIO_NATIVE_MODES = ['auto', 'true', 'false'] as const;
export const MESH_NAMES = ['istio', 'linkerd'] as const;

export interface SettingSpec {
  /** The name under `sidecarLint.`; a dotted name is a nested key in the config file (`helpers: {images: …}`). */
  key: string;
  /** The field of the normalised `Settings` it fills (none for a deprecated key read into another's field). */
  field?: keyof Settings;
  /** The field of `Settings.mesh` it fills (the `mesh.*` keys). */
  meshField?: keyof MeshSettings;
  kind: SettingKind;
  /** `null` for a key that counts only where someone set it (the editor sends every default). */
  default: unknown;
  /** The values of a `choice`. */
  choices?: readonly string[];
  /** Shown by the editor for a setting kept only for old configurations. */
  deprecated?: string;
  /** Shown in the editor's settings UI. */
  description: string;
  /** Where it can be set: the editor's settings, `.sidecar-lint.yaml`, or both. */
  where: 'both' | 'editor' | 'file';
  /** The config-file problem when the value has the wrong shape (default: from the kind). */
  problem?: string;
  /** `machine`: only the person's own settings may set it, never a workspace (a program the server runs, say). */
  scope?: 'machine';
}

/** In the order the config-file reader lists them when it meets an unknown key. */
export const SETTINGS: readonly SettingSpec[] = [
  {
    key: 'kubernetesVersion',
    field: 'kubernetesMinor',
    kind: 'version',
    default: '1.33',
    description: 'The Kubernetes minor version your cluster runs (for example 1.33). Rules that depend on the version follow it.',
    where: 'both',
    problem: 'kubernetesVersion must be a version like "1.33".',
  },
  {
    key: 'rules',
    field: 'rules',
    kind: 'severities',
    default: {},
    description: 'Severity per rule id, for example {"missing-limits": "off"}.',
    where: 'both',
    problem: `'rules' must map rule ids to off, info, warning or error.`,
  },
  {
    key: 'cpuLimits',
    field: 'cpuLimits',
    kind: 'choice',
    choices: CPU_LIMITS,
    default: null,
    description:
      'Which containers missing-limits asks for a cpu limit: sidecars (helpers and native sidecars, the default when unset), all, or none. Wins over requireCpuLimit.',
    where: 'both',
    problem: `'cpuLimits' must be sidecars, all or none.`,
  },
  {
    key: 'requireCpuLimit',
    kind: 'boolean',
    default: null,
    description: 'Deprecated: use cpuLimits. true means cpuLimits: all, false means cpuLimits: none; ignored where cpuLimits is set.',
    deprecated: 'Use sidecarLint.cpuLimits (true is all, false is none).',
    where: 'both',
  },
  {
    key: 'featureGates',
    field: 'featureGates',
    kind: 'booleans',
    default: {},
    description:
      'Feature gates your cluster sets against their defaults, e.g. {"SidecarContainers": true} on Kubernetes 1.28, where native sidecars are off by default.',
    where: 'both',
    problem: `'featureGates' must map gate names to true or false, e.g. SidecarContainers: true.`,
  },
  {
    key: 'reportSyntaxErrors',
    field: 'reportSyntaxErrors',
    kind: 'boolean',
    default: true,
    description: 'Report YAML syntax errors (turn off if another YAML extension already does).',
    where: 'both',
  },
  {
    key: 'appContainers',
    field: 'appContainers',
    kind: 'strings',
    default: [],
    description: 'Container names that are never sidecars, whatever their image or name.',
    where: 'both',
  },
  {
    key: 'helpers.images',
    field: 'helperImages',
    kind: 'strings',
    default: [],
    description: 'Extra image patterns (glob, * matches any text) recognised as sidecars.',
    where: 'both',
  },
  {
    key: 'helpers.names',
    field: 'helperNames',
    kind: 'strings',
    default: [],
    description: 'Extra container name patterns (glob, * matches any text) recognised as sidecars.',
    where: 'both',
  },
  {
    key: 'defaults',
    field: 'defaults',
    kind: 'resources',
    default: {},
    description:
      'The cpu and memory you choose for the Add resource limits / requests quick fixes, per kind of container: proxy, logging or other. Only with values set here are they fixes that Fix all applies; otherwise they are suggestions with placeholders.',
    where: 'both',
    problem: `'defaults' must map proxy, logging and other to {cpu, memory}.`,
  },
  {
    key: 'mesh.istio.version',
    meshField: 'istioMinor',
    kind: 'istioVersion',
    default: null,
    description:
      'The minor version of your istiod (for example "1.26"): which annotations it reads and whether it injects native sidecars by default. Unset: unknown, and findings that depend on it say so.',
    where: 'both',
    problem: `'mesh.istio.version' must be an Istio version like "1.26".`,
  },
  {
    key: 'mesh.istio.nativeSidecars',
    meshField: 'istioNativeSidecars',
    kind: 'nativeMode',
    default: null,
    description:
      "istiod's ENABLE_NATIVE_SIDECARS: auto (native only where every kubelet is 1.33 or newer), true or false. Unset: the default of mesh.istio.version (false before 1.27, auto from 1.27).",
    where: 'both',
    problem: `'mesh.istio.nativeSidecars' must be auto, true or false.`,
  },
  {
    key: 'mesh.linkerd.version',
    meshField: 'linkerdMinor',
    kind: 'linkerdVersion',
    default: null,
    description:
      'The stable minor version of your Linkerd control plane (for example "2.18"): which native-sidecar annotation it reads and its default. Unset: unknown, and findings that depend on it say so.',
    where: 'both',
    problem: `'mesh.linkerd.version' must be a Linkerd stable version like "2.18".`,
  },
  {
    key: 'mesh.linkerd.nativeSidecar',
    meshField: 'linkerdNativeSidecar',
    kind: 'boolean',
    default: null,
    description: "Your Linkerd control plane's proxy.nativeSidecar Helm value. Unset: the default of mesh.linkerd.version (on from 2.20).",
    where: 'both',
  },
  {
    key: 'mesh.injectedNamespaces',
    meshField: 'injectedNamespaces',
    kind: 'meshNamespaces',
    default: {},
    description: 'Namespaces whose pods a mesh injects, for Namespace objects that are not in your files, e.g. {"payments": "istio", "batch": "linkerd"}.',
    where: 'both',
    problem: `'mesh.injectedNamespaces' must map namespace names to istio or linkerd.`,
  },
  {
    key: 'helm.path',
    field: 'helmPath',
    kind: 'string',
    default: '',
    description:
      'The helm program that renders Helm charts so their templates are linted with findings on the template lines (empty: helm on PATH). Only in trusted workspaces; a workspace cannot set it.',
    where: 'editor',
    scope: 'machine',
  },
  {
    key: 'helm.valuesFiles',
    field: 'helmValuesFiles',
    kind: 'strings',
    default: [],
    description: "Values files given to helm after the chart's values.yaml (relative paths are resolved from the chart's folder).",
    where: 'editor',
  },
  {
    key: 'kustomize.kubectlPath',
    field: 'kustomizeKubectlPath',
    kind: 'string',
    default: '',
    description:
      'The kubectl that builds Kustomize overlays (`kubectl kustomize`) so findings land on the base and patch lines that set each field (empty: kubectl on PATH). Only in trusted workspaces; a workspace cannot set it.',
    where: 'editor',
    scope: 'machine',
  },
  {
    key: 'kustomize.path',
    field: 'kustomizePath',
    kind: 'string',
    default: '',
    description:
      'A kustomize program to build overlays with (`kustomize build`) instead of kubectl (empty: use kubectl). Only in trusted workspaces; a workspace cannot set it.',
    where: 'editor',
    scope: 'machine',
  },
];

/** The config-file problem for a value of the wrong shape. */
export function shapeProblem(spec: SettingSpec): string {
  if (spec.problem) return spec.problem;
  return spec.kind === 'boolean' ? `'${spec.key}' must be true or false.` : `'${spec.key}' must be a list of strings.`;
}

/** The settings `.sidecar-lint.yaml` accepts, grouped by their top-level key (`helpers` holds `images` and `names`). */
export function fileKeys(): Map<string, SettingSpec[]> {
  const keys = new Map<string, SettingSpec[]>();
  for (const spec of SETTINGS.filter((s) => s.where !== 'editor')) {
    const top = spec.key.split('.')[0];
    keys.set(top, [...(keys.get(top) ?? []), spec]);
  }
  return keys;
}

export function jsonSchemaOf(spec: SettingSpec): Record<string, unknown> {
  const schema = kindSchema(spec);
  if (spec.default === null) schema.type = [schema.type, 'null'];
  if (spec.deprecated) schema.deprecationMessage = spec.deprecated;
  if (spec.scope) schema.scope = spec.scope;
  return schema;
}

function kindSchema(spec: SettingSpec): Record<string, unknown> {
  const { default: value, description } = spec;
  switch (spec.kind) {
    case 'version':
      return { type: 'string', default: value, pattern: '^1\\.[0-9]+$', description };
    case 'string':
      return { type: 'string', default: value, description };
    case 'boolean':
      return { type: 'boolean', default: value, description };
    case 'choice':
      return { type: 'string', default: value, enum: [...(spec.choices ?? []), ...(value === null ? [null] : [])], description };
    case 'strings':
      return { type: 'array', items: { type: 'string' }, default: value, description };
    case 'severities':
      return { type: 'object', default: value, additionalProperties: { type: 'string', enum: [...SEVERITIES] }, description };
    case 'booleans':
      return { type: 'object', default: value, additionalProperties: { type: 'boolean' }, description };
    case 'istioVersion':
      return { type: 'string', default: value, pattern: '^v?1\\.[0-9]+(\\.[0-9]+)?$', description };
    case 'linkerdVersion':
      return { type: 'string', default: value, pattern: '^(stable-)?2\\.[0-9]+(\\.[0-9]+)?$', description };
    case 'nativeMode':
      return { type: 'string', default: value, enum: [...ISTIO_NATIVE_MODES, null], description };
    case 'meshNamespaces':
      return { type: 'object', default: value, additionalProperties: { type: 'string', enum: [...MESH_NAMES] }, description };
    case 'resources': {
      const resources = { type: 'object', properties: { cpu: { type: ['string', 'number'] }, memory: { type: 'string' } }, additionalProperties: false };
      const properties = Object.fromEntries(HELPER_KINDS.map((kind) => [kind, resources]));
      return { type: 'object', default: value, properties, additionalProperties: false, description };
    }
  }
}

/** `contributes.configuration` of package.json, as `npm run gen:settings` writes it and a test checks it. */
export function contributedConfiguration(): { title: string; properties: Record<string, Record<string, unknown>> } {
  const editor = SETTINGS.filter((s) => s.where !== 'file');
  return { title: 'sidecar-lint', properties: Object.fromEntries(editor.map((spec) => [`sidecarLint.${spec.key}`, jsonSchemaOf(spec)])) };
}
