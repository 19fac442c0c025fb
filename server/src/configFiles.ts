/** Finds and reads `.sidecar-lint.yaml` for a manifest by walking up its directories; shared by the server and the CLI. */
import { existsSync, readFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { CONFIG_FILE_NAMES, parseConfig, type ParsedConfig } from './service/config';

export interface LoadedConfig extends ParsedConfig {
  path: string;
  text: string;
}

/** Caches lookups per directory until cleared (the server clears it when a config file changes). */
export class ConfigFinder {
  private readonly byDirectory = new Map<string, string | null>();
  private readonly loaded = new Map<string, LoadedConfig>();

  /** `readOpen` returns the text of a config file open in the editor (unsaved edits count). */
  constructor(private readonly readOpen: (path: string) => string | undefined = () => undefined) {}

  clear(): void {
    this.byDirectory.clear();
    this.loaded.clear();
  }

  /** The nearest config file at or above the manifest's directory, or undefined. */
  find(manifestPath: string): string | undefined {
    const visited: string[] = [];
    let found: string | null | undefined;
    for (let dir = dirname(manifestPath); ; dir = dirname(dir)) {
      found = this.byDirectory.get(dir);
      if (found !== undefined) break;
      visited.push(dir);
      found = CONFIG_FILE_NAMES.map((name) => join(dir, name)).find((path) => this.readOpen(path) !== undefined || existsSync(path)) ?? null;
      if (found || dirname(dir) === dir) break;
    }
    for (const dir of visited) this.byDirectory.set(dir, found ?? null);
    return found ?? undefined;
  }

  load(path: string): LoadedConfig {
    let config = this.loaded.get(path);
    if (!config) {
      let text = this.readOpen(path);
      try {
        text ??= readFileSync(path, 'utf8');
        config = { path, text, ...parseConfig(text) };
      } catch (error) {
        config = {
          path,
          text: '',
          values: {},
          problems: [
            { start: 0, end: 0, message: `Cannot read this config file (${(error as NodeJS.ErrnoException).code ?? String(error)}); the defaults are used.` },
          ],
        };
      }
      this.loaded.set(path, config);
    }
    return config;
  }

  /** The config that applies to a manifest, if any. */
  forManifest(manifestPath: string): LoadedConfig | undefined {
    const path = this.find(manifestPath);
    return path ? this.load(path) : undefined;
  }
}

/**
 * The local path a URI names, or undefined when it names none: another scheme (`untitled:`, `vscode-vfs:`), a host
 * (a UNC share), or an escape that does not decode. Such documents are linted without a config file, never a crash.
 */
export function uriToPath(uri: string): string | undefined {
  if (!uri.startsWith('file:')) return undefined;
  try {
    return fileURLToPath(uri);
  } catch {
    return undefined;
  }
}

/** True for the file names a config file goes by. */
export function isConfigFile(path: string): boolean {
  return CONFIG_FILE_NAMES.some((name) => path.endsWith(`/${name}`) || path === name);
}
