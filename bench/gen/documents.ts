/** Whole YAML documents (workloads, Services, ConfigMaps with block scalars) in the shape `helm template` renders. */
import { renderPodSpec, type PodSpec, type Rendered } from './containers';
import type { Rng } from './prng';

export type WorkloadKind = 'Deployment' | 'StatefulSet' | 'Job' | 'CronJob' | 'Pod';

function header(out: Rendered, chart: string, template: string, apiVersion: string, kind: string, name: string): void {
  out.lines.push('---', `# Source: ${chart}/templates/${template}`, `apiVersion: ${apiVersion}`, `kind: ${kind}`, 'metadata:');
  out.lines.push(`  name: ${name}`, `  namespace: ${chart}`, '  labels:');
  out.lines.push(`    app.kubernetes.io/name: ${name}`, `    app.kubernetes.io/instance: ${chart}`);
  out.lines.push(`    app.kubernetes.io/managed-by: Helm`, `    helm.sh/chart: ${chart}-0.${name.length}.1`);
}

function podTemplate(out: Rendered, rng: Rng, name: string, spec: PodSpec, indent: number): void {
  const p = ' '.repeat(indent);
  out.lines.push(`${p}template:`, `${p}  metadata:`, `${p}    labels:`, `${p}      app.kubernetes.io/name: ${name}`);
  out.lines.push(`${p}    annotations:`, `${p}      checksum/config: ${hex(rng, 64)}`);
  out.lines.push(`${p}  spec:`);
  renderPodSpec(spec, indent + 4, out);
}

/** Renders a workload of `kind` around `spec`; marks in the pod spec are kept relative to the returned lines. */
export function workload(rng: Rng, chart: string, kind: WorkloadKind, name: string, spec: PodSpec): Rendered {
  const out: Rendered = { lines: [], marks: {} };
  const apiVersion = kind === 'Pod' ? 'v1' : kind === 'Job' || kind === 'CronJob' ? 'batch/v1' : 'apps/v1';
  header(out, chart, `${kind.toLowerCase()}.yaml`, apiVersion, kind, name);
  out.lines.push('spec:');
  if (kind === 'Pod') {
    renderPodSpec(spec, 2, out);
  } else if (kind === 'Job') {
    out.lines.push(`  backoffLimit: ${rng.int(0, 6)}`, '  ttlSecondsAfterFinished: 3600');
    podTemplate(out, rng, name, spec, 2);
  } else if (kind === 'CronJob') {
    out.lines.push(`  schedule: "${rng.int(0, 59)} ${rng.int(0, 23)} * * *"`, '  concurrencyPolicy: Forbid', '  jobTemplate:', '    spec:');
    out.lines.push(`      backoffLimit: ${rng.int(0, 3)}`);
    podTemplate(out, rng, name, spec, 6);
  } else {
    out.lines.push(`  replicas: ${rng.int(1, 6)}`);
    if (kind === 'StatefulSet') out.lines.push(`  serviceName: ${name}-headless`);
    out.lines.push('  selector:', '    matchLabels:', `      app.kubernetes.io/name: ${name}`);
    podTemplate(out, rng, name, spec, 2);
    if (kind === 'StatefulSet') volumeClaimTemplate(out);
  }
  return out;
}

function volumeClaimTemplate(out: Rendered): void {
  out.lines.push('  volumeClaimTemplates:', '    - metadata:', '        name: data', '      spec:');
  out.lines.push('        accessModes: ["ReadWriteOnce"]', '        resources:', '          requests:', '            storage: 10Gi');
}

/** A ClusterIP Service for `name`'s http port. */
export function service(chart: string, name: string, port: number): Rendered {
  const out: Rendered = { lines: [], marks: {} };
  header(out, chart, 'service.yaml', 'v1', 'Service', name);
  out.lines.push('spec:', '  type: ClusterIP', '  selector:', `    app.kubernetes.io/name: ${name}`, '  ports:');
  out.lines.push('    - name: http', `      port: ${port}`, '      targetPort: http', '      protocol: TCP');
  return out;
}

/** A ConfigMap whose data are block scalars: an Envoy bootstrap and a Fluent Bit config of random length. */
export function configMap(rng: Rng, chart: string, name: string): Rendered {
  const out: Rendered = { lines: [], marks: {} };
  header(out, chart, 'configmap.yaml', 'v1', 'ConfigMap', `${name}-envoy-config`);
  out.lines.push('data:', '  envoy.yaml: |', '    admin:', '      address:', '        socket_address: { address: 0.0.0.0, port_value: 9901 }');
  out.lines.push('    static_resources:', '      listeners:');
  for (let i = 0, n = rng.int(1, 3); i < n; i++) {
    out.lines.push(`        - name: listener_${i}`, '          address:', `            socket_address: { address: 0.0.0.0, port_value: ${10000 + i} }`);
    out.lines.push('          filter_chains:', '            - filters:', '                - name: envoy.filters.network.http_connection_manager');
  }
  out.lines.push('  fluent-bit.conf: |-');
  for (let i = 0, n = rng.int(1, 4); i < n; i++) {
    out.lines.push('    [INPUT]', '        Name              tail', `        Path              /var/log/app/*.${i}.log`);
    out.lines.push('        Tag               app.*', '        Mem_Buf_Limit     5MB', '');
  }
  out.lines.push('    [OUTPUT]', '        Name  es', '        Match *', '        Host  ${FLUENT_ELASTICSEARCH_HOST}');
  out.lines.push(`  LOG_LEVEL: ${JSON.stringify(rng.pick(['info', 'debug']))}`);
  return out;
}

function hex(rng: Rng, length: number): string {
  let s = '';
  while (s.length < length) s += rng.int(0, 15).toString(16);
  return s;
}
