/** Writes package.json's `contributes.configuration` from the settings schema, so the editor and the server agree. */
import { readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { contributedConfiguration } from '../server/src/service/settingsSchema';

const file = join(__dirname, '..', 'package.json');
const manifest = JSON.parse(readFileSync(file, 'utf8')) as { contributes: Record<string, unknown> };
manifest.contributes.configuration = contributedConfiguration();
writeFileSync(file, `${JSON.stringify(manifest, null, 2)}\n`);
