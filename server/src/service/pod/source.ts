/**
 * What a pod spec is a copy of: a manifest someone edits, a strategic-merge patch fragment, a dump of a live object,
 * or the output of a mesh injector. Rules judge values; this module decides which findings make sense for such copies.
 */
import { isMap, isScalar, isSeq, type Document, type YAMLMap } from 'yaml';
import type { RuleFinding } from '../rules/rule';
import type { Settings } from '../types';
import type { Container, PodSpec } from '../workloads';
import { getMap, getString, resolve } from '../yamlNodes';
import { isStandInImage } from './standIn';
import { HYGIENE_RULES } from './testData';

/** File context the adapters know and a pure service cannot (where the file sits among Kustomize files). */
export interface FileContext {
  /** The file is listed under `patches`/`patchesStrategicMerge` of a kustomization.yaml. */
  kustomizePatch?: boolean;
  /** Image names a kustomization.yaml in the same tree rewrites through `images:`. */
  rewrittenImages?: string[];
  /** In a Helm chart's `templates/`: a manifest template, or a support file (`_helpers.tpl`, NOTES.txt) never linted. */
  helmChart?: 'template' | 'support';
  /** The file lies where a repository keeps test data (`isTestDataPath`): hygiene findings are info there. */
  testData?: boolean;
}

export interface InjectorOutput {
  mesh: string;
  /** The annotation that shows the injector already ran. */
  annotation: string;
  /** The names of the containers the injector added. */
  containers: Set<string>;
}

export interface PodSource {
  /** A strategic-merge patch: some container has no image, there is no `containers` list, or the file is a listed patch. */
  fragment: boolean;
  /** A dump of a running object (`status`, `metadata.uid`/`resourceVersion`, a Pod's `spec.nodeName`). */
  live: boolean;
  injector?: InjectorOutput;
  /** The file is test data (see `FileContext.testData`). */
  testData?: boolean;
}

/** The annotations an injector writes on the pods it modified, and the containers it adds. */
const INJECTORS: { annotation: string; mesh: string; containers: string[]; value?: string }[] = [
  { annotation: 'sidecar.istio.io/status', mesh: 'Istio', containers: ['istio-proxy', 'istio-init', 'istio-validation'] },
  { annotation: 'linkerd.io/proxy-version', mesh: 'Linkerd', containers: ['linkerd-proxy', 'linkerd-init', 'linkerd-network-validator'] },
  { annotation: 'linkerd.io/created-by', mesh: 'Linkerd', containers: ['linkerd-proxy', 'linkerd-init', 'linkerd-network-validator'] },
  { annotation: 'kuma.io/sidecar-injected', mesh: 'Kuma', containers: ['kuma-sidecar', 'kuma-init', 'kuma-validation'], value: 'true' },
];

/** Rules that read the pod as a whole (roles, every container's mounts or ports): a fragment cannot answer them. */
const WHOLE_POD_RULES = new Set([
  'legacy-sidecar',
  'job-sidecar-never-completes',
  'sidecar-missing-probe',
  'sidecar-after-init',
  'unshared-volume',
  'sidecar-writable-mount',
  'undefined-volume',
  'probe-depends-on-app',
]);

/** Rules that read a whole container: in a fragment they judge only containers the patch defines (with an image). */
const WHOLE_CONTAINER_RULES = new Set(['missing-limits', 'missing-requests', 'init-container-probe', 'probe-port-undeclared']);

/**
 * The rules about declared sidecars (Tekton, Argo Workflows), which run beside steps that the pod's `containers` do
 * not show: resources, ports and probes of the sidecars themselves. Rules about roles and conversion do not apply.
 */
const DECLARED_SIDECAR_RULES = new Set([
  'missing-limits',
  'missing-requests',
  'requests-exceed-limits',
  'invalid-quantity',
  'port-clash',
  'port-name',
  'host-port-clash',
  'probe-port-undeclared',
]);

/** Where a pod spec comes from, read once when it is built. */
export function podSource(pod: PodSpec, settings: Settings): PodSource {
  const source: PodSource = { fragment: isFragment(pod, settings), live: isLive(pod) };
  const injector = injectorOf(pod);
  if (injector) source.injector = injector;
  if (settings.fileContext?.testData) source.testData = true;
  return source;
}

function isFragment(pod: PodSpec, settings: Settings): boolean {
  if (settings.fileContext?.kustomizePatch) return true;
  if (pod.declaredSidecars) return pod.containers.some((c) => c.image === undefined);
  const main = pod.containers.filter((c) => c.list !== 'ephemeralContainers');
  // The API requires at least one container, each with an image: without them this is a patch merged into a base.
  return !main.some((c) => c.list === 'containers') || main.some((c) => c.image === undefined);
}

function isLive(pod: PodSpec): boolean {
  const { doc, object } = pod;
  const metadata = getMap(doc, object, 'metadata');
  if (getString(doc, metadata, 'uid') !== undefined || getString(doc, metadata, 'resourceVersion') !== undefined) return true;
  // `status: {}` is what `kubectl create --dry-run -o yaml` and injectors write into source files: not a dump.
  return nonEmptyMap(doc, object, 'status') || (pod.kind === 'Pod' && getString(doc, pod.spec, 'nodeName') !== undefined);
}

/** A status with something observed in it: typed clients also write zero counts (`replicas: 0`) into source files. */
function nonEmptyMap(doc: Document, map: YAMLMap, key: string): boolean {
  const value = resolve(doc, map.items.find((pair) => (pair.key as { value?: unknown })?.value === key)?.value);
  return isMap(value) && value.items.some((pair) => observed(resolve(doc, pair.value)));
}

function observed(node: unknown): boolean {
  if (isScalar(node)) return node.value !== null && node.value !== 0 && node.value !== '' && node.value !== false;
  if (isMap(node) || isSeq(node)) return node.items.length > 0;
  return false;
}

function injectorOf(pod: PodSpec): InjectorOutput | undefined {
  for (const { annotation, mesh, containers, value } of INJECTORS) {
    const found = pod.annotations.get(annotation);
    if (found === undefined || (value !== undefined && found !== value)) continue;
    const names = new Set(containers);
    if (annotation === 'sidecar.istio.io/status') for (const name of istioStatusContainers(found)) names.add(name);
    return { mesh, annotation, containers: names };
  }
  return undefined;
}

/**
 * Istio's status annotation lists the containers its template wrote: `{"initContainers":["istio-init"],…}`. A custom
 * template can also list app containers it only modified (`hello`, gRPC agent's `traffic`): only `istio-*` ones are its own.
 */
function istioStatusContainers(status: string): string[] {
  try {
    const parsed = JSON.parse(status) as { initContainers?: unknown; containers?: unknown };
    const names = [parsed.initContainers, parsed.containers].flatMap((list) => (Array.isArray(list) ? list : []));
    return names.filter((n): n is string => typeof n === 'string' && n.startsWith('istio-'));
  } catch {
    return [];
  }
}

/** One rule's findings on a pod, fitted to what the pod is a copy of: dropped, or made info without hand edits. */
export function adjustForSource(ruleId: string, pod: PodSpec, findings: RuleFinding[]): RuleFinding[] {
  if (pod.declaredSidecars && !DECLARED_SIDECAR_RULES.has(ruleId)) return [];
  const source = pod.source;
  if (!source || findings.length === 0) return findings;
  let out = findings;
  if (source.fragment) {
    if (WHOLE_POD_RULES.has(ruleId)) return [];
    if (WHOLE_CONTAINER_RULES.has(ruleId)) out = out.filter((f) => !f.container || f.container.image !== undefined);
  }
  if (source.live) {
    return out.map((f) => ({
      ...f,
      severity: 'info',
      sourceInfo: true,
      fixes: [],
      message: `${f.message} (This is a live object read from a cluster: change the manifest it was applied from.)`,
    }));
  }
  const injector = source.injector;
  if (injector) out = out.map((f) => (isInjected(f.container, injector) ? fromInjector(f, injector) : f));
  // Structure findings stay as they are in test data: a golden file the API would reject shows a bug in the code under test.
  if (source.testData && HYGIENE_RULES.has(ruleId))
    out = out.map((f) => ({ ...f, severity: 'info', sourceInfo: true, message: `${f.message} ${TEST_DATA_NOTE}` }));
  else if (HYGIENE_RULES.has(ruleId)) out = out.map((f) => (isStandInImage(f.container?.image) ? standIn(f) : f));
  return out;
}

function standIn(finding: RuleFinding): RuleFinding {
  const note = `(Its image '${finding.container?.image?.trim()}' names a stand-in, such as an example's toy app or a test driver, so this is only a note: replace it with your own image and set this there.)`;
  return { ...finding, severity: 'info', sourceInfo: true, message: `${finding.message} ${note}` };
}

const TEST_DATA_NOTE = '(This file lies where the repository keeps test data, so this is only a note: a test pod need not be production-ready.)';

function isInjected(container: Container | undefined, injector: InjectorOutput): boolean {
  return container?.name !== undefined && injector.containers.has(container.name);
}

// The pod-template setting that decides how each mesh injects its proxy (kubernetes-sidecars.md §8.2 of the ground truth).
const INJECTOR_SETTING: Record<string, string> = {
  Istio: `, such as sidecar.istio.io/nativeSidecar: "true" on the manifest it came from`,
  Linkerd: `, such as config.linkerd.io/proxy-enable-native-sidecar: "true" (alpha/beta names before Linkerd 2.20) on the manifest it came from`,
};

function fromInjector(finding: RuleFinding, injector: InjectorOutput): RuleFinding {
  const setting = INJECTOR_SETTING[injector.mesh] ?? '';
  const note = ` (The ${injector.mesh} injector placed '${finding.container?.name}' here, as '${injector.annotation}' shows: change the injector's settings${setting}, not this copy.)`;
  return { ...finding, severity: 'info', sourceInfo: true, fixes: [], message: finding.message + note };
}

const PLACEHOLDERS = [
  /\$\{[^}]*\}/, // ${NAME}: envsubst, shell
  /\$\([^)]*\)/, // $(NAME): Kubernetes variable expansion, make
  /\{\{.*\}\}/, // {{ .Values.x }}: Go templates
  /__[A-Za-z0-9_]+__/, // __NAME__: sed-style markers
  /<[^<>]+>/, // <your-project-id>: documentation
  /\{[A-Za-z_][\w-]*\}/, // {username}: documentation
  /\b(REPLACE|CHANGE|FILL)[_-]?(ME|IT)\b/i, // REPLACE_ME, CHANGEME
];

/** True for a value someone still has to fill in (`${NAME}`, `<name>`, `__NAME__`, `REPLACE_ME`…): not a value to judge. */
export function isPlaceholder(text: string): boolean {
  return PLACEHOLDERS.some((pattern) => pattern.test(text));
}
