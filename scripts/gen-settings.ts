/**
 * Writes package.json's `contributes.configuration` and the `.sidecar-lint.yaml` JSON Schema from the settings schema,
 * so the editor, the config-file schema and the server agree.
 */
import { mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { CONFIG_SCHEMA_PATH, configFileSchema } from '../server/src/service/configFileSchema';
import { contributedConfiguration } from '../server/src/service/settingsSchema';

const root = join(__dirname, '..');
const file = join(root, 'package.json');
const manifest = JSON.parse(readFileSync(file, 'utf8')) as { contributes: Record<string, unknown> };
manifest.contributes.configuration = contributedConfiguration();
writeFileSync(file, `${JSON.stringify(manifest, null, 2)}\n`);

const schema = join(root, CONFIG_SCHEMA_PATH);
mkdirSync(dirname(schema), { recursive: true });
writeFileSync(schema, `${JSON.stringify(configFileSchema(), null, 2)}\n`);
