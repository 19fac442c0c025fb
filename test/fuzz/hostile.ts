/** Hostile inputs for the hang regressions, analysed in a child process so a test can stop one that hangs. */
import { analyzeText } from '../../server/src/service/analysis';
import { normalizeSettings } from '../../server/src/service/settings';

/** Sixteen levels of `<<: [*m, *m]`: resolving merges by walking every path costs 2^16. */
function mergeBomb(levels: number): string {
  const lines = ['apiVersion: v1', 'kind: Pod', 'metadata:', '  name: bomb', '  annotations:', '    m0: &m0 {a: b}'];
  for (let i = 1; i <= levels; i++) lines.push(`    m${i}: &m${i} {<<: [*m${i - 1}, *m${i - 1}]}`);
  lines.push('spec:', `  <<: *m${levels}`, '  containers:', `    - <<: *m${levels}`, '      name: app', '      image: nginx:1.27', '');
  return lines.join('\n');
}

/** Six thousand containers that are aliases of one. */
function aliasContainers(count: number): string {
  const lines = [
    'apiVersion: v1',
    'kind: Pod',
    'metadata:',
    '  name: many',
    'spec:',
    '  containers:',
    '    - &c',
    '      name: app',
    '      image: nginx:1.27',
  ];
  for (let i = 1; i < count; i++) lines.push('    - *c');
  return lines.join('\n') + '\n';
}

export const HOSTILE: Record<string, () => string> = {
  'merge bomb (16 levels)': () => mergeBomb(16),
  'merge bomb (40 levels)': () => mergeBomb(40),
  '6,000 alias containers': () => aliasContainers(6000),
  'blank first line, a directive, a document marker': () =>
    '\n%YAML 1.2\n---\napiVersion: v1\nkind: Pod\nspec:\n  containers:\n    - name: app\n      image: nginx:1.27\n',
};

const name = process.argv[2];
if (name !== undefined && HOSTILE[name]) {
  const text = HOSTILE[name]();
  const started = performance.now();
  const analysis = analyzeText(text, normalizeSettings({}));
  console.log(JSON.stringify({ ms: performance.now() - started, findings: analysis.findings.map((f) => f.rule) }));
}
