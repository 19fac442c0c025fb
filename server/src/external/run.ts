/** Runs an external program (helm, kubectl) with a timeout, an AbortSignal and a cap on what it may print. */
import { spawn } from 'node:child_process';

export interface RunOptions {
  cwd?: string;
  /** Killed after this many milliseconds (default 5000). */
  timeoutMs?: number;
  signal?: AbortSignal;
  /** Bytes kept of stdout and of stderr each (default 32 MiB); the rest is dropped and `truncated` set. */
  maxOutput?: number;
  env?: NodeJS.ProcessEnv;
}

export interface RunResult {
  /** Exit code, or null when killed. */
  code: number | null;
  stdout: string;
  stderr: string;
  timedOut: boolean;
  aborted: boolean;
  truncated: boolean;
  /** Set when the program could not be started (ENOENT: not installed or not on PATH). */
  spawnError?: NodeJS.ErrnoException;
}

/** Never rejects: a missing program, a timeout and an abort are all reported in the result. */
export function runProcess(command: string, args: string[], options: RunOptions = {}): Promise<RunResult> {
  const max = options.maxOutput ?? 32 * 1024 * 1024;
  return new Promise((resolve) => {
    const out: Buffer[] = [];
    const err: Buffer[] = [];
    const sizes = { out: 0, err: 0 };
    let timedOut = false;
    let aborted = options.signal?.aborted === true;
    let truncated = false;
    let spawnError: NodeJS.ErrnoException | undefined;
    if (aborted) {
      resolve({ code: null, stdout: '', stderr: '', timedOut, aborted, truncated });
      return;
    }
    const child = spawn(command, args, { cwd: options.cwd, env: options.env ?? process.env, stdio: ['ignore', 'pipe', 'pipe'], windowsHide: true });
    const kill = () => {
      if (child.exitCode === null && child.signalCode === null) child.kill('SIGKILL');
    };
    const timer = setTimeout(() => {
      timedOut = true;
      kill();
    }, options.timeoutMs ?? 5000);
    const onAbort = () => {
      aborted = true;
      kill();
    };
    options.signal?.addEventListener('abort', onAbort, { once: true });
    const keep = (chunks: Buffer[], which: 'out' | 'err') => (chunk: Buffer) => {
      if (sizes[which] >= max) {
        truncated = true;
        return;
      }
      const room = max - sizes[which];
      if (chunk.length > room) truncated = true;
      const kept = chunk.length > room ? chunk.subarray(0, room) : chunk;
      sizes[which] += kept.length;
      chunks.push(kept);
    };
    child.stdout.on('data', keep(out, 'out'));
    child.stderr.on('data', keep(err, 'err'));
    child.on('error', (error) => {
      spawnError = error;
    });
    child.on('close', (code) => {
      clearTimeout(timer);
      options.signal?.removeEventListener('abort', onAbort);
      resolve({
        code: spawnError ? null : code,
        stdout: Buffer.concat(out).toString('utf8'),
        stderr: Buffer.concat(err).toString('utf8'),
        timedOut,
        aborted,
        truncated,
        spawnError,
      });
    });
  });
}
