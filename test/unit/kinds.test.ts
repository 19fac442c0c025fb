/**
 * Pod templates of other kinds (Argo Rollouts, Knative, JobSet, LeaderWorkerSet, Kubeflow, Ray) get the findings a
 * Deployment or a Job with the same pod spec gets; Tekton and Argo Workflow sidecars get resource, port and probe
 * findings but none about conversion; the outline and lenses show them.
 */
import assert from 'node:assert/strict';
import { describe, test } from 'node:test';
import { analyzeText, normalizeSettings } from '../../server/src/service';
import { outlineChunk } from '../../server/src/service/outline';
import { POD_TEMPLATE_KINDS, podTemplateKind } from '../../server/src/service/kinds/podTemplates';
import { LineIndex } from '../../server/src/service/text';

const settings = normalizeSettings({ kubernetesVersion: '1.31' });

/** A long-running pod: a log shipper in `containers` with no limits, on the app's port. */
const SERVICE_POD = `containers:
  - name: web
    image: nginx:1.27
    ports:
      - containerPort: 8080
    resources:
      requests: {cpu: 100m, memory: 128Mi}
      limits: {cpu: 500m, memory: 256Mi}
    volumeMounts:
      - name: logs
        mountPath: /var/log/nginx
  - name: log-shipper
    image: fluent/fluent-bit:3.0
    ports:
      - containerPort: 8080
    volumeMounts:
      - name: logs
        mountPath: /var/log/nginx
volumes:
  - name: logs
    emptyDir: {}`;

/** A run-to-completion pod whose proxy keeps it running. */
const JOB_POD = `restartPolicy: Never
containers:
  - name: train
    image: example/train:1.0
    resources:
      requests: {cpu: '1', memory: 1Gi}
      limits: {cpu: '1', memory: 1Gi}
  - name: istio-proxy
    image: docker.io/istio/proxyv2:1.22.0
    resources:
      requests: {cpu: 100m, memory: 128Mi}
      limits: {cpu: 200m, memory: 256Mi}`;

/** Each wrapper has one `%POD%` line: the pod spec goes there at that line's indentation. */
const DEPLOYMENT = `apiVersion: apps/v1
kind: Deployment
metadata:
  name: web
spec:
  template:
    metadata:
      labels: {app: web}
    spec:
      %POD%`;

const JOB = `apiVersion: batch/v1
kind: Job
metadata:
  name: train
spec:
  template:
    spec:
      %POD%`;

const LONG_RUNNING: Record<string, string> = {
  'Argo Rollout': `apiVersion: argoproj.io/v1alpha1
kind: Rollout
metadata:
  name: web
spec:
  replicas: 2
  strategy:
    canary: {}
  template:
    metadata:
      labels: {app: web}
    spec:
      %POD%`,
  'Knative Service': `apiVersion: serving.knative.dev/v1
kind: Service
metadata:
  name: web
spec:
  template:
    metadata:
      annotations:
        autoscaling.knative.dev/min-scale: "1"
    spec:
      %POD%`,
  'LeaderWorkerSet leader': `apiVersion: leaderworkerset.x-k8s.io/v1
kind: LeaderWorkerSet
metadata:
  name: vllm
spec:
  leaderWorkerTemplate:
    size: 2
    leaderTemplate:
      spec:
        %POD%`,
  'LeaderWorkerSet worker': `apiVersion: leaderworkerset.x-k8s.io/v1
kind: LeaderWorkerSet
metadata:
  name: vllm
spec:
  leaderWorkerTemplate:
    workerTemplate:
      spec:
        %POD%`,
  'RayCluster head': `apiVersion: ray.io/v1
kind: RayCluster
metadata:
  name: ray
spec:
  headGroupSpec:
    rayStartParams: {}
    template:
      spec:
        %POD%`,
  'RayCluster worker group': `apiVersion: ray.io/v1
kind: RayCluster
metadata:
  name: ray
spec:
  workerGroupSpecs:
    - groupName: small
      replicas: 1
      template:
        spec:
          %POD%`,
  'RayService cluster': `apiVersion: ray.io/v1
kind: RayService
metadata:
  name: serve
spec:
  rayClusterConfig:
    headGroupSpec:
      template:
        spec:
          %POD%`,
  'RayJob cluster': `apiVersion: ray.io/v1
kind: RayJob
metadata:
  name: job
spec:
  entrypoint: python main.py
  rayClusterSpec:
    workerGroupSpecs:
      - groupName: gpu
        template:
          spec:
            %POD%`,
};

const COMPLETING: Record<string, string> = {
  JobSet: `apiVersion: jobset.x-k8s.io/v1alpha2
kind: JobSet
metadata:
  name: train
spec:
  replicatedJobs:
    - name: workers
      replicas: 2
      template:
        spec:
          parallelism: 1
          template:
            spec:
              %POD%`,
  PyTorchJob: `apiVersion: kubeflow.org/v1
kind: PyTorchJob
metadata:
  name: train
spec:
  pytorchReplicaSpecs:
    Master:
      replicas: 1
      restartPolicy: OnFailure
      template:
        spec:
          %POD%`,
  TFJob: `apiVersion: kubeflow.org/v1
kind: TFJob
metadata:
  name: train
spec:
  tfReplicaSpecs:
    Worker:
      replicas: 2
      template:
        spec:
          %POD%`,
  MPIJob: `apiVersion: kubeflow.org/v2beta1
kind: MPIJob
metadata:
  name: train
spec:
  mpiReplicaSpecs:
    Launcher:
      template:
        spec:
          %POD%`,
  'Kubeflow TrainingRuntime': `apiVersion: trainer.kubeflow.org/v1alpha1
kind: ClusterTrainingRuntime
metadata:
  name: torch-distributed
spec:
  template:
    spec:
      replicatedJobs:
        - name: node
          template:
            spec:
              template:
                spec:
                  %POD%`,
  'RayJob submitter': `apiVersion: ray.io/v1
kind: RayJob
metadata:
  name: job
spec:
  submitterPodTemplate:
    spec:
      %POD%`,
};

function embed(wrapper: string, pod: string): { text: string; podLine: number; indent: number } {
  const lines = wrapper.split('\n');
  const podLine = lines.findIndex((l) => l.trim() === '%POD%');
  const indent = lines[podLine].indexOf('%');
  const podLines = pod.split('\n').map((l) => (l ? ' '.repeat(indent) + l : l));
  return { text: [...lines.slice(0, podLine), ...podLines, ...lines.slice(podLine + 1)].join('\n') + '\n', podLine, indent };
}

/** Findings as place within the pod spec, rule, severity, container and fix titles: what must not depend on the kind. */
function podFindings(wrapper: string, pod: string): string[] {
  const { text, podLine, indent } = embed(wrapper, pod);
  const lines = new LineIndex(text);
  return analyzeText(text, settings)
    .findings.map((f) => {
      const at = lines.positionAt(f.start);
      const fixes = f.fixes.map((fix) => fix.title).join(' | ');
      return `${at.line - podLine}:${at.character - indent} ${f.severity} ${f.rule} ${f.container ?? '-'} [${fixes}]`;
    })
    .sort();
}

describe('pod templates of other kinds', () => {
  const deployment = podFindings(DEPLOYMENT, SERVICE_POD);
  const job = podFindings(JOB, JOB_POD);

  test('the reference Deployment and Job have the sidecar problems the kinds are compared on', () => {
    for (const rule of ['legacy-sidecar', 'missing-limits', 'port-clash'])
      assert.ok(
        deployment.some((f) => f.includes(` ${rule} `)),
        `${rule} in ${deployment.join('\n')}`,
      );
    assert.ok(
      job.some((f) => f.includes(' error job-sidecar-never-completes istio-proxy ')),
      job.join('\n'),
    );
  });

  for (const [name, wrapper] of Object.entries(LONG_RUNNING)) {
    test(`${name} gets the findings a Deployment gets`, () => assert.deepEqual(podFindings(wrapper, SERVICE_POD), deployment));
  }
  for (const [name, wrapper] of Object.entries(COMPLETING)) {
    test(`${name} runs to completion: it gets the findings a Job gets`, () => assert.deepEqual(podFindings(wrapper, JOB_POD), job));
  }

  test('the message names the kind that never completes', () => {
    const { text } = embed(COMPLETING.JobSet, JOB_POD);
    const finding = analyzeText(text, settings).findings.find((f) => f.rule === 'job-sidecar-never-completes');
    assert.match(finding?.message ?? '', /this JobSet never completes/);
  });

  test('a long-running kind does not get the Job rule', () => {
    const { text } = embed(LONG_RUNNING['RayCluster head'], JOB_POD.replace('restartPolicy: Never\n', ''));
    assert.deepEqual(
      analyzeText(text, settings).findings.filter((f) => f.rule === 'job-sidecar-never-completes'),
      [],
    );
  });

  test('a core Service or an unknown group with a known kind name has no pod spec', () => {
    const core = `apiVersion: v1\nkind: Service\nmetadata: {name: web}\nspec:\n  template:\n    spec:\n      ${SERVICE_POD.split('\n').join('\n      ')}\n`;
    assert.deepEqual(analyzeText(core, settings).findings, []);
    const other = `apiVersion: example.com/v1\nkind: Deployment\nmetadata: {name: web}\nspec:\n  template:\n    spec:\n      ${SERVICE_POD.split('\n').join('\n      ')}\n`;
    assert.deepEqual(analyzeText(other, settings).findings, []);
    assert.equal(podTemplateKind('apps/v1', 'Deployment')?.kinds.includes('Deployment'), true);
    assert.equal(podTemplateKind('serving.knative.dev/v1', 'Service')?.group, 'serving.knative.dev');
    assert.equal(podTemplateKind('v1', 'Service'), undefined);
  });

  test('every table entry names where its shape is defined', () => {
    for (const entry of POD_TEMPLATE_KINDS) assert.match(entry.source, /^https:\/\//, entry.kinds.join());
  });

  test('a JobSet with two replicated jobs has an outline pod and a lens for each', () => {
    const twice = COMPLETING.JobSet.replace(
      '  replicatedJobs:\n',
      '  replicatedJobs:\n    - name: driver\n      template:\n        spec:\n          template:\n            spec:\n              containers: [{name: driver, image: example/driver:1.0}]\n',
    );
    const { text } = embed(twice, JOB_POD);
    const [object] = outlineChunk(text, settings);
    assert.equal(object.kind, 'JobSet');
    assert.deepEqual(
      object.pods.map((p) => p.containers.map((c) => `${c.name}:${c.role}${c.helper ? `/${c.helper}` : ''}`)),
      [['driver:app'], ['train:app', 'istio-proxy:app/proxy']],
    );
    assert.ok(object.pods.every((p) => p.resources !== undefined));
  });
});

const TEKTON_TASK = `apiVersion: tekton.dev/v1
kind: Task
metadata:
  name: integration
spec:
  steps:
    - name: test
      image: golang:1.22
      script: go test ./...
  sidecars:
    - name: postgres
      image: postgres:16
      ports:
        - containerPort: 5432
      readinessProbe:
        tcpSocket: {port: pg}
    - name: redis
      image: redis:7
      ports:
        - containerPort: 5432
      resources:
        requests: {cpu: 100m, memory: 64Mi}
        limits: {cpu: 200m, memory: 128Mi}
`;

const ARGO_WORKFLOW = `apiVersion: argoproj.io/v1alpha1
kind: Workflow
metadata:
  generateName: ci-
spec:
  entrypoint: test
  templates:
    - name: test
      container:
        image: golang:1.22
        command: [go, test, ./...]
      sidecars:
        - name: istio-proxy
          image: docker.io/istio/proxyv2:1.22.0
          resources:
            requests: {cpu: 100m, memory: 64Mi}
            limits: {cpu: 50m, memory: 128Mi}
`;

describe('declared sidecars of Tekton and Argo Workflows', () => {
  const rulesOf = (text: string) => analyzeText(text, settings).findings.map((f) => `${f.rule} ${f.container}`);
  const CONVERSION = [
    'legacy-sidecar',
    'job-sidecar-never-completes',
    'native-sidecar-unsupported',
    'sidecar-after-init',
    'sidecar-missing-probe',
    'init-restart-policy',
  ];

  test('a Tekton Task sidecar gets resource, port and probe findings', () => {
    const found = rulesOf(TEKTON_TASK);
    for (const want of ['missing-limits postgres', 'missing-requests postgres', 'probe-port-undeclared postgres'])
      assert.ok(found.includes(want), found.join('\n'));
    assert.ok(
      found.some((f) => f.startsWith('port-clash ')),
      found.join('\n'),
    );
    assert.ok(!found.some((f) => f.endsWith(' test')), 'steps are not linted as containers');
    assert.ok(!found.some((f) => CONVERSION.includes(f.split(' ')[0])), found.join('\n'));
  });

  test('an Argo Workflow template sidecar gets resource findings and no conversion', () => {
    const found = rulesOf(ARGO_WORKFLOW);
    assert.deepEqual(found, ['requests-exceed-limits istio-proxy']);
  });

  test('the same sidecar in a TaskRun, a Pipeline and a CronWorkflow is found', () => {
    const sidecars = TEKTON_TASK.slice(TEKTON_TASK.indexOf('  steps:'));
    const indent = (text: string, by: number) =>
      text
        .split('\n')
        .map((l) => (l ? ' '.repeat(by) + l : l))
        .join('\n');
    const taskRun = `apiVersion: tekton.dev/v1\nkind: TaskRun\nmetadata: {name: run}\nspec:\n  taskSpec:\n${indent(sidecars, 2)}`;
    const pipeline = `apiVersion: tekton.dev/v1\nkind: Pipeline\nmetadata: {name: p}\nspec:\n  finally:\n    - name: t\n      taskSpec:\n${indent(sidecars, 6)}`;
    for (const text of [taskRun, pipeline]) assert.ok(rulesOf(text).includes('missing-limits postgres'), text);
    const templates = ARGO_WORKFLOW.slice(ARGO_WORKFLOW.indexOf('  templates:'));
    const cron = `apiVersion: argoproj.io/v1alpha1\nkind: CronWorkflow\nmetadata: {name: hourly}\nspec:\n  schedule: "0 * * * *"\n  workflowSpec:\n${indent(templates, 2)}`;
    assert.deepEqual(rulesOf(cron), ['requests-exceed-limits istio-proxy']);
  });

  test('the outline shows declared sidecars with a lens on the Task spec and the Workflow template', () => {
    const [task] = outlineChunk(TEKTON_TASK, settings);
    assert.deepEqual(
      task.pods.map((p) => p.containers.map((c) => `${c.name}:${c.role}`)),
      [['postgres:sidecar', 'redis:sidecar']],
    );
    assert.equal(TEKTON_TASK.slice(task.pods[0].keyStart, task.pods[0].keyEnd), 'spec');
    const [workflow] = outlineChunk(ARGO_WORKFLOW, settings);
    assert.equal(ARGO_WORKFLOW.slice(workflow.pods[0].keyStart, workflow.pods[0].keyEnd), 'name');
    assert.ok(workflow.pods[0].resources?.hasSidecars);
  });
});
