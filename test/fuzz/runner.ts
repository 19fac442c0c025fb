/** Runs a fuzz campaign in a worker under a watchdog: an input that runs past `hangMs` is reported as a hang and skipped. */
import { join } from 'node:path';
import { Worker } from 'node:worker_threads';
import { makeCase } from './campaign';
import { seedPoolId } from './seeds';
import type { WorkerInput, WorkerMessage } from './worker';

export interface FuzzOptions {
  seed: number;
  /** Stop after this many inputs, or after `seconds`, whichever comes first. */
  cases?: number;
  seconds?: number;
  /** Wall-clock limit per input before the worker is stopped (default 20 s). */
  hangMs?: number;
  /** Time for minimising the first input of each kind of failure (0: no minimising). */
  minimiseMs?: number;
}

export interface Failure {
  count: number;
  /** The first input that failed: rerun with `--seed S --case N`. */
  firstCase: number;
  /** Every input that failed, up to MAX_LISTED, so each can be rerun and not only the first. */
  cases: number[];
  message: string;
  reproducer?: string;
}

export interface FuzzReport {
  seed: number;
  /** The seed pool the case numbers index into (see seedPoolId). */
  pool: string;
  cases: number;
  seconds: number;
  checks: Record<string, number>;
  failures: Record<string, Failure>;
}

const WORKER = join(__dirname, 'worker.ts');
/** Failing case numbers kept per kind of failure. */
const MAX_LISTED = 200;

function spawn(input: WorkerInput): Worker {
  return new Worker(`require('tsx/cjs'); require(${JSON.stringify(WORKER)});`, { eval: true, workerData: input });
}

/** Runs the campaign to its end; resolves with the counts per property and the failures. */
export function runFuzz(options: FuzzOptions): Promise<FuzzReport> {
  const started = Date.now();
  const report: FuzzReport = { seed: options.seed, pool: seedPoolId(), cases: 0, seconds: 0, checks: {}, failures: {} };
  const hangMs = options.hangMs ?? 20_000;
  const input = (from: number): WorkerInput => ({
    seed: options.seed,
    from,
    until: options.cases ?? Number.MAX_SAFE_INTEGER,
    deadline: options.seconds === undefined ? Number.MAX_SAFE_INTEGER : started + options.seconds * 1000,
    minimiseMs: options.minimiseMs ?? 10_000,
    known: Object.keys(report.failures).filter((k) => report.failures[k].reproducer !== undefined),
  });
  const fail = (key: string, index: number, message: string) => {
    const failure = (report.failures[key] ??= { count: 0, firstCase: index, cases: [], message });
    failure.count++;
    if (failure.cases.length < MAX_LISTED && failure.cases.at(-1) !== index) failure.cases.push(index);
  };
  return new Promise((resolve, reject) => {
    const run = (from: number) => {
      let current: { index: number; at: number } | undefined;
      const worker = spawn(input(from));
      const watchdog = setInterval(() => {
        if (!current || Date.now() - current.at < hangMs) return;
        const { index } = current;
        clearInterval(watchdog);
        worker.removeAllListeners();
        void worker.terminate().then(() => {
          report.cases++;
          report.checks.hang = (report.checks.hang ?? 0) + 1;
          fail('hang', index, `case ${index} ran past ${hangMs} ms`);
          report.failures.hang.reproducer ??= makeCase(options.seed, index).text;
          run(index + 1);
        });
      }, 250);
      worker.on('error', (error) => {
        clearInterval(watchdog);
        reject(error);
      });
      worker.on('message', (message: WorkerMessage) => {
        if (message.type === 'start') current = { index: message.index, at: Date.now() };
        else if (message.type === 'case') {
          current = undefined;
          report.cases++;
          for (const [key, n] of Object.entries(message.checks)) report.checks[key] = (report.checks[key] ?? 0) + n;
          for (const v of message.violations) fail(v.key, message.index, v.message);
        } else if (message.type === 'reproducer') {
          Object.assign(report.failures[message.key], { reproducer: message.text, message: message.message });
        } else {
          clearInterval(watchdog);
          void worker.terminate();
          report.seconds = (Date.now() - started) / 1000;
          resolve(report);
        }
      });
    };
    run(0);
  });
}
