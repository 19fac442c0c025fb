/**
 * `npm run hostile`: writes the hostile inputs of issue #13 to a temporary folder, runs the CLI (dist/cli.js) and the
 * service in-process on each, each in a child process with a kill timeout, and prints wall time and peak RSS as a
 * Markdown table (the README's "Hostile input" section). Run `npm run build` first.
 */
import { spawnSync } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { analyzeText, normalizeSettings } from '../server/src/service';
import * as inputs from './hostileInputs';

const ROOT = join(__dirname, '..');
const KILL_AFTER_MS = 180_000;

const CASES: { name: string; file: string; make: () => string }[] = [
  { name: 'merge bomb, 16 levels of `<<: [*m, *m]`', file: 'merge16.yaml', make: () => inputs.mergeBomb(16) },
  { name: 'merge bomb, 40 levels', file: 'merge40.yaml', make: () => inputs.mergeBomb(40) },
  { name: 'alias bomb ("billion laughs", 10^9 leaves)', file: 'laughs.yaml', make: () => inputs.aliasBomb(9) },
  { name: '2,000 containers aliasing one (`- *c`)', file: 'alias-containers.yaml', make: () => inputs.aliasContainers(2000) },
  { name: '1,000 containers merging one base', file: 'merge-containers.yaml', make: () => inputs.mergeContainers(1000) },
  { name: '10,000-deep nesting', file: 'deep.yaml', make: () => inputs.deepNesting(10_000) },
  { name: 'one 5 MB line (JSON `List` of pods)', file: 'list.json', make: () => inputs.jsonList(17_000) },
  { name: 'a pod of 1,000,000 containers', file: 'million.yaml', make: () => inputs.compactContainers(1_000_000) },
  { name: '100,000 documents', file: 'docs100k.yaml', make: () => inputs.manyDocuments(100_000) },
  { name: '50 MB file of Deployments', file: 'big.yaml', make: () => inputs.bigFile(50_000_000) },
];

/** Prints peak RSS on exit: loaded with `--require` into the CLI, whose own code stays untouched. */
const RSS_HOOK = `process.on('exit', () => require('fs').writeSync(2, '\\nMAXRSS ' + process.resourceUsage().maxRSS + '\\n'));\n`;

interface Run {
  ms: number;
  rssMiB?: number;
  out: string;
  killed: boolean;
}

function run(args: string[]): Run {
  const started = Date.now();
  const child = spawnSync(process.execPath, args, { cwd: ROOT, encoding: 'utf8', timeout: KILL_AFTER_MS, maxBuffer: 1 << 30 });
  const rss = /MAXRSS (\d+)/.exec(child.stderr ?? '')?.[1];
  return { ms: Date.now() - started, rssMiB: rss ? Math.round(Number(rss) / 1024) : undefined, out: child.stdout ?? '', killed: child.signal !== null };
}

/** In the child: analyse one file with the service and print what it found, rule by rule. */
function serviceChild(file: string): void {
  const text = readFileSync(file, 'utf8');
  const started = Date.now();
  const findings = analyzeText(text, normalizeSettings({})).findings;
  const ms = Date.now() - started;
  const byRule: Record<string, number> = {};
  for (const f of findings) byRule[f.rule] = (byRule[f.rule] ?? 0) + 1;
  process.stdout.write(JSON.stringify({ ms, byRule, maxRSS: process.resourceUsage().maxRSS }));
}

function describe(byRule: Record<string, number>): string {
  const budget = byRule['analysis-budget'];
  const rest = Object.values(byRule).reduce((a, b) => a + b, 0) - (budget ?? 0);
  return (
    [budget ? `${budget} × analysis-budget` : '', rest ? `${rest.toLocaleString('en-US')} other findings` : ''].filter(Boolean).join(', ') || 'no findings'
  );
}

const size = (bytes: number) => (bytes >= 1e6 ? `${(bytes / 1e6).toFixed(1)} MB` : `${(bytes / 1e3).toFixed(1)} KB`);
const seconds = (r: Run) => (r.killed ? `killed at ${KILL_AFTER_MS / 1000} s` : `${(r.ms / 1000).toFixed(2)} s`);

function main(): void {
  const dir = mkdtempSync(join(tmpdir(), 'sidecar-lint-hostile-'));
  const hook = join(dir, 'rss-hook.cjs');
  writeFileSync(hook, RSS_HOOK);
  console.log('| input | size | CLI wall | CLI peak RSS | service (in-process) | service peak RSS | result |');
  console.log('|---|---|---|---|---|---|---|');
  try {
    for (const c of CASES) {
      const file = join(dir, c.file);
      const text = c.make();
      writeFileSync(file, text);
      const cli = run(['--require', hook, 'dist/cli.js', '--format', 'json', file]);
      const service = run(['--import', 'tsx', __filename, '--service', file]);
      const result = service.killed ? undefined : (JSON.parse(service.out) as { ms: number; byRule: Record<string, number>; maxRSS: number });
      const serviceTime = result ? `${(result.ms / 1000).toFixed(2)} s` : seconds(service);
      const serviceRss = result ? `${Math.round(result.maxRSS / 1024)} MiB` : '-';
      const cliRss = cli.rssMiB === undefined ? '-' : `${cli.rssMiB} MiB`;
      console.log(
        `| ${c.name} | ${size(text.length)} | ${seconds(cli)} | ${cliRss} | ${serviceTime} | ${serviceRss} | ${result ? describe(result.byRule) : '-'} |`,
      );
      rmSync(file);
    }
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
}

if (process.argv[2] === '--service') serviceChild(process.argv[3]);
else main();
