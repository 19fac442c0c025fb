/** The parse floor: what `yaml` alone costs on the same inputs, each measured in a fresh Node process. */
import { join } from 'node:path';
import { run } from '../proc';
import { repoRoot } from '../paths';
import type { FloorJob, FloorTimes } from './types';

/** Runs the floor worker for `job`; throws with its stderr when it fails. */
export async function measureFloor(job: FloorJob): Promise<FloorTimes> {
  const worker = join(repoRoot, 'bench', 'floor', 'worker.ts');
  const result = await run(process.execPath, ['--import', 'tsx', worker, JSON.stringify(job)], { cwd: repoRoot, timeoutMs: 180_000 });
  if (result.code !== 0) throw new Error(`parse-floor worker failed (${result.timedOut ? 'timed out' : `exit ${result.code}`}): ${result.stderr.slice(-2000)}`);
  return JSON.parse(result.stdout) as FloorTimes;
}
