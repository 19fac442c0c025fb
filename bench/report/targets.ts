/** The targets, judged on this run's medians; a target that could not be measured is neither met nor missed. */
import type { BenchResult, InputResult, ServerCaseResult, TargetResult } from './types';
import { mib, ms, ratio } from './format';

function server(inputs: InputResult[], input: string, id: ServerCaseResult['server']): ServerCaseResult | undefined {
  const found = inputs.find((i) => i.id === input)?.servers.find((s) => s.server === id);
  return found?.status === 'ok' ? found : undefined;
}

function limit(target: string, value: number | undefined, max: number, show: (v: number) => string = ms): TargetResult {
  return {
    target,
    measured: value === undefined || Number.isNaN(value) ? 'not measured' : show(value),
    met: value === undefined || Number.isNaN(value) ? undefined : value <= max,
  };
}

/** Every target of the issue, in its order. */
export function judgeTargets(result: Pick<BenchResult, 'inputs' | 'cli'>): TargetResult[] {
  const { inputs } = result;
  const ours = (input: string) => server(inputs, input, 'sidecar-lint');
  const theirs = (input: string) => server(inputs, input, 'yaml-language-server');
  const targets: TargetResult[] = [
    limit('edit → diagnostics median ≤ 10 ms at 10k lines', ours('10k')?.edits?.summary.median, 10),
    limit('edit → diagnostics median ≤ 25 ms at 50k lines', ours('50k')?.edits?.summary.median, 25),
  ];
  for (const input of ['10k', '50k']) {
    const a = theirs(input)?.edits?.summary.median;
    const b = ours(input)?.edits?.summary.median;
    const measured = a === undefined || b === undefined ? undefined : a / b;
    targets.push({
      target: `edit → diagnostics ≥ 40× faster than yaml-language-server at ${input}`,
      measured: measured === undefined ? 'not measured' : ratio(a, b),
      met: measured === undefined ? undefined : measured >= 40,
    });
  }
  for (const input of ['1k', '10k', '50k']) {
    const floor = inputs.find((i) => i.id === input)?.floor?.wholeColdMs;
    const open = ours(input)?.openMs;
    const measured = floor === undefined || open === undefined ? undefined : open / floor;
    targets.push({
      target: `didOpen → first diagnostics ≤ 1.3× the whole-file parse floor at ${input}`,
      measured: measured === undefined ? 'not measured' : `${ms(open)} = ${measured.toFixed(2)}× floor ${ms(floor)}`,
      met: measured === undefined ? undefined : measured <= 1.3,
    });
  }
  targets.push(limit('code action median ≤ 10 ms at 50k lines', ours('50k')?.codeAction?.summary.median, 10));
  targets.push(limit('completion median ≤ 10 ms at 50k lines', ours('50k')?.completion?.summary.median, 10));
  targets.push(limit('peak RSS at 50k lines ≤ 200 MiB', ours('50k')?.peakRssMiB, 200, mib));
  const cli = result.cli.find((c) => c.input === 'corpus' && c.node === undefined);
  targets.push(limit('CLI over the whole corpus ≤ 1.5 s wall (median, with Node start-up)', cli?.status === 'ok' ? cli.wall?.median : undefined, 1500));
  return targets;
}
