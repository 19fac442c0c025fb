/** Ignore this rule here: a `# sidecar-lint-disable-next-line` comment above the finding's line (or one more id in it). */
import type { TextAnalysis } from '../analysis';
import { detectEol, indentOf, lineContentEnd, lineStartAt } from '../text';
import type { Finding, Fix } from '../types';

const NEXT_LINE = /^([ \t]*#[ \t]*sidecar-lint-disable-next-line)([ \t]+[a-z][a-z-]*(?:[ \t]*,[ \t]*[a-z][a-z-]*)*)?[ \t]*$/;

export function ignoreFix(analysis: TextAnalysis, finding: Finding): Fix {
  const text = analysis.text;
  const line = lineStartAt(text, finding.start);
  const subject = finding.container;
  const title = subject ? `Ignore '${finding.rule}' for '${subject}'` : `Ignore '${finding.rule}' on this line`;
  if (line > 0) {
    const above = lineStartAt(text, line - 1);
    const aboveEnd = lineContentEnd(text, above);
    const match = NEXT_LINE.exec(text.slice(above, aboveEnd));
    if (match) return { title, edits: [{ start: aboveEnd, end: aboveEnd, text: match[2] ? `, ${finding.rule}` : ` ${finding.rule}` }] };
  }
  const comment = `${' '.repeat(indentOf(text, line))}# sidecar-lint-disable-next-line ${finding.rule}${detectEol(text)}`;
  return { title, edits: [{ start: line, end: line, text: comment }] };
}
