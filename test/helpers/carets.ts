/**
 * The caret convention of rule fixtures: a comment line of `^` under a line marks a finding expected there.
 *
 *   annotation := `#` spaces? carets spaces severity spaces rule (spaces message)? (spaces marker)* spaces?
 *   carets     := `^`+              the columns the finding covers, on the line above (the first line, when it spans more)
 *   severity   := error | warning | info
 *   rule       := [a-z][a-z0-9-]*
 *   message    := quoted            a fragment of the finding's message
 *   marker     := nofix             no fix at all is offered (safe fixes; the Ignore action is not a rule's fix)
 *               | (💡 | fix) spaces? quoted          a fix (kind 'fix' or none) is offered whose title contains this
 *               | (💭 | suggestion) spaces? quoted   a suggestion (kind 'suggestion') is offered whose title contains this
 *   quoted     := `"` (any character but `"` and `\`, or `\` then any character)* `"`
 *
 * e.g. `#   ^^^^^ warning legacy-sidecar "sidecar 'log-shipper'" 💡 "Convert 'log-shipper' to a native sidecar"`.
 * `nofix` stands alone: it cannot be combined with fix or suggestion markers. A line whose first non-blank characters
 * are `#`, blanks, then `^` is an annotation: if it does not follow the grammar, parsing fails rather than keeping it.
 *
 * Goldens beside an `invalid*.yaml` fixture (its text with the annotation lines removed, then edited):
 * - `<name>.fixed.yaml`: after every preferred fix of the rule, as `--fix` applies them (suggestions never are); there
 *   when that changes the text. Only the findings without a preferred fix may be left in it.
 * - `<name>.suggested.yaml`: after, for each caret with a `💭` marker, the first suggestion it marks, all on the
 *   original text as the editor offers each (their edits must not overlap; mark another first if they do); there when a
 *   caret marks a suggestion. A rule whose quick fixes are all suggestions has only this golden.
 * A snippet edit (`${1:8081}` placeholders) must insert the edit's plain text when its placeholders are kept.
 */

export interface FixMarker {
  kind: 'fix' | 'suggestion';
  /** A fragment of the offered fix's title. */
  title: string;
}

export interface Expected {
  line: number;
  start: number;
  end: number;
  severity: string;
  rule: string;
  /** A fragment of the finding's message, when the annotation gives one. */
  message?: string;
  /** `nofix`: the finding must be reported with no fix offered. */
  noFix: boolean;
  /** Fixes and suggestions the finding must offer. */
  fixes: FixMarker[];
}

const LOOKS_LIKE_ANNOTATION = /^\s*#\s*\^/;
const HEAD = /^(\s*#\s*?)(\^+)\s+(error|warning|info)\s+([a-z][a-z0-9-]*)/;
const QUOTED = String.raw`"((?:[^"\\]|\\.)*)"`;
const MESSAGE = new RegExp(String.raw`^\s+${QUOTED}`);
const MARKER = new RegExp(String.raw`^\s+(?:(nofix)\b|(?:(💡|💭)\s*|(fix|suggestion)\s+)${QUOTED})`);

const unquote = (text: string): string => text.replace(/\\(.)/g, '$1');

/** Reads one annotation line; undefined when it is not one, an error when it looks like one but breaks the grammar. */
export function parseAnnotation(line: string, under: number): Expected | undefined {
  if (!LOOKS_LIKE_ANNOTATION.test(line)) return undefined;
  const head = HEAD.exec(line);
  if (!head) throw new Error(`malformed annotation (want ^^^ severity rule): ${line}`);
  const start = head[1].length;
  const expected: Expected = { line: under, start, end: start + head[2].length, severity: head[3], rule: head[4], noFix: false, fixes: [] };
  let rest = line.slice(head[0].length).replace(/\s*\r?$/, '');
  const message = MESSAGE.exec(rest);
  if (message) {
    expected.message = unquote(message[1]);
    rest = rest.slice(message[0].length);
  }
  for (let marker = MARKER.exec(rest); marker; marker = MARKER.exec(rest)) {
    if (marker[1]) expected.noFix = true;
    else expected.fixes.push({ kind: marker[2] === '💭' || marker[3] === 'suggestion' ? 'suggestion' : 'fix', title: unquote(marker[4]) });
    rest = rest.slice(marker[0].length);
  }
  if (rest !== '') throw new Error(`malformed annotation (cannot read '${rest.trim()}'): ${line}`);
  if (expected.noFix && expected.fixes.length > 0) throw new Error(`malformed annotation (nofix with a fix marker): ${line}`);
  return expected;
}

/** Splits a fixture into the text under test (annotation lines removed) and what the annotations expect. */
export function parseCarets(fixture: string): { text: string; expected: Expected[] } {
  const kept: string[] = [];
  const expected: Expected[] = [];
  fixture.split('\n').forEach((line, index) => {
    let annotation: Expected | undefined;
    try {
      annotation = parseAnnotation(line, kept.length - 1);
    } catch (error) {
      throw new Error(`line ${index + 1}: ${(error as Error).message}`);
    }
    if (!annotation) kept.push(line);
    else if (kept.length === 0) throw new Error(`line ${index + 1}: an annotation needs a line above it`);
    else expected.push(annotation);
  });
  return { text: kept.join('\n'), expected };
}

/** The key a finding and an annotation share when they agree on place, severity and rule. */
export function describeExpected(e: Pick<Expected, 'line' | 'start' | 'end' | 'severity' | 'rule'>): string {
  return `${e.line + 1}:${e.start + 1}-${e.end + 1} ${e.severity} ${e.rule}`;
}

const header = (text: string, name: string): string | undefined => new RegExp(`^# ${name}: (.*?)\\s*$`, 'm').exec(text.split('\n').slice(0, 5).join('\n'))?.[1];

/**
 * The rules a fixture of `rule` runs: that one, and those a `# rules: a, b` header in its first lines opts into (for
 * cases where rules meet, such as two rules that must never both report a container).
 */
export function fixtureRules(text: string, rule: string, known: readonly string[]): string[] {
  const listed =
    header(text, 'rules')
      ?.split(',')
      .map((id) => id.trim())
      .filter(Boolean) ?? [];
  for (const id of listed) if (!known.includes(id)) throw new Error(`# rules: names an unknown rule '${id}'`);
  return [...new Set([rule, ...listed])].sort();
}

/**
 * The settings a fixture runs with: its `# settings: {...}` header (Kubernetes version, feature gates, helpers, a
 * severity), with every rule it does not run turned off. yaml-syntax always runs: a fixture that does not parse tests
 * nothing. A header that turns a rule off is refused, since `# rules:` says which rules run.
 */
export function fixtureSettings(text: string, rule: string, known: readonly string[]): Record<string, unknown> {
  const json = header(text, 'settings');
  const given = (json ? JSON.parse(json) : {}) as Record<string, unknown>;
  const severities = (given.rules ?? {}) as Record<string, string>;
  for (const [id, severity] of Object.entries(severities)) {
    if (severity === 'off') throw new Error(`# settings: turns '${id}' off; a fixture runs only its rule and those in # rules:`);
  }
  return { ...given, rules: { ...onlyRules(fixtureRules(text, rule, known), known), ...severities } };
}

/** Settings `rules` that turn off every known rule but these and yaml-syntax, so a test sees only what it is about. */
export function onlyRules(running: readonly string[], known: readonly string[]): Record<string, 'off'> {
  return Object.fromEntries(known.filter((id) => id !== 'yaml-syntax' && !running.includes(id)).map((id) => [id, 'off']));
}

/** The text a snippet inserts when every placeholder keeps its default (`${1:8081}` → `8081`, `$0` → nothing). */
export function snippetDefault(snippet: string): string {
  let out = snippet;
  for (let before = ''; before !== out;) {
    before = out;
    out = out.replace(/(?<!\\)\$\{\d+:((?:[^{}\\]|\\.)*)\}/g, '$1').replace(/(?<!\\)\$(?:\d+|\{\d+\})/g, '');
  }
  return out.replace(/\\([$}\\])/g, '$1');
}
