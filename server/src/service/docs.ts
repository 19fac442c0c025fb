/** Where each rule is documented: its section of the README, the target of every diagnostic's codeDescription. */
export const DOCS_BASE = 'https://github.com/sidecar-lint/sidecar-lint/blob/main/README.md';

export function ruleDocsUrl(ruleId: string): string {
  return `${DOCS_BASE}#${ruleId}`;
}

export const SOURCE = 'sidecar-lint';
export const FIX_ALL_KIND = 'source.fixAll.sidecar-lint';
