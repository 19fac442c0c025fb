/** Lints one file for the CLI (the same in the main thread and in worker threads): reports, SARIF results, --fix. */
import { readFileSync, writeFileSync } from 'node:fs';
import { relative, resolve, sep } from 'node:path';
import { ConfigFinder, type LoadedConfig } from './configFiles';
import { ChartFiles } from './chartFiles';
import { BuildToolImages, withRewrittenImages } from './buildToolImages';
import { KustomizeFiles } from './kustomizeFiles';
import { isTestDataPath } from './service/pod/testData';
import {
  Analyzer,
  createLanguageService,
  LineIndex,
  mergeSettingsInput,
  normalizeSettings,
  ObjectIndex,
  RULES,
  ruleMeta,
  sarifResults,
  sarifRuleIndex,
  type ObjectSummary,
  type ResolvedFinding,
  type SarifRule,
  type Settings,
} from './service';

export interface Report {
  file: string;
  line: number;
  column: number;
  endLine: number;
  endColumn: number;
  severity: string;
  rule: string;
  message: string;
  /** Titles of the fixes (`--fix` applies the preferred one). */
  fixes: string[];
  /** Titles of the suggestions: quick fixes that need a person's judgement, never applied by `--fix`. */
  suggestions: string[];
}

/** What the CLI asked for, as plain data a worker thread can receive. */
export interface LintOptions {
  fix: boolean;
  sarif: boolean;
  /** Settings from the command line (win over config files). */
  settings: Record<string, unknown>;
  /** An explicit --config file (absolute), else the nearest .sidecar-lint.yaml of each file applies. */
  config?: string;
  cwd: string;
  /** The Services and pods of every file given (`indexFiles`), by absolute path: each file's rules see the others'. */
  objects?: [string, ObjectSummary][];
}

export interface FileResult {
  file: string;
  reports: Report[];
  sarif: object[];
  /** The config file that applied, with its problems as reports (the caller prints each config once). */
  config?: { path: string; reports: Report[] };
  ioError?: string;
}

export const SARIF_RULES: SarifRule[] = [
  ...RULES.map((r) => ({ id: r.id, description: r.description, defaultSeverity: r.defaultSeverity })),
  ruleMeta('yaml-syntax')!,
  ruleMeta('analysis-budget')!,
];
const RULE_INDEX = sarifRuleIndex(SARIF_RULES);

export function toReport(file: string, lines: LineIndex, finding: Pick<ResolvedFinding, 'start' | 'end' | 'severity' | 'rule' | 'message' | 'fixes'>): Report {
  const start = lines.positionAt(finding.start);
  const end = lines.positionAt(finding.end);
  return {
    file,
    line: start.line + 1,
    column: start.character + 1,
    endLine: end.line + 1,
    endColumn: end.character + 1,
    severity: finding.severity,
    rule: finding.rule,
    message: finding.message,
    fixes: finding.fixes.filter((f) => f.kind !== 'suggestion').map((f) => f.title),
    suggestions: finding.fixes.filter((f) => f.kind === 'suggestion').map((f) => f.title),
  };
}

/** A bad config file is reported as errors on the config file itself; its valid entries still apply. */
function configReports(config: LoadedConfig): Report[] {
  const lines = new LineIndex(config.text);
  return config.problems.map((p) =>
    toReport(config.path, lines, { rule: 'config', start: p.start, end: p.end, message: p.message, severity: 'error', fixes: [] }),
  );
}

// A Service selects pods in other files and a Namespace injects them; without either in any file, no file's findings depend on another's.
const HAS_CONTEXT_OBJECT = /\bkind:\s*["']?(Service|Namespace)["']?\s*$/m;

/** The texts of the files that can be read (the others are reported when they are linted). */
function readAll(files: readonly string[], cwd: string): { path: string; text: string }[] {
  const texts: { path: string; text: string }[] = [];
  for (const file of files) {
    const path = resolve(cwd, file);
    try {
      texts.push({ path, text: readFileSync(path, 'utf8') });
    } catch {
      // Reported when the file is linted.
    }
  }
  return texts;
}

/**
 * The objects of every file, read before any is linted (the main thread, before worker threads start), so that a
 * Service in one file and the Deployment it selects in another see each other (a Namespace and its pods too). Empty when
 * no file has a Service or Namespace.
 */
export function indexFiles(files: readonly string[], options: LintOptions): [string, ObjectSummary][] {
  const texts = readAll(files, options.cwd);
  if (!texts.some(({ text }) => HAS_CONTEXT_OBJECT.test(text))) return [];
  const linter = new FileLinter(options);
  const index = new ObjectIndex(normalizeSettings(options.settings));
  for (const { path, text } of texts) index.addText(path, text, linter.settingsFor(path));
  return index.entries();
}

/** One linter per thread: config lookups are cached across the files it lints. */
export class FileLinter {
  private readonly finder = new ConfigFinder();
  private readonly kustomize = new KustomizeFiles();
  private readonly buildTools = new BuildToolImages();
  private readonly charts = new ChartFiles();
  private readonly service = createLanguageService();
  private objects?: ObjectIndex;
  /** Files analysed on their own while indexing: linting one in the world of the others re-analyses only what that changes. */
  private readonly analysed = new Map<string, { text: string; analyzer: Analyzer }>();

  constructor(private readonly options: LintOptions) {
    if (options.objects?.length) this.objects = ObjectIndex.from(normalizeSettings(options.settings), options.objects);
  }

  /**
   * `indexFiles` for a linter that then lints the same files itself: each file is analysed once with the settings its
   * lint uses, its documents' objects go into the index, and its lint reuses that analysis, so a file is parsed once
   * more only where another file's Service or Namespace changes what its documents see.
   */
  index(files: readonly string[]): [string, ObjectSummary][] {
    const texts = readAll(files, this.options.cwd);
    if (!texts.some(({ text }) => HAS_CONTEXT_OBJECT.test(text))) return [];
    const index = new ObjectIndex(normalizeSettings(this.options.settings));
    for (const { path, text } of texts) {
      const analyzer = new Analyzer();
      const lines = new LineIndex(text);
      index.putChunks(path, analyzer.analyze(text, this.lintSettings(path).settings).chunks, (offset) => lines.positionAt(offset));
      this.analysed.set(path, { text, analyzer });
    }
    this.objects = index;
    return index.entries();
  }

  /** The settings that apply to a file, without its file context. */
  settingsFor(path: string): Settings {
    return this.settingsFrom(this.configFor(path));
  }

  /** Flags win over the config file, which wins over the defaults. */
  private settingsFrom(config: LoadedConfig | undefined): Settings {
    return normalizeSettings(mergeSettingsInput(config?.values ?? {}, this.options.settings));
  }

  /** The config that applies: the explicit one, else the nearest above the file. */
  configFor(file: string): LoadedConfig | undefined {
    return this.options.config ? this.finder.load(this.options.config) : this.finder.forManifest(resolve(this.options.cwd, file));
  }

  /** The config that applies and the settings a file is linted with. */
  private lintSettings(path: string): { config?: LoadedConfig; settings: Settings } {
    const config = this.configFor(path);
    const settings = this.settingsFrom(config);
    // A Kustomize patch is a fragment, and images a kustomization, skaffold or an OpenShift release build rewrites are
    // pinned there; a chart template is masked.
    settings.fileContext = withRewrittenImages({ ...this.kustomize.contextOf(path), ...this.charts.contextOf(path) }, this.buildTools.rewrittenImages(path));
    if (isTestDataPath(relative(this.options.cwd, path))) settings.fileContext.testData = true;
    return { config, settings };
  }

  lint(file: string): FileResult {
    try {
      const path = resolve(this.options.cwd, file);
      const { config, settings } = this.lintSettings(path);
      const original = readFileSync(path, 'utf8');
      const kept = this.analysed.get(path);
      this.analysed.delete(path);
      const analyzer = kept?.text === original ? kept.analyzer : undefined;
      const { text, findings: found } = this.service.lintText(original, settings, { fix: this.options.fix, around: this.objects?.around(path), analyzer });
      if (text !== original) writeFileSync(resolve(this.options.cwd, file), text);
      const lines = new LineIndex(text);
      const findings = [...found].sort((a, b) => a.start - b.start || a.rule.localeCompare(b.rule));
      const uri = relative(this.options.cwd, resolve(this.options.cwd, file)).split(sep).join('/');
      return {
        file,
        reports: findings.map((f) => toReport(file, lines, f)),
        sarif: this.options.sarif ? sarifResults({ uri, lines, findings }, RULE_INDEX) : [],
        config: config && { path: config.path, reports: configReports(config) },
      };
    } catch (error) {
      return { file, reports: [], sarif: [], ioError: `${file}: ${(error as NodeJS.ErrnoException).code ?? String(error)}` };
    }
  }
}
