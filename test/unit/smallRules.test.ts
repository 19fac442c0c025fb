/** The suggestions of invalid-container-name and sidecar-missing-probe, and the seam where Services reach the probe rule. */
import assert from 'node:assert/strict';
import { describe, test } from 'node:test';
import { analyzeText, applyEdits, fixAllText, normalizeSettings } from '../../server/src/service';
import { parseChunk } from '../../server/src/service/engine';
import { declaredPortsOf } from '../../server/src/service/pod/ports';
import { isLabel, nearestLabel } from '../../server/src/service/rules/invalid-container-name';
import type { RuleContext } from '../../server/src/service/rules/rule';
import { sidecarMissingProbe, type ServiceTargets } from '../../server/src/service/rules/sidecar-missing-probe';
import { findPodSpecs } from '../../server/src/service/workloads';

const settings = normalizeSettings({ kubernetesVersion: '1.33' });

describe('invalid-container-name', () => {
  test('the nearest label is lower-case, dashed, trimmed, cut to 63 and free in the pod', () => {
    assert.equal(nearestLabel('Web_V2', new Set()), 'web-v2');
    assert.equal(nearestLabel('my  app..v1', new Set()), 'my-app-v1');
    assert.equal(nearestLabel('-Proxy-', new Set()), 'proxy');
    assert.equal(nearestLabel('web.v2', new Set(['web-v2', 'web-v2-2'])), 'web-v2-3');
    assert.equal(nearestLabel('___', new Set()), undefined);
    const long = nearestLabel('x'.repeat(62) + '_y', new Set(['x'.repeat(62)]));
    assert.equal(long, 'x'.repeat(61) + '-2');
    for (const name of ['Web_V2', 'a'.repeat(80), '-Proxy-', 'Ünïcode Name']) assert.ok(isLabel(nearestLabel(name, new Set())!), name);
  });

  test('applying the suggestion leaves a pod the rule accepts, and fix-all leaves the name alone', () => {
    const text = 'apiVersion: v1\nkind: Pod\nmetadata: {name: p}\nspec:\n  containers:\n    - name: "Web_V2" # keep me\n      image: nginx:1.27\n';
    const [finding] = analyzeText(text, settings).findings.filter((f) => f.rule === 'invalid-container-name');
    assert.equal(finding.fixes[0].kind, 'suggestion');
    assert.equal(finding.fixes[0].preferred, undefined);
    const renamed = applyEdits(text, finding.fixes[0].edits);
    assert.ok(renamed.includes('- name: "web-v2" # keep me\n'));
    assert.deepEqual(
      analyzeText(renamed, settings).findings.filter((f) => f.rule === 'invalid-container-name'),
      [],
    );
    assert.equal(
      fixAllText(analyzeText(text, settings), settings, (f) => f.rule === 'invalid-container-name'),
      text,
    );
  });
});

const HELPER_POD = (kind: string, policy: string, protocol: string) =>
  `apiVersion: v1\nkind: ${kind}\nmetadata: {name: p}\nspec:\n  restartPolicy: ${policy}\n  containers:\n    - name: app\n      image: app:1.0\n` +
  `    - name: kube-rbac-proxy\n      image: quay.io/brancz/kube-rbac-proxy:v0.18.0\n      ports:\n        - {name: https, containerPort: 8443, protocol: ${protocol}}\n`;

/** Runs the rule with a Services index that says a Service targets every port of the named container. */
function withServiceTargets(text: string, target: string) {
  const [doc] = parseChunk(text);
  const [pod] = findPodSpecs(doc, settings);
  const context: RuleContext & ServiceTargets = {
    text,
    pod,
    settings,
    serviceTargets: (p, c) => (c.name === target ? declaredPortsOf(p, c) : []),
  };
  return { plain: sidecarMissingProbe.check({ text, pod, settings }), targeted: sidecarMissingProbe.check(context) };
}

describe('sidecar-missing-probe and Services', () => {
  test('a helper asks for a readinessProbe only when a Service targets it', () => {
    const text = HELPER_POD('Pod', 'Always', 'TCP');
    const { plain, targeted } = withServiceTargets(text, 'kube-rbac-proxy');
    assert.deepEqual(plain, []);
    assert.equal(targeted.length, 1);
    assert.match(targeted[0].message, /a Service sends traffic to its port 8443/);
    assert.equal(targeted[0].fixes[0].kind, 'suggestion');
    assert.match(applyEdits(text, targeted[0].fixes[0].edits), /readinessProbe:\n {8}tcpSocket:\n {10}port: 8443\n/);
  });

  test('never a readinessProbe in a pod that runs to completion, nor one on a UDP port', () => {
    assert.deepEqual(withServiceTargets(HELPER_POD('Pod', 'OnFailure', 'TCP'), 'kube-rbac-proxy').targeted, []);
    assert.deepEqual(withServiceTargets(HELPER_POD('Pod', 'Always', 'UDP'), 'kube-rbac-proxy').targeted, []);
  });
});
