/** The pod/ readers: each fact read once, the way Kubernetes reads it. */
import assert from 'node:assert/strict';
import { describe, test } from 'node:test';
import { parseChunk } from '../../server/src/service/engine';
import { templateAnnotation, templateLabel } from '../../server/src/service/pod/labels';
import { usedHostPorts, usedPorts } from '../../server/src/service/pod/ports';
import { probeActions } from '../../server/src/service/pod/probes';
import { looseQuantityText, quantityText } from '../../server/src/service/pod/quantities';
import { editableScalar } from '../../server/src/service/pod/shared';
import { normalizeSettings } from '../../server/src/service/settings';
import { findPodSpecs } from '../../server/src/service/workloads';
import { findPair } from '../../server/src/service/yamlNodes';

const POD = `apiVersion: apps/v1
kind: Deployment
metadata:
  name: d
spec:
  template:
    metadata:
      labels: {sidecar.istio.io/inject: "true"}
      annotations: {<<: {a: "1"}, b: "2"}
    spec:
      containers:
        - name: app
          image: app
          ports: [{containerPort: 80, hostPort: 8080}, {hostPort: 9090}]
          readinessProbe: {httpGet: {port: http, host: x}, tcpSocket: {port: 80}}
          resources: {limits: {cpu: &c 1e3, memory: !!float "1e3"}}
`;

const pod = findPodSpecs(parseChunk(POD)[0], normalizeSettings({}))[0];
const app = pod.containers[0];

describe('pod facts', () => {
  test('ports: used container ports, and host ports with or without a container port', () => {
    assert.deepEqual([...usedPorts(pod)], [80]);
    assert.deepEqual([...usedHostPorts(pod)], [8080, 9090]);
  });

  test('probes: each handler once, memoised, with its port and host', () => {
    const actions = probeActions(pod, app);
    assert.equal(probeActions(pod, app), actions);
    assert.deepEqual(
      actions.map((a) => `${a.probe}.${a.handler}:${String((a.port?.value as { value?: unknown })?.value)}:${a.hasHost}`),
      ['readinessProbe.httpGet:http:true', 'readinessProbe.tcpSocket:80:false'],
    );
  });

  test('labels: the template annotations after merges, and its labels', () => {
    assert.equal(templateAnnotation(pod, 'a'), '1');
    assert.equal(templateAnnotation(pod, 'b'), '2');
    assert.equal(templateLabel(pod, 'sidecar.istio.io/inject'), 'true');
  });

  test('quantities: the rules read a tagged quoted number as its value, the sums as written', () => {
    const limits = pod.doc.getIn(['spec', 'template', 'spec', 'containers', 0, 'resources', 'limits'], true) as Parameters<typeof findPair>[1];
    const memory = findPair(pod.doc, limits, 'memory')!.value;
    const cpu = findPair(pod.doc, limits, 'cpu')!.value;
    assert.equal(quantityText(cpu), '1e3');
    assert.equal(looseQuantityText(cpu), '1e3');
    assert.equal(quantityText(memory), '1000');
    assert.equal(looseQuantityText(memory), '1e3');
  });

  test('shared: an anchored scalar is not edited in place', () => {
    const limits = pod.doc.getIn(['spec', 'template', 'spec', 'containers', 0, 'resources', 'limits'], true) as Parameters<typeof findPair>[1];
    assert.equal(editableScalar(pod.doc, findPair(pod.doc, limits, 'cpu')!.value), undefined);
    assert.ok(editableScalar(pod.doc, findPair(pod.doc, limits, 'memory')!.value));
  });
});
