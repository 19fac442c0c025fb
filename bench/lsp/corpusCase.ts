/** One server on the whole corpus: every file opened back to back, timed until each has its diagnostics. */
import { readFileSync } from 'node:fs';
import { pathToFileURL } from 'node:url';
import type { ServerCaseResult } from '../report/types';
import type { LaunchPlan } from './servers';
import { LspSession } from './session';
import { describeFailure } from './util';

/** Opens `files` as an editor restoring a workspace would, and waits (bounded) for every file's first diagnostics. */
export async function runCorpusCase(plan: LaunchPlan, files: string[], timeoutMs: number): Promise<ServerCaseResult> {
  const result: ServerCaseResult = { server: plan.id, status: 'ok' };
  const session = LspSession.start(plan);
  try {
    await session.initialize(pathToFileURL(process.cwd()).href, 30_000);
    result.initializeMs = performance.now() - session.startedAt;
    const documents = files.map((file) => ({ uri: pathToFileURL(file).href, text: readFileSync(file, 'utf8') }));
    const since = session.mark;
    const waits = documents.map((d) => session.diagnosticsFor(d.uri, 1, since, timeoutMs));
    const opened = performance.now();
    for (const d of documents) await session.open(d.uri, d.text, 1);
    const publications = await Promise.all(waits);
    result.openMs = Math.max(...publications.map((p) => p.at)) - opened;
    result.match = publications.some((p) => p.version === undefined) ? 'first publication after the change' : 'version';
    const byCode: Record<string, number> = {};
    for (const d of publications.flatMap((p) => p.diagnostics)) byCode[String(d.code ?? d.source ?? 'none')] = (byCode[String(d.code ?? d.source ?? 'none')] ?? 0) + 1;
    result.corpus = {
      files: files.length,
      filesWithDiagnostics: publications.filter((p) => p.diagnostics.length > 0).length,
      diagnostics: publications.reduce((sum, p) => sum + p.diagnostics.length, 0),
      byCode,
    };
    result.openDiagnostics = result.corpus.diagnostics;
    result.peakRssMiB = session.peakRssMiB();
  } catch (error) {
    Object.assign(result, describeFailure(error, session), { peakRssMiB: session.peakRssMiB() });
  } finally {
    await session.stop(5_000);
  }
  return result;
}
