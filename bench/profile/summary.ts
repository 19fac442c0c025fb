/** Summarises .cpuprofile files: the functions with the most self time, and the modules they live in. */
import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';

interface ProfileNode {
  id: number;
  callFrame: { functionName: string; url: string; lineNumber: number };
}

interface CpuProfile {
  nodes: ProfileNode[];
  samples: number[];
  timeDeltas: number[];
}

export interface HotFunction {
  name: string;
  module: string;
  selfMs: number;
  share: number;
}

/** For an unminified esbuild bundle: line number → the source module named by the preceding `// path` comment. */
function moduleIndex(url: string, cache: Map<string, string[]>): string[] {
  let index = cache.get(url);
  if (index === undefined) {
    index = [];
    try {
      let current = '';
      for (const line of readFileSync(new URL(url), 'utf8').split('\n')) {
        const header = /^\/\/ ((?:node_modules|server|client|src)\/\S+\.[cm]?[jt]s)$/.exec(line);
        if (header?.[1]) current = header[1];
        index.push(current);
      }
    } catch {
      // not a file URL, or gone: modules stay unnamed
    }
    cache.set(url, index);
  }
  return index;
}

/** The `top` functions by self time over every profile in `dir` (idle time excluded from the shares). */
export function hotFunctions(dir: string, top = 15): { totalMs: number; functions: HotFunction[] } {
  const self = new Map<string, HotFunction>();
  const modules = new Map<string, string[]>();
  let totalMs = 0;
  for (const file of readdirSync(dir).filter((f) => f.endsWith('.cpuprofile'))) {
    const profile = JSON.parse(readFileSync(join(dir, file), 'utf8')) as CpuProfile;
    const byId = new Map(profile.nodes.map((n) => [n.id, n]));
    profile.samples.forEach((id, i) => {
      const frame = byId.get(id)?.callFrame;
      if (!frame || frame.functionName === '(idle)') return;
      const ms = (profile.timeDeltas[i] ?? 0) / 1000;
      totalMs += ms;
      const module = frame.url ? (moduleIndex(frame.url, modules)[frame.lineNumber] || frame.url.replace(/^.*\//, '')) : '';
      const key = `${frame.functionName || '(anonymous)'}@${module}:${frame.lineNumber}`;
      const entry = self.get(key) ?? { name: frame.functionName || '(anonymous)', module, selfMs: 0, share: 0 };
      entry.selfMs += ms;
      self.set(key, entry);
    });
  }
  const functions = [...self.values()].sort((a, b) => b.selfMs - a.selfMs).slice(0, top);
  for (const f of functions) f.share = totalMs > 0 ? f.selfMs / totalMs : 0;
  return { totalMs, functions };
}

/** Markdown lines for a profile directory. */
export function renderHot(dir: string, top = 15): string[] {
  const { totalMs, functions } = hotFunctions(dir, top);
  return [
    `Self time by function over ${Math.round(totalMs)} ms of non-idle samples in ${dir}:`,
    '',
    '| share | self | function | module |',
    '|---|---|---|---|',
    ...functions.map((f) => `| ${(f.share * 100).toFixed(1)}% | ${Math.round(f.selfMs)} ms | ${f.name} | ${f.module} |`),
  ];
}

if (require.main === module) {
  const dir = process.argv[2];
  if (dir === undefined) {
    process.stderr.write('usage: node --import tsx bench/profile/summary.ts <dir with .cpuprofile files> [top]\n');
    process.exit(2);
  }
  process.stdout.write(renderHot(dir, Number(process.argv[3] ?? 15)).join('\n') + '\n');
}
