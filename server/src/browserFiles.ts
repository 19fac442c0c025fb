/**
 * Config files in a browser worker, which has no file system: a manifest's `.sidecar-lint.yaml` is looked up by URI,
 * directory by directory like on disk, through the editor (an open buffer, else the client reads it for us).
 */
import type { LoadedConfig } from './configFiles';
import type { HostFiles } from './serverCore';
import { CONFIG_FILE_NAMES, parseConfig } from './service';
import type { FileContext } from './service/pod/source';
import { isTestDataPath } from './service/pod/testData';

/** Reads a workspace file through the client: its text, or undefined when it does not exist or cannot be read. */
export type ReadThroughClient = (uri: string) => Promise<string | undefined>;

/** The URIs a config file for `uri` may have, nearest directory first (both names per directory); none for `untitled:`. */
export function configCandidates(uri: string): string[][] {
  const match = /^([a-z][\w+.-]*:\/\/[^/?#]*)(\/[^?#]*)$/i.exec(uri);
  if (!match) return [];
  const [, root, path] = match;
  const candidates: string[][] = [];
  for (let dir = path.slice(0, path.lastIndexOf('/')); ; dir = dir.slice(0, dir.lastIndexOf('/'))) {
    candidates.push(CONFIG_FILE_NAMES.map((name) => `${root}${dir}/${name}`));
    if (dir === '') return candidates;
  }
}

export class BrowserFiles implements HostFiles {
  /** What each candidate URI held (undefined: nothing), read once until `clear`. */
  private readonly reads = new Map<string, Promise<string | undefined>>();
  private readonly loaded = new Map<string, LoadedConfig>();

  /** `readClient` is undefined for a client that cannot read workspace files: then only open config files count. */
  constructor(
    private readonly readOpen: (uri: string) => string | undefined,
    private readonly readClient: ReadThroughClient | undefined,
  ) {}

  async configFor(uri: string): Promise<LoadedConfig | undefined> {
    for (const names of configCandidates(uri)) {
      const texts = await Promise.all(names.map((name) => this.read(name)));
      const found = texts.findIndex((text) => text !== undefined);
      if (found !== -1) return this.parse(names[found], texts[found] ?? '');
    }
    return undefined;
  }

  /**
   * Kustomize and chart context need the directory listings around a manifest: the desktop reads them, the browser
   * does not. Test data is known from the URI's path alone.
   */
  fileContextOf(uri: string): FileContext | undefined {
    const path = /^[a-z][\w+.-]*:\/\/[^/?#]*(\/[^?#]*)$/i.exec(uri)?.[1];
    return path !== undefined && isTestDataPath(decodeURIComponent(path)) ? { testData: true } : undefined;
  }

  clear(): void {
    this.reads.clear();
    this.loaded.clear();
  }

  isConfig(uri: string): boolean {
    return CONFIG_FILE_NAMES.some((name) => uri.endsWith(`/${name}`));
  }

  loadConfig(uri: string): LoadedConfig {
    return this.parse(uri, this.readOpen(uri) ?? '');
  }

  uriOf(config: LoadedConfig): string {
    return config.path;
  }

  private read(uri: string): Promise<string | undefined> {
    const open = this.readOpen(uri);
    if (open !== undefined) return Promise.resolve(open);
    let read = this.reads.get(uri);
    if (!read) {
      read = this.readClient ? this.readClient(uri).catch(() => undefined) : Promise.resolve(undefined);
      this.reads.set(uri, read);
    }
    return read;
  }

  /** `path` holds the URI here: the server publishes a config file's problems on it. */
  private parse(uri: string, text: string): LoadedConfig {
    let config = this.loaded.get(uri);
    if (!config || config.text !== text) {
      config = { path: uri, text, ...parseConfig(text) };
      this.loaded.set(uri, config);
    }
    return config;
  }
}
