/**
 * The Node process's host: config, Kustomize, chart and build-tool files come from the disk (an open editor buffer wins), by path;
 * the workspace folders are scanned from disk, Helm charts rendered with the helm process and overlays built with kubectl.
 */
import { pathToFileURL } from 'node:url';
import { BuildToolImages, withRewrittenImages } from './buildToolImages';
import { ChartFiles } from './chartFiles';
import { ChartScheduler } from './charts/scheduler';
import { ConfigFinder, isConfigFile, uriToPath } from './configFiles';
import { KustomizeFiles } from './kustomizeFiles';
import { OverlayScheduler } from './overlays/scheduler';
import type { ServerHost } from './serverCore';
import { isTestDataPath } from './service/pod/testData';
import { WorkspaceIndex } from './workspaceIndex';

export const nodeHost: ServerHost = {
  files(readOpen) {
    const configs = new ConfigFinder((path) => readOpen(pathToFileURL(path).toString()));
    const kustomize = new KustomizeFiles();
    const buildTools = new BuildToolImages();
    const charts = new ChartFiles();
    return {
      configFor(uri) {
        const path = uriToPath(uri);
        return path === undefined ? undefined : configs.forManifest(path);
      },
      fileContextOf(uri) {
        const path = uriToPath(uri);
        if (!path) return undefined;
        // A chart template is linted with its actions masked (fileContext.helmChart).
        const context = withRewrittenImages({ ...kustomize.contextOf(path), ...charts.contextOf(path) }, buildTools.rewrittenImages(path));
        // Relative to the workspace is unknown here: the whole path is read, so a workspace inside a `testdata` tree counts.
        if (isTestDataPath(path)) context.testData = true;
        return context;
      },
      clear() {
        configs.clear();
        kustomize.clear();
        buildTools.clear();
        charts.clear();
      },
      isConfig(uri) {
        const path = uriToPath(uri);
        return path !== undefined && isConfigFile(path);
      },
      affectsFileContext(uri) {
        const path = uriToPath(uri);
        return path !== undefined && (kustomize.dependsOn(path) || buildTools.dependsOn(path));
      },
      loadConfig: (uri) => configs.load(uriToPath(uri) ?? uri),
      uriOf: (config) => pathToFileURL(config.path).toString(),
    };
  },
  defer: (task) => setImmediate(task),
  pathOf: uriToPath,
  workspace: (objects, isOpen) => new WorkspaceIndex(objects, isOpen),
  charts: (host, trusted) => new ChartScheduler(host, trusted),
  overlays: (host, trusted) => new OverlayScheduler(host, trusted),
};
