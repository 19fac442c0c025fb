/** Ignore this rule here: a `# sidecar-lint-disable-next-line` comment above the finding's line (or one more id in it). */
import { chunkAt, type TextAnalysis } from '../analysis';
import { parseChunk } from '../engine';
import { detectEol, indentOf, lineContentEnd, lineStartAt } from '../text';
import type { Finding, Fix, Settings } from '../types';
import { containerLabel, findPodSpecs } from '../workloads';

const NEXT_LINE = /^([ \t]*#[ \t]*sidecar-lint-disable-next-line)([ \t]+[a-z][a-z-]*(?:[ \t]*,[ \t]*[a-z][a-z-]*)*)?[ \t]*$/;

export function ignoreFix(analysis: TextAnalysis, finding: Finding, settings: Settings): Fix {
  const text = analysis.text;
  const line = lineStartAt(text, finding.start);
  const subject = containerAt(analysis, finding, settings);
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

/** The name of the container a finding lies in, read from its document (parsed again: this runs on request only). */
function containerAt(analysis: TextAnalysis, finding: Finding, settings: Settings): string | undefined {
  const chunk = chunkAt(analysis, finding.start);
  if (!chunk) return undefined;
  const at = finding.start - chunk.start;
  for (const doc of parseChunk(chunk.text)) {
    if (doc.errors.length > 0) continue;
    for (const pod of findPodSpecs(doc, settings)) {
      const container = pod.containers.find((c) => c.node.range && c.node.range[0] <= at && at < c.node.range[2]);
      if (container) return containerLabel(container);
    }
  }
  return undefined;
}
