/** Order statistics for latency samples (nearest-rank, so a reported value is one that was measured). */
export interface Summary {
  n: number;
  median: number;
  p95: number;
  min: number;
  max: number;
}

function rank(sorted: number[], q: number): number {
  const index = Math.min(sorted.length - 1, Math.max(0, Math.ceil(q * sorted.length) - 1));
  return sorted[index] ?? NaN;
}

/** Median, p95, min and max of `samples`; NaN everywhere when there are none. */
export function summarize(samples: readonly number[]): Summary {
  const sorted = [...samples].sort((a, b) => a - b);
  return {
    n: sorted.length,
    median: rank(sorted, 0.5),
    p95: rank(sorted, 0.95),
    min: sorted[0] ?? NaN,
    max: sorted[sorted.length - 1] ?? NaN,
  };
}
