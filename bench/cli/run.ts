/** The CLI as users run it: `node dist/cli.js --format json <input>`, wall time including Node start-up, and peak RSS. */
import { existsSync, readFileSync, rmSync } from 'node:fs';
import { join } from 'node:path';
import type { CliResult } from '../report/types';
import { ourCli, repoRoot, scratchDir } from '../paths';
import { peakRssMiB, run, track, waitExit } from '../proc';
import { summarize, type Summary } from '../stats';

const GNU_TIME = '/usr/bin/time';

export const rssMethod = existsSync(GNU_TIME) ? '/usr/bin/time -v (max RSS)' : 'VmHWM polled every 5 ms';

interface Sample {
  wallMs: number;
  code: number | null;
  rssMiB?: number;
  stdout: string;
  stderr: string;
}

async function withGnuTime(node: string, script: string, nodeFlags: string[], args: string[]): Promise<Sample> {
  const report = join(scratchDir, 'cli-time.txt');
  rmSync(report, { force: true });
  const r = await run(GNU_TIME, ['-v', '-o', report, node, ...nodeFlags, script, ...args], { cwd: repoRoot, timeoutMs: 120_000 });
  const text = existsSync(report) ? readFileSync(report, 'utf8') : '';
  const kb = /Maximum resident set size \(kbytes\): (\d+)/.exec(text)?.[1];
  const status = /Exit status: (\d+)/.exec(text)?.[1];
  return {
    wallMs: r.wallMs,
    code: status === undefined ? r.code : Number(status),
    rssMiB: kb === undefined ? undefined : Number(kb) / 1024,
    stdout: r.stdout,
    stderr: r.stderr,
  };
}

async function withPolling(node: string, script: string, nodeFlags: string[], args: string[]): Promise<Sample> {
  const started = performance.now();
  const child = track(node, [...nodeFlags, script, ...args], { cwd: repoRoot, stdio: ['ignore', 'pipe', 'pipe'] });
  let rss: number | undefined;
  const poll = setInterval(() => {
    rss = Math.max(rss ?? 0, peakRssMiB(child.pid) ?? 0);
  }, 5);
  const out: Buffer[] = [];
  const err: Buffer[] = [];
  child.stdout?.on('data', (c: Buffer) => out.push(c));
  child.stderr?.on('data', (c: Buffer) => err.push(c));
  const { code } = await waitExit(child, 120_000);
  clearInterval(poll);
  return { wallMs: performance.now() - started, code, rssMiB: rss, stdout: Buffer.concat(out).toString('utf8'), stderr: Buffer.concat(err).toString('utf8') };
}

/** Counts findings in the JSON output when its shape is recognisable (an array, or an object with one). */
function countFindings(stdout: string): number | undefined {
  try {
    const parsed: unknown = JSON.parse(stdout);
    if (Array.isArray(parsed)) return parsed.length;
    if (parsed !== null && typeof parsed === 'object') {
      for (const key of ['findings', 'diagnostics', 'results']) {
        const value = (parsed as Record<string, unknown>)[key];
        if (Array.isArray(value)) return value.length;
      }
    }
  } catch {
    return undefined;
  }
  return undefined;
}

export interface CliRun {
  /** dist/cli.js unless profiling. */
  script?: string;
  nodeFlags?: string[];
  /** A Node.js binary other than the bench's own, for comparison rows. */
  node?: string;
}

/** Runs the CLI `runs` times on `inputPath`; exit 2 or a timeout fails the case. */
export async function measureCli(label: string, inputPath: string, runs: number, { script = ourCli, nodeFlags = [], node }: CliRun = {}): Promise<CliResult> {
  const nodeVersion = node === undefined ? undefined : await versionOf(node);
  if (!existsSync(script)) return { input: label, node: nodeVersion, status: 'skipped', note: 'dist/cli.js not built', runs: 0, exitCodes: [], rssMethod };
  if (node !== undefined && nodeVersion === undefined)
    return { input: label, node, status: 'skipped', note: `${node} does not run`, runs: 0, exitCodes: [], rssMethod };
  const samples: Sample[] = [];
  for (let i = 0; i < runs; i++)
    samples.push(await (existsSync(GNU_TIME) ? withGnuTime : withPolling)(node ?? process.execPath, script, nodeFlags, ['--format', 'json', inputPath]));
  const exitCodes = samples.map((s) => s.code ?? -1);
  const bad = samples.find((s) => s.code !== 0 && s.code !== 1);
  const rss = samples.map((s) => s.rssMiB).filter((v): v is number => v !== undefined);
  return {
    input: label,
    node: nodeVersion,
    status: bad ? 'failed' : 'ok',
    note: bad ? `exit ${bad.code}: ${bad.stderr.slice(-500)}` : undefined,
    runs,
    wall: summarize(samples.map((s) => s.wallMs)),
    exitCodes,
    peakRssMiB: rss.length > 0 ? Math.max(...rss) : undefined,
    rssMethod,
    findings: samples[0] ? countFindings(samples[0].stdout) : undefined,
  };
}

async function versionOf(node: string): Promise<string | undefined> {
  if (!existsSync(node)) return undefined;
  try {
    const r = await run(node, ['--version'], { cwd: repoRoot, timeoutMs: 10_000 });
    return r.code === 0 ? `Node ${r.stdout.trim()}` : undefined;
  } catch {
    return undefined;
  }
}

/** Node.js start-up alone (`node -e 0`), the part of every CLI run that is not ours. */
export async function measureNodeStartup(runs: number, node = process.execPath): Promise<Summary | undefined> {
  const walls: number[] = [];
  for (let i = 0; i < runs; i++) {
    const r = await run(node, ['-e', '0'], { cwd: repoRoot, timeoutMs: 10_000 });
    if (r.code === 0) walls.push(r.wallMs);
  }
  return walls.length > 0 ? summarize(walls) : undefined;
}
