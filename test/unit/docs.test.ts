/** Every rule has a page under docs/rules (the target of its diagnostics' codeDescription) and one line in the README's table. */
import assert from 'node:assert/strict';
import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, test } from 'node:test';
import { parseConfig, RULE_IDS, ruleDocsUrl, ruleMeta } from '../../server/src/service';

const ROOT = join(__dirname, '..', '..');
const README = readFileSync(join(ROOT, 'README.md'), 'utf8');
const PAGES = join(ROOT, 'docs', 'rules');

/** `| [`id`](docs/rules/id.md) | severity… | description |` rows of the README's rule tables. */
function tableRows(): { id: string; severity: string }[] {
  const rows = [...README.matchAll(/^\| \[`([a-z-]+)`\]\(docs\/rules\/([a-z-]+)\.md\) \| ([^|]+) \| [^|]+ \|$/gm)];
  for (const row of rows) assert.equal(row[2], row[1], `the row of ${row[1]} links to ${row[2]}.md`);
  return rows.map((row) => ({ id: row[1], severity: row[3].trim() }));
}

describe('rule pages', () => {
  test('every rule id has a page and every page is a rule id', () => {
    const pages = readdirSync(PAGES)
      .filter((f) => f.endsWith('.md'))
      .map((f) => f.slice(0, -3))
      .sort();
    assert.deepEqual(pages, [...RULE_IDS].sort());
  });

  for (const id of RULE_IDS) {
    test(`${id}: the page is titled with the id and states the default severity`, () => {
      const page = readFileSync(join(PAGES, `${id}.md`), 'utf8');
      assert.ok(page.startsWith(`# ${id}\n`), 'not titled with the rule id');
      const stated = /^- \*\*Default severity:\*\* (\w+)$/m.exec(page)?.[1];
      assert.equal(stated, ruleMeta(id)!.defaultSeverity);
    });
  }

  test('diagnostics link to the page', () => {
    assert.equal(ruleDocsUrl('legacy-sidecar'), 'https://github.com/sidecar-lint/sidecar-lint/blob/main/docs/rules/legacy-sidecar.md');
  });
});

describe('README', () => {
  test('its rule tables list every rule once, with its default severity', () => {
    const rows = tableRows();
    assert.deepEqual(rows.map((r) => r.id).sort(), [...RULE_IDS].sort());
    for (const row of rows) assert.match(row.severity, new RegExp(`^${ruleMeta(row.id)!.defaultSeverity}\\b`), `${row.id}: default severity`);
  });

  test('has no links to the rule sections it no longer has', () => {
    for (const id of RULE_IDS) assert.ok(!README.includes(`](#${id})`), `a link to #${id}`);
  });

  test('its .sidecar-lint.yaml example is a valid config file', () => {
    const example = /## Configuration file and suppression[\s\S]*?```yaml\n([\s\S]*?)```/.exec(README)![1];
    assert.deepEqual(parseConfig(example).problems, []);
  });
});
