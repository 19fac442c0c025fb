/** Settings per document for the server: the editor's, with the nearest `.sidecar-lint.yaml` winning where it sets a key. */
import { fileURLToPath } from 'node:url';
import type { ConfigFinder, LoadedConfig } from './configFiles';
import { mergeSettingsInput, normalizeSettings, type Settings } from './service';

/** The settings of one document and the config file they came from (whose problems its reader may publish). */
export interface DocumentSettings {
  settings: Settings;
  config?: LoadedConfig;
}

/** Asks the client for the `sidecarLint` section of a document; undefined when it has none. */
export type ConfigurationRequest = (uri: string) => Promise<unknown>;

/** Reads and caches settings per URI with no side effect beyond the cache; `clear` forgets them when something changed. */
export class EditorSettings {
  private readonly cache = new Map<string, Promise<DocumentSettings>>();

  /**
   * `pull` is set when the client answers `workspace/configuration`; `pushed` comes from initializationOptions or a
   * pushed didChangeConfiguration, for clients that never answer it.
   */
  constructor(
    private readonly configs: ConfigFinder,
    private readonly pull: ConfigurationRequest | undefined,
    private pushed: unknown,
    private readonly log: (message: string) => void,
  ) {}

  /** The settings of a document, read once until `clear` or `forget`. */
  read(uri: string): Promise<DocumentSettings> {
    let settings = this.cache.get(uri);
    if (!settings) {
      const editor: Promise<unknown> = this.pull
        ? this.pull(uri).then(
            (value) => value ?? this.pushed,
            () => this.pushed,
          )
        : Promise.resolve(this.pushed);
      settings = editor.then((values) => {
        const config = this.configFor(uri);
        return { settings: normalizeSettings(config ? mergeSettingsInput(values, config.values) : values), config };
      });
      this.cache.set(uri, settings);
    }
    return settings;
  }

  /** Settings pushed by the client replace the earlier ones (an undefined push keeps them). */
  push(pushed: unknown): void {
    if (pushed !== undefined) this.pushed = pushed;
  }

  forget(uri: string): void {
    this.cache.delete(uri);
  }

  /** Forgets every document's settings and every config file read. */
  clear(): void {
    this.cache.clear();
    this.configs.clear();
  }

  private configFor(uri: string): LoadedConfig | undefined {
    if (!uri.startsWith('file:')) return undefined;
    try {
      return this.configs.forManifest(fileURLToPath(uri));
    } catch (error) {
      this.log(`sidecar-lint: reading the config for ${uri} failed: ${String(error)}`);
      return undefined;
    }
  }
}
