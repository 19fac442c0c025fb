/**
 * Builds a Kustomize overlay with the person's own `kubectl kustomize` (or `kustomize build`), offline, with a timeout
 * and an AbortSignal. The overlay is built through a wrapper kustomization in a temporary folder that asks for
 * `buildMetadata: [originAnnotations]`, so every object says which base file it came from without touching the
 * person's files.
 */
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { isAbsolute, join, relative, sep } from 'node:path';
import { runProcess } from '../external/run';

export interface BuildTools {
  /** `kubectl` to run as `kubectl kustomize` (default: `kubectl` on PATH). */
  kubectl?: string;
  /** A standalone `kustomize` to run as `kustomize build`; wins over `kubectl` when set. */
  kustomize?: string;
}

export interface BuildOptions extends BuildTools {
  timeoutMs?: number;
  signal?: AbortSignal;
}

export type BuildResult =
  /** `originBase`: the folder the `config.kubernetes.io/origin` paths of the output are relative to. */
  | { ok: true; text: string; originBase: string; ms: number }
  /** `missingTool`: the program could not be started; `cancelled`: the signal aborted it. */
  | { ok: false; error: string; missingTool?: boolean; timedOut?: boolean; cancelled?: boolean; ms: number };

/** How long a build may take before it is killed. */
export const BUILD_TIMEOUT_MS = 5000;
const MAX_OUTPUT = 64 * 1024 * 1024;

/** Builds the kustomization in `dir` (absolute); never rejects. */
export function buildOverlay(dir: string, options: BuildOptions = {}): Promise<BuildResult> {
  const started = Date.now();
  const wrapper = mkdtempSync(join(tmpdir(), 'sidecar-lint-kustomize-'));
  // A relative path, because kustomize reads a resource folder given by path from the wrapper's own folder.
  const target = relative(wrapper, dir);
  const resource = isAbsolute(target) ? dir : target.split(sep).join('/');
  writeFileSync(join(wrapper, 'kustomization.yaml'), `resources:\n  - ${JSON.stringify(resource)}\nbuildMetadata: [originAnnotations]\n`);
  const [command, args] = options.kustomize ? [options.kustomize, ['build', wrapper]] : [options.kubectl || 'kubectl', ['kustomize', wrapper]];
  const timeoutMs = options.timeoutMs ?? BUILD_TIMEOUT_MS;
  return runProcess(command, args, {
    cwd: dir,
    timeoutMs,
    signal: options.signal,
    maxOutput: MAX_OUTPUT,
    // Offline: no proxy for remote bases, which then fail fast instead of hanging until the timeout.
    env: { ...process.env, HTTPS_PROXY: 'http://127.0.0.1:9', HTTP_PROXY: 'http://127.0.0.1:9', GIT_TERMINAL_PROMPT: '0' },
  }).then((run): BuildResult => {
    const ms = Date.now() - started;
    rmSync(wrapper, { recursive: true, force: true });
    if (run.spawnError) return { ok: false, error: `cannot run ${command}: ${run.spawnError.code ?? run.spawnError.message}`, missingTool: true, ms };
    if (run.aborted) return { ok: false, error: 'cancelled', cancelled: true, ms };
    if (run.timedOut) return { ok: false, error: `${command} took longer than ${timeoutMs} ms`, timedOut: true, ms };
    if (run.truncated) return { ok: false, error: `${command} printed more than ${MAX_OUTPUT} bytes`, ms };
    if (run.code === 0) return { ok: true, text: run.stdout, originBase: wrapper, ms };
    return { ok: false, error: cleanError(run.stderr || `${command} exited with ${run.code}`, wrapper), ms };
  });
}

/** kustomize's message without the `Error: ` prefix and without the wrapper's own layer of "accumulating resources". */
export function cleanError(message: string, wrapper: string): string {
  // Some kubectl builds log through klog: `E1201 10:15:01.395 23006 run.go:72] "command failed" err=< ... >`.
  const text = message
    .trim()
    .replace(/^[EWIF]\d{4} [\d:.]+\s+\d+ [^\]]*\] "command failed" err=<\s*([\s\S]*?)\s*>$/, '$1')
    .replace(/^error:\s*/i, '');
  const wrapped =
    /^accumulating resources: accumulation err='accumulating resources from '[^']*': '[^']*' must resolve to a file': (?:recursed accumulation of path '[^']*': )?(.*)$/s.exec(
      text,
    );
  const inner = wrapped ? wrapped[1].replace(/'$/, '') : text;
  return inner.split(wrapper).join('.').trim();
}
