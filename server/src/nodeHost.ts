/** The Node process's host: config and Kustomize files come from the disk (an open editor buffer wins), by path. */
import { pathToFileURL } from 'node:url';
import { ConfigFinder, isConfigFile, uriToPath } from './configFiles';
import { KustomizeFiles } from './kustomizeFiles';
import type { ServerHost } from './serverCore';

export const nodeHost: ServerHost = {
  files(readOpen) {
    const configs = new ConfigFinder((path) => readOpen(pathToFileURL(path).toString()));
    const kustomize = new KustomizeFiles();
    return {
      configFor(uri) {
        const path = uriToPath(uri);
        return path === undefined ? undefined : configs.forManifest(path);
      },
      fileContextOf(uri) {
        const path = uriToPath(uri);
        return path ? kustomize.contextOf(path) : undefined;
      },
      clear() {
        configs.clear();
        kustomize.clear();
      },
      isConfig(uri) {
        const path = uriToPath(uri);
        return path !== undefined && isConfigFile(path);
      },
      loadConfig: (uri) => configs.load(uriToPath(uri) ?? uri),
      uriOf: (config) => pathToFileURL(config.path).toString(),
    };
  },
  defer: (task) => setImmediate(task),
};
