/** Types for scripts/fetch-tools.mjs, so the TypeScript tests can find the fetched binaries. */
export function toolsDir(): string;
export function toolPaths(dir?: string): { helm3: string; helm4: string; kubectl: string };
export function chartPaths(dir?: string): { 'redis-commander': string };
