/**
 * The edit path alone, for working on it when a full `npm run bench` is too heavy for the machine: one server process,
 * one generated file, the bench's own edits repeated, latency and the server's CPU time per edit.
 *
 * node --import tsx bench/editPath.ts [--size=50000] [--edits=100] [--kind=ports|typing|lines] [--server=dist/server.js] [--cpu-prof]
 *
 * `ports` are the bench's own edits (every value keeps its width); `typing` adds a character to the app's port and takes
 * it away again (everything after it moves); `lines` adds a comment line above it and removes it (every later line moves).
 */
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { pathToFileURL } from 'node:url';
import { TextDocument } from 'vscode-languageserver-textdocument';
import { generateManifest, type Manifest } from './gen/manifest';
import { planEdits, type PlannedEdit } from './lsp/editPlan';
import { LspSession } from './lsp/session';
import type { LaunchPlan } from './lsp/servers';
import { ourServer, repoRoot, scratchDir } from './paths';
import { summarize } from './stats';

function flag(name: string, fallback: string): string {
  const found = process.argv.find((a) => a.startsWith(`--${name}=`));
  return found ? found.slice(name.length + 3) : fallback;
}

/** User plus system CPU time of a process so far, in ms (Linux; clock ticks of 10 ms). */
function cpuMs(pid: number | undefined): number {
  if (pid === undefined) return NaN;
  const fields = readFileSync(`/proc/${pid}/stat`, 'utf8').split(') ')[1]?.split(' ') ?? [];
  return (Number(fields[11]) + Number(fields[12])) * 10;
}

/** `count` edits of one kind, each undoing the one before in turn, so the file stays the bench's. */
function editsOf(kind: string, manifest: Manifest, count: number): PlannedEdit[] {
  if (kind === 'ports') return planEdits(manifest, count);
  const port = manifest.appPort;
  const edits: PlannedEdit[] = [];
  for (let i = 0; i < count; i++) {
    if (kind === 'typing') {
      const site = { ...port, character: port.character + port.text.length };
      edits.push(i % 2 === 0 ? { kind: 'port', site, before: '', after: '1' } : { kind: 'port', site, before: '1', after: '' });
    } else {
      const site = { line: port.line, character: 0, text: '' };
      const line = `${' '.repeat(port.character)}# a comment\n`;
      edits.push(i % 2 === 0 ? { kind: 'port', site, before: '', after: line } : { kind: 'port', site, before: line, after: '' });
    }
  }
  return edits;
}

async function main(): Promise<void> {
  const size = Number(flag('size', '50000'));
  const count = Number(flag('edits', '100'));
  const server = flag('server', ourServer);
  const profile = process.argv.includes('--cpu-prof');
  const plan: LaunchPlan = {
    id: 'sidecar-lint',
    command: process.execPath,
    args: [...(profile ? ['--cpu-prof', `--cpu-prof-dir=${join(scratchDir, 'cpuprof', 'edit-path')}`] : []), server, '--stdio'],
    env: process.env,
    cwd: repoRoot,
    initializationOptions: {},
    configuration: () => ({}),
  };
  const manifest = generateManifest(1, size);
  const uri = pathToFileURL(join(scratchDir, `edit-path-${size}.yaml`)).href;
  const session = LspSession.start(plan);
  try {
    await session.initialize(pathToFileURL(repoRoot).href, 30_000);
    let since = session.mark;
    await session.open(uri, manifest.text, 1);
    const first = await session.diagnosticsFor(uri, 1, since, 60_000);
    const document = TextDocument.create(uri, 'yaml', 1, manifest.text);
    const edits = editsOf(flag('kind', 'ports'), manifest, count + 10);
    const samples: number[] = [];
    let cpuBefore = 0;
    for (const [index, edit] of edits.entries()) {
      if (index === 10) cpuBefore = cpuMs(session.pid); // the first ten warm the JIT
      const start = { line: edit.site.line, character: edit.site.character };
      const range = { start, end: document.positionAt(document.offsetAt(start) + edit.before.length) };
      if (document.getText(range) !== edit.before) throw new Error(`edit site drifted at line ${start.line + 1}`);
      const version = document.version + 1;
      TextDocument.update(document, [{ range, text: edit.after }], version);
      since = session.mark;
      const sent = performance.now();
      await session.change(uri, version, [{ range, text: edit.after }]);
      const publication = await session.diagnosticsFor(uri, version, since, 30_000);
      if (index >= 10) samples.push(publication.at - sent);
    }
    const cpu = (cpuMs(session.pid) - cpuBefore) / samples.length;
    const s = summarize(samples);
    console.log(
      `${manifest.lines} lines, ${first.diagnostics.length} diagnostics; ${s.n} edits: median ${s.median.toFixed(2)} ms, p95 ${s.p95.toFixed(2)} ms, ` +
        `min ${s.min.toFixed(2)} ms; server CPU ${cpu.toFixed(1)} ms per edit`,
    );
  } finally {
    await session.stop(profile ? 60_000 : 5_000);
  }
}

void main();
