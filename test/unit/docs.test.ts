/** The README is where every diagnostic's codeDescription points: each rule needs its section there. */
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, test } from 'node:test';
import { parseConfig, RULE_IDS, ruleMeta } from '../../server/src/service';

const README = readFileSync(join(__dirname, '..', '..', 'README.md'), 'utf8');

function section(id: string): string | undefined {
  const start = README.indexOf(`\n### ${id}\n`);
  if (start === -1) return undefined;
  const end = README.slice(start + 1).search(/\n#{2,4} /);
  return end === -1 ? README.slice(start) : README.slice(start, start + 1 + end);
}

describe('README', () => {
  for (const id of RULE_IDS) {
    test(`documents ${id} with its default severity and an incorrect and a correct example`, () => {
      const text = section(id);
      assert.ok(text, `no '### ${id}' section`);
      assert.match(text, new RegExp(`\\*\\*${ruleMeta(id)!.defaultSeverity}\\.?\\*\\*`), `${id}: default severity not stated first`);
      assert.match(text, /\nIncorrect[^\n]*:\s*\n```yaml/, `${id}: no incorrect example`);
      assert.match(text, /\nCorrect[^\n]*:\s*\n```yaml/, `${id}: no correct example`);
    });
  }

  test('its .sidecar-lint.yaml example is a valid config file', () => {
    const example = /## Configuration file and suppression[\s\S]*?```yaml\n([\s\S]*?)```/.exec(README)![1];
    assert.deepEqual(parseConfig(example).problems, []);
  });
});
