/** Analysis of one YAML document chunk: parse, find pod specs, run every rule; offsets relative to the chunk. */
import { parseAllDocuments, type Document } from 'yaml';
import { RULES } from './rules';
import { applyAnnotations, applyCommentDirectives } from './suppression';
import { isTemplated } from './templates';
import type { Finding, Settings } from './types';
import { containerLabel, findPodSpecs, type PodSpec } from './workloads';

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
      const podFindings = RULES.flatMap((rule) => safe(() => rule.check({ text, pod, settings }), []));
      findings.push(...applyAnnotations(pod, podFindings).map((finding) => withContainer(finding, pod)));
    }
  }
  return applyCommentDirectives(text, dedupe(findings));
}

/** Names the container a finding lies in, when it lies in one. */
function withContainer(finding: Finding, pod: PodSpec): Finding {
  const container = pod.containers.find((c) => c.node.range && c.node.range[0] <= finding.start && finding.start < c.node.range[2]);
  return container ? { ...finding, container: containerLabel(container) } : finding;
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
