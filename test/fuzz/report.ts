/** The fuzz report as text: inputs per second, checks and failures per property, and each failure's reproducer. */
import type { FuzzReport } from './runner';

function propertyOf(key: string): string {
  return key.replace(/ \(.*\)$/, '');
}

/** A plain-text report; reproducers are JSON strings so CR, tabs and missing final newlines stay visible. */
export function formatReport(report: FuzzReport): string {
  const rate = report.cases / Math.max(report.seconds, 0.001);
  const lines = [`seed ${report.seed}: ${report.cases} inputs in ${report.seconds.toFixed(1)} s (${rate.toFixed(1)} inputs/s)`, `pool: ${report.pool}`, ''];
  const failed: Record<string, number> = {};
  for (const [key, failure] of Object.entries(report.failures)) failed[propertyOf(key)] = (failed[propertyOf(key)] ?? 0) + failure.count;
  const properties = [...new Set([...Object.keys(report.checks), ...Object.keys(failed)])].sort();
  const width = Math.max(...properties.map((p) => p.length), 8);
  lines.push(`${'property'.padEnd(width)}  ${'checks'.padStart(9)}  ${'failed'.padStart(7)}`);
  for (const p of properties) lines.push(`${p.padEnd(width)}  ${String(report.checks[p] ?? 0).padStart(9)}  ${String(failed[p] ?? 0).padStart(7)}`);
  for (const [key, failure] of Object.entries(report.failures).sort(([a], [b]) => a.localeCompare(b))) {
    lines.push('', `FAIL ${key}: ${failure.count} time(s), first in case ${failure.firstCase} (--seed ${report.seed} --case ${failure.firstCase})`);
    const more = failure.count > failure.cases.length ? ` (+${failure.count - failure.cases.length} more)` : '';
    lines.push(`  cases: ${failure.cases.join(', ')}${more}`);
    lines.push(`  ${failure.message}`);
    if (failure.reproducer !== undefined) lines.push(`  reproducer (${failure.reproducer.length} characters): ${JSON.stringify(failure.reproducer)}`);
  }
  return lines.join('\n');
}
