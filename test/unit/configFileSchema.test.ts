/** The JSON Schema of `.sidecar-lint.yaml`: generated from the settings schema, valid, and agreeing with the config-file reader. */
import assert from 'node:assert/strict';
import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';
import { describe, test } from 'node:test';
import Ajv from 'ajv';
import { TextDocument } from 'vscode-languageserver-textdocument';
import { parse } from 'yaml';
import { getLanguageService } from 'yaml-language-server';
import { parseConfig, RULE_IDS } from '../../server/src/service';
import { CONFIG_SCHEMA_PATH, configFileSchema } from '../../server/src/service/configFileSchema';

const ROOT = join(__dirname, '..', '..');
const read = (path: string) => readFileSync(join(ROOT, path), 'utf8');
const manifest = JSON.parse(read('package.json')) as {
  contributes: { yamlValidation: { fileMatch: string[]; url: string }[] };
};
const schema = JSON.parse(read(CONFIG_SCHEMA_PATH)) as Record<string, unknown>;

// Strict Ajv, taught the two annotations VS Code's and Red Hat YAML's schemas use beyond draft-07.
const ajv = new Ajv({ strict: true, allowUnionTypes: true });
ajv.addKeyword({ keyword: 'deprecationMessage', schemaType: 'string' });
const validate = ajv.compile(schema);
const valid = (text: string) => validate(parse(text) as unknown);

/** Every `.sidecar-lint.yaml` / `.yml` in the repository outside node_modules. */
function configFiles(dir = ROOT, found: string[] = []): string[] {
  for (const entry of readdirSync(dir, { withFileTypes: true })) {
    if (entry.isDirectory() && !['node_modules', '.git', 'dist', 'test-artifacts'].includes(entry.name)) configFiles(join(dir, entry.name), found);
    else if (entry.isFile() && /^\.sidecar-lint\.ya?ml$/.test(entry.name)) found.push(join(dir, entry.name));
  }
  return found;
}

/** The config example under README's "Configuration file" heading. */
function readmeConfigExample(): string {
  const section = read('README.md').split('## Configuration file')[1];
  const match = /```yaml\n([\s\S]*?)```/.exec(section);
  assert.ok(match, 'README has a yaml block under "Configuration file"');
  return match[1];
}

describe('.sidecar-lint.yaml JSON Schema', () => {
  test(`${CONFIG_SCHEMA_PATH} is the generated one (npm run gen:settings)`, () => {
    assert.deepEqual(schema, configFileSchema());
  });

  test('is a valid draft-07 JSON Schema that strict Ajv compiles', () => {
    assert.ok(ajv.validateSchema(schema), ajv.errorsText());
    assert.equal(schema.$schema, 'http://json-schema.org/draft-07/schema#');
  });

  test('package.json contributes it to Red Hat YAML for both file names and ships it in the npm package and the .vsix', () => {
    assert.deepEqual(manifest.contributes.yamlValidation, [{ fileMatch: ['.sidecar-lint.yaml', '.sidecar-lint.yml'], url: `./${CONFIG_SCHEMA_PATH}` }]);
    assert.ok(
      read('.npmignore')
        .split('\n')
        .includes(`!/${CONFIG_SCHEMA_PATH.split('/')[0]}/`),
      'in the npm package (.npmignore)',
    );
    assert.ok(read('.vscodeignore').split('\n').includes(`!${CONFIG_SCHEMA_PATH}`), 'in .vscodeignore');
  });

  test("the README example, the repository's config files and every rule page's `rules: {id: off}` validate", () => {
    const examples: [string, string][] = [['README.md', readmeConfigExample()]];
    for (const file of configFiles()) examples.push([file, readFileSync(file, 'utf8')]);
    for (const page of readdirSync(join(ROOT, 'docs', 'rules'))) {
      for (const m of read(`docs/rules/${page}`).matchAll(/`(rules: \{[a-z-]+: (?:off|info|warning|error)\})`/g)) examples.push([page, m[1]]);
    }
    assert.ok(examples.length > RULE_IDS.length / 2, `${examples.length} examples found`);
    for (const [where, text] of examples) {
      assert.ok(valid(text), `${where}: ${ajv.errorsText(validate.errors)}\n${text}`);
      assert.deepEqual(parseConfig(text).problems, [], `${where}: the reader agrees`);
    }
  });

  // Each wrong file is rejected by the schema AND by the reader, so the editor's squiggle and the linter agree.
  const wrong: [string, string][] = [
    ['an unknown rule id', 'rules:\n  no-such-rule: off\n'],
    ['a bad severity', 'rules:\n  image-tag: loud\n'],
    ['a version that is not 1.x', 'kubernetesVersion: "2.1"\n'],
    ['a version that is not a version', 'kubernetesVersion: latest\n'],
    ['an unknown setting', 'colour: blue\n'],
    ['an unknown helpers key', 'helpers:\n  tags: [x]\n'],
    ['a cpuLimits choice that does not exist', 'cpuLimits: some\n'],
    ['a list of numbers for appContainers', 'appContainers: [1]\n'],
    ['a feature gate that is not a boolean', 'featureGates: {SidecarContainers: "yes"}\n'],
    ['an unknown defaults kind', 'defaults:\n  db: {cpu: 1}\n'],
  ];
  for (const [what, text] of wrong) {
    test(`rejects ${what}`, () => {
      assert.equal(valid(text), false, 'the schema rejects it');
      assert.notDeepEqual(parseConfig(text).problems, [], 'the reader rejects it too');
    });
  }

  test('accepts what the reader accepts: an unquoted 1.30, v1.29.3, a null cpuLimits, an empty file', () => {
    for (const text of ['kubernetesVersion: 1.30\n', 'kubernetesVersion: v1.29.3\n', 'cpuLimits:\n', '', '# nothing set\n']) {
      assert.ok(valid(text), `${JSON.stringify(text)}: ${ajv.errorsText(validate.errors)}`);
      assert.deepEqual(parseConfig(text).problems, [], JSON.stringify(text));
    }
  });

  test('Red Hat YAML (yaml-language-server) with the contributed association validates and completes the file', async () => {
    const contributed = manifest.contributes.yamlValidation[0];
    // As the extension does: the contributed url is relative to the installed extension's folder (here the repository).
    const url = pathToFileURL(join(ROOT, contributed.url)).toString();
    const service = getLanguageService({
      schemaRequestService: (uri: string) => (uri === url ? Promise.resolve(readFileSync(fileURLToPath(uri), 'utf8')) : Promise.reject(new Error(uri))),
      workspaceContext: { resolveRelativePath: (relative: string) => relative },
    });
    service.configure({ validate: true, completion: true, schemas: [{ uri: url, fileMatch: contributed.fileMatch }] });
    const bad = TextDocument.create(
      'file:///w/deploy/.sidecar-lint.yml',
      'yaml',
      1,
      'kubernetesVersion: "2.1"\nrules:\n  no-such-rule: off\n  image-tag: loud\n',
    );
    const diagnostics = await service.doValidation(bad, false);
    assert.deepEqual(diagnostics.map((d) => d.range.start.line).sort(), [0, 2, 3], diagnostics.map((d) => d.message).join('\n'));
    const partial = TextDocument.create('file:///w/.sidecar-lint.yaml', 'yaml', 1, 'rules:\n  image-tag: off\n  \n');
    const labels = (await service.doComplete(partial, { line: 2, character: 2 }, false)).items.map((i) => i.label);
    assert.ok(labels.includes('missing-limits'), `rule ids completed: ${labels.slice(0, 5).join(', ')}`);
    const elsewhere = TextDocument.create('file:///w/deploy.yaml', 'yaml', 1, 'colour: blue\n');
    assert.deepEqual(await service.doValidation(elsewhere, false), [], 'other YAML files are not matched');
  });
});
