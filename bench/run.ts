/** `npm run bench`: our server and yaml-language-server on the same inputs, the parse floor, the CLI; prints and saves the tables. */
import { existsSync, mkdirSync, rmSync, writeFileSync } from 'node:fs';
import { homedir, loadavg, setPriority } from 'node:os';
import { join } from 'node:path';
import { chartsMarkdown, measureCharts, type ChartBenchRow } from './charts/run';
import { measureCli, measureNodeStartup } from './cli/run';
import { corpusFiles } from './corpus';
import { measureFloor } from './floor/run';
import { measureFiles, writeGenerated } from './inputs';
import { measureOpenOnly, renderOpenOnly } from './openOnly';
import { measureOverlays, overlaysMarkdown, type OverlayBenchRow } from './overlays/run';
import { runCorpusCase } from './lsp/corpusCase';
import { runFileCase, type FileCaseOptions } from './lsp/fileCase';
import { detectIsolation, sidecarLintPlan, yamlLsPlan, type LaunchPlan, type ServerId } from './lsp/servers';
import { isFullRun, parseOptions, SIZES, type Options } from './options';
import { corpusDir, ourServer, repoRoot, resultsDir, scratchDir } from './paths';
import { buildForProfiling } from './profile/build';
import { renderHot } from './profile/summary';
import { machine, versions } from './environment';
import { renderMarkdown } from './report/markdown';
import { judgeTargets } from './report/targets';
import type { BenchResult, CliResult, InputResult, ServerCaseResult } from './report/types';
import { summarize } from './stats';

const log = (line: string): void => void process.stderr.write(`[bench] ${line}\n`);

function caseOptions(options: Options, lines: number): FileCaseOptions {
  const big = lines > 20_000;
  return {
    edits: options.edits,
    repeats: options.repeats,
    openRuns: options.openRuns,
    editBudgetMs: big ? 90_000 : 60_000,
    openTimeoutMs: big ? 90_000 : 30_000,
    stepTimeoutMs: big ? 30_000 : 15_000,
  };
}

async function plans(options: Options, notes: string[]): Promise<Map<ServerId, LaunchPlan | undefined>> {
  const isolation = detectIsolation();
  let ours: LaunchPlan | undefined;
  if (options.cpuProf) {
    const script = await buildForProfiling('server');
    ours = sidecarLintPlan(isolation, ['--cpu-prof', `--cpu-prof-dir=${join(scratchDir, 'cpuprof')}`], script);
    notes.push(`Profiled run: sidecar-lint ran as an unminified build under node --cpu-prof; its timings are not comparable with unprofiled runs.`);
  } else {
    ours = sidecarLintPlan(isolation, []);
  }
  if (!ours && options.servers.includes('sidecar-lint')) {
    log(`NOTICE: ${ourServer} does not exist, so every sidecar-lint run is skipped (build it with npm run build).`);
    notes.push('dist/server.js was missing: sidecar-lint was not measured in this run.');
  }
  return new Map<ServerId, LaunchPlan | undefined>([
    ['sidecar-lint', options.servers.includes('sidecar-lint') ? ours : undefined],
    ['yaml-language-server', options.servers.includes('yaml-language-server') ? yamlLsPlan(isolation) : undefined],
  ]);
}

async function eachServer(
  servers: Map<ServerId, LaunchPlan | undefined>,
  label: string,
  run: (plan: LaunchPlan) => Promise<ServerCaseResult>,
): Promise<ServerCaseResult[]> {
  const results: ServerCaseResult[] = [];
  for (const [id, plan] of servers) {
    if (!plan) {
      results.push({ server: id, status: 'skipped', note: id === 'sidecar-lint' ? 'dist/server.js not built' : 'not selected or not installed' });
      continue;
    }
    log(`${label}: ${id}…`);
    const result = await run(profiledAs(plan, label));
    log(`${label}: ${id} ${result.status}${result.note ? ` (${result.note})` : ''}`);
    results.push(result);
  }
  return results;
}

/** A profiled server writes its profile into a folder per input, so each case can be read on its own. */
function profiledAs(plan: LaunchPlan, label: string): LaunchPlan {
  const args = plan.args.map((a) => (a.startsWith('--cpu-prof-dir=') ? `--cpu-prof-dir=${join(scratchDir, 'cpuprof', label)}` : a));
  return { ...plan, args };
}

async function generatedInput(options: Options, id: string, servers: Map<ServerId, LaunchPlan | undefined>): Promise<InputResult> {
  const input = writeGenerated(id, SIZES[id] ?? 0, options.seed);
  const { manifest } = input;
  const result: InputResult = {
    id,
    path: input.path,
    files: 1,
    lines: manifest.lines,
    documents: manifest.documents,
    bytes: Buffer.byteLength(manifest.text),
    sha256: input.sha256,
    servers: [],
  };
  log(`${id}: ${manifest.lines} lines, ${manifest.documents} documents in ${input.path}; parse floor…`);
  try {
    const floor = await measureFloor({ files: [input.path], wholeRepeats: 5, document: manifest.anchor, documentRepeats: 50 }, options.openRuns);
    result.floor = {
      wholeColdMs: summarize(floor.coldSamples).median,
      wholeColdSamples: floor.coldSamples,
      wholeWarm: summarize(floor.wholeWarm),
      document: summarize(floor.document),
      documentLines: manifest.anchor.end - manifest.anchor.start + 1,
    };
  } catch (error) {
    result.floorError = error instanceof Error ? error.message : String(error);
  }
  result.servers = await eachServer(servers, id, (plan) => runFileCase(plan, input.path, manifest, caseOptions(options, manifest.lines)));
  return result;
}

async function corpusInput(options: Options, servers: Map<ServerId, LaunchPlan | undefined>, dir: string): Promise<InputResult> {
  const files = corpusFiles(dir);
  const { lines, bytes } = measureFiles(files);
  const result: InputResult = { id: 'corpus', path: dir, files: files.length, lines, bytes, servers: [] };
  log(`corpus: ${files.length} files, ${lines} lines in ${dir}; parse floor…`);
  try {
    const floor = await measureFloor({ files, wholeRepeats: 5, documentRepeats: 0 }, options.openRuns);
    result.floor = { wholeColdMs: summarize(floor.coldSamples).median, wholeColdSamples: floor.coldSamples, wholeWarm: summarize(floor.wholeWarm) };
  } catch (error) {
    result.floorError = error instanceof Error ? error.message : String(error);
  }
  result.servers = await eachServer(servers, 'corpus', (plan) => runCorpusCase(plan, files, options.openRuns, 120_000));
  return result;
}

async function main(): Promise<number> {
  const started = performance.now();
  const loadBefore = loadavg()[0] ?? 0;
  const options = parseOptions(process.argv.slice(2), process.env);
  const notes: string[] = [];
  const priority = raisePriority(options);
  if (options.cpuProf) rmSync(join(scratchDir, 'cpuprof'), { recursive: true, force: true });
  mkdirSync(scratchDir, { recursive: true });
  if (options.only === 'overlays') {
    process.stdout.write(overlaysMarkdown(await measureOverlays(10, log)));
    log(`load average ${loadBefore.toFixed(2)} at the start, ${(loadavg()[0] ?? 0).toFixed(2)} at the end; nothing written`);
    return 0;
  }
  const servers = await plans(options, notes);
  const ours = servers.get('sidecar-lint');
  if (options.only === 'open' && ours) {
    const rows = await measureOpenOnly(options, ours, log);
    process.stdout.write(renderOpenOnly(rows, { before: loadBefore, after: loadavg()[0] ?? 0 }));
    return 0;
  }
  const dir = options.corpus || options.cli ? corpusDir() : undefined;
  const inputs: InputResult[] = [];
  for (const id of options.sizes) inputs.push(await generatedInput(options, id, servers));
  if (options.corpus && dir) inputs.push(await corpusInput(options, servers, dir));
  const cli: CliResult[] = [];
  const nodeStartup: BenchResult['nodeStartup'] = [];
  if (options.cli && dir) {
    log('CLI…');
    const profiled = options.cpuProf ? await buildForProfiling('cli') : undefined;
    const nodeFlags = (label: string): string[] => (profiled ? ['--cpu-prof', `--cpu-prof-dir=${join(scratchDir, 'cpuprof', `cli-${label}`)}`] : []);
    cli.push(await measureCli('corpus', dir, options.cliRuns, { script: profiled, nodeFlags: nodeFlags('corpus') }));
    const big = inputs.find((i) => i.id === '50k')?.path ?? writeGenerated('50k', SIZES['50k'] ?? 0, options.seed).path;
    cli.push(await measureCli('50k', big, options.cliRuns, { script: profiled, nodeFlags: nodeFlags('50k') }));
    nodeStartup.push({ node: `Node ${process.version}`, wall: await measureNodeStartup(options.cliRuns) });
    for (const node of options.cliNodes) {
      log(`CLI with ${node}…`);
      const corpusRun = await measureCli('corpus', dir, options.cliRuns, { node });
      cli.push(corpusRun);
      if (corpusRun.status === 'ok') nodeStartup.push({ node: corpusRun.node ?? node, wall: await measureNodeStartup(options.cliRuns, node) });
    }
  }
  let charts: ChartBenchRow[] | undefined;
  try {
    charts = await measureCharts(10, log);
  } catch (error) {
    notes.push(`Helm chart cases not measured: ${error instanceof Error ? error.message : String(error)} (node scripts/fetch-tools.mjs fetches helm).`);
  }
  let overlays: OverlayBenchRow[] | undefined;
  try {
    overlays = await measureOverlays(10, log);
  } catch (error) {
    notes.push(`Overlay cases not measured: ${error instanceof Error ? error.message : String(error)} (node scripts/fetch-tools.mjs fetches kubectl).`);
  }
  notes.push(
    'yaml-language-server publishes no document version, so its diagnostics for an edit are the first it publishes after that edit; they include its fixed 200 ms validation delay.',
    'sidecar-lint diagnostics are matched to an edit by the version they carry.',
    'Edits wait for the previous edit’s diagnostics before being sent; each server gets a fresh process per input.',
  );
  const result: BenchResult = {
    date: new Date().toISOString(),
    machine: machine(),
    seed: options.seed,
    isolation: isolationLabel(servers),
    priority,
    versions: versions(),
    options: { ...options },
    inputs,
    cli,
    nodeStartup,
    charts,
    overlays,
    targets: [],
    notes,
    durationS: 0,
    load: { before: loadBefore, after: loadavg()[0] ?? 0 },
  };
  if (Math.max(result.load.before, result.load.after) > 0.5) {
    notes.push(
      `Other work was running (1-minute load average ${result.load.before.toFixed(2)} at the start, ${result.load.after.toFixed(2)} at the end, on ${result.machine.cpus} cores): numbers may be noisy.`,
    );
  }
  result.targets = judgeTargets(result);
  result.durationS = (performance.now() - started) / 1000;
  const markdown =
    renderMarkdown(result) +
    (charts ? `\n${chartsMarkdown(charts)}` : '') +
    (overlays ? `\n${overlaysMarkdown(overlays)}` : '') +
    profileSection(options, inputs);
  const outDir = isFullRun(options) ? resultsDir : join(resultsDir, 'tmp');
  mkdirSync(outDir, { recursive: true });
  writeFileSync(join(outDir, 'latest.json'), portablePaths(JSON.stringify(result, null, 2)) + '\n');
  writeFileSync(join(outDir, 'latest.md'), markdown);
  process.stdout.write(markdown);
  log(`wrote ${join(outDir, 'latest.json')} and latest.md${outDir === resultsDir ? '' : ' (partial or profiled run: not the committed results)'}`);
  return 0;
}

/** Results are committed: paths of this machine become `<repo>/…`, `$TMPDIR/…` and `~/…`. */
function portablePaths(json: string): string {
  return json.split(`${repoRoot}/`).join('<repo>/').split(`${scratchDir}`).join('$TMPDIR/sidecar-lint-bench').split(`"${homedir()}/`).join('"~/');
}

/** Nice -10 for the bench and every process it starts, when allowed (root); says what it got. */
function raisePriority(options: Options): string {
  if (!options.nice) return 'normal priority (--no-nice)';
  try {
    setPriority(0, -10);
    return 'nice -10 (bench, servers, parse floor and CLI)';
  } catch {
    return 'normal priority (raising it was not permitted)';
  }
}

function isolationLabel(servers: Map<ServerId, LaunchPlan | undefined>): string {
  const plan = [...servers.values()].find((p) => p !== undefined);
  if (plan?.command === 'unshare')
    return `an empty network namespace (${[plan.command, ...plan.args.slice(0, plan.args.indexOf('--'))].join(' ')}) and an HTTP proxy sinkhole on 127.0.0.1:9`;
  return 'an HTTP proxy sinkhole on 127.0.0.1:9 and disabled schema downloads only (unshare unavailable)';
}

function profileSection(options: Options, inputs: InputResult[]): string {
  if (!options.cpuProf) return '';
  const labels = [...inputs.map((i) => i.id), 'cli-corpus', 'cli-50k'];
  const sections = labels.map((label) => join(scratchDir, 'cpuprof', label)).filter((dir) => existsSync(dir));
  return sections.flatMap((dir) => ['', `## CPU profile of sidecar-lint: ${dir.replace(/^.*\//, '')}`, '', ...renderHot(dir)]).join('\n') + '\n';
}

main().then(
  (code) => {
    process.exitCode = code;
  },
  (error: unknown) => {
    process.stderr.write(`[bench] failed: ${error instanceof Error ? (error.stack ?? error.message) : String(error)}\n`);
    process.exitCode = 2;
  },
);
