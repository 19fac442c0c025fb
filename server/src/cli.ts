/** `sidecar-lint [options] <files|dirs>...`: the same service as the editor, for CI pipelines. */
import { existsSync, readdirSync, statSync } from 'node:fs';
import { availableParallelism } from 'node:os';
import { isMainThread, parentPort, Worker, workerData } from 'node:worker_threads';
import { join, resolve } from 'node:path';
import { isChartDir, lintCharts } from './charts/cliCharts';
import { FileLinter, indexFiles, type FileResult, type LintOptions, type Report } from './cliLint';
import { lintOverlaysForCli } from './overlays/cliOverlays';
import { OVERLAY_SARIF_RULES, overlayResults, overlaySettings } from './overlays/cliResults';
import { RULE_IDS, toSarif } from './service';
import { VERSION } from './version';

const USAGE = `Usage: sidecar-lint [options] <files|dirs>...

Lints Kubernetes manifests (*.yaml, *.yml; directories are walked) for sidecar problems.

Options:
  --format text|json|sarif    output format (default: text); sarif is SARIF 2.1.0 for code scanning
  --kubernetes-version 1.N    target Kubernetes version (default: 1.33)
  --rule id=severity          off|info|warning|error for one rule; repeatable
  --fix                       apply every preferred fix in place (never a suggestion), then report what is left
  --config FILE               use this config file instead of the nearest .sidecar-lint.yaml
  --max-warnings N            fail (exit 1) when there are more than N warnings; errors always fail
  --values FILE               a Helm values file for the charts given (after their values.yaml); repeatable
  --helm PATH                 the helm that renders charts (default: helm on PATH)
  --kubectl PATH              kubectl that builds Kustomize overlays (\`kubectl kustomize\`; default: kubectl on PATH)
  --kustomize PATH            a kustomize binary to build overlays with (\`kustomize build\`) instead of kubectl
  -v, --version               print the version
  -h, --help                  show this help

A folder with a Chart.yaml is a Helm chart: it is rendered with 'helm template' and each finding is reported on the
template line that wrote it; its templates are not linted one by one (without helm they are, with {{ }} masked).
Settings come from the nearest .sidecar-lint.yaml above each file; options given here win over it.
A Service in any file given is checked against the pods of every file given (and they against it).
A folder with a kustomization.yaml is built, and each finding is placed on the base or patch line that set the field;
the files that build reads are not also linted one by one (patches are never linted as whole workloads).
Runs over more than 4 MiB of YAML share the files among worker threads, one per core (SIDECAR_LINT_THREADS=N sets it).
Exit status: 0 no error or warning, 1 errors or warnings found, 2 usage or I/O error.`;

interface Options {
  format: 'text' | 'json' | 'sarif';
  fix: boolean;
  config?: string;
  maxWarnings?: number;
  kubectl?: string;
  kustomize?: string;
  settings: Record<string, unknown>;
  paths: string[];
  values: string[];
  helm?: string;
}

class UsageError extends Error {}

/** `--version`: not an error, but like --help it ends the run before any file is read. */
class VersionRequest extends Error {}

function parseArgs(argv: string[]): Options {
  const options: Options = { format: 'text', fix: false, settings: {}, paths: [], values: [] };
  const rules: Record<string, string> = {};
  for (let i = 0; i < argv.length; i++) {
    const arg = argv[i];
    const [flag, inline] =
      arg.startsWith('--') && arg.includes('=') && !arg.startsWith('--rule=')
        ? [arg.slice(0, arg.indexOf('=')), arg.slice(arg.indexOf('=') + 1)]
        : [arg, undefined];
    const value = () => {
      const v = inline ?? argv[++i];
      if (v === undefined) throw new UsageError(`${flag} needs a value`);
      return v;
    };
    if (flag === '-h' || flag === '--help') throw new UsageError('');
    else if (flag === '-v' || flag === '--version') throw new VersionRequest();
    else if (flag === '--format') {
      const format = value();
      if (format !== 'text' && format !== 'json' && format !== 'sarif') throw new UsageError(`unknown format '${format}' (text, json or sarif)`);
      options.format = format;
    } else if (flag === '--kubernetes-version') {
      const version = value();
      if (!/^v?1\.\d+(\.\d+)?$/.test(version)) throw new UsageError(`'${version}' is not a Kubernetes version like 1.33`);
      options.settings.kubernetesVersion = version;
    } else if (flag === '--rule' || arg.startsWith('--rule=')) {
      const spec = arg.startsWith('--rule=') ? arg.slice('--rule='.length) : value();
      const match = /^([a-z-]+)=(off|info|warning|error)$/.exec(spec);
      if (!match || !RULE_IDS.includes(match[1])) throw new UsageError(`--rule takes id=off|info|warning|error with a known rule id, got '${spec}'`);
      rules[match[1]] = match[2];
    } else if (flag === '--fix') options.fix = true;
    else if (flag === '--config') options.config = value();
    else if (flag === '--values') options.values.push(value());
    else if (flag === '--helm') options.helm = value();
    else if (flag === '--kubectl') options.kubectl = value();
    else if (flag === '--kustomize') options.kustomize = value();
    else if (flag === '--max-warnings') {
      const max = value();
      if (!/^\d+$/.test(max)) throw new UsageError(`--max-warnings takes a whole number, got '${max}'`);
      options.maxWarnings = Number(max);
    } else if (arg.startsWith('-') && arg !== '-') throw new UsageError(`unknown option '${arg}'`);
    else options.paths.push(arg);
  }
  if (options.paths.length === 0) throw new UsageError('no files or directories given');
  if (Object.keys(rules).length > 0) options.settings.rules = rules;
  return options;
}

/**
 * Files to lint: the given files, and every *.yaml / *.yml below the given directories (sorted, no node_modules or
 * .git); folders with a Chart.yaml go to `charts` instead, linted through a render.
 */
function collectFiles(paths: string[], errors: string[], charts: string[] = []): string[] {
  const files: string[] = [];
  const walk = (dir: string) => {
    if (isChartDir(dir)) return void charts.push(dir);
    for (const entry of readdirSync(dir, { withFileTypes: true }).sort((a, b) => a.name.localeCompare(b.name))) {
      const path = join(dir, entry.name);
      if (entry.isDirectory() && entry.name !== 'node_modules' && entry.name !== '.git') walk(path);
      else if (entry.isFile() && /\.ya?ml$/i.test(entry.name)) files.push(path);
    }
  };
  for (const path of paths) {
    try {
      if (statSync(path).isDirectory()) walk(path);
      else files.push(path);
    } catch (error) {
      errors.push(`${path}: ${(error as NodeJS.ErrnoException).code === 'ENOENT' ? 'no such file or directory' : String(error)}`);
    }
  }
  return files;
}

interface SizedFile {
  file: string;
  size: number;
}

/** Files for one thread: sorted by size and dealt round-robin, so the threads finish together. */
function deal(files: SizedFile[], threads: number): string[][] {
  const bySize = [...files].sort((a, b) => b.size - a.size);
  const shares: string[][] = Array.from({ length: threads }, () => []);
  bySize.forEach((entry, i) => shares[i % threads].push(entry.file));
  return shares;
}

function fileSize(file: string): number {
  try {
    return statSync(file).size;
  } catch {
    return 0;
  }
}

// Each thread pays about a second of V8 warm-up before the parser runs fast: measured here, two threads were slower
// than one over the 1 MiB corpus and 15% faster over 8 MiB, so threads start only for large inputs.
const PARALLEL_BYTES = 4 * 1024 * 1024;

/** How many threads lint the files: one below 4 MiB of YAML, else one per core (at most 4), or SIDECAR_LINT_THREADS. */
function threadCount(sized: SizedFile[]): number {
  const bytes = sized.reduce((sum, entry) => sum + entry.size, 0);
  const requested = Number(process.env.SIDECAR_LINT_THREADS);
  if (Number.isInteger(requested) && requested > 0) return Math.min(requested, Math.max(1, sized.length));
  return bytes < PARALLEL_BYTES ? 1 : Math.min(availableParallelism(), 4, sized.length);
}

/**
 * Lints every file, sharing them among worker threads on a machine with spare cores; results keep the files' order.
 * `linter` lints the main thread's share (all of them with one thread).
 */
async function lintAll(sized: SizedFile[], options: LintOptions, threads: number, linter: FileLinter): Promise<FileResult[]> {
  const files = sized.map((entry) => entry.file);
  if (threads === 1) return files.map((file) => linter.lint(file));
  const shares = deal(sized, threads);
  const workers = shares.slice(1).map(
    (share) =>
      new Promise<FileResult[]>((resolveResults, reject) => {
        const worker = new Worker(__filename, { workerData: { files: share, options } });
        worker.once('message', (results: FileResult[]) => resolveResults(results));
        worker.once('error', reject);
      }),
  );
  const own = shares[0].map((file) => linter.lint(file));
  const byFile = new Map([...own, ...(await Promise.all(workers)).flat()].map((result) => [result.file, result]));
  return files.map((file) => byFile.get(file)!);
}

async function main(argv: string[]): Promise<number> {
  let options: Options;
  try {
    options = parseArgs(argv);
  } catch (error) {
    if (error instanceof VersionRequest) {
      process.stdout.write(`${VERSION}\n`);
      return 0;
    }
    const message = (error as Error).message;
    (message ? process.stderr : process.stdout).write(message ? `sidecar-lint: ${message}\n\n${USAGE}\n` : `${USAGE}\n`);
    return message ? 2 : 0;
  }
  const ioErrors: string[] = [];
  const config = options.config ? resolve(options.config) : undefined;
  if (config && !existsSync(config)) {
    process.stderr.write(`sidecar-lint: ${options.config}: cannot read the config file\n`);
    return 2;
  }
  const charts: string[] = [];
  const lintOptions: LintOptions = { fix: options.fix, sarif: options.format === 'sarif', settings: options.settings, config, cwd: process.cwd() };
  const overlays = await lintOverlaysForCli(options.paths, {
    cwd: lintOptions.cwd,
    kubectl: options.kubectl,
    kustomize: options.kustomize,
    settingsFor: overlaySettings(lintOptions),
  });
  const allFiles = collectFiles(options.paths, ioErrors, charts);
  // A file an overlay's build read is reported through the overlay (a base once per finding, a patch never as a workload).
  const sized = allFiles.filter((file) => !overlays.covered.has(resolve(file))).map((file) => ({ file, size: fileSize(file) }));
  const threads = threadCount(sized);
  // Services in every file given are seen by every pod, including the files an overlay's build read. One thread indexes
  // and lints with one linter, which reuses each file's analysis; worker threads get the index's entries.
  const linter = threads === 1 ? new FileLinter(lintOptions) : undefined;
  lintOptions.objects = linter ? linter.index(allFiles) : indexFiles(allFiles, lintOptions);
  const results = [
    ...(await lintAll(sized, lintOptions, threads, linter ?? new FileLinter(lintOptions))),
    ...overlayResults(overlays, options.paths, lintOptions),
  ];
  results.push(
    ...(await lintCharts(charts, lintOptions, { values: options.values, helm: options.helm }, (note) => process.stderr.write(`sidecar-lint: ${note}\n`))),
  );
  for (const note of overlays.notes) process.stderr.write(`sidecar-lint: ${note}\n`);
  const reports: Report[] = [];
  const configsReported = new Set<string>();
  for (const result of results) {
    if (result.config && !configsReported.has(result.config.path)) {
      configsReported.add(result.config.path);
      reports.push(...result.config.reports);
    }
    if (result.ioError) ioErrors.push(result.ioError);
    reports.push(...result.reports);
  }
  for (const error of ioErrors) process.stderr.write(`sidecar-lint: ${error}\n`);
  if (options.format === 'json') process.stdout.write(`${JSON.stringify(reports, null, 2)}\n`);
  else if (options.format === 'sarif')
    process.stdout.write(
      `${JSON.stringify(
        toSarif(
          results.flatMap((r) => r.sarif),
          OVERLAY_SARIF_RULES,
          VERSION,
        ),
        null,
        2,
      )}\n`,
    );
  else process.stdout.write(formatText(reports));
  if (ioErrors.length > 0) return 2;
  const warnings = reports.filter((r) => r.severity === 'warning').length;
  if (reports.some((r) => r.severity === 'error')) return 1;
  return warnings > (options.maxWarnings ?? 0) ? 1 : 0;
}

function formatText(reports: Report[]): string {
  if (reports.length === 0) return '';
  const lines = reports.map((r) => `${r.file}:${r.line}:${r.column}: ${r.severity} ${r.rule}: ${r.message}${quickFixNote(r)}`);
  const count = (s: string) => reports.filter((r) => r.severity === s).length;
  return `${lines.join('\n')}\n\n${count('error')} errors, ${count('warning')} warnings, ${count('info')} infos\n`;
}

/** The first fix, else the first suggestion, so a reader knows whether `--fix` would act on it. */
function quickFixNote(report: Report): string {
  if (report.fixes.length > 0) return ` [fix: ${report.fixes[0]}]`;
  return report.suggestions.length > 0 ? ` [suggestion: ${report.suggestions[0]}]` : '';
}

if (isMainThread) {
  void main(process.argv.slice(2)).then((code) => {
    process.exitCode = code;
  });
} else {
  // A worker thread of lintAll: lint the files it was given and send the results back.
  const { files, options } = workerData as { files: string[]; options: LintOptions };
  const linter = new FileLinter(options);
  parentPort!.postMessage(files.map((file) => linter.lint(file)));
}
