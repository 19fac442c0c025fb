/**
 * Whether a file is a template of a Helm chart: it sits under `<chart>/templates/` and `<chart>/Chart.yaml` exists.
 * Helm renders every file there but NOTES.txt and those whose name starts with `_` (helpers such as `_helpers.tpl`),
 * which are never linted. The adapters pass the answer in `Settings.fileContext.helmChart`.
 */
import { existsSync } from 'node:fs';
import { basename, dirname, join, resolve } from 'node:path';
import type { FileContext } from './service/pod/source';

/** How deep under `templates/` a template may sit (Helm reads subfolders too). */
const MAX_LEVELS_UP = 6;

/** Looks for Chart.yaml once per folder; one instance per CLI run, cleared by the server when files change. */
export class ChartFiles {
  private readonly hasChart = new Map<string, boolean>();

  clear(): void {
    this.hasChart.clear();
  }

  /** `{ helmChart }` for a file of a chart's templates folder, else nothing. */
  contextOf(path: string): FileContext {
    const kind = this.kindOf(path);
    return kind ? { helmChart: kind } : {};
  }

  kindOf(path: string): 'template' | 'support' | undefined {
    if (!this.chartOf(path)) return undefined;
    const name = basename(path);
    return name.startsWith('_') || name === 'NOTES.txt' ? 'support' : 'template';
  }

  /** The chart folder whose `templates/` holds the file (helpers and subfolders too), else nothing. */
  chartOf(path: string): string | undefined {
    let dir = dirname(resolve(path));
    for (let level = 0; level < MAX_LEVELS_UP && dirname(dir) !== dir; level++, dir = dirname(dir)) {
      if (basename(dir) === 'templates' && this.chartAt(dirname(dir))) return dirname(dir);
    }
    return undefined;
  }

  private chartAt(dir: string): boolean {
    let found = this.hasChart.get(dir);
    if (found === undefined) this.hasChart.set(dir, (found = existsSync(join(dir, 'Chart.yaml'))));
    return found;
  }
}
