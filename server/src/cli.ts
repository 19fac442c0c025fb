/** `sidecar-lint [options] <files|dirs>...`: the same service as the editor, for CI pipelines. */
import { readdirSync, readFileSync, statSync, writeFileSync } from 'node:fs';
import { join, relative, resolve, sep } from 'node:path';
import { ConfigFinder, type LoadedConfig } from './configFiles';
import { analyzeText, fixAllText, LineIndex, mergeSettingsInput, normalizeSettings, RULE_IDS, RULES, ruleMeta, toSarif, type ResolvedFinding, type Settings } from './service';

const USAGE = `Usage: sidecar-lint [options] <files|dirs>...

Lints Kubernetes manifests (*.yaml, *.yml; directories are walked) for sidecar problems.

Options:
  --format text|json|sarif    output format (default: text); sarif is SARIF 2.1.0 for code scanning
  --kubernetes-version 1.N    target Kubernetes version (default: 1.33)
  --rule id=severity          off|info|warning|error for one rule; repeatable
  --fix                       apply every preferred fix in place, then report what is left
  --config FILE               use this config file instead of the nearest .sidecar-lint.yaml
  --max-warnings N            fail (exit 1) when there are more than N warnings; errors always fail
  -h, --help                  show this help

Settings come from the nearest .sidecar-lint.yaml above each file; options given here win over it.
Exit status: 0 no error or warning, 1 errors or warnings found, 2 usage or I/O error.`;

interface Options {
  format: 'text' | 'json' | 'sarif';
  fix: boolean;
  config?: string;
  maxWarnings?: number;
  settings: Record<string, unknown>;
  paths: string[];
}

class UsageError extends Error {}

function parseArgs(argv: string[]): Options {
  const options: Options = { format: 'text', fix: false, settings: {}, paths: [] };
  const rules: Record<string, string> = {};
  for (let i = 0; i < argv.length; i++) {
    const arg = argv[i];
    const [flag, inline] = arg.startsWith('--') && arg.includes('=') && !arg.startsWith('--rule=') ? [arg.slice(0, arg.indexOf('=')), arg.slice(arg.indexOf('=') + 1)] : [arg, undefined];
    const value = () => {
      const v = inline ?? argv[++i];
      if (v === undefined) throw new UsageError(`${flag} needs a value`);
      return v;
    };
    if (flag === '-h' || flag === '--help') throw new UsageError('');
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
    else if (flag === '--max-warnings') {
      const max = value();
      if (!/^\d+$/.test(max)) throw new UsageError(`--max-warnings takes a whole number, got '${max}'`);
      options.maxWarnings = Number(max);
    }
    else if (arg.startsWith('-') && arg !== '-') throw new UsageError(`unknown option '${arg}'`);
    else options.paths.push(arg);
  }
  if (options.paths.length === 0) throw new UsageError('no files or directories given');
  if (Object.keys(rules).length > 0) options.settings.rules = rules;
  return options;
}

/** Files to lint: the given files, and every *.yaml / *.yml below the given directories (sorted, no node_modules or .git). */
function collectFiles(paths: string[], errors: string[]): string[] {
  const files: string[] = [];
  const walk = (dir: string) => {
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

interface Report {
  file: string;
  line: number;
  column: number;
  endLine: number;
  endColumn: number;
  severity: string;
  rule: string;
  message: string;
  fixes: string[];
}

function toReport(file: string, lines: LineIndex, finding: ResolvedFinding): Report {
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
    fixes: finding.fixes.map((f) => f.title),
  };
}

function main(argv: string[]): number {
  let options: Options;
  try {
    options = parseArgs(argv);
  } catch (error) {
    const message = (error as Error).message;
    (message ? process.stderr : process.stdout).write(message ? `sidecar-lint: ${message}\n\n${USAGE}\n` : `${USAGE}\n`);
    return message ? 2 : 0;
  }
  const ioErrors: string[] = [];
  const reports: Report[] = [];
  const sarifFiles: Parameters<typeof toSarif>[0] = [];
  const finder = new ConfigFinder();
  const explicit = options.config ? finder.load(resolve(options.config)) : undefined;
  if (explicit && explicit.text === '' && explicit.problems.length > 0) ioErrors.push(`${options.config}: cannot read the config file`);
  const reportedConfigs = new Set<string>();
  const settingsFor = (file: string): Settings => {
    const config = explicit ?? finder.forManifest(resolve(file));
    if (config && !reportedConfigs.has(config.path)) {
      reportedConfigs.add(config.path);
      reports.push(...configReports(config));
    }
    // Flags win over the config file, which wins over the defaults.
    const merged = mergeSettingsInput(config?.values ?? {}, options.settings);
    return normalizeSettings(merged);
  };
  for (const file of collectFiles(options.paths, ioErrors)) {
    try {
      let text = readFileSync(file, 'utf8');
      const settings = settingsFor(file);
      let analysis = analyzeText(text, settings);
      if (options.fix) {
        const fixed = fixAllText(analysis, settings);
        if (fixed !== text) {
          writeFileSync(file, fixed);
          text = fixed;
          analysis = analyzeText(text, settings);
        }
      }
      const lines = new LineIndex(text);
      const inOrder = [...analysis.findings].sort((a, b) => a.start - b.start || a.rule.localeCompare(b.rule));
      reports.push(...inOrder.map((f) => toReport(file, lines, f)));
      sarifFiles.push({ uri: relative(process.cwd(), resolve(file)).split(sep).join('/'), lines, findings: inOrder });
    } catch (error) {
      ioErrors.push(`${file}: ${(error as NodeJS.ErrnoException).code ?? String(error)}`);
    }
  }
  for (const error of ioErrors) process.stderr.write(`sidecar-lint: ${error}\n`);
  if (options.format === 'json') process.stdout.write(`${JSON.stringify(reports, null, 2)}\n`);
  else if (options.format === 'sarif') process.stdout.write(`${JSON.stringify(sarif(sarifFiles), null, 2)}\n`);
  else process.stdout.write(formatText(reports));
  if (ioErrors.length > 0) return 2;
  const warnings = reports.filter((r) => r.severity === 'warning').length;
  if (reports.some((r) => r.severity === 'error')) return 1;
  return warnings > (options.maxWarnings ?? 0) ? 1 : 0;
}

/** A bad config file is reported as errors on the config file itself; its valid entries still apply. */
function configReports(config: LoadedConfig): Report[] {
  const lines = new LineIndex(config.text);
  return config.problems.map((p) => ({ ...toReport(config.path, lines, { rule: 'config', start: p.start, end: p.end, message: p.message, severity: 'error', fixes: [] }) }));
}

function sarif(files: Parameters<typeof toSarif>[0]): object {
  const rules = [...RULES.map((r) => ({ id: r.id, description: r.description, defaultSeverity: r.defaultSeverity })), ruleMeta('yaml-syntax')!];
  return toSarif(files, rules, VERSION);
}

declare const __VERSION__: string | undefined;
const VERSION = typeof __VERSION__ === 'string' ? __VERSION__ : '0.0.0';

function formatText(reports: Report[]): string {
  if (reports.length === 0) return '';
  const lines = reports.map((r) => `${r.file}:${r.line}:${r.column}: ${r.severity} ${r.rule}: ${r.message}${r.fixes.length ? ` [fix: ${r.fixes[0]}]` : ''}`);
  const count = (s: string) => reports.filter((r) => r.severity === s).length;
  return `${lines.join('\n')}\n\n${count('error')} errors, ${count('warning')} warnings, ${count('info')} infos\n`;
}

process.exitCode = main(process.argv.slice(2));
