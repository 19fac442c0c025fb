/** Writes the generated manifests into the scratch directory and describes every input the bench feeds the servers. */
import { createHash } from 'node:crypto';
import { mkdirSync, readFileSync, statSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { generateManifest, type Manifest } from './gen/manifest';
import { scratchDir } from './paths';

export interface GeneratedInput {
  id: string;
  path: string;
  manifest: Manifest;
  sha256: string;
}

/** Generates (deterministically) and writes the `id`-sized manifest. */
export function writeGenerated(id: string, lines: number, seed: number): GeneratedInput {
  mkdirSync(scratchDir, { recursive: true });
  const manifest = generateManifest(seed, lines);
  const path = join(scratchDir, `manifest-${id}.yaml`);
  writeFileSync(path, manifest.text);
  return { id, path, manifest, sha256: createHash('sha256').update(manifest.text).digest('hex') };
}

/** Lines and bytes of a set of files. */
export function measureFiles(files: string[]): { lines: number; bytes: number } {
  let lines = 0;
  let bytes = 0;
  for (const file of files) {
    bytes += statSync(file).size;
    const text = readFileSync(file, 'utf8');
    lines += text.split('\n').length - (text.endsWith('\n') ? 1 : 0);
  }
  return { lines, bytes };
}
