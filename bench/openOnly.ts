/**
 * `npm run bench -- --only=open`: didOpen → first diagnostics of our server against the cold parse floor, alone (no
 * edits, other servers, corpus or CLI). Floor and didOpen alternate, one fresh process each, so load that comes and
 * goes on a shared machine weighs on both sides of each ratio alike. Prints a table; writes nothing.
 */
import { pathToFileURL } from 'node:url';
import { measureFloor } from './floor/run';
import { writeGenerated } from './inputs';
import { initializeAndOpen } from './lsp/open';
import type { LaunchPlan } from './lsp/servers';
import { LspSession } from './lsp/session';
import { SIZES, type Options } from './options';
import { summarize } from './stats';

export interface OpenOnlyRow {
  id: string;
  lines: number;
  floorMs: number[];
  openMs: number[];
  /** The same as CPU time: the floor's parse and the server's work, less swayed by other work on the machine. */
  floorCpuMs: number[];
  openCpuMs: number[];
  peakRssMiB: number[];
}

async function openOnce(plan: LaunchPlan, uri: string, text: string, timeoutMs: number): Promise<{ openMs: number; cpuMs?: number; rss?: number }> {
  const session = LspSession.start(plan);
  try {
    const { openMs, openCpuMs } = await initializeAndOpen(session, uri, text, timeoutMs);
    return { openMs, cpuMs: openCpuMs, rss: session.peakRssMiB() };
  } finally {
    await session.stop(5_000);
  }
}

export async function measureOpenOnly(options: Options, plan: LaunchPlan, log: (line: string) => void): Promise<OpenOnlyRow[]> {
  const rows: OpenOnlyRow[] = [];
  for (const id of options.sizes) {
    const input = writeGenerated(id, SIZES[id] ?? 0, options.seed);
    const row: OpenOnlyRow = { id, lines: input.manifest.lines, floorMs: [], openMs: [], floorCpuMs: [], openCpuMs: [], peakRssMiB: [] };
    for (let run = 0; run < options.openRuns; run++) {
      const floor = await measureFloor({ files: [input.path], wholeRepeats: 0, documentRepeats: 0 }, 1);
      const opened = await openOnce(plan, pathToFileURL(input.path).href, input.manifest.text, 90_000);
      row.floorMs.push(floor.wholeCold);
      row.openMs.push(opened.openMs);
      if (floor.wholeColdCpu !== undefined && opened.cpuMs !== undefined) {
        row.floorCpuMs.push(floor.wholeColdCpu);
        row.openCpuMs.push(opened.cpuMs);
      }
      if (opened.rss !== undefined) row.peakRssMiB.push(opened.rss);
      log(
        `${id} run ${run + 1}: floor ${floor.wholeCold.toFixed(0)} ms (cpu ${floor.wholeColdCpu?.toFixed(0)}), didOpen ${opened.openMs.toFixed(0)} ms (cpu ${opened.cpuMs}), peak RSS ${opened.rss ?? '?'} MiB`,
      );
    }
    rows.push(row);
  }
  return rows;
}

export function renderOpenOnly(rows: OpenOnlyRow[], load: { before: number; after: number }): string {
  const median = (values: number[]) => (values.length === 0 ? NaN : summarize(values).median);
  const lines = [
    `didOpen → first diagnostics (sidecar-lint), 1-minute load average ${load.before.toFixed(2)} → ${load.after.toFixed(2)}`,
    '',
    '| input | lines | cold parse floor (median) | didOpen (median) | ratio of medians | paired ratios | CPU: floor, didOpen, ratio | peak RSS (median) |',
    '|---|---|---|---|---|---|---|---|',
  ];
  for (const row of rows) {
    const [floor, open] = [median(row.floorMs), median(row.openMs)];
    const paired = row.openMs.map((ms, i) => (ms / row.floorMs[i]).toFixed(2)).join(', ');
    const rss = row.peakRssMiB.length > 0 ? `${median(row.peakRssMiB).toFixed(0)} MiB` : '–';
    const [floorCpu, openCpu] = [median(row.floorCpuMs), median(row.openCpuMs)];
    const cpu = row.openCpuMs.length > 0 ? `${floorCpu.toFixed(0)} ms, ${openCpu.toFixed(0)} ms, ${(openCpu / floorCpu).toFixed(2)}×` : '–';
    lines.push(`| ${row.id} | ${row.lines} | ${floor.toFixed(0)} ms | ${open.toFixed(0)} ms | ${(open / floor).toFixed(2)}× | ${paired} | ${cpu} | ${rss} |`);
  }
  return lines.join('\n') + '\n';
}
