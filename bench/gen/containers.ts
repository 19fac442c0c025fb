/** Container and pod-spec text for the generator, written the way people and Helm charts write it (block style, 2-space indent). */
import type { Rng } from './prng';

export interface Port {
  name: string;
  port: number;
  protocol?: 'UDP';
  /** Records this port's line under the given key (edit sites of the anchor document). */
  mark?: string;
}

export interface Container {
  name: string;
  image: string;
  ports: Port[];
  /** `full` = requests and limits, `requests` = requests only, `none` = no resources key. */
  resources: 'full' | 'requests' | 'none';
  cpu: string;
  memory: string;
  probe?: { kind: 'http' | 'tcp'; port: number | string; path?: string };
  mounts: { name: string; path: string; readOnly?: boolean }[];
  env: Record<string, string>;
  args: string[];
  restartPolicy?: 'Always';
  /** Records the `name:` value line under this key. */
  mark?: string;
}

/** Rendered lines plus named line offsets (relative to the first line returned). */
export interface Rendered {
  lines: string[];
  marks: Record<string, number>;
}

function push(out: Rendered, line: string, mark?: string): void {
  if (mark !== undefined) out.marks[mark] = out.lines.length;
  out.lines.push(line);
}

/** Renders one `- name: …` list entry at `indent` spaces (the dash column). */
export function renderContainer(c: Container, indent: number, out: Rendered): void {
  const p = ' '.repeat(indent);
  const q = ' '.repeat(indent + 2);
  push(out, `${p}- name: ${c.name}`, c.mark);
  push(out, `${q}image: ${c.image}`);
  push(out, `${q}imagePullPolicy: IfNotPresent`);
  if (c.restartPolicy) push(out, `${q}restartPolicy: ${c.restartPolicy}`, c.mark && `${c.mark}.restartPolicy`);
  if (c.args.length > 0) {
    push(out, `${q}args:`);
    for (const arg of c.args) push(out, `${q}  - ${JSON.stringify(arg)}`);
  }
  const env = Object.entries(c.env);
  if (env.length > 0) {
    push(out, `${q}env:`);
    for (const [name, value] of env) {
      push(out, `${q}  - name: ${name}`);
      push(out, `${q}    value: ${JSON.stringify(value)}`);
    }
  }
  if (c.ports.length > 0) {
    push(out, `${q}ports:`);
    for (const port of c.ports) {
      push(out, `${q}  - name: ${port.name}`);
      push(out, `${q}    containerPort: ${port.port}`, port.mark);
      if (port.protocol) push(out, `${q}    protocol: ${port.protocol}`);
    }
  }
  renderResources(c, q, out);
  if (c.probe) renderProbes(c.probe, q, out);
  if (c.mounts.length > 0) {
    push(out, `${q}volumeMounts:`);
    for (const m of c.mounts) {
      push(out, `${q}  - name: ${m.name}`);
      push(out, `${q}    mountPath: ${m.path}`);
      if (m.readOnly) push(out, `${q}    readOnly: true`);
    }
  }
}

function renderResources(c: Container, q: string, out: Rendered): void {
  if (c.resources === 'none') return;
  push(out, `${q}resources:`);
  push(out, `${q}  requests:`);
  push(out, `${q}    cpu: ${c.cpu}`);
  push(out, `${q}    memory: ${c.memory}`);
  if (c.resources === 'full') {
    push(out, `${q}  limits:`);
    push(out, `${q}    cpu: ${c.cpu}`);
    push(out, `${q}    memory: ${c.memory}`);
  }
}

function renderProbes(probe: NonNullable<Container['probe']>, q: string, out: Rendered): void {
  for (const key of ['readinessProbe', 'livenessProbe']) {
    push(out, `${q}${key}:`);
    if (probe.kind === 'http') {
      push(out, `${q}  httpGet:`);
      push(out, `${q}    path: ${probe.path ?? '/healthz'}`);
      push(out, `${q}    port: ${probe.port}`);
    } else {
      push(out, `${q}  tcpSocket:`);
      push(out, `${q}    port: ${probe.port}`);
    }
    push(out, `${q}  initialDelaySeconds: ${key === 'readinessProbe' ? 5 : 15}`);
    push(out, `${q}  periodSeconds: 10`);
  }
}

export interface PodSpec {
  initContainers: Container[];
  containers: Container[];
  volumes: { name: string; kind: 'emptyDir' | 'configMap'; configMap?: string }[];
  restartPolicy?: 'Never' | 'OnFailure';
  serviceAccountName?: string;
}

/** Renders the keys of a PodSpec at `indent` spaces. */
export function renderPodSpec(spec: PodSpec, indent: number, out: Rendered): void {
  const p = ' '.repeat(indent);
  if (spec.serviceAccountName) push(out, `${p}serviceAccountName: ${spec.serviceAccountName}`);
  if (spec.restartPolicy) push(out, `${p}restartPolicy: ${spec.restartPolicy}`);
  if (spec.initContainers.length > 0) {
    push(out, `${p}initContainers:`);
    for (const c of spec.initContainers) renderContainer(c, indent + 2, out);
  }
  push(out, `${p}containers:`);
  for (const c of spec.containers) renderContainer(c, indent + 2, out);
  if (spec.volumes.length > 0) {
    push(out, `${p}volumes:`);
    for (const v of spec.volumes) {
      push(out, `${p}  - name: ${v.name}`);
      if (v.kind === 'emptyDir') push(out, `${p}    emptyDir: {}`);
      else {
        push(out, `${p}    configMap:`);
        push(out, `${p}      name: ${v.configMap ?? v.name}`);
      }
    }
  }
}

/** A random cpu/memory pair in the quantities people write. */
export function randomSize(rng: Rng): { cpu: string; memory: string } {
  return { cpu: rng.pick(['50m', '100m', '250m', '500m', '1']), memory: rng.pick(['64Mi', '128Mi', '256Mi', '512Mi', '1Gi']) };
}
