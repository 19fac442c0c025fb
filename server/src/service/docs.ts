/** Where each rule is documented: its page under docs/rules, the target of every diagnostic's codeDescription and SARIF helpUri. */
const REPOSITORY = 'https://github.com/sidecar-lint/sidecar-lint/blob/main';

/** The project's README: SARIF's informationUri. */
export const DOCS_BASE = `${REPOSITORY}/README.md`;

/** The rule's page; with no id, the README (sarif.ts builds informationUri from `ruleDocsUrl('')`). */
export function ruleDocsUrl(ruleId: string): string {
  return ruleId ? `${REPOSITORY}/docs/rules/${ruleId}.md` : DOCS_BASE;
}

export const SOURCE = 'sidecar-lint';
export const FIX_ALL_KIND = 'source.fixAll.sidecar-lint';
