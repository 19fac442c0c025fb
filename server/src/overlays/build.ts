/**
 * Builds a Kustomize overlay with the person's own `kubectl kustomize` (or `kustomize build`), offline, with a timeout
 * and an AbortSignal. The overlay is built through a wrapper kustomization in a temporary folder that asks for
 * `buildMetadata: [originAnnotations]`, so every object says which base file it came from without touching the
 * person's files.
 */
import { execFile } from 'node:child_process';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { isAbsolute, join, relative, sep } from 'node:path';

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
  return new Promise<BuildResult>((resolvePromise) => {
    execFile(
      command,
      args,
      {
        cwd: dir,
        timeout: options.timeoutMs ?? BUILD_TIMEOUT_MS,
        killSignal: 'SIGKILL',
        signal: options.signal,
        maxBuffer: MAX_OUTPUT,
        windowsHide: true,
        // Offline: no proxy for remote bases, which then fail fast instead of hanging until the timeout.
        env: { ...process.env, HTTPS_PROXY: 'http://127.0.0.1:9', HTTP_PROXY: 'http://127.0.0.1:9', GIT_TERMINAL_PROMPT: '0' },
      },
      (error, stdout, stderr) => {
        const ms = Date.now() - started;
        rmSync(wrapper, { recursive: true, force: true });
        if (!error) return resolvePromise({ ok: true, text: stdout, originBase: wrapper, ms });
        const e = error as NodeJS.ErrnoException & { killed?: boolean };
        if (e.code === 'ENOENT' || e.code === 'EACCES') return resolvePromise({ ok: false, error: `cannot run ${command}: ${e.code}`, missingTool: true, ms });
        if (e.name === 'AbortError' || options.signal?.aborted) return resolvePromise({ ok: false, error: 'cancelled', cancelled: true, ms });
        if (e.killed)
          return resolvePromise({ ok: false, error: `${command} took longer than ${options.timeoutMs ?? BUILD_TIMEOUT_MS} ms`, timedOut: true, ms });
        resolvePromise({ ok: false, error: cleanError(String(stderr || e.message), wrapper), ms });
      },
    );
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
