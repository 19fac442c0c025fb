/** Bundles a TypeScript entry the way esbuild.mjs bundles dist/ (keep the two in step), into the bench's scratch directory. */
import { build } from 'esbuild';
import { mkdirSync } from 'node:fs';
import { join } from 'node:path';
import { repoRoot, scratchDir } from './paths';

/** As in esbuild.mjs: yaml's ES module build, which esbuild hoists into one scope. */
const YAML_ESM = join(repoRoot, 'node_modules', 'yaml', 'browser', 'dist', 'index.js');

/** Returns the bundle's path: `<scratch>/<dir>/<name>.js`. Unminified, so profiles show real function names. */
export async function bundle(entry: string, dir: string, name: string): Promise<string> {
  const outDir = join(scratchDir, dir);
  mkdirSync(outDir, { recursive: true });
  const outfile = join(outDir, `${name}.js`);
  await build({
    entryPoints: [entry],
    outfile,
    bundle: true,
    platform: 'node',
    target: 'node18',
    format: 'cjs',
    minify: false,
    alias: { yaml: YAML_ESM },
    loader: { '.code-snippets': 'json' },
    logLevel: 'warning',
  });
  return outfile;
}
