/** Start-up and didOpen timing, repeated in fresh server processes so the reported value is a median. */
import type { LaunchPlan } from './servers';
import { LspSession, type Publication } from './session';

export interface Opened {
  initializeMs: number;
  openMs: number;
  /** Server CPU time from didOpen to its first diagnostics (ms, 10 ms steps), when /proc can be read. */
  openCpuMs?: number;
  first: Publication;
}

/**
 * initialize with the file's folder as the workspace (as an editor opened on it would: the servers that index a
 * workspace read its siblings, not this repository), then didOpen `text` as version 1 and wait (bounded) for its first
 * diagnostics.
 */
export async function initializeAndOpen(session: LspSession, uri: string, text: string, timeoutMs: number): Promise<Opened> {
  await session.initialize(new URL('.', uri).href, 30_000);
  const initializeMs = performance.now() - session.startedAt;
  const since = session.mark;
  const cpuBefore = session.cpuMs();
  const opened = performance.now();
  await session.open(uri, text, 1);
  const first = await session.diagnosticsFor(uri, 1, since, timeoutMs);
  const cpuAfter = session.cpuMs();
  const openCpuMs = cpuBefore === undefined || cpuAfter === undefined ? undefined : cpuAfter - cpuBefore;
  return { initializeMs, openMs: first.at - opened, openCpuMs, first };
}

/** `runs` more fresh processes that only start and open the file; their timings (a failed run is left out). */
export async function repeatOpen(plan: LaunchPlan, uri: string, text: string, runs: number, timeoutMs: number): Promise<Opened[]> {
  const results: Opened[] = [];
  for (let i = 0; i < runs; i++) {
    const session = LspSession.start(plan);
    try {
      results.push(await initializeAndOpen(session, uri, text, timeoutMs));
    } catch {
      // the main run reports failures; a repeat only adds samples
    } finally {
      await session.stop(plan.args.some((a) => a.startsWith('--cpu-prof')) ? 60_000 : 5_000);
    }
  }
  return results;
}
