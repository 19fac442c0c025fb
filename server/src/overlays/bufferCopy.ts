/**
 * A temporary copy of the folders an overlay's build reads, with the editor's unsaved buffers written over the files
 * on disk, so `kubectl kustomize` builds what the person sees. Only the kustomization folders and the files the tree
 * lists are copied (not their common ancestor), within a budget; the person's files are never written.
 */
import { copyFileSync, lstatSync, mkdirSync, mkdtempSync, readdirSync, readlinkSync, rmSync, symlinkSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join, parse, relative, resolve, sep } from 'node:path';

/** Beyond these the copy is not made and the overlay is built from disk. */
export const COPY_BUDGET = { files: 2000, bytes: 32 * 1024 * 1024 };

export interface TreeCopy {
  /** The common ancestor of what was copied, and where it sits in the copy. */
  root: string;
  at: string;
  /** A path of the person's tree in the copy. */
  inCopy(path: string): string;
  /** A path of the copy (or a text that names some) back in the person's tree. */
  real(text: string): string;
  dispose(): void;
}

const SKIPPED = /^(\.git|node_modules)$/;

/**
 * Copies `dirs` (recursively) and `files` into a temporary folder keeping their layout, then writes `buffers` over them.
 * Undefined when the budget is exceeded or a file cannot be copied.
 */
export function copyWithBuffers(dirs: string[], files: Iterable<string>, buffers: ReadonlyMap<string, string>): TreeCopy | undefined {
  const sorted = [...new Set(dirs.map((d) => resolve(d)))].sort();
  // A folder inside another copied folder comes along with it.
  const tops = sorted.filter((dir, i) => !sorted.slice(0, i).some((outer) => dir.startsWith(outer + sep)));
  const loose = [...files, ...buffers.keys()].map((f) => resolve(f)).filter((f) => !tops.some((dir) => f.startsWith(dir + sep)));
  const root = commonAncestor([...tops, ...loose.map((f) => dirname(f))]);
  if (root === parse(root).root) return undefined;
  const temp = mkdtempSync(join(tmpdir(), 'sidecar-lint-overlay-copy-'));
  const at = join(temp, 'tree');
  const copy: TreeCopy = {
    root,
    at,
    inCopy: (path) => join(at, relative(root, path)),
    real: (text) => text.split(at).join(root),
    dispose: () => rmSync(temp, { recursive: true, force: true }),
  };
  const budget = { ...COPY_BUDGET };
  const spend = (bytes: number) => --budget.files >= 0 && (budget.bytes -= bytes) >= 0;
  const copyEntry = (from: string): boolean => {
    const to = copy.inCopy(from);
    const stat = lstatSync(from);
    if (stat.isDirectory()) {
      mkdirSync(to, { recursive: true });
      return readdirSync(from).every((name) => SKIPPED.test(name) || copyEntry(join(from, name)));
    }
    if (!spend(stat.size)) return false;
    mkdirSync(dirname(to), { recursive: true });
    // A relative link keeps pointing where it did when the folder it points into is copied too.
    if (stat.isSymbolicLink()) symlinkSync(readlinkSync(from), to);
    else if (stat.isFile()) copyFileSync(from, to);
    return true;
  };
  try {
    const complete = [...tops, ...loose.filter((f) => !buffers.has(f))].every((path) => copyEntry(path));
    if (!complete) return (copy.dispose(), undefined);
    for (const [path, text] of buffers) {
      const to = copy.inCopy(resolve(path));
      mkdirSync(dirname(to), { recursive: true });
      writeFileSync(to, text);
    }
    return copy;
  } catch {
    copy.dispose();
    return undefined;
  }
}

function commonAncestor(paths: string[]): string {
  let common = paths[0] ?? parse(process.cwd()).root;
  for (const path of paths.slice(1))
    while (common !== dirname(common) && path !== common && !path.startsWith(common.endsWith(sep) ? common : common + sep)) common = dirname(common);
  return common;
}
