/**
 * The editor's workspace folders as an `ObjectIndex`: read in the background after start-up within a budget, kept
 * current on file events. Open documents put their own objects (as their buffers have them) through the service, so
 * the disk never overrides a buffer while it is open.
 */
import { readdir, readFile, stat } from 'node:fs/promises';
import { join } from 'node:path';
import { pathToFileURL } from 'node:url';
import { uriToPath } from './configFiles';
import type { ObjectIndex } from './service';

/**
 * The background scan stops after this many YAML files or bytes. Measured on this machine (2 cores shared with other
 * work): indexing the 315 files (1.0 MB) of the team corpus took 1.9 s warm and 7.8 s cold, about 0.5 MB/s, since
 * each file is parsed and its pod templates read. 4 MiB bounds the scan to some 8 s of one core, in the background
 * (requests are answered between files); a repository past it is indexed only in part, and the log says so.
 */
export const SCAN_MAX_FILES = 2000;
export const SCAN_MAX_BYTES = 4 * 1024 * 1024;
/** A single file larger than this is not a manifest anyone edits by hand (a bundle, a dump): it is skipped. */
const SCAN_MAX_FILE_BYTES = 1024 * 1024;
const SKIPPED_DIRECTORIES = new Set(['node_modules', '.git']);
const YAML = /\.ya?ml$/i;

export interface ScanResult {
  files: number;
  bytes: number;
  /** True when the budget stopped the scan before every file was read. */
  truncated: boolean;
  ms: number;
}

export class WorkspaceIndex {
  private scanning = false;

  constructor(
    readonly objects: ObjectIndex,
    /** True for a document open in the editor: its buffer, not the disk, is what the index holds. */
    private readonly isOpen: (uri: string) => boolean,
  ) {}

  /**
   * Reads every *.yaml / *.yml below the folders (no node_modules or .git), yielding to requests between files; before
   * each file it waits for `idle`, so open documents are checked first and the index never delays their diagnostics.
   */
  async scan(folders: readonly string[], budget = { files: SCAN_MAX_FILES, bytes: SCAN_MAX_BYTES }, idle?: () => Promise<void>): Promise<ScanResult> {
    const started = Date.now();
    const result: ScanResult = { files: 0, bytes: 0, truncated: false, ms: 0 };
    this.scanning = true;
    try {
      const queue = [...folders];
      while (queue.length > 0 && !result.truncated) {
        const dir = queue.shift()!;
        let entries;
        try {
          entries = await readdir(dir, { withFileTypes: true });
        } catch {
          continue;
        }
        for (const entry of entries.sort((a, b) => a.name.localeCompare(b.name))) {
          const path = join(dir, entry.name);
          if (entry.isDirectory()) {
            if (!SKIPPED_DIRECTORIES.has(entry.name)) queue.push(path);
            continue;
          }
          if (!entry.isFile() || !YAML.test(entry.name)) continue;
          if (result.files >= budget.files || result.bytes >= budget.bytes) {
            result.truncated = true;
            break;
          }
          await idle?.();
          const size = await this.read(path);
          if (size === undefined) continue;
          result.files++;
          result.bytes += size;
          await new Promise((resolve) => setImmediate(resolve));
        }
      }
    } finally {
      this.scanning = false;
    }
    result.ms = Date.now() - started;
    return result;
  }

  get busy(): boolean {
    return this.scanning;
  }

  /** A file was created, changed or deleted on disk (`workspace/didChangeWatchedFiles`); true when the index changed. */
  async fileChanged(uri: string, deleted: boolean): Promise<boolean> {
    const path = uriToPath(uri);
    if (path === undefined || !YAML.test(path) || this.isOpen(uri)) return false;
    const before = this.objects.version;
    if (deleted) this.objects.remove(uri);
    else if ((await this.read(path)) === undefined) this.objects.remove(uri);
    return this.objects.version !== before;
  }

  /** An open document was closed: what it holds is the disk's again (unsaved edits are gone). */
  async closed(uri: string): Promise<boolean> {
    const path = uriToPath(uri);
    const before = this.objects.version;
    if (path === undefined || !YAML.test(path) || (await this.read(path)) === undefined) this.objects.remove(uri);
    return this.objects.version !== before;
  }

  /** Indexes one file from disk unless it is open; its size, or undefined when it was not read. */
  private async read(path: string): Promise<number | undefined> {
    const uri = pathToFileURL(path).toString();
    try {
      const size = (await stat(path)).size;
      if (size > SCAN_MAX_FILE_BYTES) return undefined;
      const text = await readFile(path, 'utf8');
      if (!this.isOpen(uri)) this.objects.addText(uri, text);
      return size;
    } catch {
      return undefined;
    }
  }
}
