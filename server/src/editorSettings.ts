/** Settings per document for the server: the editor's, with the nearest `.sidecar-lint.yaml` winning where it sets a key. */
// The transport-independent API: this file serves the Node process and the browser worker alike.
import { CancellationTokenSource, type CancellationToken } from 'vscode-languageserver';
import type { LoadedConfig } from './configFiles';
import type { FileContext } from './service/pod/source';
import { mergeSettingsInput, normalizeSettings, type Settings } from './service';

/** The settings of one document and the config file they came from (whose problems its reader may publish). */
export interface DocumentSettings {
  settings: Settings;
  config?: LoadedConfig;
}

/** Asks the client for the `sidecarLint` section of a document; undefined when it has none; `token` gives up on it. */
export type ConfigurationPull = (uri: string, token: CancellationToken) => Promise<unknown>;

/** Where a document's config file and Kustomize context come from: the file system in Node, the client in a browser. */
export interface SettingsFiles {
  /** The config file that applies to a document, if any (a browser host asks the client for it, hence the promise). */
  configFor(uri: string): LoadedConfig | undefined | Promise<LoadedConfig | undefined>;
  /** Where the document sits among Kustomize files; nothing for a URI with no path. */
  fileContextOf(uri: string): FileContext | undefined;
  /** Forgets every file read. */
  clear(): void;
}

/** How long the client may take to answer `workspace/configuration` (some clients declare it and drop the request). */
export const CONFIGURATION_TIMEOUT_MS = 2500;

/** Reads and caches settings per URI with no side effect beyond the cache; `clear` forgets them when something changed. */
export class EditorSettings {
  private readonly cache = new Map<string, Promise<DocumentSettings>>();
  /** Set once a pull went unanswered: the client is not asked again, and the pushed settings serve every document. */
  private silent = false;

  /**
   * `pull` is set when the client declares `workspace/configuration`; `pushed` comes from initializationOptions or a
   * pushed didChangeConfiguration, for clients that never answer it.
   */
  constructor(
    private readonly files: SettingsFiles,
    private readonly pull: ConfigurationPull | undefined,
    private pushed: unknown,
    private readonly log: (message: string) => void,
    private readonly timeoutMs = CONFIGURATION_TIMEOUT_MS,
  ) {}

  /** The settings of a document, read once until `clear` or `forget`. */
  read(uri: string): Promise<DocumentSettings> {
    let settings = this.cache.get(uri);
    if (!settings) {
      settings = this.editorValues(uri).then(async (values) => {
        const config = await this.configFor(uri);
        const settings = normalizeSettings(config ? mergeSettingsInput(values, config.values) : values);
        settings.fileContext = this.fileContextOf(uri);
        return { settings, config };
      });
      this.cache.set(uri, settings);
    }
    return settings;
  }

  /** Settings pushed by the client replace the earlier ones (an undefined push keeps them). */
  push(pushed: unknown): void {
    if (pushed !== undefined) this.pushed = pushed;
  }

  /** Forgets one document's settings (it was closed). */
  forget(uri: string): void {
    this.cache.delete(uri);
  }

  /** Forgets every document's settings and every config file read. */
  clear(): void {
    this.cache.clear();
    this.files.clear();
  }

  /** Where the manifest sits among Kustomize files (a listed patch, rewritten images); nothing for a URI with no path. */
  private fileContextOf(uri: string): FileContext | undefined {
    try {
      return this.files.fileContextOf(uri);
    } catch (error) {
      this.log(`sidecar-lint: reading Kustomize files near ${uri} failed: ${String(error)}`);
      return undefined;
    }
  }

  /** The client's answer for a document, or the pushed settings when it fails or takes longer than the timeout. */
  private editorValues(uri: string): Promise<unknown> {
    const pull = this.pull;
    if (!pull || this.silent) return Promise.resolve(this.pushed);
    const source = new CancellationTokenSource();
    return new Promise<unknown>((resolve) => {
      const timer = setTimeout(() => {
        source.cancel();
        if (!this.silent) {
          this.silent = true;
          this.log(
            `sidecar-lint: the client did not answer workspace/configuration within ${this.timeoutMs} ms; ` +
              'using initializationOptions, pushed settings and defaults from now on',
          );
        }
        resolve(this.pushed);
      }, this.timeoutMs);
      const settle = (value: unknown) => {
        clearTimeout(timer);
        source.dispose();
        resolve(value ?? this.pushed);
      };
      pull(uri, source.token).then(settle, () => settle(undefined));
    });
  }

  private async configFor(uri: string): Promise<LoadedConfig | undefined> {
    try {
      return await this.files.configFor(uri);
    } catch (error) {
      this.log(`sidecar-lint: reading the config for ${uri} failed: ${String(error)}`);
      return undefined;
    }
  }
}
