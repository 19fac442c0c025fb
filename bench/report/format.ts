/** Number formatting for the Markdown report. */

/** Milliseconds with precision that suits the magnitude; a dash for a missing value. */
export function ms(value: number | undefined): string {
  if (value === undefined || Number.isNaN(value)) return '–';
  if (value < 10) return `${value.toFixed(2)} ms`;
  if (value < 100) return `${value.toFixed(1)} ms`;
  return `${Math.round(value).toLocaleString('en-US')} ms`;
}

export function mib(value: number | undefined): string {
  return value === undefined ? '–' : `${Math.round(value)} MiB`;
}

/** How many times slower `slow` is than `fast`, as ×N. */
export function ratio(slow: number | undefined, fast: number | undefined): string {
  if (slow === undefined || fast === undefined || Number.isNaN(slow) || Number.isNaN(fast) || fast <= 0) return '–';
  const r = slow / fast;
  return `×${r >= 10 ? Math.round(r) : r >= 1 ? r.toFixed(1) : r.toFixed(2)}`;
}

export function int(value: number): string {
  return value.toLocaleString('en-US');
}
