/** One extractor for every pod-bearing kind: a YAML document becomes pod specs whose containers carry roles. */
import { isMap, isSeq, type Document, type Pair, type Scalar, type YAMLMap, type YAMLSeq } from 'yaml';
import { BudgetExceeded, checkBudget, inBudget } from './budget';
import { matchHelper, type HelperMatch } from './helpers';
import { podSpecsAt, podTemplateKind, type FoundPodSpec } from './kinds/podTemplates';
import { collectAnnotations } from './pod/labels';
import { podSource, type PodSource } from './pod/source';
import type { HasFacts } from './memo';
import type { HelperKind, Settings } from './types';
import { findPair, getMap, getScalar, getSeq, getString, resolve, scalarText, seqMaps, seqStrings } from './yamlNodes';

/** `sidecars`: the containers a Tekton Task or an Argo Workflow template declares as sidecars. */
export type ContainerList = 'containers' | 'initContainers' | 'ephemeralContainers' | 'sidecars';
/** app: in `containers`; sidecar: a native or declared sidecar; init: a run-once init container; ephemeral: a debug container. */
export type ContainerRole = 'app' | 'sidecar' | 'init' | 'ephemeral';

export interface Container extends HasFacts {
  node: YAMLMap;
  list: ContainerList;
  index: number;
  /** False when the item is an alias: edits to it would change other places too. */
  direct: boolean;
  name?: string;
  nameNode?: Scalar;
  image?: string;
  role: ContainerRole;
  /** Set on app containers recognised as sidecars (never when every app container is one). */
  helper?: HelperKind;
  /** The helper table's kind for any container, used for resource defaults and logging-specific rules. */
  kind: HelperKind;
  /** command and args joined, for heuristics that read what a container runs. */
  script: string;
}

export interface PodSpec extends HasFacts {
  doc: Document;
  kind: string;
  workloadName?: string;
  /** The workload object itself (a StatefulSet's `volumeClaimTemplates` live there, outside the pod spec). */
  object: YAMLMap;
  /** The map whose `spec` is this pod spec: the Pod itself or the pod template (its metadata is the pod's). */
  template: YAMLMap;
  spec: YAMLMap;
  restartPolicy?: string;
  annotations: Map<string, string>;
  containers: Container[];
  lists: Partial<Record<ContainerList, { pair: Pair; seq: YAMLSeq; direct: boolean }>>;
  /** The kind runs its pods to completion (a Job, a JobSet, a Kubeflow training job): see kinds/podTemplates.ts. */
  completes: boolean;
  /** Why this kind's controller may refuse a native sidecar (see kinds/podTemplates.ts); absent where it is plain Kubernetes. */
  initContainersGated?: string;
  /** Only declared sidecars were read (a Tekton Task's or an Argo Workflow template's `sidecars`): no rule about conversion applies. */
  declaredSidecars?: boolean;
  /** What the pod spec is a copy of (patch fragment, live object, injector output); set once it is built. */
  source?: PodSource;
}

const MAX_LIST_DEPTH = 4;

/**
 * Every pod spec of a parsed document: the object itself or, for a `List`, each of its items. None for a document
 * over its budget (merge keys, time): the engine reports that once, and hovers or the outline show nothing half-read.
 */
export function findPodSpecs(doc: Document, settings: Settings): PodSpec[] {
  if (!inBudget(doc)) return [];
  try {
    const root = resolve(doc, doc.contents);
    return isMap(root) ? podSpecsOf(doc, root, settings, 0) : [];
  } catch (error) {
    if (error instanceof BudgetExceeded) return [];
    throw error;
  }
}

function podSpecsOf(doc: Document, object: YAMLMap, settings: Settings, depth: number): PodSpec[] {
  const kind = getString(doc, object, 'kind');
  if (!kind || getString(doc, object, 'apiVersion') === undefined) return [];
  if (kind.endsWith('List') && depth < MAX_LIST_DEPTH) {
    return seqMaps(doc, getSeq(doc, object, 'items')).flatMap(({ item }) => {
      checkBudget(doc);
      return podSpecsOf(doc, item, settings, depth + 1);
    });
  }
  const entry = podTemplateKind(getString(doc, object, 'apiVersion') ?? '', kind);
  if (!entry) return [];
  return podSpecsAt(doc, object, entry).map((found) => {
    checkBudget(doc);
    return buildPodSpec(doc, kind, object, found, entry.declaredSidecars === true, settings);
  });
}

function buildPodSpec(doc: Document, kind: string, object: YAMLMap, found: FoundPodSpec, declaredSidecars: boolean, settings: Settings): PodSpec {
  const { template, spec } = found;
  const annotations = new Map<string, string>();
  for (const owner of new Set([object, template])) collectAnnotations(doc, getMap(doc, getMap(doc, owner, 'metadata'), 'annotations'), annotations);
  const pod: PodSpec = {
    doc,
    kind,
    workloadName: getString(doc, getMap(doc, object, 'metadata'), 'name'),
    object,
    template,
    spec,
    restartPolicy: getString(doc, spec, 'restartPolicy'),
    annotations,
    containers: [],
    lists: {},
    completes: found.completes,
    facts: {},
  };
  if (declaredSidecars) pod.declaredSidecars = true;
  if (found.initContainersGated) pod.initContainersGated = found.initContainersGated;
  const matches = new Map<Container, HelperMatch | undefined>();
  for (const list of declaredSidecars ? (['sidecars'] as const) : (['initContainers', 'containers', 'ephemeralContainers'] as const)) {
    const found = findPair(doc, spec, list);
    if (!found || !isSeq(found.value)) continue;
    pod.lists[list] = { pair: found.pair, seq: found.value, direct: found.direct };
    for (const { item, index, direct } of seqMaps(doc, found.value)) {
      if (index % 256 === 0) checkBudget(doc);
      const { container, match } = makeContainer(doc, item, list, index, direct, settings);
      pod.containers.push(container);
      matches.set(container, match);
    }
  }
  markHelpers(pod, matches, settings);
  pod.source = podSource(pod, settings);
  return pod;
}

function makeContainer(
  doc: Document,
  node: YAMLMap,
  list: ContainerList,
  index: number,
  direct: boolean,
  settings: Settings,
): { container: Container; match?: HelperMatch } {
  const nameNode = getScalar(doc, node, 'name');
  const name = scalarText(nameNode);
  const image = getString(doc, node, 'image');
  const script = [...seqStrings(doc, getSeq(doc, node, 'command')), ...seqStrings(doc, getSeq(doc, node, 'args'))].join('\n');
  let role: ContainerRole = list === 'containers' ? 'app' : list === 'ephemeralContainers' ? 'ephemeral' : list === 'sidecars' ? 'sidecar' : 'init';
  if (list === 'initContainers' && getString(doc, node, 'restartPolicy') === 'Always') role = 'sidecar';
  const match = matchHelper(name, image, script, settings);
  return { container: { node, list, index, direct, name, nameNode, image, role, kind: match?.kind ?? 'other', script, facts: {} }, match };
}

/** Marks app containers that are helpers, unless marked as app containers or every app container is a helper. */
function markHelpers(pod: PodSpec, matched: Map<Container, HelperMatch | undefined>, settings: Settings): void {
  const apps = pod.containers.filter((c) => c.role === 'app');
  const defaultContainer = pod.annotations.get('kubectl.kubernetes.io/default-container');
  const matches = apps.map((c) => {
    if (c.name && (settings.appContainers.includes(c.name) || c.name === defaultContainer)) return undefined;
    return matched.get(c);
  });
  if (matches.every((m) => m !== undefined)) return;
  apps.forEach((c, i) => {
    if (matches[i]) c.helper = matches[i]!.kind;
  });
}

export function containerLabel(container: Container): string {
  return container.name ?? `${container.list}[${container.index}]`;
}

/** True for containers that run alongside the app: app containers and native sidecars. */
export function isLongRunning(container: Container): boolean {
  return container.role === 'app' || container.role === 'sidecar';
}
