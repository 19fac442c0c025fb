/** The effective pod resources formula of kubernetes-sidecars.md §3 on exact values, through the YAML a user writes. */
import assert from 'node:assert/strict';
import { describe, test } from 'node:test';
import { parseDocument } from 'yaml';
import { normalizeSettings } from '../../server/src/service';
import { aggregate, effectiveResources, formatQuantity, podResources, type ContainerInput, type ResourceList } from '../../server/src/service/resources';
import { findPodSpecs } from '../../server/src/service/workloads';
import { WORKED_EXAMPLE } from '../helpers/podExamples';

function resourcesOf(yaml: string) {
  const doc = parseDocument(yaml);
  const [pod] = findPodSpecs(doc, normalizeSettings({}));
  return podResources(pod);
}

/** A list as the user would write it, so expectations read like the spec. */
function show(list: ResourceList): Record<string, string> {
  return Object.fromEntries([...list].map(([name, value]) => [name, formatQuantity(name, value)]));
}

const MI = 2n ** 20n * 10n ** 9n;
const M = 1_000_000n; // one millicore in nano-units

describe('effective pod resources (§3)', () => {
  test('the worked example of §3.2: cpu 1600m, memory 1208Mi', () => {
    const resources = resourcesOf(WORKED_EXAMPLE);
    assert.deepEqual(show(resources.requests), { cpu: '1600m', memory: '1208Mi' });
    assert.deepEqual(show(resources.sidecars), { cpu: '300m', memory: '192Mi' });
    assert.deepEqual(show(resources.helpers), { cpu: '50m', memory: '32Mi' });
    assert.equal(resources.requests.get('memory'), 1208n * MI);
  });

  test('init-b runs beside sidecar-1: the init maximum is 1088Mi, not the 1024Mi of the looser docs', () => {
    const c = (cpu: bigint, mem: bigint, sidecar = false): ContainerInput => ({
      sidecar,
      requests: new Map([
        ['cpu', cpu * M],
        ['memory', mem * MI],
      ]),
      limits: new Map(),
    });
    const init = [c(500n, 256n), c(100n, 64n, true), c(300n, 1024n), c(200n, 128n, true)];
    assert.deepEqual(show(aggregate({ init, apps: [] }, 'requests')), { cpu: '500m', memory: '1088Mi' });
    // With a large app the steady state wins instead.
    assert.deepEqual(show(aggregate({ init, apps: [c(2000n, 2048n)] }, 'requests')), { cpu: '2300m', memory: '2240Mi' });
  });

  test('no resources anywhere: nothing requested, every limit unbounded', () => {
    const resources = resourcesOf('apiVersion: v1\nkind: Pod\nspec:\n  containers:\n  - name: app\n    image: app:1\n');
    assert.deepEqual(show(resources.requests), {});
    assert.deepEqual(show(resources.limits), {});
    assert.deepEqual([...resources.unbounded].sort(), ['cpu', 'memory']);
  });

  test('limits only: requests default to the limits, and the limits are bounded', () => {
    const yaml = `apiVersion: v1
kind: Pod
spec:
  initContainers:
  - name: proxy
    restartPolicy: Always
    resources: {limits: {cpu: 200m, memory: 256Mi}}
  containers:
  - name: app
    resources: {limits: {cpu: 1, memory: 1Gi}}
`;
    const resources = resourcesOf(yaml);
    assert.deepEqual(show(resources.requests), { cpu: '1200m', memory: '1280Mi' });
    assert.deepEqual(show(resources.limits), { cpu: '1200m', memory: '1280Mi' });
    assert.deepEqual([...resources.unbounded], []);
    assert.deepEqual(show(resources.sidecars), { cpu: '200m', memory: '256Mi' });
  });

  test('one container without a memory limit makes the pod memory limit unbounded, even an init container', () => {
    const yaml = `apiVersion: v1
kind: Pod
spec:
  overhead: {cpu: 100m, memory: 0}
  initContainers:
  - name: migrate
    resources: {requests: {cpu: 100m, memory: 64Mi}, limits: {cpu: 100m}}
  containers:
  - name: app
    resources: {limits: {cpu: 500m, memory: 512Mi}}
`;
    const resources = resourcesOf(yaml);
    assert.deepEqual([...resources.unbounded], ['memory']);
    assert.deepEqual(show(resources.limits), { cpu: '600m' });
    assert.deepEqual(show(resources.requests), { cpu: '600m', memory: '512Mi' });
  });

  test('pod-level resources replace the aggregate for cpu and memory; overhead is added after', () => {
    const yaml = `apiVersion: v1
kind: Pod
spec:
  overhead: {cpu: 50m, memory: 16Mi}
  resources:
    requests: {cpu: 2, memory: 2Gi}
    limits: {cpu: 4, memory: 4Gi}
  containers:
  - name: app
    resources: {requests: {cpu: 500m, memory: 256Mi, ephemeral-storage: 1Gi}}
  - name: worker
`;
    const resources = resourcesOf(yaml);
    assert.deepEqual(show(resources.requests), { cpu: '2050m', memory: '2064Mi', 'ephemeral-storage': '1Gi' });
    assert.deepEqual(show(resources.limits), { cpu: '4050m', memory: '4112Mi' });
    assert.deepEqual([...resources.unbounded], ['ephemeral-storage']);
  });

  test('pod-level limits without requests: requests come from the containers, else from the pod limit', () => {
    const yaml = `apiVersion: v1
kind: Pod
spec:
  resources:
    limits: {cpu: "1", memory: 1Gi}
  containers:
  - name: app
    resources: {requests: {cpu: 250m}}
`;
    const resources = resourcesOf(yaml);
    assert.deepEqual(show(resources.requests), { cpu: '250m', memory: '1Gi' });
    assert.deepEqual(show(resources.limits), { cpu: '1000m', memory: '1Gi' });
  });

  test('overhead is added to requests always and to limits only when they are set and non-zero', () => {
    const list = (entries: [string, bigint][]) => new Map(entries);
    const result = effectiveResources({
      init: [],
      apps: [
        {
          requests: list([['cpu', 0n]]),
          limits: list([
            ['cpu', 0n],
            ['memory', 100n * MI],
          ]),
        },
      ],
      overhead: list([
        ['cpu', 100n * M],
        ['memory', 10n * MI],
      ]),
    });
    assert.deepEqual(show(result.limits), { cpu: '0', memory: '110Mi' });
    assert.deepEqual(show(result.requests), { cpu: '100m', memory: '110Mi' });
  });

  test('numbers as written, merge keys and aliases count; invalid and negative quantities are left out and counted', () => {
    const yaml = `apiVersion: v1
kind: Pod
spec:
  containers:
  - name: app
    resources:
      requests: &small {cpu: 0.5, memory: 1e3}
  - name: other
    resources:
      requests: {<<: *small, memory: 2Mi}
  - name: broken
    resources:
      requests: {cpu: lots, memory: -1Mi}
`;
    const resources = resourcesOf(yaml);
    assert.deepEqual(show(resources.requests), { cpu: '1000m', memory: '2098152' });
    assert.equal(resources.invalid, 2);
  });
});

describe('formatQuantity', () => {
  test('cpu in millicores, bytes in the largest unit that divides them exactly', () => {
    const n = 10n ** 9n;
    assert.equal(formatQuantity('cpu', 1_600_000_000n), '1600m');
    assert.equal(formatQuantity('cpu', 1500n), '1500n');
    assert.equal(formatQuantity('memory', 2048n * MI), '2Gi');
    assert.equal(formatQuantity('memory', 500_000_000n * n), '500M');
    assert.equal(formatQuantity('memory', (2n ** 30n + 500_000_000n) * n), '1573741824');
    assert.equal(formatQuantity('nvidia.com/gpu', 2n * n), '2');
    assert.equal(formatQuantity('memory', 0n), '0');
  });
});
