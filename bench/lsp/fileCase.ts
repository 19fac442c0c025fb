/** One server on one generated file: initialize, didOpen → diagnostics, incremental edits, code action, completion, RSS. */
import { pathToFileURL } from 'node:url';
import { TextDocument } from 'vscode-languageserver-textdocument';
import type { Diagnostic, Range } from 'vscode-languageserver-protocol';
import type { Manifest, Site } from '../gen/manifest';
import type { EditSample, ServerCaseResult } from '../report/types';
import { summarize } from '../stats';
import { planEdits } from './editPlan';
import type { LaunchPlan } from './servers';
import { initializeAndOpen, repeatOpen } from './open';
import { LspSession, TimeoutError } from './session';
import { countItems, describeFailure } from './util';

export interface FileCaseOptions {
  edits: number;
  repeats: number;
  /** Stop editing once the edits alone have taken this long (keeps the slow server's 50k case bounded). */
  editBudgetMs: number;
  openTimeoutMs: number;
  /** Processes whose start and didOpen are timed (the first also runs the edits); medians are reported. */
  openRuns: number;
  stepTimeoutMs: number;
}

function siteRange(site: Site, text = site.text): Range {
  return { start: { line: site.line, character: site.character }, end: { line: site.line, character: site.character + text.length } };
}

function anchorClashes(diagnostics: Diagnostic[], manifest: Manifest): number {
  return diagnostics.filter((d) => d.code === 'port-clash' && d.range.start.line >= manifest.anchor.start && d.range.start.line <= manifest.anchor.end).length;
}

/** Runs the whole file scenario against a fresh server process. */
export async function runFileCase(plan: LaunchPlan, file: string, manifest: Manifest, options: FileCaseOptions): Promise<ServerCaseResult> {
  const result: ServerCaseResult = { server: plan.id, status: 'ok' };
  const session = LspSession.start(plan);
  const uri = pathToFileURL(file).href;
  try {
    const { initializeMs, openMs, first } = await initializeAndOpen(session, uri, manifest.text, options.openTimeoutMs);
    result.initializeSamples = [initializeMs];
    result.openSamples = [openMs];
    result.openDiagnostics = first.diagnostics.length;
    result.match = first.version === undefined ? 'first publication after the change' : 'version';

    const document = TextDocument.create(uri, 'yaml', 1, manifest.text);
    const samples: EditSample[] = [];
    const planned = planEdits(manifest, options.edits);
    const editsStarted = performance.now();
    for (const edit of planned) {
      if (performance.now() - editsStarted > options.editBudgetMs) break;
      const range = siteRange(edit.site, edit.before);
      if (document.getText(range) !== edit.before) throw new Error(`edit site drifted: expected ${edit.before} at line ${range.start.line + 1}`);
      const version = document.version + 1;
      TextDocument.update(document, [{ range, text: edit.after }], version);
      const since = session.mark;
      const sent = performance.now();
      await session.change(uri, version, [{ range, text: edit.after }]);
      const publication = await session.diagnosticsFor(uri, version, since, options.stepTimeoutMs);
      samples.push({
        kind: edit.kind,
        ms: publication.at - sent,
        diagnostics: publication.diagnostics.length,
        anchorPortClash: anchorClashes(publication.diagnostics, manifest),
      });
    }
    result.edits = { planned: planned.length, done: samples.length, summary: summarize(samples.map((s) => s.ms)), samples };
    if (plan.id === 'sidecar-lint') result.clashCheck = checkClashes(anchorClashes(first.diagnostics, manifest), samples);

    result.codeAction = await timeRepeated(session, options, 'textDocument/codeAction', () => ({
      textDocument: { uri },
      range: siteRange(manifest.sidecarName),
      context: {
        diagnostics: session.diagnostics(uri).filter((d) => d.range.start.line <= manifest.sidecarName.line && d.range.end.line >= manifest.sidecarName.line),
        triggerKind: 1,
      },
    })).then(({ summary, count, errors }) => ({ summary, actions: count, errors }));
    const restart = manifest.nativeRestartPolicy;
    result.completion = await timeRepeated(session, options, 'textDocument/completion', () => ({
      textDocument: { uri },
      position: { line: restart.line, character: restart.character + restart.text.length },
      context: { triggerKind: 1 },
    })).then(({ summary, count, errors }) => ({ summary, items: count, errors }));
    result.peakRssMiB = session.peakRssMiB();
  } catch (error) {
    Object.assign(result, describeFailure(error, session), { peakRssMiB: session.peakRssMiB() });
  } finally {
    await session.stop(plan.args.some((a) => a.startsWith('--cpu-prof')) ? 60_000 : 5_000);
  }
  if (result.status === 'ok' && options.openRuns > 1) {
    for (const extra of await repeatOpen(plan, uri, manifest.text, options.openRuns - 1, options.openTimeoutMs)) {
      result.initializeSamples?.push(extra.initializeMs);
      result.openSamples?.push(extra.openMs);
    }
  }
  result.initializeMs = result.initializeSamples && summarize(result.initializeSamples).median;
  result.openMs = result.openSamples && summarize(result.openSamples).median;
  return result;
}

/** The anchor's port-clash must be absent at first, present after each clash-on edit, and gone after each clash-off. */
function checkClashes(baseline: number, samples: EditSample[]): { ok: boolean; detail: string } {
  const wrong = samples.filter((s) => (s.kind === 'clash-on' ? s.anchorPortClash === 0 : s.anchorPortClash !== 0));
  const on = samples.filter((s) => s.kind === 'clash-on').length;
  const ok = baseline === 0 && wrong.length === 0 && on > 0;
  const detail = ok
    ? `port-clash appeared on ${on}/${on} clash edits and was gone after every other edit`
    : `baseline ${baseline} anchor port-clash; ${wrong.length} of ${samples.length} versions had the wrong port-clash state (${wrong.map((s) => s.kind).join(', ') || 'none'})`;
  return { ok, detail };
}

async function timeRepeated(session: LspSession, options: FileCaseOptions, method: string, params: () => unknown) {
  const samples: number[] = [];
  let count = 0;
  let errors = 0;
  for (let i = 0; i < options.repeats; i++) {
    try {
      const { ms, result } = await session.timedRequest(method, params(), options.stepTimeoutMs);
      samples.push(ms);
      count = countItems(result);
    } catch (error) {
      errors++;
      if (error instanceof TimeoutError) break; // one timeout is enough: the rest would only add minutes of waiting
    }
  }
  return { summary: summarize(samples), count, errors };
}
