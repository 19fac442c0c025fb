/** `sidecar-lint [options] <files|dirs>...`: the same service as the editor, for CI pipelines. */
import { readdirSync, readFileSync, statSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { analyzeText, fixAllText, LineIndex, normalizeSettings, RULE_IDS, type ResolvedFinding } from './service';

const USAGE = `Usage: sidecar-lint [options] <files|dirs>...

Lints Kubernetes manifests (*.yaml, *.yml; directories are walked) for sidecar problems.

Options:
  --format text|json          output format (default: text)
  --kubernetes-version 1.N    target Kubernetes version (default: 1.33)
  --rule id=severity          off|info|warning|error for one rule; repeatable
  --fix                       apply every preferred fix in place, then report what is left
  -h, --help                  show this help

Exit status: 0 no error or warning, 1 errors or warnings found, 2 usage or I/O error.`;

interface Options {
  format: 'text' | 'json';
  fix: boolean;
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
      if (format !== 'text' && format !== 'json') throw new UsageError(`unknown format '${format}' (text or json)`);
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
    else if (arg.startsWith('-') && arg !== '-') throw new UsageError(`unknown option '${arg}'`);
    else options.paths.push(arg);
  }
  if (options.paths.length === 0) throw new UsageError('no files or directories given');
  options.settings.rules = rules;
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
  const settings = normalizeSettings(options.settings);
  const ioErrors: string[] = [];
  const reports: Report[] = [];
  for (const file of collectFiles(options.paths, ioErrors)) {
    let text: string;
    try {
      text = readFileSync(file, 'utf8');
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
    } catch (error) {
      ioErrors.push(`${file}: ${(error as NodeJS.ErrnoException).code ?? String(error)}`);
    }
  }
  for (const error of ioErrors) process.stderr.write(`sidecar-lint: ${error}\n`);
  if (options.format === 'json') process.stdout.write(`${JSON.stringify(reports, null, 2)}\n`);
  else process.stdout.write(formatText(reports));
  if (ioErrors.length > 0) return 2;
  return reports.some((r) => r.severity === 'error' || r.severity === 'warning') ? 1 : 0;
}

function formatText(reports: Report[]): string {
  if (reports.length === 0) return '';
  const lines = reports.map((r) => `${r.file}:${r.line}:${r.column}: ${r.severity} ${r.rule}: ${r.message}${r.fixes.length ? ` [fix: ${r.fixes[0]}]` : ''}`);
  const count = (s: string) => reports.filter((r) => r.severity === s).length;
  return `${lines.join('\n')}\n\n${count('error')} errors, ${count('warning')} warnings, ${count('info')} infos\n`;
}

process.exitCode = main(process.argv.slice(2));
