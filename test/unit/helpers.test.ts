import assert from 'node:assert/strict';
import { describe, test } from 'node:test';
import { imagePath, matchHelper } from '../../server/src/service/helpers';
import { normalizeSettings, parseKubernetesMinor } from '../../server/src/service/settings';

const defaults = normalizeSettings({});

describe('helper recognition (kubernetes-sidecars.md §7)', () => {
  test('image paths drop registry-independent parts only: tag and digest', () => {
    assert.equal(imagePath('docker.io/istio/proxyv2:1.22.0'), 'docker.io/istio/proxyv2');
    assert.equal(imagePath('localhost:5000/envoyproxy/envoy@sha256:abc'), 'localhost:5000/envoyproxy/envoy');
  });

  const cases: [string | undefined, string, string | undefined][] = [
    ['x', 'docker.io/istio/proxyv2:1.22.0', 'proxy'],
    ['x', 'gcr.io/istio-release/proxyv2:1.20', 'proxy'],
    ['x', 'cr.l5d.io/linkerd/proxy:stable-2.14', 'proxy'],
    ['x', 'cr.l5d.io/linkerd/proxy-init:v2', undefined],
    ['x', 'fluent/fluent-bit:3.2', 'logging'],
    ['x', 'cr.fluentbit.io/fluent/fluent-bit:3.2', 'logging'],
    ['x', 'otel/opentelemetry-collector-contrib:0.105.0', 'logging'],
    ['x', 'gcr.io/cloud-sql-connectors/cloud-sql-proxy:2.14.1', 'proxy'],
    ['x', 'quay.io/prometheus/node-exporter:v1.8.0', 'other'],
    ['x', 'nginx:1.27', undefined],
    ['istio-proxy', 'example/custom:1', 'proxy'],
    ['logshipper', 'alpine:3.20', 'logging'],
    ['my-sidecar', 'alpine:3.20', 'other'],
    ['web', 'alpine:3.20', undefined],
    // Names that are properties of every object must not match the name table through its prototype.
    ['constructor', 'alpine:3.20', undefined],
    ['toString', 'alpine:3.20', undefined],
    [undefined, 'hashicorp/vault:1.17', undefined],
  ];
  for (const [name, image, kind] of cases) {
    test(`${name ?? '(no name)'} / ${image} → ${kind ?? 'not a helper'}`, () => {
      assert.equal(matchHelper(name, image, '', defaults)?.kind, kind);
    });
  }

  test('Vault is a helper only as an agent, git-sync only when not --one-time', () => {
    assert.equal(matchHelper('v', 'hashicorp/vault:1.17', 'agent\n-config=/x', defaults)?.kind, 'other');
    assert.equal(matchHelper('s', 'registry.k8s.io/git-sync/git-sync:v4.2.1', '--one-time', defaults), undefined);
  });

  test('settings add image and name patterns', () => {
    const settings = normalizeSettings({ helpers: { images: ['mycorp/log-agent*'], names: ['audit-*'] } });
    assert.ok(matchHelper('x', 'registry.mycorp.io/mycorp/log-agent-v2:1', '', settings));
    assert.ok(matchHelper('audit-trail', 'alpine:3', '', settings));
    assert.equal(matchHelper('x', 'registry.mycorp.io/mycorp/log-agent-v2:1', '', defaults), undefined);
  });
});

describe('helper evidence', () => {
  const evidence: [string, string, string, boolean][] = [
    ['x', 'gcr.io/cloud-sql-connectors/cloud-sql-proxy:2.14.1', 'image', false],
    ['x', 'quay.io/prometheuscommunity/postgres-exporter:v0.15.0', 'image', true],
    ['x', 'ghcr.io/jimmidyson/configmap-reload:v0.13.1', 'image', true],
    ['istio-proxy', 'example/custom:1', 'name', false],
    ['envoy-front', 'example/custom:1', 'name', false],
    ['config-reloader', 'example/custom:1', 'name', true],
    ['auth-proxy', 'example/auth:1', 'word', false],
    ['redis-exporter', 'example/redis:1', 'word', true],
    ['proxy-sidecar', 'example/p:1', 'sidecar-word', false],
  ];
  for (const [name, image, kind, offPath] of evidence) {
    test(`${name} / ${image} → ${kind}${offPath ? ', off the start/stop path' : ''}`, () => {
      const match = matchHelper(name, image, '', defaults);
      assert.equal(match?.evidence, kind);
      assert.equal(match?.offPath, offPath);
    });
  }

  test('the settings outrank a generic word in the name', () => {
    const settings = normalizeSettings({ helpers: { names: ['audit-*'] } });
    assert.equal(matchHelper('audit-proxy', 'alpine:3', '', settings)?.evidence, 'setting');
  });

  test('a generic word is named, so the message can say which', () => {
    assert.equal(matchHelper('log-forwarder', 'alpine:3', '', defaults)?.word, 'forwarder');
  });
});

describe('settings', () => {
  test('versions parse in the forms users write', () => {
    assert.equal(parseKubernetesMinor('1.29'), 29);
    assert.equal(parseKubernetesMinor('v1.30.2'), 30);
    assert.equal(parseKubernetesMinor('2.0'), undefined);
  });

  test('malformed values fall back to defaults', () => {
    const settings = normalizeSettings({
      kubernetesVersion: 'latest',
      rules: { 'port-clash': 'loud', 'missing-limits': 'off' },
      requireCpuLimit: 'no',
      helpers: 3,
    });
    assert.equal(settings.kubernetesMinor, 33);
    assert.deepEqual(settings.rules, { 'missing-limits': 'off' });
    assert.equal(settings.cpuLimits, 'sidecars');
    assert.deepEqual(settings.helperImages, []);
  });

  test('dotted keys as VS Code may send them are read too', () => {
    assert.deepEqual(normalizeSettings({ 'helpers.names': ['a'] }).helperNames, ['a']);
  });
});
