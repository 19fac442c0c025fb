/** The caret convention: a comment line of `^` under a line marks an expected finding there, with its severity and rule. */

export interface Expected {
  line: number;
  start: number;
  end: number;
  severity: string;
  rule: string;
  /** `nofix`: the finding must be reported with no fix offered. */
  noFix: boolean;
}

const ANNOTATION = /^(\s*#\s*?)(\^+)\s+(error|warning|info)\s+([a-z-]+)(\s+nofix)?\s*\r?$/;

/** Splits a fixture into the text under test (annotation lines removed) and what the annotations expect. */
export function parseCarets(fixture: string): { text: string; expected: Expected[] } {
  const kept: string[] = [];
  const expected: Expected[] = [];
  for (const line of fixture.split('\n')) {
    const match = ANNOTATION.exec(line);
    if (!match) {
      kept.push(line);
      continue;
    }
    const start = match[1].length;
    expected.push({ line: kept.length - 1, start, end: start + match[2].length, severity: match[3], rule: match[4], noFix: Boolean(match[5]) });
  }
  return { text: kept.join('\n'), expected };
}

export function describeExpected(e: Omit<Expected, 'noFix'>): string {
  return `${e.line + 1}:${e.start + 1}-${e.end + 1} ${e.severity} ${e.rule}`;
}

/** `# settings: {...}` in the first lines of a fixture sets the settings it runs with. */
export function fixtureSettings(text: string): unknown {
  const match = /^# settings: (\{.*\})\s*$/m.exec(text.split('\n').slice(0, 5).join('\n'));
  return match ? JSON.parse(match[1]) : {};
}
