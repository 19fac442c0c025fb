/** Plain data shared by the service, its rules and its adapters; offsets are UTF-16 indexes into a text. */
import type { FileContext } from './pod/source';

export type Severity = 'error' | 'warning' | 'info';
export type SeveritySetting = Severity | 'off';

/** One replacement in a text: [start, end) becomes `text`. */
export interface OffsetEdit {
  start: number;
  end: number;
  text: string;
  /**
   * The same replacement as an LSP snippet (`${1:8081}` marks a value the person must choose), sent instead of `text`
   * to clients that support snippet edits; `text` is what the snippet inserts when its placeholders are kept.
   */
  snippet?: string;
}

/** A quick fix: a title and the edits that make it, all in one text. */
export interface Fix {
  title: string;
  edits: OffsetEdit[];
  /** Applied by fix-all and marked preferred in the editor; ignored on a suggestion, which is never preferred. */
  preferred?: boolean;
  /** A suggestion needs judgement and is never applied in bulk; a fix (the default) corrects exactly what was found. */
  kind?: 'fix' | 'suggestion';
  /** Edits of other YAML documents of the same text (a Service beside the pod), offsets as in `edits`; suggestions only. */
  otherDocuments?: OffsetEdit[];
  /** Edits of other files (a Service in another file of the workspace), by lines and characters; suggestions only. */
  otherFiles?: FileEdit[];
}

/** A replacement in another file than the finding's. */
export interface FileEdit {
  uri: string;
  range: { start: { line: number; character: number }; end: { line: number; character: number } };
  text: string;
}

export interface RelatedLocation {
  start: number;
  end: number;
  message: string;
}

/** What a rule reports: offsets relative to the YAML document's text. */
export interface Finding {
  rule: string;
  start: number;
  end: number;
  message: string;
  /** Overrides the rule's default severity when the condition decides it (version-dependent rules). */
  severity?: Severity;
  /**
   * The engine lowered it to info for what the pod is a copy of (a live object, injector output, test data): a severity
   * configured for the rule does not raise it again, since the remedy is elsewhere.
   */
  sourceInfo?: boolean;
  related?: RelatedLocation[];
  fixes: Fix[];
  /** The container the finding lies in (set by the engine), for titles such as Ignore … for 'x'. */
  container?: string;
}

/** A finding placed in the whole text, with its severity resolved from the settings. */
export interface ResolvedFinding extends Finding {
  severity: Severity;
}

export type HelperKind = 'proxy' | 'logging' | 'other';

export interface ResourceDefaults {
  cpu: string;
  memory: string;
}

/** Which containers missing-limits asks for a cpu limit: helpers and native sidecars, every container, or none. */
export type CpuLimits = 'sidecars' | 'all' | 'none';

export interface Settings {
  /** Minor version of Kubernetes 1.x, e.g. 33 for 1.33. */
  kubernetesMinor: number;
  rules: Record<string, SeveritySetting>;
  /** From `cpuLimits`, else the deprecated `requireCpuLimit` (true: all, false: none), else `sidecars`. */
  cpuLimits: CpuLimits;
  helperImages: string[];
  helperNames: string[];
  appContainers: string[];
  reportSyntaxErrors: boolean;
  /** Kubernetes feature gates the cluster turns on or off against their defaults (SidecarContainers on 1.28). */
  featureGates: Record<string, boolean>;
  /** The built-in values with the configured ones over them (completion and placeholders use these). */
  defaults: Record<HelperKind, ResourceDefaults>;
  /** What the adapter knows of the file's place among Kustomize files (set per file, never from config). */
  fileContext?: FileContext;
  /** The helm that renders charts in the editor ('' for helm on PATH); machine-scoped, never from a config file. */
  helmPath: string;
  /** Values files for chart renders in the editor, after the chart's values.yaml. */
  helmValuesFiles: string[];
  /** The kubectl that builds overlays in the editor ('' for kubectl on PATH); machine-scoped, never from a config file. */
  kustomizeKubectlPath: string;
  /** A kustomize that builds overlays in the editor instead of kubectl ('' for none); machine-scoped. */
  kustomizePath: string;
  /** Only the values the person set in `defaults`: adding resources is a fix only with these. */
  configuredDefaults: Partial<Record<HelperKind, Partial<ResourceDefaults>>>;
  /** The mesh control planes the pods run under (`mesh.*`); unset fields mean unknown. */
  mesh: MeshSettings;
}

export type MeshName = 'istio' | 'linkerd';

/** `mesh.*`: versions as minor numbers (Istio 1.26 → 26, Linkerd 2.18 → 18); unset means unknown. */
export interface MeshSettings {
  istioMinor?: number;
  /** istiod's ENABLE_NATIVE_SIDECARS. */
  istioNativeSidecars?: 'auto' | 'true' | 'false';
  linkerdMinor?: number;
  /** The control plane's `proxy.nativeSidecar`. */
  linkerdNativeSidecar?: boolean;
  /** Namespace → the mesh that injects every pod in it. */
  injectedNamespaces: Record<string, MeshName>;
}
