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
/** Every setting a config file may hold, at its default (editor-only settings such as program paths are not among them). */
function nestedDefaults(): Record<string, unknown> {
  const out: Record<string, Record<string, unknown>> = {};
  for (const spec of SETTINGS.filter((s) => s.where !== 'editor')) {
    const [top, inner] = spec.key.split('.');
    if (inner === undefined) out[top] = spec.default as Record<string, unknown>;
    else out[top] = { ...out[top], [inner]: spec.default };
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
      kustomizeKubectlPath: '',
      kustomizePath: '',
      configuredDefaults: {},
    };
    const fields = SETTINGS.flatMap((s) => (s.field ? [s.field] : []));
    assert.equal(new Set(fields).size, fields.length);
    assert.deepEqual(
      SETTINGS.filter((s) => !s.field).map((s) => [s.key, s.deprecated !== undefined]),
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
    const { values, problems } = parseConfig(stringify(nestedDefaults()));
    assert.deepEqual(problems, []);
    assert.deepEqual(normalizeSettings(values), normalizeSettings({}));
    const unknown = parseConfig('colour: blue\n').problems[0].message;
    assert.equal(unknown, `Unknown setting 'colour': expected one of ${[...fileKeys().keys()].join(', ')}.`);
    assert.deepEqual(
      [...fileKeys().keys()],
      ['kubernetesVersion', 'rules', 'cpuLimits', 'requireCpuLimit', 'featureGates', 'reportSyntaxErrors', 'appContainers', 'helpers', 'defaults'],
    );
  });
});
