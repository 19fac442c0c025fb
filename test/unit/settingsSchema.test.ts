/** The settings schema is the one source: package.json, the config-file reader and the normaliser agree with it. */
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, test } from 'node:test';
import Ajv from 'ajv';
import { stringify } from 'yaml';
import { normalizeSettings, parseConfig } from '../../server/src/service';
import { contributedConfiguration, fileKeys, SETTINGS } from '../../server/src/service/settingsSchema';
import type { Settings } from '../../server/src/service/types';

const manifest = JSON.parse(readFileSync(join(__dirname, '..', '..', 'package.json'), 'utf8')) as { contributes: { configuration: unknown } };

/** The schema's defaults as the `sidecarLint` object an editor would send (dotted keys nested). */
function nestedDefaults(forFile = false): Record<string, unknown> {
  const out: Record<string, unknown> = {};
  // A config file holds no editor-only setting (helm.path must not come from a workspace).
  for (const spec of SETTINGS.filter((s) => !forFile || s.where !== 'editor')) {
    const path = spec.key.split('.');
    let group = out;
    for (const part of path.slice(0, -1)) group = (group[part] ??= {}) as Record<string, unknown>;
    group[path[path.length - 1]] = spec.default;
  }
  return out;
}

describe('settings schema', () => {
  test("package.json's contributes.configuration is the generated one (npm run gen:settings)", () => {
    assert.deepEqual(manifest.contributes.configuration, contributedConfiguration());
  });

  test('each contributed default satisfies its own JSON schema', () => {
    const ajv = new Ajv({ strict: false });
    for (const [key, schema] of Object.entries(contributedConfiguration().properties)) {
      assert.ok(ajv.validate(schema, schema.default), `${key}: ${ajv.errorsText()}`);
    }
  });

  test('fills every field of Settings once, with the defaults the normaliser has always used', () => {
    const expected: Settings = {
      kubernetesMinor: 33,
      rules: {},
      cpuLimits: 'sidecars',
      helperImages: [],
      helperNames: [],
      appContainers: [],
      reportSyntaxErrors: true,
      featureGates: {},
      defaults: { proxy: { cpu: '200m', memory: '256Mi' }, logging: { cpu: '100m', memory: '128Mi' }, other: { cpu: '500m', memory: '512Mi' } },
      helmPath: '',
      helmValuesFiles: [],
      kustomizeKubectlPath: '',
      kustomizePath: '',
      configuredDefaults: {},
      mesh: { injectedNamespaces: {} },
    };
    const fields = SETTINGS.flatMap((s) => (s.field ? [s.field] : []));
    assert.equal(new Set(fields).size, fields.length);
    assert.deepEqual(
      SETTINGS.filter((s) => !s.field && !s.meshField).map((s) => [s.key, s.deprecated !== undefined]),
      [['requireCpuLimit', true]],
      'only a deprecated key fills no field of its own',
    );
    assert.deepEqual(normalizeSettings({}), expected);
    assert.deepEqual(normalizeSettings(nestedDefaults()), expected);
  });

  test('the editor sends null for cpuLimits, requireCpuLimit and {} for defaults: none of them counts as set', () => {
    const properties = contributedConfiguration().properties;
    assert.equal(properties['sidecarLint.cpuLimits'].default, null);
    assert.equal(properties['sidecarLint.requireCpuLimit'].default, null);
    assert.ok(properties['sidecarLint.requireCpuLimit'].deprecationMessage);
    assert.deepEqual(properties['sidecarLint.defaults'].default, {});
  });

  test('the config file accepts every file setting at its default and names them all for an unknown key', () => {
    const { values, problems } = parseConfig(stringify(nestedDefaults(true)));
    assert.deepEqual(problems, []);
    assert.deepEqual(normalizeSettings(values), normalizeSettings({}));
    const unknown = parseConfig('colour: blue\n').problems[0].message;
    assert.equal(unknown, `Unknown setting 'colour': expected one of ${[...fileKeys().keys()].join(', ')}.`);
    assert.deepEqual(
      [...fileKeys().keys()],
      ['kubernetesVersion', 'rules', 'cpuLimits', 'requireCpuLimit', 'featureGates', 'reportSyntaxErrors', 'appContainers', 'helpers', 'defaults', 'mesh'],
    );
  });
});
