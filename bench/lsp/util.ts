/** Small helpers shared by the LSP cases. */
import type { ServerCaseResult } from '../report/types';
import type { LspSession } from './session';

/** Number of code actions or completion items in a response (an array, a CompletionList, or null). */
export function countItems(result: unknown): number {
  if (Array.isArray(result)) return result.length;
  if (result !== null && typeof result === 'object' && 'items' in result && Array.isArray(result.items)) return result.items.length;
  return 0;
}

/** A failed case: the error, and what the server said on stderr before it. */
export function describeFailure(error: unknown, session: LspSession): Partial<ServerCaseResult> {
  const message = error instanceof Error ? error.message : String(error);
  return { status: 'failed', note: message, stderr: session.stderr.slice(-1500) || undefined };
}
