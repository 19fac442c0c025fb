/** One fuzz case per (seed, index): the same pair always gives the same input, settings and edits. */
import { createRng, type Rng } from '../../bench/gen/prng';
import { normalizeSettings } from '../../server/src/service/settings';
import type { Settings } from '../../server/src/service/types';
import { checkIncremental } from './incremental';
import { mutate } from './mutate';
import { checkText } from './properties';
import { seedTexts } from './seeds';
import { Tally } from './tally';

export interface FuzzCase {
  index: number;
  text: string;
  settingsInput: Record<string, unknown>;
  /** Seeds the incremental edits. */
  editSeed: number;
}

const JUNK: unknown[] = [null, 1, -1, 1e309, 'x', '', [], {}, { a: 1 }, true, ['1.33'], '1.99', '2.0', '1.', NaN];

function settingsInput(rng: Rng): Record<string, unknown> {
  const input: Record<string, unknown> = {
    kubernetesVersion: rng.pick(['1.28', '1.29', '1.33', '1.33', '1.33']),
    requireCpuLimit: rng.chance(0.7),
  };
  if (rng.chance(0.2)) input.appContainers = ['app', 'web'];
  if (rng.chance(0.2)) input.defaults = { proxy: { cpu: rng.pick(['100m', 1, '1.5Gi']), memory: rng.pick(['64Mi', '1e3']) } };
  return input;
}

function caseRng(seed: number, index: number): Rng {
  return createRng((Math.imul(seed >>> 0, 0x9e3779b1) ^ Math.imul(index + 1, 0x85ebca6b)) >>> 0);
}

/** The input number `index` of the campaign `seed`. */
export function makeCase(seed: number, index: number): FuzzCase {
  const rng = caseRng(seed, index);
  const seeds = seedTexts();
  const text = mutate(rng.pick(seeds), rng, rng.pick(seeds));
  return { index, text, settingsInput: settingsInput(rng), editSeed: Math.floor(rng.next() * 2 ** 32) };
}

/** Settings made from junk must not throw either. */
function checkSettings(rng: Rng, tally: Tally): void {
  const junk = {
    kubernetesVersion: rng.pick(JUNK),
    rules: rng.pick(JUNK),
    defaults: rng.pick(JUNK),
    featureGates: rng.pick(JUNK),
    appContainers: rng.pick(JUNK),
  };
  tally.guard(`normalizeSettings(${JSON.stringify(junk)})`, () => normalizeSettings(junk));
}

/** Runs every property on one case. */
export function runCase(fuzzCase: FuzzCase, tally = new Tally()): Tally {
  const settings: Settings = normalizeSettings(fuzzCase.settingsInput);
  checkText(fuzzCase.text, settings, tally);
  const rng = createRng(fuzzCase.editSeed);
  checkSettings(rng, tally);
  checkIncremental(fuzzCase.text, settings, rng, tally);
  return tally;
}
