/** Analysis of one YAML document chunk: parse, find pod specs, run every rule; offsets relative to the chunk. */
import { isMap, isScalar, parseAllDocuments, type Document } from 'yaml';
import { budgetExceeded, inBudget, MAX_DOCUMENT_CHARS, withTimeBudget, type BudgetExceeded } from './budget';
import { EMPTY_WORLD, selects, type ObjectWorld } from './objects/services';
import { EMPTY_SUMMARY, mergeSummaries, summarize, type ObjectSummary } from './objects/summary';
import { ANALYSIS_BUDGET, RULES } from './rules';
import type { Rule, RuleFinding } from './rules/rule';
import { adjustForSource } from './pod/source';
import { applyAnnotations, applyCommentDirectives } from './suppression';
import { literalFindings } from './masked/literal';
import type { TemplateMask } from './masked/mask';
import { helmView, isTemplated } from './templates';
import type { Finding, Settings } from './types';
import { containerLabel, findPodSpecs, type PodSpec } from './workloads';

const PARSE_OPTIONS = { prettyErrors: false, uniqueKeys: true, strict: false } as const;
const SERVICE_RULES = RULES.filter((rule) => rule.checkService);

/** The documents of one chunk; none for a chunk too long to parse in reasonable time (the engine says so). */
export function parseChunk(text: string): Document[] {
  if (text.length > MAX_DOCUMENT_CHARS) return [];
  const docs = parseAllDocuments(text, PARSE_OPTIONS);
  return Array.isArray(docs) ? (docs as Document[]) : [];
}

/** A chunk parsed, its pod specs found and its objects summarised: what the rules need, read once. */
export interface PreparedChunk {
  text: string;
  docs: Document[];
  /** Per document: its pod specs and its summary (whose `pods` are those pod specs, in order). */
  parts: { pods: PodSpec[]; summary: ObjectSummary }[];
  summary: ObjectSummary;
  /** Set when `text` is a Helm template with its actions masked: only findings on literal text are kept. */
  mask?: TemplateMask;
}

/** Parses a chunk and reads its pods and the objects other documents' rules need (Services, Namespaces, pod labels). */
export function prepareChunk(written: string, settings: Settings, parsed?: Document[]): PreparedChunk {
  // A chart template without helm is read with its actions masked; its objects are not shown to other documents.
  const helm = written.length > MAX_DOCUMENT_CHARS ? undefined : helmView(written, settings);
  const text = helm?.text ?? written;
  const docs = helm?.docs ?? parsed ?? parseChunk(text);
  const parts = docs.map((doc) => {
    if (text.length > MAX_DOCUMENT_CHARS || isTemplated(text, doc) || doc.errors.length > 0) return { pods: [], summary: EMPTY_SUMMARY };
    const pods = withTimeBudget(doc, () => safe(() => findPodSpecs(doc, settings), []));
    if (helm) return { pods, summary: EMPTY_SUMMARY };
    return { pods, summary: safe(() => summarize(doc, pods), { ...EMPTY_SUMMARY, pods: [] }) };
  });
  return { text, docs, parts, summary: mergeSummaries(parts.map((part) => part.summary)), mask: helm?.mask };
}

/** Never throws: a rule that fails on odd input reports nothing for that pod, and the others still run. */
export function analyzeChunk(text: string, settings: Settings): Finding[] {
  return analyzePrepared(prepareChunk(text, settings), settings);
}

/** The same, on documents already parsed from `text` (so the outline can share the parse). */
export function analyzeDocuments(text: string, docs: Document[], settings: Settings): Finding[] {
  return analyzePrepared(prepareChunk(text, settings, docs), settings);
}

/**
 * The findings of a prepared chunk; `world` holds the objects around it (offsets relative to this chunk), with the
 * chunk's own. Without it, only the chunk's own objects are seen.
 */
export function analyzePrepared(prepared: PreparedChunk, settings: Settings, world?: ObjectWorld): Finding[] {
  const { text, docs, parts } = prepared;
  if (text.length > MAX_DOCUMENT_CHARS) return applyCommentDirectives(text, [tooLongFinding(text)]);
  const around = world ?? ownWorld(prepared.summary);
  const findings: Finding[] = [];
  docs.forEach((doc, i) => {
    if (isTemplated(text, doc)) return;
    if (doc.errors.length > 0) {
      // A masked template that does not parse says nothing: the error may be the mask's, not the template's.
      if (!prepared.mask) findings.push(...syntaxFindings(doc));
      return;
    }
    const found = withTimeBudget(doc, () => documentFindings(text, doc, settings, parts[i], around));
    findings.push(...(prepared.mask ? literalFindings(found, parts[i].pods, prepared.mask) : found));
  });
  return applyCommentDirectives(text, dedupe(findings));
}

function ownWorld(summary: ObjectSummary): ObjectWorld {
  if (summary.services.length === 0 && summary.namespaces.length === 0) return EMPTY_WORLD;
  const namespaces = summary.namespaces.map((object) => ({ object, delta: 0 }));
  return { services: summary.services.map((object) => ({ object, delta: 0 })), pods: summary.pods.map((object) => ({ object, delta: 0 })), namespaces };
}

/**
 * Every rule on every pod spec of one document, within its budget: past a limit, the pod being checked loses its
 * findings (they could depend on what was not read), no later pod is checked, and one finding says why.
 */
function documentFindings(text: string, doc: Document, settings: Settings, part: PreparedChunk['parts'][number], world: ObjectWorld): Finding[] {
  const findings: Finding[] = [];
  part.pods.forEach((pod, p) => {
    if (budgetExceeded(doc)) return;
    const podObject = part.summary.pods[p];
    const objects = {
      services: world.services.filter((s) => podObject && selects(s.object, podObject)),
      namespaces: world.namespaces?.filter((n) => podObject && n.object.name === podObject.namespace),
    };
    const podFindings: Finding[] = [];
    for (const rule of RULES) {
      if (!inBudget(doc)) break;
      podFindings.push(
        ...safe(
          () => stampFindings(rule, adjustForSource(rule.id, pod, rule.check({ text, pod, settings, objects })), text.length, !rule.relatedElsewhere),
          [],
        ),
      );
    }
    if (budgetExceeded(doc)) return;
    findings.push(...applyAnnotations(pod, podFindings));
  });
  if (!budgetExceeded(doc)) findings.push(...serviceFindings(text, part.summary, settings, world));
  const exceeded = budgetExceeded(doc);
  if (exceeded) findings.push(budgetFinding(doc, exceeded, text.length));
  return findings;
}

/** The Service rules on each Service of the document that selects a pod; their related locations may lie in other documents. */
function serviceFindings(text: string, summary: ObjectSummary, settings: Settings, world: ObjectWorld): Finding[] {
  const findings: Finding[] = [];
  for (const service of summary.services) {
    const pods = world.pods.filter((pod) => selects(service, pod.object));
    if (pods.length === 0) continue;
    for (const rule of SERVICE_RULES) {
      findings.push(...safe(() => stampFindings(rule, rule.checkService!({ text, service, pods, settings }), text.length, false), []));
    }
  }
  return findings;
}

/** On the document's first line (at most 80 characters of it: that line may be the whole of a JSON file). */
function tooLongFinding(text: string): Finding {
  const start = Math.max(0, text.search(/[^\s]/));
  const lineEnd = text.indexOf('\n', start);
  const end = Math.min(lineEnd === -1 ? text.length : lineEnd, start + 80);
  const size = `${(text.length / 1_000_000).toFixed(1)} MB`;
  const limit = `${MAX_DOCUMENT_CHARS / 1_000_000} MB`;
  const message = `sidecar-lint does not analyse a YAML document over ${limit} (this one is ${size}), so nothing in it is checked: split it into one document per object (\`---\` between them).`;
  return { rule: ANALYSIS_BUDGET.id, start, end: Math.max(start, end), message, fixes: [] };
}

/** On the merge key that went over, else on the object's `kind` value (the document's start without one). */
function budgetFinding(doc: Document, exceeded: BudgetExceeded, length: number): Finding {
  let [start, end] = exceeded.at ?? [doc.contents?.range?.[0] ?? 0, doc.contents?.range?.[0] ?? 0];
  const kind = isMap(doc.contents) ? doc.contents.items.find((pair) => isScalar(pair.key) && pair.key.value === 'kind')?.value : undefined;
  if (!exceeded.at && isScalar(kind) && kind.range) [start, end] = [kind.range[0], kind.range[1]];
  return { rule: ANALYSIS_BUDGET.id, start: Math.min(start, length), end: Math.min(Math.max(start, end), length), message: exceeded.message, fixes: [] };
}

/** A rule's findings with its id and their container's label, less any that does not sit inside the document. */
export function stampFindings(rule: Pick<Rule, 'id'>, found: RuleFinding[], length: number, relatedInside = true): Finding[] {
  const out: Finding[] = [];
  for (const { container, ...rest } of found) {
    if (!insideText(relatedInside ? rest : { ...rest, related: [] }, length)) continue;
    const finding: Finding = { rule: rule.id, ...rest };
    if (container) finding.container = containerLabel(container);
    out.push(finding);
  }
  return out;
}

/** The finding, its related locations and its fixes' edits all lie in [0, length]: a rule's slip never reaches an editor. */
function insideText(finding: Omit<RuleFinding, 'container'>, length: number): boolean {
  const inside = ({ start, end }: { start: number; end: number }) => 0 <= start && start <= end && end <= length;
  return inside(finding) && (finding.related ?? []).every(inside) && finding.fixes.every((fix) => fix.edits.every(inside));
}

/** The first error is the one that stops the parse; the ones after it mostly echo it. */
function syntaxFindings(doc: Document): Finding[] {
  return doc.errors.slice(0, 1).map((error) => ({
    rule: 'yaml-syntax',
    start: error.pos[0],
    end: Math.max(error.pos[1], error.pos[0]),
    message: `YAML syntax error: ${error.message.split('\n')[0].replace(/ at line \d+, column \d+:?$/, '')}`,
    fixes: [],
  }));
}

function safe<T>(run: () => T, fallback: T): T {
  try {
    return run();
  } catch {
    return fallback;
  }
}

/** Two pod specs can share a container through an alias; one finding per rule and place is enough. */
function dedupe(findings: Finding[]): Finding[] {
  const seen = new Set<string>();
  return findings.filter((f) => {
    const key = `${f.rule}:${f.start}:${f.end}`;
    if (seen.has(key)) return false;
    seen.add(key);
    return true;
  });
}
