/** Command-line flags (after `npm run bench --`) and their environment equivalents. */
import type { ServerId } from './lsp/servers';

export interface Options {
  seed: number;
  sizes: string[];
  corpus: boolean;
  cli: boolean;
  servers: ServerId[];
  edits: number;
  repeats: number;
  cliRuns: number;
  /** Fresh server processes per input whose start and didOpen are timed (medians reported). */
  openRuns: number;
  /** Raise the bench's priority (children inherit it) so unrelated work on a shared machine skews less. */
  nice: boolean;
  /** Profile our server with node --cpu-prof (unminified build); results then go to results/tmp, not latest. */
  cpuProf: boolean;
  /** Other Node.js binaries to run the CLI with as well, for comparison rows (targets use the bench's own Node). */
  cliNodes: string[];
  /** `--only=open`: only didOpen against the parse floor; `--only=overlays`: only the overlay cases. Printed, nothing written. */
  only?: 'open' | 'overlays';
}

export const SIZES: Record<string, number> = { '1k': 1_000, '10k': 10_000, '50k': 50_000 };

function flag(argv: string[], name: string): string | undefined {
  const hit = argv.find((a) => a === `--${name}` || a.startsWith(`--${name}=`));
  return hit === undefined ? undefined : hit.includes('=') ? hit.slice(hit.indexOf('=') + 1) : 'true';
}

function list(value: string | undefined, all: string[]): string[] {
  if (value === undefined || value === 'true') return all;
  const picked = value
    .split(',')
    .map((s) => s.trim())
    .filter(Boolean);
  const unknown = picked.filter((p) => !all.includes(p));
  if (unknown.length > 0) throw new Error(`unknown value(s) ${unknown.join(', ')}; expected some of ${all.join(', ')}`);
  return picked;
}

/** Parses `argv`; BENCH_SEED and BENCH_CPU_PROF=1 work too. */
export function parseOptions(argv: string[], env: NodeJS.ProcessEnv): Options {
  const number = (name: string, fallback: number): number => {
    const value = Number(flag(argv, name) ?? fallback);
    if (!Number.isInteger(value) || value < 0) throw new Error(`--${name} wants a whole number`);
    return value;
  };
  const only = flag(argv, 'only');
  if (only !== undefined && only !== 'open' && only !== 'overlays') throw new Error(`--only wants open or overlays (got ${only})`);
  return {
    only: only as Options['only'],
    seed: number('seed', Number(env.BENCH_SEED ?? 1)),
    sizes: list(flag(argv, 'sizes'), Object.keys(SIZES)),
    corpus: flag(argv, 'no-corpus') === undefined,
    cli: flag(argv, 'no-cli') === undefined,
    servers: list(flag(argv, 'servers'), ['sidecar-lint', 'yaml-language-server']) as ServerId[],
    edits: number('edits', 20),
    repeats: number('repeats', 10),
    cliRuns: number('cli-runs', 5),
    openRuns: Math.max(1, number('open-runs', 5)),
    nice: flag(argv, 'no-nice') === undefined,
    cpuProf: flag(argv, 'cpu-prof') !== undefined || env.BENCH_CPU_PROF === '1',
    cliNodes: (flag(argv, 'cli-node') ?? env.BENCH_CLI_NODE ?? '')
      .split(',')
      .map((s) => s.trim())
      .filter((s) => s !== '' && s !== 'true'),
  };
}

/** True when this run measures everything the committed results claim to. */
export function isFullRun(o: Options): boolean {
  return !o.only && !o.cpuProf && o.sizes.length === 3 && o.corpus && o.cli && o.servers.length === 2 && o.edits === 20;
}
