/** Random pod specs: app containers with proxy and log-shipping helpers, legacy or native, as real charts ship them. */
import { randomSize, type Container, type PodSpec, type Port } from './containers';
import type { Rng } from './prng';

const APP_PORTS = [8080, 8000, 3000, 5000, 8443] as const;

function app(rng: Rng, name: string, logs: boolean): Container {
  const size = randomSize(rng);
  const port = rng.pick(APP_PORTS);
  const ports: Port[] = [{ name: 'http', port }];
  if (rng.chance(0.5)) ports.push({ name: 'metrics', port: 9100 });
  const roll = rng.next();
  return {
    name,
    image: `registry.example.com/shop/${name}:1.${rng.int(0, 30)}.${rng.int(0, 9)}`,
    ports,
    resources: roll < 0.1 ? 'none' : roll < 0.2 ? 'requests' : 'full',
    ...size,
    probe: { kind: 'http', port: 'http', path: rng.pick(['/healthz', '/ready', '/actuator/health']) },
    mounts: logs ? [{ name: 'logs', path: '/var/log/app' }] : [],
    env: { LOG_LEVEL: rng.pick(['info', 'debug', 'warn']), PORT: String(port), SERVICE_NAME: name },
    args: rng.chance(0.5) ? [`--port=${port}`, '--log-format=json'] : [],
  };
}

/** Envoy as a front proxy; `mark` records its name and admin port lines (the anchor's edit sites). */
export function envoy(rng: Rng, app: string, mark?: string): Container {
  return {
    name: 'envoy',
    image: `envoyproxy/envoy:v1.${rng.int(28, 32)}.${rng.int(0, 5)}`,
    ports: [
      { name: 'envoy-admin', port: 9901, mark: mark && `${mark}.port` },
      { name: 'envoy-http', port: 10000 },
    ],
    resources: 'full',
    cpu: '200m',
    memory: '256Mi',
    probe: { kind: 'http', port: 9901, path: '/ready' },
    mounts: [{ name: 'envoy-config', path: '/etc/envoy', readOnly: true }],
    env: {},
    args: ['-c', '/etc/envoy/envoy.yaml', '--service-cluster', app],
    mark,
  };
}

function fluentBit(rng: Rng, mark?: string): Container {
  return {
    name: 'fluent-bit',
    image: `fluent/fluent-bit:3.${rng.int(0, 2)}.${rng.int(0, 9)}`,
    ports: [{ name: 'fb-http', port: 2020 }],
    resources: rng.chance(0.85) ? 'full' : 'requests',
    cpu: '100m',
    memory: '128Mi',
    probe: { kind: 'tcp', port: 2020 },
    mounts: [
      { name: 'logs', path: '/var/log/app', readOnly: true },
      { name: 'fluent-bit-config', path: '/fluent-bit/etc', readOnly: true },
    ],
    env: { FLUENT_ELASTICSEARCH_HOST: 'elasticsearch.logging.svc' },
    args: [],
    mark,
  };
}

function otel(rng: Rng): Container {
  return {
    name: 'otel-collector',
    image: `otel/opentelemetry-collector-contrib:0.${rng.int(100, 115)}.0`,
    ports: [
      { name: 'otlp-grpc', port: 4317 },
      { name: 'otlp-http', port: 4318 },
    ],
    resources: 'full',
    cpu: '100m',
    memory: '128Mi',
    mounts: [],
    env: {},
    args: ['--config=env:OTEL_CONFIG'],
  };
}

function waitForDb(): Container {
  return {
    name: 'wait-for-db',
    image: 'busybox:1.36',
    ports: [],
    resources: 'full',
    cpu: '10m',
    memory: '16Mi',
    mounts: [],
    env: {},
    args: ['sh', '-c', 'until nslookup postgres.db.svc; do sleep 2; done'],
  };
}

/** A pod spec for `name`; `native` puts the helpers in initContainers with restartPolicy: Always. */
export function randomPod(rng: Rng, name: string, native: boolean): PodSpec {
  const helpers: Container[] = [];
  const proxy = rng.chance(0.6);
  const logs = rng.chance(0.6);
  if (proxy) helpers.push(envoy(rng, name));
  if (logs) helpers.push(fluentBit(rng));
  if (rng.chance(0.2)) helpers.push(otel(rng));
  const initContainers: Container[] = [];
  if (native) for (const h of helpers) initContainers.push({ ...h, restartPolicy: 'Always' });
  if (rng.chance(0.3)) initContainers.push(waitForDb());
  const containers = [app(rng, name, logs), ...(native ? [] : helpers)];
  return { initContainers, containers, volumes: volumesFor([...initContainers, ...containers], name) };
}

/** The anchor pod in the middle of every file: app `api` on 8080, a legacy Envoy on 9901, a native Fluent Bit. */
export function anchorPod(rng: Rng): PodSpec {
  const api = app(rng, 'api', true);
  api.ports = [
    { name: 'http', port: 8080, mark: 'app.port' },
    { name: 'metrics', port: 9100 },
  ];
  api.resources = 'full';
  api.env = { LOG_LEVEL: 'info', SERVICE_NAME: 'api' };
  api.args = ['--log-format=json'];
  const initContainers = [{ ...fluentBit(rng, 'native'), restartPolicy: 'Always' as const }];
  const containers = [api, envoy(rng, 'api', 'sidecar')];
  return { initContainers, containers, volumes: volumesFor([...initContainers, ...containers], 'api') };
}

function volumesFor(containers: Container[], app: string): PodSpec['volumes'] {
  const names = new Set(containers.flatMap((c) => c.mounts.map((m) => m.name)));
  return [...names].map((volume) =>
    volume === 'logs' ? { name: volume, kind: 'emptyDir' } : { name: volume, kind: 'configMap', configMap: `${app}-${volume}` },
  );
}
