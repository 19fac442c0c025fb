/** Analysis of one YAML document chunk: parse, find pod specs, run every rule; offsets relative to the chunk. */
import { parseAllDocuments, type Document } from 'yaml';
import { RULES } from './rules';
import type { Rule, RuleFinding } from './rules/rule';
import { applyAnnotations, applyCommentDirectives } from './suppression';
import { isTemplated } from './templates';
import type { Finding, Settings } from './types';
import { containerLabel, findPodSpecs } from './workloads';

const PARSE_OPTIONS = { prettyErrors: false, uniqueKeys: true, strict: false } as const;

export function parseChunk(text: string): Document[] {
  const docs = parseAllDocuments(text, PARSE_OPTIONS);
  return Array.isArray(docs) ? (docs as Document[]) : [];
}

/** Never throws: a rule that fails on odd input reports nothing for that pod, and the others still run. */
export function analyzeChunk(text: string, settings: Settings): Finding[] {
  return analyzeDocuments(text, parseChunk(text), settings);
}

/** The same, on documents already parsed from `text` (so the outline can share the parse). */
export function analyzeDocuments(text: string, docs: Document[], settings: Settings): Finding[] {
  const findings: Finding[] = [];
  for (const doc of docs) {
    if (isTemplated(text, doc)) continue;
    if (doc.errors.length > 0) {
      findings.push(...syntaxFindings(doc));
      continue;
    }
    for (const pod of safe(() => findPodSpecs(doc, settings), [])) {
      const podFindings = RULES.flatMap((rule) => safe(() => stampFindings(rule, rule.check({ text, pod, settings }), text.length), []));
      findings.push(...applyAnnotations(pod, podFindings));
    }
  }
  return applyCommentDirectives(text, dedupe(findings));
}

/** A rule's findings with its id and their container's label, less any that does not sit inside the document. */
export function stampFindings(rule: Pick<Rule, 'id'>, found: RuleFinding[], length: number): Finding[] {
  const out: Finding[] = [];
  for (const { container, ...rest } of found) {
    if (!insideText(rest, length)) continue;
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
