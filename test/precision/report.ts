/** `npm run precision`: precision per rule on the real-manifest corpus, as a Markdown table (the README shows it). */
import { currentFindings, readProvenance, readVerdicts, regressions, scores, type Seen, type Verdict } from './judge';

const findings = currentFindings();
const verdicts = readVerdicts();
const pct = (x: number) => `${(100 * x).toFixed(1)}%`;

function table(title: string, seen: Seen[], judged: Verdict[]): void {
  console.log(`${title}\n`);
  console.log('| rule | right | wrong | noise | unjudged | precision |');
  console.log('|---|---:|---:|---:|---:|---:|');
  for (const s of scores(seen, judged)) {
    const name = s.rule === 'all' ? '**all warnings and errors**' : `\`${s.rule}\``;
    console.log(`| ${name} | ${s.right} | ${s.wrong} | ${s.noise} | ${s.unjudged} | ${pct(s.precision)} |`);
  }
  console.log('');
}

const provenance = readProvenance();
table(`All ${provenance.size} manifests:`, findings, verdicts);
// Each batch added after the rules were tuned shows whether the numbers hold on input nobody tuned them to.
const batchOf = (file: string) => provenance.get(file)?.batch ?? '';
for (const batch of [...new Set([...provenance.values()].map((p) => p.batch))].sort()) {
  const inBatch = (f: { file: string }) => batchOf(f.file) === batch;
  const files = [...provenance.values()].filter(inBatch).length;
  const title =
    batch === ''
      ? `The first collection alone (${files} manifests, the rules were tuned on it)`
      : `Batch ${batch} alone (${files} manifests, judged before any rule was changed for them)`;
  table(`${title}:`, findings.filter(inBatch), verdicts.filter(inBatch));
}
const { lostRight, shownWrong, unjudged } = regressions(findings, verdicts);
console.log(
  `\n${findings.length} findings on the corpus (${verdicts.length} judged); ${lostRight.length} right ones lost, ${shownWrong.length} wrong or noise shown, ${unjudged.length} shown but unjudged.`,
);
