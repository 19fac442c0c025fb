/**
 * A larger overlay for the bench, the same for a given size: a base of Deployments in several files, a team overlay
 * with a name prefix, a label-selected patch that adds a log shipper the old way to every `tier: web` workload and a
 * few patches by name, and a prod overlay with a namespace, an `images:` entry and a label-selected patch that sets
 * every app's memory limit. Few patches over many objects, as overlays usually are: with `originAnnotations`, which
 * the build needs to map findings back, kustomize's time grows with patches × objects (see the README).
 */
import { mkdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';

export interface GeneratedOverlay {
  /** The folder holding base/, team/ and prod/. */
  dir: string;
  /** The overlay to build (prod), and the patch file the editor cases open and save. */
  overlay: string;
  patch: string;
  workloads: number;
  files: number;
  lines: number;
}

const PER_FILE = 5;

function deployment(i: number): string {
  return `apiVersion: apps/v1
kind: Deployment
metadata:
  name: svc-${i}
  labels:
    app: svc-${i}
    tier: ${i % 2 === 0 ? 'web' : 'worker'}
spec:
  replicas: 2
  selector:
    matchLabels:
      app: svc-${i}
  template:
    metadata:
      labels:
        app: svc-${i}
        tier: ${i % 2 === 0 ? 'web' : 'worker'}
    spec:
      containers:
        - name: app
          image: registry.example.com/svc-${i}:1.${i % 7}.0
          ports:
            - containerPort: ${8000 + (i % 50)}
          resources:
            requests:
              cpu: 100m
              memory: 128Mi
          readinessProbe:
            httpGet:
              path: /ready
              port: ${8000 + (i % 50)}
`;
}

/** Adds the shipper to every object the target selects (the patch's own name is not matched). */
const SHIPPER_PATCH = `apiVersion: apps/v1
kind: Deployment
metadata:
  name: any
spec:
  template:
    spec:
      containers:
        - name: app
          volumeMounts:
            - name: logs
              mountPath: /var/log/app
        - name: log-shipper
          image: fluent/fluent-bit:3.2.4
          resources:
            requests: { cpu: 50m, memory: 64Mi }
            limits: { cpu: 100m, memory: 128Mi }
          volumeMounts:
            - name: logs
              mountPath: /var/log/app
      volumes:
        - name: logs
          emptyDir: {}
`;

function namedPatch(i: number): string {
  return `apiVersion: apps/v1
kind: Deployment
metadata:
  name: svc-${i}
spec:
  replicas: 3
  template:
    spec:
      containers:
        - name: app
          env:
            - name: TEAM
              value: payments
`;
}

/** Patches by name in the team overlay. */
const NAMED = 5;

/** Writes the overlay under `dir` with `workloads` Deployments; returns where its parts are. */
export function writeGeneratedOverlay(dir: string, workloads: number): GeneratedOverlay {
  const files: Record<string, string> = {};
  const baseFiles: string[] = [];
  for (let f = 0; f * PER_FILE < workloads; f++) {
    const name = `deployments-${String(f).padStart(3, '0')}.yaml`;
    const ids = Array.from({ length: Math.min(PER_FILE, workloads - f * PER_FILE) }, (_, k) => f * PER_FILE + k);
    files[`base/${name}`] = ids.map(deployment).join('---\n');
    baseFiles.push(name);
  }
  files['base/kustomization.yaml'] = `resources:\n${baseFiles.map((n) => `  - ${n}\n`).join('')}`;
  const patches: string[] = [];
  for (let i = 0; i < Math.min(NAMED, workloads); i++) {
    const name = `patches/svc-${i}.yaml`;
    files[`team/${name}`] = namedPatch(i);
    patches.push(name);
  }
  files['team/log-shipper.yaml'] = SHIPPER_PATCH;
  files['team/kustomization.yaml'] = `namePrefix: payments-
resources:
  - ../base
patches:
  - path: log-shipper.yaml
    target:
      kind: Deployment
      labelSelector: tier=web
${patches.map((p) => `  - path: ${p}\n`).join('')}`;
  files['prod/memory-limits.yaml'] = `apiVersion: apps/v1
kind: Deployment
metadata:
  name: any
spec:
  template:
    spec:
      containers:
        - name: app
          resources:
            limits:
              memory: 256Mi
`;
  files['prod/kustomization.yaml'] = `namespace: prod
resources:
  - ../team
images:
  - name: fluent/fluent-bit
    newTag: 3.2.5
patches:
  - path: memory-limits.yaml
    target:
      kind: Deployment
      labelSelector: tier in (web,worker)
`;
  let lines = 0;
  for (const [rel, text] of Object.entries(files)) {
    mkdirSync(join(dir, rel, '..'), { recursive: true });
    writeFileSync(join(dir, rel), text);
    lines += text.split('\n').length - 1;
  }
  return {
    dir,
    overlay: join(dir, 'prod'),
    patch: join(dir, 'prod', 'memory-limits.yaml'),
    workloads,
    files: Object.keys(files).length,
    lines,
  };
}
