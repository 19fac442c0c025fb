/**
 * SARIF 2.1.0 for code scanning: rule metadata with help links, results with regions, and fixes as replacements (fixes
 * only: a SARIF consumer may apply them unattended, which a suggestion must never be).
 */
import { ruleDocsUrl } from './docs';
import type { Positions } from './text';
import type { ResolvedFinding } from './types';

export interface SarifFile {
  /** URI of the file relative to the repository root (forward slashes), as code scanning expects. */
  uri: string;
  lines: Positions;
  findings: ResolvedFinding[];
}

const LEVEL = { error: 'error', warning: 'warning', info: 'note' } as const;

function region(lines: Positions, start: number, end: number) {
  const a = lines.positionAt(start);
  const b = lines.positionAt(end);
  return { startLine: a.line + 1, startColumn: a.character + 1, endLine: b.line + 1, endColumn: b.character + 1 };
}

/** The results of one file, as plain data (made where the file was linted, so workers can send them back). */
export function sarifResults(file: SarifFile, ruleIndex: ReadonlyMap<string, number>): object[] {
  return file.findings
    .map((finding) => ({ ...finding, fixes: finding.fixes.filter((fix) => fix.kind !== 'suggestion') }))
    .map((f) => ({
      ruleId: f.rule,
      ...(ruleIndex.has(f.rule) ? { ruleIndex: ruleIndex.get(f.rule) } : {}),
      level: LEVEL[f.severity],
      message: { text: f.message },
      locations: [{ physicalLocation: { artifactLocation: { uri: file.uri }, region: region(file.lines, f.start, f.end) } }],
      ...(f.related?.length
        ? {
            relatedLocations: f.related.map((r, id) => ({
              id,
              message: { text: r.message },
              physicalLocation: { artifactLocation: { uri: file.uri }, region: region(file.lines, r.start, r.end) },
            })),
          }
        : {}),
      ...(f.fixes.length
        ? {
            fixes: f.fixes.map((fix) => ({
              description: { text: fix.title },
              artifactChanges: [
                {
                  artifactLocation: { uri: file.uri },
                  replacements: fix.edits.map((e) => ({ deletedRegion: region(file.lines, e.start, e.end), insertedContent: { text: e.text } })),
                },
              ],
            })),
          }
        : {}),
    }));
}

export interface SarifRule {
  id: string;
  description: string;
  defaultSeverity: string;
}

export function sarifRuleIndex(rules: SarifRule[]): Map<string, number> {
  return new Map(rules.map((r, i) => [r.id, i]));
}

export function toSarif(results: object[], rules: SarifRule[], version: string): object {
  return {
    $schema: 'https://docs.oasis-open.org/sarif/sarif/v2.1.0/errata01/os/schemas/sarif-schema-2.1.0.json',
    version: '2.1.0',
    runs: [
      {
        tool: {
          driver: {
            name: 'sidecar-lint',
            version,
            informationUri: ruleDocsUrl('').replace(/#$/, ''),
            rules: rules.map((r) => ({
              id: r.id,
              name: r.id.replace(/(^|-)([a-z])/g, (_m, _d: string, c: string) => c.toUpperCase()),
              shortDescription: { text: r.description },
              helpUri: ruleDocsUrl(r.id),
              defaultConfiguration: { level: LEVEL[r.defaultSeverity as keyof typeof LEVEL] ?? 'warning' },
            })),
          },
        },
        results,
      },
    ],
  };
}
