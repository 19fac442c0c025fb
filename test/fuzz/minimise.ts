/** A line-deletion minimiser (delta debugging over lines): the smallest text it can find that still fails the same way. */

/** Removes blocks of lines, halving the block size, while `fails` holds; stops early when `budgetMs` runs out. */
export function minimise(text: string, fails: (candidate: string) => boolean, budgetMs = 10_000): string {
  const deadline = performance.now() + budgetMs;
  let lines = text.split(/(?<=\n)/);
  for (let size = Math.max(1, lines.length >> 1); size >= 1; size = size === 1 ? 0 : Math.max(1, size >> 1)) {
    let removed = true;
    while (removed) {
      removed = false;
      for (let at = 0; at < lines.length && performance.now() < deadline;) {
        const candidate = [...lines.slice(0, at), ...lines.slice(at + size)];
        if (candidate.length < lines.length && fails(candidate.join(''))) {
          lines = candidate;
          removed = true;
        } else {
          at += size;
        }
      }
    }
    if (performance.now() >= deadline) break;
  }
  return lines.join('');
}
