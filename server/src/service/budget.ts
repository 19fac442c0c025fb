/**
 * Limits on the work one YAML document may cost: merge keys (`<<`) expand into bounded memoised views, and the engine
 * stops a document after a wall-clock budget. Like `yaml`'s `maxAliasCount`, a limit turns a resource-exhaustion
 * input (https://en.wikipedia.org/wiki/Billion_laughs_attack) into one clear finding instead of a frozen editor.
 */
import { isAlias, visit, type Alias, type Document, type Node, type YAMLMap } from 'yaml';

/** Keys brought into maps by merge keys, summed over the document's maps (each map's merged view is built once). */
export const MAX_MERGED_ENTRIES = 200_000;
/** Merge keys nested deeper than this (a map merging a map merging a map…) stop the analysis. */
export const MAX_MERGE_DEPTH = 32;
/** Wall-clock time the engine spends on one document before it stops. */
export const TIME_BUDGET_MS = 1000;

/** Longer YAML documents are not parsed at all: `yaml` parses in one synchronous call, at about a megabyte a second. */
export const MAX_DOCUMENT_CHARS = 1_000_000;

export type BudgetReason = 'merge' | 'time';

/** Thrown where a limit is reached; the engine turns it into one `analysis-budget` finding for the document. */
export class BudgetExceeded extends Error {
  constructor(
    readonly reason: BudgetReason,
    message: string,
    /** Where the limit was reached, when that is one place (the merge key that went over). */
    readonly at?: readonly [number, number],
  ) {
    super(message);
  }
}

/** What is worked out once per parsed document: alias targets, merged views, the budget spent. */
export interface DocumentState {
  aliasTargets?: Map<Alias, Node | undefined>;
  merged: Map<YAMLMap, Map<string, unknown>>;
  inProgress: Set<YAMLMap>;
  mergedEntries: number;
  deadline: number;
  exceeded?: BudgetExceeded;
}

const STATE = Symbol('sidecar-lint document state');

/**
 * The document's state, kept on the Document object itself (not in a WeakMap, whose entries V8 keeps until a full GC),
 * so it lives exactly as long as the parse.
 */
export function stateOf(doc: Document): DocumentState {
  const holder = doc as unknown as Record<symbol, DocumentState | undefined>;
  let state = holder[STATE];
  if (!state) {
    state = { merged: new Map(), inProgress: new Set(), mergedEntries: 0, deadline: Infinity };
    holder[STATE] = state;
  }
  return state;
}

/** Records that a limit was reached and throws it; once exceeded, a document stays exceeded. */
export function exceed(doc: Document, reason: BudgetReason, message: string, at?: readonly [number, number]): never {
  const state = stateOf(doc);
  state.exceeded ??= new BudgetExceeded(reason, message, at);
  throw state.exceeded;
}

/** The message of the time budget's finding: the only `analysis-budget` finding that depends on the machine's speed. */
export const TIME_BUDGET_MESSAGE = `sidecar-lint stopped analysing this document after ${TIME_BUDGET_MS / 1000} s; findings after that point are not reported.`;

/** Throws when the document is over budget already or its time is up; cheap enough to call per container. */
export function checkBudget(doc: Document): void {
  const state = stateOf(doc);
  if (state.exceeded) throw state.exceeded;
  if (state.deadline !== Infinity && Date.now() > state.deadline) exceed(doc, 'time', TIME_BUDGET_MESSAGE);
}

/** The same as a test: false once the document is over budget. */
export function inBudget(doc: Document): boolean {
  try {
    checkBudget(doc);
    return true;
  } catch {
    return false;
  }
}

/** Runs `work` with the time budget running; other readers of the document (hover, outline) later are not timed. */
export function withTimeBudget<T>(doc: Document, work: () => T, budgetMs = TIME_BUDGET_MS): T {
  const state = stateOf(doc);
  state.deadline = Date.now() + budgetMs;
  try {
    return work();
  } finally {
    state.deadline = Infinity;
  }
}

/** The limit the document reached, if any. */
export function budgetExceeded(doc: Document): BudgetExceeded | undefined {
  return stateOf(doc).exceeded;
}

/**
 * The node each alias names, for the whole document in one walk: `Alias.resolve(doc)` walks the whole document on every
 * call, which made every alias and merge key cost the document's size. Same rule as `yaml`: the last node before the
 * alias (in document order) that carries its anchor.
 */
export function aliasTarget(doc: Document, alias: Alias): Node | undefined {
  const state = stateOf(doc);
  if (!state.aliasTargets) {
    const targets = new Map<Alias, Node | undefined>();
    const latest = new Map<string, Node>();
    visit(doc, {
      Node(_key, node) {
        if (isAlias(node)) targets.set(node, latest.get(node.source));
        else if (node.anchor) latest.set(node.anchor, node);
      },
    });
    state.aliasTargets = targets;
  }
  return state.aliasTargets.has(alias) ? state.aliasTargets.get(alias) : (alias.resolve(doc) ?? undefined);
}
