/** Summarises .cpuprofile files: the functions with the most self time, and our own functions by inclusive time. */
import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';

interface ProfileNode {
  id: number;
  callFrame: { functionName: string; url: string; lineNumber: number };
  children?: number[];
}

interface CpuProfile {
  nodes: ProfileNode[];
  samples: number[];
  timeDeltas: number[];
}

export interface HotFunction {
  name: string;
  module: string;
  ms: number;
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

interface Tally {
  self: Map<string, HotFunction>;
  inclusive: Map<string, HotFunction>;
  totalMs: number;
}

function add(map: Map<string, HotFunction>, key: string, name: string, module: string, ms: number): void {
  const entry = map.get(key) ?? { name, module, ms: 0, share: 0 };
  entry.ms += ms;
  map.set(key, entry);
}

function tallyProfile(profile: CpuProfile, tally: Tally, modules: Map<string, string[]>): void {
  const byId = new Map(profile.nodes.map((n) => [n.id, n]));
  const parent = new Map<number, number>();
  for (const node of profile.nodes) for (const child of node.children ?? []) parent.set(child, node.id);
  const describe = (node: ProfileNode): { key: string; name: string; module: string } => {
    const frame = node.callFrame;
    const module = frame.url ? moduleIndex(frame.url, modules)[frame.lineNumber] || frame.url.replace(/^.*\//, '') : '';
    const name = frame.functionName || '(anonymous)';
    return { key: `${name}@${module}:${frame.lineNumber}`, name, module };
  };
  profile.samples.forEach((id, i) => {
    const node = byId.get(id);
    if (!node || node.callFrame.functionName === '(idle)') return;
    const ms = (profile.timeDeltas[i] ?? 0) / 1000;
    tally.totalMs += ms;
    const self = describe(node);
    add(tally.self, self.key, self.name, self.module, ms);
    const seen = new Set<string>(); // count a sample once per function, however deep the recursion
    for (let current: ProfileNode | undefined = node; current; current = byId.get(parent.get(current.id) ?? -1)) {
      const d = describe(current);
      if (d.module.startsWith('server/') && !seen.has(d.key)) {
        seen.add(d.key);
        add(tally.inclusive, d.key, d.name, d.module, ms);
      }
    }
  });
}

function top(map: Map<string, HotFunction>, totalMs: number, count: number): HotFunction[] {
  const list = [...map.values()].sort((a, b) => b.ms - a.ms).slice(0, count);
  for (const f of list) f.share = totalMs > 0 ? f.ms / totalMs : 0;
  return list;
}

/** The `count` hottest functions by self time, and our own (server/src) functions by inclusive time, over `dir`. */
export function hotFunctions(dir: string, count = 15): { totalMs: number; self: HotFunction[]; ours: HotFunction[] } {
  const tally: Tally = { self: new Map(), inclusive: new Map(), totalMs: 0 };
  const modules = new Map<string, string[]>();
  for (const file of readdirSync(dir).filter((f) => f.endsWith('.cpuprofile'))) {
    tallyProfile(JSON.parse(readFileSync(join(dir, file), 'utf8')) as CpuProfile, tally, modules);
  }
  return { totalMs: tally.totalMs, self: top(tally.self, tally.totalMs, count), ours: top(tally.inclusive, tally.totalMs, count) };
}

/** Markdown lines for a profile directory. */
export function renderHot(dir: string, count = 15): string[] {
  const { totalMs, self, ours } = hotFunctions(dir, count);
  const rows = (list: HotFunction[]): string[] => list.map((f) => `| ${(f.share * 100).toFixed(1)}% | ${Math.round(f.ms)} ms | ${f.name} | ${f.module} |`);
  return [
    `${Math.round(totalMs)} ms of non-idle samples in ${dir}.`,
    '',
    'Self time:',
    '',
    '| share | self | function | module |',
    '|---|---|---|---|',
    ...rows(self),
    '',
    'Inclusive time of server/src functions (callers of the above):',
    '',
    '| share | inclusive | function | module |',
    '|---|---|---|---|',
    ...rows(ours),
  ];
}

if (require.main === module) {
  const dir = process.argv[2];
  if (dir === undefined) {
    process.stderr.write('usage: node --import tsx bench/profile/summary.ts <dir with .cpuprofile files> [count]\n');
    process.exit(2);
  }
  process.stdout.write(renderHot(dir, Number(process.argv[3] ?? 15)).join('\n') + '\n');
}
