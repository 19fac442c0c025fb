#!/usr/bin/env node
// The GitHub Action's logic (action.yml runs it), kept here so `npm test` can run it as a process with the inputs a
// runner gives: lints with the CLI into a SARIF file, counts the findings, writes step outputs and a job summary, and
// exits 1 when findings reach the fail-on threshold (0 below it, 2 for bad inputs or files the CLI could not read).
//
// Inputs (env, as action.yml passes them): INPUT_PATHS (whitespace-separated files or directories, default "."),
// INPUT_KUBERNETES_VERSION, INPUT_CONFIG, INPUT_FAIL_ON (error|warning|info|none, default error), INPUT_SARIF_FILE
// (default sidecar-lint.sarif). SIDECAR_LINT_CLI overrides the CLI (default: dist/cli.js next to this script).
import { spawnSync } from 'node:child_process';
import { appendFileSync, existsSync, mkdirSync, writeFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';

const THRESHOLDS = ['error', 'warning', 'info', 'none'];
const input = (name, fallback = '') => (process.env[`INPUT_${name}`] ?? '').trim() || fallback;

/** `::error::` is how a step reports a problem in the run's log and annotations. */
function fail(message) {
  console.log(`::error title=sidecar-lint::${message}`);
  writeOutputs({ 'exit-code': 2 });
  process.exit(2);
}

function writeOutputs(outputs) {
  if (!process.env.GITHUB_OUTPUT) return;
  appendFileSync(
    process.env.GITHUB_OUTPUT,
    Object.entries(outputs)
      .map(([k, v]) => `${k}=${v}\n`)
      .join(''),
  );
}

const failOn = input('FAIL_ON', 'error');
if (!THRESHOLDS.includes(failOn)) fail(`fail-on must be one of ${THRESHOLDS.join(', ')}, not '${failOn}'.`);
const sarifFile = input('SARIF_FILE', 'sidecar-lint.sarif');
const paths = input('PATHS', '.').split(/\s+/);
const version = input('KUBERNETES_VERSION');
const config = input('CONFIG');
const cli = process.env.SIDECAR_LINT_CLI || join(dirname(fileURLToPath(import.meta.url)), '..', 'dist', 'cli.js');
if (!existsSync(cli)) fail(`the CLI is missing at ${cli} (action.yml builds it first).`);

// Errors are counted by the exit status (config-file problems are errors too but not SARIF results), so warnings
// must not fail the CLI: --max-warnings lifts that, and the warnings and infos are counted from the SARIF.
const args = ['--format', 'sarif', '--max-warnings', String(2 ** 31)];
if (version) args.push('--kubernetes-version', version);
if (config) args.push('--config', config);
const run = spawnSync(process.execPath, [cli, ...args, ...paths], { encoding: 'utf8', maxBuffer: 512 * 1024 * 1024 });
process.stderr.write(run.stderr ?? '');

let sarif;
try {
  sarif = JSON.parse(run.stdout);
} catch {
  fail(`sidecar-lint printed no SARIF (exit ${run.status ?? run.signal}): ${(run.stderr ?? '').split('\n')[0]}`);
}
mkdirSync(dirname(sarifFile), { recursive: true });
writeFileSync(sarifFile, run.stdout);

const results = sarif.runs.flatMap((r) => r.results ?? []);
const count = (level) => results.filter((r) => r.level === level).length;
const errors = count('error');
const warnings = count('warning');
const infos = count('note');
const hasErrors = run.status === 1 || errors > 0;
const reached = { error: hasErrors, warning: hasErrors || warnings > 0, info: hasErrors || warnings + infos > 0, none: false }[failOn];
const exitCode = run.status === 2 ? 2 : reached ? 1 : 0;

writeOutputs({ 'sarif-file': sarifFile, errors, warnings, infos, 'exit-code': exitCode });
if (process.env.GITHUB_STEP_SUMMARY) appendFileSync(process.env.GITHUB_STEP_SUMMARY, summary());

const verdict = exitCode === 2 ? 'some files could not be read' : exitCode === 1 ? `findings at or above '${failOn}'` : `nothing at or above '${failOn}'`;
console.log(`sidecar-lint: ${errors} errors, ${warnings} warnings, ${infos} infos in ${sarifFile}; ${verdict}.`);
if (run.status === 1 && errors === 0) console.log('::error title=sidecar-lint::the config file has problems; run sidecar-lint locally to see them.');
process.exit(exitCode);

/** Markdown for the job summary: the counts and the first findings with their places. */
function summary() {
  const cell = (text) => String(text).replace(/\|/g, '\\|').replace(/\n/g, ' ');
  const lines = [
    '### sidecar-lint',
    '',
    '| errors | warnings | infos | fail-on | result |',
    '|---|---|---|---|---|',
    `| ${errors} | ${warnings} | ${infos} | ${failOn} | ${exitCode === 0 ? 'passed' : 'failed'} |`,
    '',
  ];
  const shown = results.slice(0, 50);
  if (shown.length > 0) {
    lines.push('| level | rule | where | message |', '|---|---|---|---|');
    for (const r of shown) {
      const location = r.locations?.[0]?.physicalLocation;
      const where = `${location?.artifactLocation?.uri ?? '?'}:${location?.region?.startLine ?? '?'}`;
      lines.push(`| ${r.level} | ${cell(r.ruleId)} | ${cell(where)} | ${cell(r.message?.text ?? '')} |`);
    }
    if (results.length > shown.length) lines.push('', `and ${results.length - shown.length} more in ${sarifFile}.`);
  }
  return `${lines.join('\n')}\n`;
}
