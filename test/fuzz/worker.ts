/** The fuzz loop in a worker thread, so the runner can stop an input that hangs and carry on after it. */
import { parentPort, workerData } from 'node:worker_threads';
import { normalizeSettings } from '../../server/src/service/settings';
import { makeCase, runCase, type FuzzCase } from './campaign';
import { minimise } from './minimise';
import { checkText } from './properties';
import { Tally, violationKey } from './tally';

export interface WorkerInput {
  seed: number;
  from: number;
  /** Stop before this index, or at this Date.now() value, whichever comes first. */
  until: number;
  deadline: number;
  minimiseMs: number;
  /** Failure keys already minimised (by an earlier worker of the same run). */
  known: string[];
}

export type WorkerMessage =
  | { type: 'start'; index: number }
  | { type: 'case'; index: number; checks: Record<string, number>; violations: { key: string; message: string }[] }
  | { type: 'reproducer'; key: string; index: number; text: string; message: string }
  | { type: 'done'; next: number };

function stillFails(fuzzCase: FuzzCase, key: string): (text: string) => boolean {
  const settings = normalizeSettings(fuzzCase.settingsInput);
  return (text) => {
    const tally = key.startsWith('incremental') ? runCase({ ...fuzzCase, text }) : new Tally();
    if (!key.startsWith('incremental')) checkText(text, settings, tally);
    return tally.violations.some((v) => violationKey(v) === key);
  };
}

function main(input: WorkerInput, port: NonNullable<typeof parentPort>): void {
  const known = new Set(input.known);
  let index = input.from;
  for (; index < input.until && Date.now() < input.deadline; index++) {
    port.postMessage({ type: 'start', index } satisfies WorkerMessage);
    const fuzzCase = makeCase(input.seed, index);
    const tally = runCase(fuzzCase);
    const violations = tally.violations.map((v) => ({ key: violationKey(v), message: v.message }));
    port.postMessage({ type: 'case', index, checks: tally.checks, violations } satisfies WorkerMessage);
    for (const v of violations) {
      if (known.has(v.key) || input.minimiseMs <= 0) continue;
      known.add(v.key);
      const text = minimise(fuzzCase.text, stillFails(fuzzCase, v.key), input.minimiseMs);
      const message = new Tally();
      checkText(text, normalizeSettings(fuzzCase.settingsInput), message);
      const found = message.violations.find((w) => violationKey(w) === v.key)?.message ?? v.message;
      port.postMessage({ type: 'reproducer', key: v.key, index, text, message: found } satisfies WorkerMessage);
    }
  }
  port.postMessage({ type: 'done', next: index } satisfies WorkerMessage);
}

if (parentPort) main(workerData as WorkerInput, parentPort);
