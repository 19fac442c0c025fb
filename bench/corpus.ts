/** The corpus manifests, listed in a fixed order so every run feeds the servers the same sequence. */
import { readdirSync } from 'node:fs';
import { join } from 'node:path';

/** Every .yaml/.yml file under `dir`, sorted by path. */
export function corpusFiles(dir: string): string[] {
  const files: string[] = [];
  const walk = (current: string): void => {
    for (const entry of readdirSync(current, { withFileTypes: true })) {
      const path = join(current, entry.name);
      if (entry.isDirectory()) walk(path);
      else if (/\.ya?ml$/.test(entry.name)) files.push(path);
    }
  };
  walk(dir);
  return files.sort();
}
