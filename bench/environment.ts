/** What the numbers were measured on: the machine and the versions of everything timed. */
import { existsSync, readFileSync, statSync } from 'node:fs';
import { cpus, platform, release, totalmem } from 'node:os';
import { join } from 'node:path';
import { ourServer, repoRoot } from './paths';

function packageVersion(dir: string): string {
  try {
    return (JSON.parse(readFileSync(join(dir, 'package.json'), 'utf8')) as { version?: string }).version ?? '?';
  } catch {
    return 'missing';
  }
}

export function machine(): { cpus: number; cpuModel: string; memoryGiB: number; node: string; platform: string } {
  return {
    cpus: cpus().length,
    cpuModel: cpus()[0]?.model.trim() ?? 'unknown',
    memoryGiB: Math.round(totalmem() / 2 ** 30),
    node: process.version,
    platform: `${platform()} ${release()}`,
  };
}

export function versions(): Record<string, string> {
  const built = existsSync(ourServer) ? `built ${statSync(ourServer).mtime.toISOString()}` : 'not built';
  return {
    'sidecar-lint': `${packageVersion(repoRoot)} (dist ${built})`,
    'yaml-language-server': packageVersion(join(repoRoot, 'node_modules', 'yaml-language-server')),
    yaml: packageVersion(join(repoRoot, 'node_modules', 'yaml')),
  };
}
