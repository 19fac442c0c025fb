/** Unminified bundles of our server and CLI for profiling, so --cpu-prof shows real function names (dist/ is minified). */
import { existsSync } from 'node:fs';
import { join } from 'node:path';
import { bundle } from '../bundle';
import { repoRoot } from '../paths';

/** Bundles server/src/<name>.ts into the scratch directory and returns the script's path. */
export async function buildForProfiling(name: 'server' | 'cli'): Promise<string> {
  const entry = join(repoRoot, 'server', 'src', `${name}.ts`);
  if (!existsSync(entry)) throw new Error(`cannot profile: ${entry} does not exist`);
  return bundle(entry, 'prof-dist', name);
}
