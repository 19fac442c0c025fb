/** The shape of bench/results/latest.json. */
import type { ChartBenchRow } from '../charts/run';
import type { OverlayBenchRow } from '../overlays/run';
import type { ServerId } from '../lsp/servers';
import type { EditKind } from '../lsp/editPlan';
import type { Summary } from '../stats';

export interface EditSample {
  kind: EditKind;
  ms: number;
  diagnostics: number;
  /** port-clash findings inside the anchor document in that version's diagnostics. */
  anchorPortClash: number;
}

export interface ServerCaseResult {
  server: ServerId;
  status: 'ok' | 'skipped' | 'failed';
  note?: string;
  /** Process spawn → initialize result (median over openSamples' processes). */
  initializeMs?: number;
  initializeSamples?: number[];
  /** didOpen → first diagnostics (for the corpus: first didOpen → diagnostics for every file); median of openSamples. */
  openMs?: number;
  /** One sample per fresh server process. */
  openSamples?: number[];
  openDiagnostics?: number;
  /** How a publication was matched to the edit that caused it. */
  match?: 'version' | 'first publication after the change';
  edits?: { planned: number; done: number; summary: Summary; samples: EditSample[] };
  clashCheck?: { ok: boolean; detail: string };
  codeAction?: { summary: Summary; actions: number; errors: number };
  completion?: { summary: Summary; items: number; errors: number };
  corpus?: { files: number; filesWithDiagnostics: number; diagnostics: number; byCode: Record<string, number> };
  peakRssMiB?: number;
  stderr?: string;
}

export interface FloorResult {
  /** Median over fresh processes of the first parse of the whole input. */
  wholeColdMs: number;
  wholeColdSamples: number[];
  wholeWarm: Summary;
  document?: Summary;
  documentLines?: number;
}

export interface InputResult {
  id: string;
  path: string;
  files: number;
  lines: number;
  documents?: number;
  bytes: number;
  sha256?: string;
  floor?: FloorResult;
  floorError?: string;
  servers: ServerCaseResult[];
}

export interface CliResult {
  input: string;
  /** The Node.js that ran it, when not the bench's own (`node --version`); such rows are for comparison only. */
  node?: string;
  status: 'ok' | 'skipped' | 'failed';
  note?: string;
  runs: number;
  wall?: Summary;
  exitCodes: number[];
  peakRssMiB?: number;
  rssMethod: string;
  findings?: number;
}

export interface TargetResult {
  target: string;
  measured: string;
  met: boolean | undefined;
}

export interface BenchResult {
  date: string;
  machine: { cpus: number; cpuModel: string; memoryGiB: number; node: string; platform: string };
  seed: number;
  isolation: string;
  priority: string;
  versions: Record<string, string>;
  options: Record<string, unknown>;
  inputs: InputResult[];
  cli: CliResult[];
  /** `node -e 0` with the bench's Node and each --cli-node: the start-up inside every CLI wall time. */
  nodeStartup: { node: string; wall?: Summary }[];
  /** Helm chart cases (bench/charts/run.ts): render, mapping and save → diagnostics per chart and helm. */
  charts?: ChartBenchRow[];
  /** Kustomize overlay cases (bench/overlays/run.ts): build, mapping, copy, save and unsaved edit → diagnostics. */
  overlays?: OverlayBenchRow[];
  targets: TargetResult[];
  notes: string[];
  durationS: number;
  /** 1-minute load average when the run started and ended: other work on the machine makes numbers noisy. */
  load: { before: number; after: number };
}
