/** `sidecar-lint chart/`: a folder with Chart.yaml is linted through `helm template`, its findings reported on templates. */
import { existsSync } from 'node:fs';
import { join, relative, resolve, sep } from 'node:path';
import { ConfigFinder } from '../configFiles';
import { FileLinter, SARIF_RULES, type FileResult, type LintOptions, type Report } from '../cliLint';
import { createLanguageService, mergeSettingsInput, normalizeSettings, sarifRuleIndex } from '../service';
import { lintChart, type ChartFinding } from './lintChart';
import { templateFiles } from './render';

export interface ChartOptions {
  /** Values files given with --values, after the chart's own values.yaml. */
  values: string[];
  /** --helm, else `helm` on PATH. */
  helm?: string;
}

/** A folder is a chart when it holds a Chart.yaml. */
export function isChartDir(dir: string): boolean {
  return existsSync(join(dir, 'Chart.yaml'));
}

const LEVEL = { error: 'error', warning: 'warning', info: 'note' } as const;
const RULE_INDEX = sarifRuleIndex(SARIF_RULES);

function toReport(file: string, f: ChartFinding): Report {
  return {
    file,
    line: f.line + 1,
    column: f.character + 1,
    endLine: f.endLine + 1,
    endColumn: f.endCharacter + 1,
    severity: f.severity,
    rule: f.rule,
    message: f.message,
    fixes: [],
    // Findings in templates offer only the suppression comment in this version (none in the CLI).
    suggestions: [],
  };
}

function sarifOf(uriOf: (file: string) => string, f: ChartFinding): object {
  const region = (r: { line: number; character: number; endLine: number; endCharacter: number }) => ({
    startLine: r.line + 1,
    startColumn: r.character + 1,
    endLine: r.endLine + 1,
    endColumn: r.endCharacter + 1,
  });
  return {
    ruleId: f.rule,
    ...(RULE_INDEX.has(f.rule) ? { ruleIndex: RULE_INDEX.get(f.rule) } : {}),
    level: LEVEL[f.severity],
    message: { text: f.message },
    locations: [{ physicalLocation: { artifactLocation: { uri: uriOf(f.file) }, region: region(f) } }],
    ...(f.related.length
      ? {
          relatedLocations: f.related.map((r, id) => ({
            id,
            message: { text: r.message },
            physicalLocation: { artifactLocation: { uri: uriOf(r.file) }, region: region(r) },
          })),
        }
      : {}),
  };
}

/**
 * Lints each chart through a render, one result per template file with findings. Without helm each template is linted
 * on its own (the masked lint) and `note` is called once to say how to get the full analysis.
 */
export async function lintCharts(charts: string[], options: LintOptions, chartOptions: ChartOptions, note: (message: string) => void): Promise<FileResult[]> {
  const finder = new ConfigFinder();
  const service = createLanguageService();
  const results: FileResult[] = [];
  let noted = false;
  const display = (abs: string) => relative(options.cwd, abs) || '.';
  const uriOf = (abs: string) => relative(options.cwd, abs).split(sep).join('/');
  for (const chart of charts) {
    const chartDir = resolve(options.cwd, chart);
    const config = options.config ? finder.load(options.config) : finder.forManifest(join(chartDir, 'Chart.yaml'));
    const settings = normalizeSettings(mergeSettingsInput(config?.values ?? {}, options.settings));
    const lint = await lintChart({
      chartDir,
      valuesFiles: chartOptions.values.map((v) => resolve(options.cwd, v)),
      helm: chartOptions.helm,
      timeoutMs: 60_000,
      settings,
      service,
    });
    if (lint.error?.kind === 'not-found') {
      if (!noted)
        note(
          `${lint.error.message}: charts are linted template by template with their {{ }} actions masked, which finds less. Install helm or pass --helm PATH for the full analysis.`,
        );
      noted = true;
      const linter = new FileLinter(options);
      // Only the YAML templates: _helpers.tpl holds defines, not manifests.
      for (const rel of templateFiles(chartDir).filter((f) => /\.ya?ml$/i.test(f))) results.push(linter.lint(join(chart, rel)));
      continue;
    }
    if (lint.error && lint.findings.length === 0) {
      results.push({ file: chart, reports: [], sarif: [], ioError: `${chart}: ${lint.error.message}` });
      continue;
    }
    const byFile = new Map<string, ChartFinding[]>();
    for (const f of lint.findings) byFile.set(f.file, [...(byFile.get(f.file) ?? []), f]);
    for (const [file, findings] of byFile)
      results.push({
        file: display(file),
        reports: findings.map((f) => toReport(display(file), f)),
        sarif: options.sarif ? findings.map((f) => sarifOf(uriOf, f)) : [],
      });
  }
  return results;
}
