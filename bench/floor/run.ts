/** The parse floor: what `yaml` alone costs on the same inputs, each measured in fresh Node processes. */
import { join } from 'node:path';
import { bundle } from '../bundle';
import { run } from '../proc';
import { repoRoot } from '../paths';
import type { FloorJob, FloorTimes } from './types';

let worker: Promise<string> | undefined;

/** The worker bundled as dist/ is, so the floor parses with the same build of yaml as our server and CLI. */
function bundledWorker(): Promise<string> {
  worker ??= bundle(join(repoRoot, 'bench', 'floor', 'worker.ts'), 'floor-dist', 'worker');
  return worker;
}

async function once(job: FloorJob): Promise<FloorTimes> {
  const result = await run(process.execPath, [await bundledWorker(), JSON.stringify(job)], { cwd: repoRoot, timeoutMs: 180_000 });
  if (result.code !== 0) throw new Error(`parse-floor worker failed (${result.timedOut ? 'timed out' : `exit ${result.code}`}): ${result.stderr.slice(-2000)}`);
  return JSON.parse(result.stdout) as FloorTimes;
}

/**
 * Runs the worker for `job`, then `coldRuns - 1` more times for the cold parse alone (a first parse is mostly JIT
 * warm-up and varies run to run, so its median is what the didOpen target is judged against).
 */
export async function measureFloor(job: FloorJob, coldRuns: number): Promise<FloorTimes & { coldSamples: number[] }> {
  const first = await once(job);
  const coldSamples = [first.wholeCold];
  for (let i = 1; i < coldRuns; i++) coldSamples.push((await once({ ...job, wholeRepeats: 0, documentRepeats: 0 })).wholeCold);
  return { ...first, coldSamples };
}
