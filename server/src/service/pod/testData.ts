/**
 * Files a repository keeps as test data, not as something it deploys: Go's `testdata` directories (ignored by the go
 * tool by design), Maven's `src/test`, e2e suites, fixtures and snapshot directories, and golden files. Hygiene rules
 * (resources, image tags) report there at info: a test pod's resources and images are the test's input, not a choice
 * anyone runs with. A bare `test/` is not enough: overlays named after a test environment are real deployments.
 */
const TEST_DIRECTORIES = new Set(['testdata', 'test-data', 'e2e', '__tests__', '__snapshots__', 'fixtures']);

/** True for a path (either separator) inside a test-data directory, under `src/test/`, or of a `*.golden.yaml` file. */
export function isTestDataPath(path: string): boolean {
  const segments = path.split(/[\\/]+/);
  const file = segments[segments.length - 1] ?? '';
  if (/\.golden\.ya?ml$/i.test(file)) return true;
  const dirs = segments.slice(0, -1).map((s) => s.toLowerCase());
  return dirs.some((s, i) => TEST_DIRECTORIES.has(s) || (s === 'src' && dirs[i + 1] === 'test'));
}

/** Rules about hygiene (what a production pod should pin or bound), which test data need not follow. */
export const HYGIENE_RULES = new Set(['missing-limits', 'missing-requests', 'image-tag']);
