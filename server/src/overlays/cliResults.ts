/** Overlay findings as the CLI prints them: reports and SARIF results per file, and the settings an overlay is linted with. */
import { readFileSync } from 'node:fs';
import { isAbsolute, relative, resolve, sep } from 'node:path';
import { FileLinter, SARIF_RULES, toReport, type FileResult, type LintOptions } from '../cliLint';
import { LineIndex, mergeSettingsInput, normalizeSettings, sarifResults, sarifRuleIndex, type SarifRule, type Settings } from '../service';
import type { CliOverlayRun } from './cliOverlays';
import { BUILD_ERROR_RULE } from './lintOverlay';

/** The CLI's SARIF rules and the build error, appended so every other rule keeps its index. */
export const OVERLAY_SARIF_RULES: SarifRule[] = [
  ...SARIF_RULES,
  {
    id: BUILD_ERROR_RULE,
    defaultSeverity: 'error',
    description: 'kubectl kustomize (or kustomize build) could not build the overlay; nothing in it is checked through the build.',
  },
];
const RULE_INDEX = sarifRuleIndex(OVERLAY_SARIF_RULES);

/** The settings an overlay is linted with: its kustomization's nearest config (or --config) under the command-line options. */
export function overlaySettings(options: LintOptions): (kustomizationFile: string) => Settings {
  const linter = new FileLinter(options);
  return (file) => normalizeSettings(mergeSettingsInput(linter.configFor(file)?.values ?? {}, options.settings));
}

/** One result per file the overlays reported on, sorted by path; paths printed as the person gave theirs. */
export function overlayResults(run: CliOverlayRun, paths: string[], options: LintOptions): FileResult[] {
  const absolute = paths.some((p) => isAbsolute(p));
  return [...run.findings.keys()].sort().map((path) => {
    const file = absolute ? path : relative(options.cwd, path) || path;
    try {
      const lines = new LineIndex(readFileSync(path, 'utf8'));
      const findings = run.findings.get(path)!.sort((a, b) => a.start - b.start || a.rule.localeCompare(b.rule));
      const uri = relative(options.cwd, resolve(options.cwd, path)).split(sep).join('/');
      return {
        file,
        reports: findings.map((f) => toReport(file, lines, f)),
        sarif: options.sarif ? sarifResults({ uri, lines, findings }, RULE_INDEX) : [],
      };
    } catch (error) {
      return { file, reports: [], sarif: [], ioError: `${file}: ${(error as NodeJS.ErrnoException).code ?? String(error)}` };
    }
  });
}
