/** A temporary folder for one test file, removed after its tests, and a way to write files into it. */
import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { after } from 'node:test';

export function tempTree(prefix: string): { root: string; write: (path: string, text: string) => string } {
  const root = mkdtempSync(join(tmpdir(), prefix));
  after(() => rmSync(root, { recursive: true, force: true }));
  /** Writes `text` at `path` under the root (folders created), and returns its full path. */
  const write = (path: string, text: string): string => {
    const full = join(root, path);
    mkdirSync(dirname(full), { recursive: true });
    writeFileSync(full, text);
    return full;
  };
  return { root, write };
}
