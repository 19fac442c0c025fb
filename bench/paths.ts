/** Where the bench finds the project, the servers, the corpus and its scratch space. */
import { existsSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';

export const repoRoot = resolve(__dirname, '..');
export const ourServer = join(repoRoot, 'dist', 'server.js');
export const ourCli = join(repoRoot, 'dist', 'cli.js');
export const yamlLanguageServer = join(repoRoot, 'node_modules', 'yaml-language-server', 'bin', 'yaml-language-server');
export const resultsDir = join(repoRoot, 'bench', 'results');
/** Generated inputs and profiles go here, never into the repo. */
export const scratchDir = join(tmpdir(), 'sidecar-lint-bench');

/** The corpus: the project's own copy when it has one, else shared/ beside the checkout. */
export function corpusDir(): string {
  const candidates = [join(repoRoot, 'test', 'fixtures', 'corpus'), resolve(repoRoot, '..', 'shared', 'corpus')];
  const found = candidates.find((dir) => existsSync(dir));
  if (found === undefined) {
    throw new Error(`corpus not found: looked in ${candidates.join(' and ')} (the bench needs shared/ beside the checkout)`);
  }
  return found;
}
