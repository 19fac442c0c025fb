/** Which overlays the editor builds for an open file: the top-level kustomizations near it whose build reads the file. */
import { existsSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { kustomizationDirs, topLevelOverlays } from './cliOverlays';
import { kustomizationIn, readTree, type OverlayTree } from './tree';

/** How far above a file its overlays are looked for, and how much of the tree beside them is read. */
const MAX_LEVELS_UP = 4;
const SCAN = { directories: 300, depth: 4 };

/** The overlays whose build reads `path`, with their trees; empty for a file no kustomization near it reaches. */
export function overlaysOf(path: string): OverlayTree[] {
  const ancestors: string[] = [];
  for (let dir = dirname(path); ancestors.length <= MAX_LEVELS_UP; dir = dirname(dir)) {
    ancestors.push(dir);
    if (existsSync(join(dir, '.git')) || dirname(dir) === dir) break;
  }
  const withKustomization = ancestors.filter((dir) => kustomizationIn(dir) !== undefined);
  if (withKustomization.length === 0) return [];
  // Overlays usually sit beside their bases (base/, overlays/prod/): read the tree around the topmost kustomization.
  const top = dirname(withKustomization[withKustomization.length - 1]);
  const roots = topLevelOverlays(kustomizationDirs([top], top, SCAN));
  return roots.flatMap((dir) => {
    const tree = readTree(dir);
    return tree && tree.files.has(path) ? [tree] : [];
  });
}
