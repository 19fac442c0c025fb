/** The check every fix passes before it is offered: its edits applied to its own document's text, then that text re-read. */
import { isAlias, isScalar, visit, type Document, type Node } from 'yaml';
import { parseChunk } from './engine';
import { resourceQuantities } from './pod/quantities';
import { quantityMismatch } from './quantity';
import { DEFAULT_SETTINGS } from './settings';
import { commentProblem, commentRanges, lineBreakProblem, nonFinite } from './fixes/placement';
import { applyEdits } from './text';
import type { OffsetEdit } from './types';
import { containerLabel, findPodSpecs } from './workloads';
import { resolve } from './yamlNodes';

/** A fix that failed the check, for the caller's log: the service never logs by itself. */
export interface WithheldFix {
  title: string;
  reason: string;
}

export type WithheldLog = (withheld: WithheldFix) => void;

/** What the check compares before and after: read once per text, since every fix of a document starts from it. */
interface Facts {
  /** The parser's error messages, first lines only. */
  errors: string[];
  /** Keys written twice in one map, aliases followed. */
  duplicates: string[];
  /** Per document, per pod: how many app containers it has. */
  apps: number[][];
  /** `document/pod/container/section/resource` to the resource and the quantity text written there. */
  quantities: Map<string, { resource: string; text: string }>;
  /** `&name` and the anchored node's source (indentation left out, so a moved node still counts as unchanged). */
  anchors: string[];
}

let cached: { text: string; facts: Facts; comments: [number, number][] } | undefined;

/**
 * Why the edits (offsets in `text`, one YAML document) must not be applied, or undefined when they are safe: the
 * result must parse with no new errors or duplicate keys, keep an app container in every pod that had one, leave
 * comments, line breaks and anchored nodes alone, and write finite numbers and quantities that fit their resource.
 */
export function unsafeFixReason(text: string, edits: readonly OffsetEdit[]): string | undefined {
  if (edits.length === 0) return 'it has no edits';
  if (edits.some((e) => !(0 <= e.start && e.start <= e.end && e.end <= text.length))) return 'an edit lies outside its document';
  if (overlapping(edits)) return 'its edits overlap';
  // A fix whose edits leave the text as it is cannot remove its finding (a value rewritten under a tag that decides it).
  if (edits.every((e) => text.slice(e.start, e.end) === e.text)) return 'its edits change nothing';
  if (cached?.text !== text) cached = { text, facts: factsOf(text, parseChunk(text)), comments: commentRanges(text) };
  const { facts, comments } = cached;
  for (const edit of edits) {
    const reason = lineBreakProblem(text, edit) ?? commentProblem(text, edit, comments);
    if (reason) return reason;
  }
  const after = applyEdits(text, edits);
  return compareFacts(facts, factsOf(after, parseChunk(after))) ?? nonFinite(text, after, edits);
}

function overlapping(edits: readonly OffsetEdit[]): boolean {
  const sorted = [...edits].sort((a, b) => a.start - b.start || a.end - b.end);
  return sorted.some((e, i) => i > 0 && e.start < sorted[i - 1].end);
}

function compareFacts(before: Facts, after: Facts): string | undefined {
  if (after.errors.length > before.errors.length) return `the result has a new YAML error: ${after.errors[before.errors.length] ?? after.errors[0]}`;
  if (after.duplicates.length > before.duplicates.length) {
    const added = after.duplicates.find((key) => !before.duplicates.includes(key)) ?? after.duplicates[0];
    return `the result has a duplicate key '${added}'`;
  }
  if (after.apps.length !== before.apps.length || after.apps.some((pods, i) => pods.length !== before.apps[i].length)) {
    return 'the result has a different number of documents or pods';
  }
  if (after.apps.some((pods, i) => pods.some((apps, j) => apps === 0 && before.apps[i][j] > 0))) return 'it leaves a pod with no app container';
  for (const [key, { resource, text }] of after.quantities) {
    if (before.quantities.get(key)?.text === text) continue;
    const mismatch = quantityMismatch(text, resource);
    if (mismatch) return `it writes ${text} for ${key.replace(/^\d+\/\d+\//, '')}: ${mismatch}`;
  }
  const changed = changedAnchor(before.anchors, after.anchors);
  return changed === undefined ? undefined : `it changes what ${changed} reads, a node that other places share`;
}

/** The first anchor (or alias) whose node reads differently after the fix, or undefined when none does. */
function changedAnchor(before: string[], after: string[]): string | undefined {
  if (before.length === 0 && after.length === 0) return undefined;
  const remaining = new Map<string, number>();
  for (const entry of after) remaining.set(entry, (remaining.get(entry) ?? 0) + 1);
  for (const entry of before) {
    const left = remaining.get(entry) ?? 0;
    if (left === 0) return entry.slice(0, entry.indexOf('\n'));
    remaining.set(entry, left - 1);
  }
  const added = [...remaining].find(([, left]) => left > 0);
  return added && added[0].slice(0, added[0].indexOf('\n'));
}

function factsOf(text: string, docs: Document[]): Facts {
  const facts: Facts = { errors: [], duplicates: [], apps: [], quantities: new Map(), anchors: [] };
  docs.forEach((doc, i) => {
    facts.errors.push(...doc.errors.map((e) => e.message.split('\n')[0]));
    facts.duplicates.push(...duplicateKeys(doc));
    const pods = doc.errors.length > 0 ? [] : podsOf(doc);
    facts.apps.push(pods.map((pod) => pod.containers.filter((c) => c.role === 'app').length));
    pods.forEach((pod, j) => {
      for (const entry of resourceQuantities(pod)) {
        if (entry.text === undefined) continue;
        const owner = entry.container ? containerLabel(entry.container) : 'pod';
        facts.quantities.set(`${i}/${j}/${owner}/${entry.section}/${entry.resource}`, { resource: entry.resource, text: entry.text });
      }
    });
    if (text.includes('&')) facts.anchors.push(...anchorsOf(text, doc));
  });
  return facts;
}

function podsOf(doc: Document): ReturnType<typeof findPodSpecs> {
  try {
    return findPodSpecs(doc, DEFAULT_SETTINGS);
  } catch {
    return [];
  }
}

/** Keys equal once aliases are followed (`*k : 1` next to `name: 1`), which the parser's own check does not see. */
function duplicateKeys(doc: Document): string[] {
  const found: string[] = [];
  visit(doc, {
    Map(_key, map) {
      const seen = new Set<string>();
      for (const pair of map.items) {
        const key = isAlias(pair.key) ? resolve(doc, pair.key) : (pair.key as Node | null);
        if (!isScalar(key) || key.value === null) continue;
        const name = String(key.value);
        if (seen.has(name)) found.push(name);
        seen.add(name);
      }
    },
  });
  return found;
}

/**
 * Each anchored node as source text, and each alias with which definition of its anchor it reads (the k-th `&name`):
 * a write through a shared node, or a move that points an alias elsewhere, changes one of them.
 */
function anchorsOf(text: string, doc: Document): string[] {
  const out: string[] = [];
  const definitions = new Map<Node, number>();
  const count = new Map<string, number>();
  visit(doc, {
    Alias(_key, alias) {
      const target = resolve(doc, alias);
      out.push(`*${alias.source}\n${target ? (definitions.get(target) ?? -1) : -1}`);
    },
    Node(_key, node) {
      const anchor = (node as { anchor?: string }).anchor;
      if (!anchor || !node.range) return;
      const k = count.get(anchor) ?? 0;
      count.set(anchor, k + 1);
      definitions.set(node, k);
      out.push(
        `&${anchor}\n${text
          .slice(node.range[0], node.range[1])
          .replace(/\r?\n[ \t]*/g, '\n')
          .trimEnd()}`,
      );
    },
  });
  return out;
}
