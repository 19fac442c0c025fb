/** `npm run precision`: precision per rule on the real-manifest corpus, as a Markdown table (the README shows it). */
import { currentFindings, precisionTable, readProvenance, readVerdicts, regressions, type Seen, type Verdict } from './judge';

const findings = currentFindings();
const verdicts = readVerdicts();

function table(title: string, seen: Seen[], judged: Verdict[]): void {
  console.log(`${title}\n\n${precisionTable(seen, judged)}\n`);
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
