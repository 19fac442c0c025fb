/**
 * Seed manifests for the fuzzer: the rule fixtures, the corpus fixtures (real manifests, provenance in
 * test/fixtures/corpus/PROVENANCE.tsv) and manifests from the bench generator, so no file is copied in for fuzzing.
 */
import { createHash } from 'node:crypto';
import { readdirSync, readFileSync, statSync } from 'node:fs';
import { join } from 'node:path';
import { workload, type WorkloadKind } from '../../bench/gen/documents';
import { randomPod } from '../../bench/gen/pods';
import { createRng } from '../../bench/gen/prng';

const FIXTURES = join(__dirname, '..', 'fixtures');
const KINDS: WorkloadKind[] = ['Deployment', 'StatefulSet', 'Job', 'CronJob', 'Pod'];

function yamlFiles(dir: string): string[] {
  return readdirSync(dir)
    .sort()
    .flatMap((name) => {
      const path = join(dir, name);
      return statSync(path).isDirectory() ? yamlFiles(path) : /\.ya?ml$/.test(name) ? [path] : [];
    });
}

/** Workloads in the shape `helm template` renders, one to three per text. */
function generated(count: number): string[] {
  const out: string[] = [];
  for (let i = 0; i < count; i++) {
    const rng = createRng(0x5eed + i);
    const docs = rng.int(1, 3);
    const lines: string[] = [];
    for (let d = 0; d < docs; d++) {
      const kind = rng.pick(KINDS);
      const batch = kind === 'Job' || kind === 'CronJob';
      const spec = randomPod(rng, `app-${i}-${d}`, rng.chance(0.5));
      if (batch) spec.restartPolicy = 'Never';
      lines.push(...workload(rng, 'fuzz', kind, `app-${i}-${d}`, spec).lines);
    }
    out.push(lines.join('\n') + '\n');
  }
  return out;
}

let cached: string[] | undefined;

/** Every seed text, in a fixed order (the fuzzer's seed picks among them by index). */
export function seedTexts(): string[] {
  cached ??= [...yamlFiles(join(FIXTURES, 'rules')), ...yamlFiles(join(FIXTURES, 'corpus'))]
    .map((path) => readFileSync(path, 'utf8'))
    .filter((text) => text.length < 24 * 1024)
    .concat(generated(40));
  return cached;
}

/**
 * The seed pool's size and a short hash of it: case numbers index into the pool, so `--case N` reruns the same input only
 * with the same pool (adding a rule fixture renumbers every case). Reports print it to tell when a rerun is comparable.
 */
export function seedPoolId(): string {
  const texts = seedTexts();
  return `${texts.length} seeds, ${createHash('sha256').update(texts.join('\0')).digest('hex').slice(0, 12)}`;
}
