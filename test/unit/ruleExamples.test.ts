/** Docs that run (like ESLint's check-rule-examples): every Incorrect example of a rule's page produces that rule, every Correct one produces nothing. */
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, test } from 'node:test';
import { analyzeText, normalizeSettings, RULE_IDS } from '../../server/src/service';

const PAGES = join(__dirname, '..', '..', 'docs', 'rules');

interface Example {
  label: 'Incorrect' | 'Correct';
  code: string;
  /** From `<!-- settings: {...} -->` on the line right before the block; the `sidecarLint` settings shape. */
  settings: unknown;
  line: number;
}

const LABEL = /^#{2,4} (Incorrect|Correct)\b/;
const SETTINGS = /^<!-- settings: (.*) -->$/;

/** The yaml blocks under `Incorrect…` and `Correct…` headings, up to the next heading. */
function examplesOf(page: string): Example[] {
  const lines = page.split('\n');
  const examples: Example[] = [];
  let label: Example['label'] | undefined;
  for (let i = 0; i < lines.length; i++) {
    if (lines[i].startsWith('#')) label = LABEL.exec(lines[i])?.[1] as Example['label'] | undefined;
    if (!label || lines[i] !== '```yaml') continue;
    const end = lines.indexOf('```', i + 1);
    assert.ok(end > i, `line ${i + 1}: unclosed code block`);
    const settings = SETTINGS.exec(lines[i - 1] ?? '')?.[1];
    examples.push({ label, code: lines.slice(i + 1, end).join('\n') + '\n', settings: settings ? JSON.parse(settings) : {}, line: i + 1 });
    i = end;
  }
  return examples;
}

function findingsOf(example: Example): string[] {
  const analysis = analyzeText(example.code, normalizeSettings(example.settings));
  return analysis.findings.map((f) => `${f.rule} (${f.severity}): ${f.message}`);
}

describe('rule pages', () => {
  for (const id of RULE_IDS) {
    describe(id, () => {
      const examples = examplesOf(readFileSync(join(PAGES, `${id}.md`), 'utf8'));

      test('has an Incorrect and a Correct example', () => {
        assert.ok(
          examples.some((e) => e.label === 'Incorrect'),
          'no Incorrect example',
        );
        assert.ok(
          examples.some((e) => e.label === 'Correct'),
          'no Correct example',
        );
      });

      for (const example of examples) {
        test(`${example.label} example at line ${example.line}`, () => {
          assert.match(example.code, /^apiVersion: .+\nkind: .+\nmetadata:\n[\s\S]*\nspec:/m, 'not a complete manifest');
          const found = findingsOf(example);
          // Other rules' infos may remark on an example (a rule added later need not edit every page); nothing louder may.
          const loud = found.filter((f) => !f.startsWith(`${id} `) && !f.includes(' (info): '));
          if (example.label === 'Correct') {
            assert.deepEqual(
              found.filter((f) => f.startsWith(`${id} `)),
              [],
              `a Correct example produces no ${id} finding`,
            );
            assert.deepEqual(loud, [], 'a Correct example draws no warning or error');
          } else {
            assert.ok(
              found.some((f) => f.startsWith(`${id} `)),
              `no ${id} finding; got ${JSON.stringify(found)}`,
            );
            assert.deepEqual(loud, [], `warnings or errors of other rules`);
          }
        });
      }
    });
  }
});
