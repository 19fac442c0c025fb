/**
 * Where each kind keeps its pod specs: one table of kind → paths, read by the workload extractor. Core kinds match by
 * kind alone (as they always did); custom resources match by API group and kind, so a Knative `Service` is not a core one.
 */
import { isMap, isScalar, type Document, type YAMLMap } from 'yaml';
import { getMap, getSeq, resolve, seqMaps } from '../yamlNodes';

/**
 * A path to a pod spec: `.`-separated keys; `key[]` is each map item of the list at `key`; a key with `*` is every
 * key matching it (`*ReplicaSpecs`, `*`). The map before the last one is the pod template (its `metadata` is the pod's).
 */
export interface PodSpecPath {
  path: string;
  /** The pods run to completion like a Job's: a helper left running in `containers` keeps the workload from finishing. */
  completes?: boolean;
}

export interface PodTemplateKind {
  /** The API group of `apiVersion`; absent for core kinds, which match whatever their apiVersion says. */
  group?: string;
  kinds: string[];
  paths: PodSpecPath[];
  /**
   * Not a pod spec but a list of containers declared as sidecars (`sidecars` of a Tekton Task or an Argo Workflow
   * template): the path leads to the map holding that list, which is also where the pod's metadata is read.
   */
  declaredSidecars?: boolean;
  /** Why a native sidecar may be refused in this kind (a controller's feature flag): converting is then a suggestion. */
  initContainersGated?: string;
  /** Where the shape is defined. */
  source: string;
}

const KUBEFLOW_REPLICAS: PodSpecPath[] = [{ path: 'spec.*ReplicaSpecs.*.template.spec', completes: true }];
const RAY_GROUPS = (cluster: string): PodSpecPath[] => [
  { path: `${cluster}.headGroupSpec.template.spec` },
  { path: `${cluster}.workerGroupSpecs[].template.spec` },
];
const TEKTON_TASKS = (pipeline: string): PodSpecPath[] => [{ path: `${pipeline}.tasks[].taskSpec` }, { path: `${pipeline}.finally[].taskSpec` }];

export const POD_TEMPLATE_KINDS: readonly PodTemplateKind[] = [
  { kinds: ['Pod'], paths: [{ path: 'spec' }], source: 'https://kubernetes.io/docs/reference/kubernetes-api/workload-resources/pod-v1/' },
  {
    kinds: ['PodTemplate'],
    paths: [{ path: 'template.spec' }],
    source: 'https://kubernetes.io/docs/reference/kubernetes-api/workload-resources/pod-template-v1/',
  },
  {
    kinds: ['ReplicationController', 'Deployment', 'ReplicaSet', 'StatefulSet', 'DaemonSet'],
    paths: [{ path: 'spec.template.spec' }],
    source: 'https://kubernetes.io/docs/reference/kubernetes-api/workload-resources/',
  },
  {
    kinds: ['Job'],
    paths: [{ path: 'spec.template.spec', completes: true }],
    source: 'https://kubernetes.io/docs/reference/kubernetes-api/workload-resources/job-v1/',
  },
  {
    kinds: ['CronJob'],
    paths: [{ path: 'spec.jobTemplate.spec.template.spec', completes: true }],
    source: 'https://kubernetes.io/docs/reference/kubernetes-api/workload-resources/cron-job-v1/',
  },
  {
    group: 'argoproj.io',
    kinds: ['Rollout'],
    paths: [{ path: 'spec.template.spec' }],
    source: 'https://argo-rollouts.readthedocs.io/en/stable/features/specification/',
  },
  {
    // A Revision's spec inlines a PodSpec (containers, volumes…) beside Knative's own fields.
    group: 'serving.knative.dev',
    kinds: ['Service', 'Configuration'],
    paths: [{ path: 'spec.template.spec' }],
    initContainersGated: 'Knative accepts initContainers only with the feature flag kubernetes.podspec-init-containers enabled in config-features',
    source: 'https://knative.dev/docs/serving/reference/serving-api/#serving.knative.dev/v1.RevisionSpec',
  },
  {
    group: 'jobset.x-k8s.io',
    kinds: ['JobSet'],
    paths: [{ path: 'spec.replicatedJobs[].template.spec.template.spec', completes: true }],
    source: 'https://github.com/kubernetes-sigs/jobset/blob/v0.8.0/api/jobset/v1alpha2/jobset_types.go',
  },
  {
    group: 'leaderworkerset.x-k8s.io',
    kinds: ['LeaderWorkerSet'],
    paths: [{ path: 'spec.leaderWorkerTemplate.leaderTemplate.spec' }, { path: 'spec.leaderWorkerTemplate.workerTemplate.spec' }],
    source: 'https://github.com/kubernetes-sigs/lws/blob/v0.6.1/api/leaderworkerset/v1/leaderworkerset_types.go',
  },
  {
    // pytorchReplicaSpecs, tfReplicaSpecs, mpiReplicaSpecs, xgbReplicaSpecs, paddleReplicaSpecs, jaxReplicaSpecs, mxReplicaSpecs.
    group: 'kubeflow.org',
    kinds: ['PyTorchJob', 'TFJob', 'MPIJob', 'XGBoostJob', 'PaddleJob', 'JAXJob', 'MXJob'],
    paths: KUBEFLOW_REPLICAS,
    source: 'https://github.com/kubeflow/training-operator/blob/v1.9.0/pkg/apis/kubeflow.org/v1/pytorch_types.go',
  },
  {
    // Trainer v2 runtimes are JobSet templates.
    group: 'trainer.kubeflow.org',
    kinds: ['TrainingRuntime', 'ClusterTrainingRuntime'],
    paths: [{ path: 'spec.template.spec.replicatedJobs[].template.spec.template.spec', completes: true }],
    source: 'https://github.com/kubeflow/trainer/blob/v2.0.0/pkg/apis/trainer/v1alpha1/trainingruntime_types.go',
  },
  {
    group: 'ray.io',
    kinds: ['RayCluster'],
    paths: RAY_GROUPS('spec'),
    source: 'https://github.com/ray-project/kuberay/blob/v1.3.0/ray-operator/apis/ray/v1/raycluster_types.go',
  },
  {
    // The submitter pod runs `ray job submit` as a Job.
    group: 'ray.io',
    kinds: ['RayJob'],
    paths: [...RAY_GROUPS('spec.rayClusterSpec'), { path: 'spec.submitterPodTemplate.spec', completes: true }],
    source: 'https://github.com/ray-project/kuberay/blob/v1.3.0/ray-operator/apis/ray/v1/rayjob_types.go',
  },
  {
    group: 'ray.io',
    kinds: ['RayService'],
    paths: RAY_GROUPS('spec.rayClusterConfig'),
    source: 'https://github.com/ray-project/kuberay/blob/v1.3.0/ray-operator/apis/ray/v1/rayservice_types.go',
  },
  {
    group: 'tekton.dev',
    kinds: ['Task', 'ClusterTask'],
    paths: [{ path: 'spec' }],
    declaredSidecars: true,
    source: 'https://tekton.dev/docs/pipelines/tasks/#specifying-sidecars',
  },
  {
    group: 'tekton.dev',
    kinds: ['TaskRun'],
    paths: [{ path: 'spec.taskSpec' }],
    declaredSidecars: true,
    source: 'https://tekton.dev/docs/pipelines/taskruns/#specifying-the-target-task',
  },
  {
    group: 'tekton.dev',
    kinds: ['Pipeline'],
    paths: TEKTON_TASKS('spec'),
    declaredSidecars: true,
    source: 'https://tekton.dev/docs/pipelines/pipelines/#embedding-a-task-in-a-pipeline',
  },
  {
    group: 'tekton.dev',
    kinds: ['PipelineRun'],
    paths: TEKTON_TASKS('spec.pipelineSpec'),
    declaredSidecars: true,
    source: 'https://tekton.dev/docs/pipelines/pipelineruns/#specifying-the-target-pipeline',
  },
  {
    group: 'argoproj.io',
    kinds: ['Workflow', 'WorkflowTemplate', 'ClusterWorkflowTemplate'],
    paths: [{ path: 'spec.templates[]' }],
    declaredSidecars: true,
    source: 'https://argo-workflows.readthedocs.io/en/latest/fields/#template',
  },
  {
    group: 'argoproj.io',
    kinds: ['CronWorkflow'],
    paths: [{ path: 'spec.workflowSpec.templates[]' }],
    declaredSidecars: true,
    source: 'https://argo-workflows.readthedocs.io/en/latest/fields/#cronworkflowspec',
  },
];

const CORE = new Map<string, PodTemplateKind>();
const CUSTOM = new Map<string, PodTemplateKind>();
for (const entry of POD_TEMPLATE_KINDS) for (const kind of entry.kinds) (entry.group ? CUSTOM : CORE).set(entry.group ? `${entry.group}/${kind}` : kind, entry);

/** The table entry for an object's `apiVersion` and `kind`, if it has pod specs. */
export function podTemplateKind(apiVersion: string, kind: string): PodTemplateKind | undefined {
  const slash = apiVersion.indexOf('/');
  const group = slash === -1 ? '' : apiVersion.slice(0, slash);
  return CUSTOM.get(`${group}/${kind}`) ?? (group.includes('.') ? undefined : CORE.get(kind));
}

/** One pod spec found along a path: the maps from the object down to it. */
export interface FoundPodSpec {
  /** The map holding the pod's metadata (the pod template, or the object for a Pod). */
  template: YAMLMap;
  spec: YAMLMap;
  completes: boolean;
  initContainersGated?: string;
}

const MAX_FOUND = 256;

/** Every pod spec the entry's paths reach in `object` (at most a few hundred: more is no manifest anyone writes). */
export function podSpecsAt(doc: Document, object: YAMLMap, entry: PodTemplateKind): FoundPodSpec[] {
  const out: FoundPodSpec[] = [];
  for (const { path, completes } of entry.paths) {
    for (const chain of walk(doc, [object], path.split('.'))) {
      if (out.length >= MAX_FOUND) return out;
      const spec = chain[chain.length - 1];
      const template = entry.declaredSidecars ? spec : chain[chain.length - 2];
      out.push({ template, spec, completes: completes === true, initContainersGated: entry.initContainersGated });
    }
  }
  return out;
}

function walk(doc: Document, chain: YAMLMap[], steps: string[]): YAMLMap[][] {
  if (steps.length === 0) return [chain];
  const [step, ...rest] = steps;
  const at = chain[chain.length - 1];
  return next(doc, at, step).flatMap((map) => walk(doc, [...chain, map], rest));
}

function next(doc: Document, map: YAMLMap, step: string): YAMLMap[] {
  if (step.endsWith('[]')) return seqMaps(doc, getSeq(doc, map, step.slice(0, -2))).map(({ item }) => item);
  if (!step.includes('*')) {
    const found = getMap(doc, map, step);
    return found ? [found] : [];
  }
  const pattern = new RegExp(`^${step.replace(/\*/g, '.*')}$`);
  const out: YAMLMap[] = [];
  for (const pair of map.items) {
    if (!isScalar(pair.key) || typeof pair.key.value !== 'string' || pair.key.value === '<<' || !pattern.test(pair.key.value)) continue;
    const value = resolve(doc, pair.value);
    if (isMap(value)) out.push(value);
  }
  return out;
}
