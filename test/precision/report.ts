/** `npm run precision`: precision per rule on the real-manifest corpus, as a Markdown table (the README shows it). */
import { currentFindings, readVerdicts, regressions, scores } from './judge';

const findings = currentFindings();
const verdicts = readVerdicts();
const pct = (x: number) => `${(100 * x).toFixed(1)}%`;
console.log('| rule | right | wrong | noise | unjudged | precision |');
console.log('|---|---:|---:|---:|---:|---:|');
for (const s of scores(findings, verdicts)) {
  const name = s.rule === 'all' ? '**all warnings and errors**' : `\`${s.rule}\``;
  console.log(`| ${name} | ${s.right} | ${s.wrong} | ${s.noise} | ${s.unjudged} | ${pct(s.precision)} |`);
}
const { lostRight, shownWrong, unjudged } = regressions(findings, verdicts);
console.log(
  `\n${findings.length} findings on the corpus (${verdicts.length} judged); ${lostRight.length} right ones lost, ${shownWrong.length} wrong or noise shown, ${unjudged.length} shown but unjudged.`,
);
