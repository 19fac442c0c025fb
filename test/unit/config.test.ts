import assert from 'node:assert/strict';
import { describe, test } from 'node:test';
import { mergeSettingsInput, normalizeSettings, parseConfig } from '../../server/src/service';

describe('.sidecar-lint.yaml', () => {
  test('reads every documented key; a version written as a number keeps its digits', () => {
    const { values, problems } = parseConfig(`kubernetesVersion: 1.30
rules:
  missing-limits: off
  port-clash: warning
requireCpuLimit: false
featureGates:
  SidecarContainers: true
helpers:
  images: ["mycorp/agent*"]
  names: [audit]
appContainers: [main]
defaults:
  proxy: {cpu: 300m, memory: 300Mi}
`);
    assert.deepEqual(problems, []);
    const settings = normalizeSettings(values);
    assert.equal(settings.kubernetesMinor, 30);
    assert.deepEqual(settings.rules, { 'missing-limits': 'off', 'port-clash': 'warning' });
    assert.equal(settings.cpuLimits, 'none');
    assert.deepEqual(settings.featureGates, { SidecarContainers: true });
    assert.deepEqual([settings.helperImages, settings.helperNames, settings.appContainers], [['mycorp/agent*'], ['audit'], ['main']]);
    assert.deepEqual(settings.defaults.proxy, { cpu: '300m', memory: '300Mi' });
  });

  test('each bad entry is reported where it is written, and the good ones still apply', () => {
    const text = 'kubernetesVersion: banana\nrules:\n  no-such-rule: off\n  port-clash: loud\ncolour: blue\nrequireCpuLimit: false\n';
    const { values, problems } = parseConfig(text);
    assert.deepEqual(
      problems.map((p) => text.slice(p.start, p.end)),
      ['banana', 'no-such-rule', 'loud', 'colour'],
    );
    assert.deepEqual(values, { rules: {}, requireCpuLimit: false });
  });

  test('cpuLimits is read, checked, and wins over the deprecated requireCpuLimit', () => {
    const cpu = (text: string) => normalizeSettings(parseConfig(text).values).cpuLimits;
    assert.equal(cpu(''), 'sidecars');
    assert.equal(cpu('cpuLimits: all\n'), 'all');
    assert.equal(cpu('requireCpuLimit: true\n'), 'all');
    assert.equal(cpu('requireCpuLimit: false\n'), 'none');
    assert.equal(cpu('cpuLimits: sidecars\nrequireCpuLimit: false\n'), 'sidecars');
    assert.equal(cpu('cpuLimits:\nrequireCpuLimit: false\n'), 'none');
    const { values, problems } = parseConfig('cpuLimits: some\n');
    assert.deepEqual([values, problems.map((p) => p.message)], [{}, [`'cpuLimits' must be sidecars, all or none.`]]);
  });

  test("a file's cpu policy replaces the editor's, whichever key either uses", () => {
    const merged = (editor: unknown, file: Record<string, unknown>) => normalizeSettings(mergeSettingsInput(editor, file)).cpuLimits;
    assert.equal(merged({ cpuLimits: 'all', requireCpuLimit: null }, { requireCpuLimit: false }), 'none');
    assert.equal(merged({ cpuLimits: null, requireCpuLimit: false }, { cpuLimits: 'sidecars' }), 'sidecars');
    assert.equal(merged({ cpuLimits: null, requireCpuLimit: true }, {}), 'all');
  });

  test('defaults the person set are told apart from the built-in ones', () => {
    const settings = normalizeSettings(parseConfig('defaults:\n  proxy: {memory: 300Mi}\n').values);
    assert.deepEqual(settings.configuredDefaults, { proxy: { memory: '300Mi' } });
    assert.deepEqual(settings.defaults.proxy, { cpu: '200m', memory: '300Mi' });
    assert.deepEqual(normalizeSettings({ defaults: {} }).configuredDefaults, {});
  });

  test('a file that is not YAML gives one problem and no values', () => {
    const { values, problems } = parseConfig('rules: [\n');
    assert.deepEqual(values, {});
    assert.equal(problems.length, 1);
    assert.match(problems[0].message, /not valid YAML/);
  });

  test('the file wins over the editor key by key, rules entry by entry', () => {
    const merged = normalizeSettings(
      mergeSettingsInput({ kubernetesVersion: '1.30', rules: { 'port-clash': 'off', 'missing-limits': 'info' } }, { rules: { 'missing-limits': 'off' } }),
    );
    assert.equal(merged.kubernetesMinor, 30);
    assert.deepEqual(merged.rules, { 'port-clash': 'off', 'missing-limits': 'off' });
  });
});
