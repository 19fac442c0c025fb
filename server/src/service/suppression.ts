/** Findings the user turned off: `# sidecar-lint-disable…` comments and `sidecar-lint.dev/ignore` annotations. */
import type { Finding } from './types';
import { containerLabel, type PodSpec } from './workloads';

interface Directive {
  /** Offset of the comment's line start. */
  line: number;
  nextLine: boolean;
  /** Undefined for every rule. */
  rules?: Set<string>;
}

// `#` at a line start or after white space, so a `#` inside a value such as `url: a#b` is not a comment.
const DIRECTIVE = /(?:^|[ \t])#[ \t]*sidecar-lint-disable(-next-line)?(?=[ \t,]|\r?$)([^\n]*)/gm;

function ruleList(text: string): Set<string> | undefined {
  const ids = text.split(/[\s,]+/).filter((id) => /^[a-z][a-z-]*$/.test(id));
  return ids.length > 0 ? new Set(ids) : undefined;
}

/** The directives of a document, found by text so they also cover documents that do not parse. */
function directives(text: string): Directive[] {
  const out: Directive[] = [];
  if (!text.includes('sidecar-lint-disable')) return out;
  DIRECTIVE.lastIndex = 0;
  for (let m = DIRECTIVE.exec(text); m; m = DIRECTIVE.exec(text)) {
    out.push({ line: text.lastIndexOf('\n', m.index) + 1, nextLine: Boolean(m[1]), rules: ruleList(m[2].replace(/\s--\s.*$/, '')) });
  }
  return out;
}

const covers = (directive: Directive, rule: string) => !directive.rules || directive.rules.has(rule);

/** Drops findings silenced by a disable-next-line on the line above, or a disable earlier in the document. */
export function applyCommentDirectives(text: string, findings: Finding[]): Finding[] {
  const found = directives(text);
  if (found.length === 0) return findings;
  return findings.filter((finding) => {
    const line = text.lastIndexOf('\n', finding.start - 1) + 1;
    const previousLine = line === 0 ? -1 : text.lastIndexOf('\n', line - 2) + 1;
    return !found.some((d) => covers(d, finding.rule) && (d.nextLine ? d.line === previousLine : d.line < line || (d.line === line && !d.nextLine)));
  });
}

const IGNORE = 'sidecar-lint.dev/ignore';

function annotationRules(value: string | undefined): Set<string> | undefined | 'all' {
  if (value === undefined) return undefined;
  const ids = value.split(/[\s,]+/).filter(Boolean);
  return ids.length === 0 || ids.includes('*') || ids.includes('all') ? 'all' : new Set(ids);
}

/** Drops a pod's findings named by its `sidecar-lint.dev/ignore` annotation, or by `…/ignore.<container>` for that container. */
export function applyAnnotations(pod: PodSpec, findings: Finding[]): Finding[] {
  const podRules = annotationRules(pod.annotations.get(IGNORE));
  const perContainer = pod.containers
    .map((container) => ({ container, rules: annotationRules(pod.annotations.get(`${IGNORE}.${containerLabel(container)}`)) }))
    .filter((entry) => entry.rules !== undefined);
  if (!podRules && perContainer.length === 0) return findings;
  const silences = (rules: Set<string> | 'all' | undefined, rule: string) => rules === 'all' || Boolean(rules?.has(rule));
  return findings.filter((finding) => {
    if (silences(podRules, finding.rule)) return false;
    return !perContainer.some(({ container, rules }) => {
      const range = container.node.range;
      return range && finding.start >= range[0] && finding.start < range[2] && silences(rules, finding.rule);
    });
  });
}
