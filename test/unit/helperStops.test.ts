import assert from 'node:assert/strict';
import { describe, test } from 'node:test';
import { parseDocument } from 'yaml';
import { completesItself, runsForever, stopsHelperItself } from '../../server/src/service/pod/helperStops';
import { longRunningHelpers } from '../../server/src/service/pod/sidecars';
import { normalizeSettings } from '../../server/src/service/settings';
import { findPodSpecs } from '../../server/src/service/workloads';

const settings = normalizeSettings({});

function pod(yaml: string) {
  const doc = parseDocument(yaml);
  return findPodSpecs(doc, settings)[0];
}

function job(containers: string, extra = ''): string {
  return `apiVersion: batch/v1\nkind: Job\nmetadata: {name: j}\nspec:\n  template:\n    spec:\n      restartPolicy: Never\n${extra}      containers:\n${containers}`;
}

const main = `        - name: main\n          image: example/batch:1\n          command: ["sh", "-c", "run; curl -X POST localhost:15020/quitquitquit"]\n`;

describe('scripts that run to completion', () => {
  const cases: [string, string[], boolean][] = [
    ['a script ending in exit', ['sh', '-c', 'upload /results; exit 0'], true],
    ['a watchdog loop on a file', ['/bin/bash', '-ec', 'until [ -f /done ]; do sleep 1; done'], true],
    ['an endless loop it leaves', ['sh', '-c', 'while true; do [ -f /done ] && exit 0; sleep 1; done'], true],
    ['an endless loop', ['sh', '-c', 'while true; do date; sleep 5; done'], false],
    ['a daemon in the background', ['sh', '-c', 'proxy & until [ -f /done ]; do sleep 1; done'], false],
    ['a daemon in the shell place', ['sh', '-c', 'exec envoy -c /etc/envoy.yaml'], false],
    ['a program named by the shell', ['sh', '-c', 'envoy -c /etc/envoy.yaml'], false],
    ['a program run directly', ['envoy', '-c', '/etc/envoy.yaml'], false],
    ['a log tail', ['sh', '-c', 'tail -F /var/log/app.log; exit 0'], false],
  ];
  for (const [what, script, expected] of cases) {
    test(`${what}: ${expected ? 'completes' : 'runs on'}`, () => {
      const spec = pod(
        job(`        - name: main\n          image: a:1\n        - name: helper-sidecar\n          image: b:1\n          command: ${JSON.stringify(script)}\n`),
      );
      assert.equal(completesItself(spec.containers[1]), expected);
    });
  }

  test('a helper that completes is not a long-running helper', () => {
    const spec = pod(
      job(
        `        - name: main\n          image: a:1\n        - name: sidecar-controller\n          image: b:1\n          command: ["sh", "-c", "until [ -f /d ]; do sleep 1; done"]\n`,
      ),
    );
    assert.deepEqual(longRunningHelpers(spec), []);
  });

  test('tail -f and sleep infinity run forever', () => {
    const spec = pod(
      job(`        - name: a\n          image: a:1\n          command: ["sh", "-c", "sleep infinity"]\n        - name: b\n          image: b:1\n`),
    );
    assert.equal(runsForever(spec.containers[0]), true);
    assert.equal(runsForever(spec.containers[1]), false);
  });
});

describe('pods that stop their helper', () => {
  const proxy = `        - name: istio-proxy\n          image: docker.io/istio/proxyv2:1.22.0\n`;

  test('the app calls the quit endpoint', () => {
    const spec = pod(job(main + proxy));
    assert.equal(stopsHelperItself(spec, spec.containers[1]), true);
  });

  test('a kill needs a shared process namespace', () => {
    const killer = `        - name: main\n          image: example/batch:1\n          command: ["sh", "-c", "run; pkill pilot-agent"]\n`;
    const shared = pod(job(killer + proxy, '      shareProcessNamespace: true\n'));
    const separate = pod(job(killer + proxy));
    assert.equal(stopsHelperItself(shared, shared.containers[1]), true);
    assert.equal(stopsHelperItself(separate, separate.containers[1]), false);
  });

  test('nothing stops a plain helper', () => {
    const spec = pod(job(`        - name: main\n          image: example/batch:1\n` + proxy));
    assert.equal(stopsHelperItself(spec, spec.containers[1]), false);
  });
});

describe('quit endpoints stop proxies only', () => {
  test('a log shipper beside an app that quits the proxy still keeps the Job running', () => {
    const shipper = `        - name: fluent-bit\n          image: fluent/fluent-bit:3.2\n`;
    const spec = pod(job(main + `        - name: istio-proxy\n          image: docker.io/istio/proxyv2:1.22.0\n` + shipper));
    assert.equal(stopsHelperItself(spec, spec.containers[1]), true);
    assert.equal(stopsHelperItself(spec, spec.containers[2]), false);
  });
});
