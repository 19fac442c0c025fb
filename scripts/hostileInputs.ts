/** Generators of hostile manifests (merge and alias bombs, deep nesting, huge files): shared by `npm run hostile` and the unit tests. */

const CONTAINER = (name: string, port: number) =>
  `    - name: ${name}\n      image: nginx:1.27\n      ports:\n        - containerPort: ${port}\n      resources: {requests: {cpu: 100m, memory: 64Mi}, limits: {cpu: 100m, memory: 64Mi}}\n`;

const POD_HEAD = 'apiVersion: v1\nkind: Pod\nmetadata:\n  name: hostile\nspec:\n';

/** `levels` maps, each merging the one before twice (`<<: [*m, *m]`): naive merge resolution walks 2^levels paths. */
export function mergeBomb(levels: number): string {
  let out = 'apiVersion: v1\nkind: Pod\nmetadata:\n  name: bomb\nx-bomb:\n  m0: &m0 {image: nginx:1.27}\n';
  for (let i = 1; i <= levels; i++) out += `  m${i}: &m${i} {<<: [*m${i - 1}, *m${i - 1}], k${i}: ${i}}\n`;
  return `${out}spec:\n  containers:\n    - name: app\n      <<: *m${levels}\n`;
}

/** The classic "billion laughs": each level a sequence of ten aliases of the level before, used as a container's args. */
export function aliasBomb(levels: number): string {
  let out = 'apiVersion: v1\nkind: Pod\nmetadata:\n  name: laughs\nx-laughs:\n  - &l0 lol\n';
  for (let i = 1; i <= levels; i++) out += `  - &l${i} [${Array.from({ length: 10 }, () => `*l${i - 1}`).join(', ')}]\n`;
  return `${out}spec:\n  containers:\n    - name: app\n      image: nginx:1.27\n      args: *l${levels}\n      ports: *l${levels}\n`;
}

/** `count` containers that are all aliases of one (`- *c`). */
export function aliasContainers(count: number): string {
  let out = `${POD_HEAD}  containers:\n    - &c\n      name: app\n      image: nginx:1.27\n      ports:\n        - containerPort: 8080\n`;
  for (let i = 1; i < count; i++) out += '    - *c\n';
  return out;
}

/** `count` containers that each merge one base container and name themselves. */
export function mergeContainers(count: number): string {
  const base =
    'x-base: &base\n  image: nginx:1.27\n  ports:\n    - containerPort: 8080\n  resources: {requests: {cpu: 100m, memory: 64Mi}, limits: {cpu: 100m, memory: 64Mi}}\n';
  let out = `apiVersion: v1\nkind: Pod\nmetadata:\n  name: merges\n${base}spec:\n  containers:\n`;
  for (let i = 0; i < count; i++) out += `    - <<: *base\n      name: c${i}\n`;
  return out;
}

/** A pod with a field nested `depth` flow sequences deep (`[[[…]]]`). */
export function deepNesting(depth: number): string {
  return `${POD_HEAD}  x-deep: ${'['.repeat(depth)}leaf${']'.repeat(depth)}\n  containers:\n${CONTAINER('app', 8080)}`;
}

/** A pod of `count` containers written out, every one on port 8080 (so `port-clash` has something to say about each). */
export function manyContainers(count: number): string {
  const parts = [`${POD_HEAD}  containers:\n`];
  for (let i = 0; i < count; i++) parts.push(CONTAINER(`c${i}`, 8080));
  return parts.join('');
}

/** A pod of `count` containers in flow style, one short line each (a million is about 30 MB). */
export function compactContainers(count: number): string {
  const parts = [`${POD_HEAD}  containers:\n`];
  for (let i = 0; i < count; i++) parts.push(`    - {name: c${i}, image: nginx:1.27}\n`);
  return parts.join('');
}

/** `count` small Pod documents separated by `---`. */
export function manyDocuments(count: number): string {
  const parts: string[] = [];
  for (let i = 0; i < count; i++) parts.push(`apiVersion: v1\nkind: Pod\nmetadata:\n  name: p${i}\nspec:\n  containers:\n${CONTAINER('app', 8080)}`);
  return parts.join('---\n');
}

/** A `List` of `count` pods as compact one-line JSON (what `kubectl get pods -o json | jq -c` prints). */
export function jsonList(count: number): string {
  const pod = (i: number) => ({
    apiVersion: 'v1',
    kind: 'Pod',
    metadata: { name: `p${i}`, namespace: 'default', labels: { app: 'web' } },
    spec: {
      containers: [
        { name: 'app', image: 'nginx:1.27', ports: [{ containerPort: 8080 }] },
        { name: 'envoy-proxy', image: 'envoyproxy/envoy:v1.31.0', ports: [{ containerPort: 8080 }] },
      ],
    },
  });
  return JSON.stringify({ apiVersion: 'v1', kind: 'List', items: Array.from({ length: count }, (_, i) => pod(i)) }) + '\n';
}

/** About `bytes` of ordinary manifests (many Deployments with a sidecar), as one file. */
export function bigFile(bytes: number): string {
  const doc = (i: number) =>
    `apiVersion: apps/v1\nkind: Deployment\nmetadata:\n  name: d${i}\nspec:\n  template:\n    spec:\n      containers:\n        - name: app\n          image: nginx:1.27\n        - name: log-shipper\n          image: fluent/fluent-bit:3.1\n`;
  const parts: string[] = [];
  let size = 0;
  for (let i = 0; size < bytes; i++) {
    const d = doc(i);
    parts.push(d);
    size += d.length + 4;
  }
  return parts.join('---\n');
}
