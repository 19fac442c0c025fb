/**
 * `npm run fuzz -- --seconds 600 --seed 7`: a longer fuzz campaign than the test's, printing counts per property and
 * minimised reproducers; `--case N` reruns one input and prints it with what it fails. Exits 1 on any failure.
 */
import { parseArgs } from 'node:util';
import { makeCase, runCase } from './campaign';
import { formatReport } from './report';
import { runFuzz } from './runner';
import { seedPoolId } from './seeds';
import { violationKey } from './tally';

const { values } = parseArgs({
  options: {
    seed: { type: 'string', default: '13' },
    seconds: { type: 'string', default: '60' },
    cases: { type: 'string' },
    case: { type: 'string' },
    'hang-ms': { type: 'string', default: '20000' },
    'minimise-ms': { type: 'string', default: '10000' },
  },
});

async function main(): Promise<number> {
  const seed = Number(values.seed);
  if (values.case !== undefined) {
    const fuzzCase = makeCase(seed, Number(values.case));
    console.log(`pool: ${seedPoolId()}\nsettings: ${JSON.stringify(fuzzCase.settingsInput)}\ntext: ${JSON.stringify(fuzzCase.text)}`);
    const tally = runCase(fuzzCase);
    for (const v of tally.violations) console.log(`FAIL ${violationKey(v)}: ${v.message}`);
    return tally.violations.length > 0 ? 1 : 0;
  }
  const report = await runFuzz({
    seed,
    seconds: Number(values.seconds),
    cases: values.cases === undefined ? undefined : Number(values.cases),
    hangMs: Number(values['hang-ms']),
    minimiseMs: Number(values['minimise-ms']),
  });
  console.log(formatReport(report));
  return Object.keys(report.failures).length > 0 ? 1 : 0;
}

main().then(
  (code) => (process.exitCode = code),
  (error: unknown) => {
    console.error(error);
    process.exitCode = 2;
  },
);
