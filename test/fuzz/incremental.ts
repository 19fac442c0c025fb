/** Incremental analysis after random edits, as the server does it, must equal a fresh analysis of the same text. */
import { TextDocument } from 'vscode-languageserver-textdocument';
import type { Rng } from '../../bench/gen/prng';
import { analyzeText } from '../../server/src/service/analysis';
import { createLanguageService } from '../../server/src/service/languageService';
import type { Settings } from '../../server/src/service/types';
import { timedOut } from './facts';
import type { Tally } from './tally';

const INSERTS = [
  '\n---\n',
  '---\n',
  '\n',
  '- ',
  '  ',
  'x',
  '#',
  ': ',
  '\n  - name: y\n    image: busybox',
  'restartPolicy: Always\n',
  '&a ',
  '*a',
  '{',
  '\r\n',
];

function randomEdit(text: string, rng: Rng): { start: number; end: number; text: string } {
  const start = rng.chance(0.5) ? text.lastIndexOf('\n', rng.int(0, text.length)) + 1 : rng.int(0, text.length);
  const end = rng.chance(0.5) ? start : Math.min(text.length, start + rng.int(0, 40));
  return { start, end, text: rng.chance(0.3) ? '' : rng.pick(INSERTS) };
}

/** A few rounds of one to three edits each; after each round the service's findings are compared with a fresh analysis. */
export function checkIncremental(text: string, settings: Settings, rng: Rng, tally: Tally, rounds = 3): void {
  const service = createLanguageService();
  const uri = 'file:///fuzz.yaml';
  let document = TextDocument.create(uri, 'yaml', 1, text);
  service.didOpen(uri);
  if (tally.guard('incremental open', () => service.findings(document, settings)) === undefined) return;
  for (let round = 0; round < rounds; round++) {
    const edits: string[] = [];
    for (let n = rng.int(1, 3); n > 0; n--) {
      const edit = randomEdit(document.getText(), rng);
      const range = { start: document.positionAt(edit.start), end: document.positionAt(edit.end) };
      document = TextDocument.update(document, [{ range, text: edit.text }], document.version + 1);
      service.didChange(uri, { start: edit.start, end: edit.end, length: edit.text.length });
      edits.push(JSON.stringify(edit));
    }
    const incremental = tally.guard('incremental analysis', () => service.findings(document, settings));
    const fresh = tally.guard('fresh analysis', () => analyzeText(document.getText(), settings).findings);
    if (incremental === undefined || fresh === undefined) return;
    if (timedOut(incremental) || timedOut(fresh)) {
      tally.check('skipped:time-budget', true, () => '');
      continue;
    }
    const same = JSON.stringify(incremental) === JSON.stringify(fresh);
    tally.check('incremental', same, () => `after edits ${edits.join(', ')}, final text ${JSON.stringify(document.getText())}`);
  }
}
