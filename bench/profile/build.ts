/** Unminified bundles of our server and CLI for profiling, so --cpu-prof shows real function names (dist/ is minified). */
import { build } from 'esbuild';
import { existsSync, mkdirSync } from 'node:fs';
import { join } from 'node:path';
import { repoRoot, scratchDir } from '../paths';

/** Bundles server/src/<name>.ts into the scratch directory and returns the script's path. */
export async function buildForProfiling(name: 'server' | 'cli'): Promise<string> {
  const entry = join(repoRoot, 'server', 'src', `${name}.ts`);
  if (!existsSync(entry)) throw new Error(`cannot profile: ${entry} does not exist`);
  const outDir = join(scratchDir, 'prof-dist');
  mkdirSync(outDir, { recursive: true });
  const outfile = join(outDir, `${name}.js`);
  // Mirrors esbuild.mjs (keep the loaders in step), minus minification.
  await build({
    entryPoints: [entry],
    outfile,
    bundle: true,
    platform: 'node',
    target: 'node18',
    format: 'cjs',
    minify: false,
    loader: { '.code-snippets': 'json' },
    logLevel: 'warning',
  });
  return outfile;
}
