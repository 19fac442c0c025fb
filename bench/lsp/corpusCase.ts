/** One server on the whole corpus: every file opened back to back, timed until each has its diagnostics. */
import { readFileSync } from 'node:fs';
import { pathToFileURL } from 'node:url';
import type { ServerCaseResult } from '../report/types';
import { summarize } from '../stats';
import type { LaunchPlan } from './servers';
import { LspSession, type Publication } from './session';
import { describeFailure } from './util';

interface Document {
  uri: string;
  text: string;
}

async function openAll(
  session: LspSession,
  documents: Document[],
  timeoutMs: number,
): Promise<{ initializeMs: number; openMs: number; publications: Publication[] }> {
  // The corpus folder is the workspace, as in an editor opened on it: a server that indexes it reads the same files.
  await session.initialize(commonFolder(documents.map((d) => d.uri)), 30_000);
  const initializeMs = performance.now() - session.startedAt;
  const since = session.mark;
  const waits = documents.map((d) => session.diagnosticsFor(d.uri, 1, since, timeoutMs));
  const opened = performance.now();
  for (const d of documents) await session.open(d.uri, d.text, 1);
  const publications = await Promise.all(waits);
  return { initializeMs, openMs: Math.max(...publications.map((p) => p.at)) - opened, publications };
}

/** The deepest folder URI that holds every document. */
function commonFolder(uris: string[]): string {
  let folder = new URL('.', uris[0]).href;
  while (!uris.every((uri) => uri.startsWith(folder))) folder = new URL('..', folder).href;
  return folder;
}

function tally(publications: Publication[], files: number): NonNullable<ServerCaseResult['corpus']> {
  const byCode: Record<string, number> = {};
  for (const d of publications.flatMap((p) => p.diagnostics)) {
    const code = String(d.code ?? d.source ?? 'none');
    byCode[code] = (byCode[code] ?? 0) + 1;
  }
  return {
    files,
    filesWithDiagnostics: publications.filter((p) => p.diagnostics.length > 0).length,
    diagnostics: publications.reduce((sum, p) => sum + p.diagnostics.length, 0),
    byCode,
  };
}

/** Opens `files` as an editor restoring a workspace would, in `runs` fresh processes; medians and the largest RSS. */
export async function runCorpusCase(plan: LaunchPlan, files: string[], runs: number, timeoutMs: number): Promise<ServerCaseResult> {
  const result: ServerCaseResult = { server: plan.id, status: 'ok', initializeSamples: [], openSamples: [] };
  const documents = files.map((file) => ({ uri: pathToFileURL(file).href, text: readFileSync(file, 'utf8') }));
  for (let run = 0; run < runs && result.status === 'ok'; run++) {
    const session = LspSession.start(plan);
    try {
      const { initializeMs, openMs, publications } = await openAll(session, documents, timeoutMs);
      result.initializeSamples?.push(initializeMs);
      result.openSamples?.push(openMs);
      result.match = publications.some((p) => p.version === undefined) ? 'first publication after the change' : 'version';
      result.corpus ??= tally(publications, files.length);
      result.openDiagnostics = result.corpus.diagnostics;
      result.peakRssMiB = Math.max(result.peakRssMiB ?? 0, session.peakRssMiB() ?? 0);
    } catch (error) {
      Object.assign(result, describeFailure(error, session));
    } finally {
      await session.stop(plan.args.some((a) => a.startsWith('--cpu-prof')) ? 60_000 : 5_000);
    }
  }
  result.initializeMs = result.initializeSamples?.length ? summarize(result.initializeSamples).median : undefined;
  result.openMs = result.openSamples?.length ? summarize(result.openSamples).median : undefined;
  return result;
}
