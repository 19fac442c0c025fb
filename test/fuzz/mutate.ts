/** Mutations of a manifest's text: line edits, indentation, YAML specials, line endings, odd scalars, splices. */
import type { Rng } from '../../bench/gen/prng';

type Mutator = (text: string, rng: Rng, other: string) => string;

const ANCHORS = ['a', 'b', 'c'];
const SCALARS = [
  '1e309',
  '-1e309',
  '99999999999999999999999',
  '.inf',
  '.nan',
  '0x1F90',
  '0o17',
  '-0',
  '1.5Gi',
  '500m',
  '0.1',
  '1e3',
  '""',
  "''",
  '~',
  'null',
  'true',
  '"8080"',
  "'100m'",
  '${PORT}',
  '{{ .Values.port }}',
  '"{{ .Values.image }}"',
  'é',
  '🚀',
  '\u2028',
  '\ufeff',
  '\u200b',
  '|\n  block',
  '>-',
  '!!str 8080',
  '!!int "80"',
  '{}',
  '[]',
  '{a: 1}',
  '[1, 2]',
];
const LINES = [
  '---',
  '...',
  '# comment',
  '<<: *a',
  '<<: [*a, *b]',
  '- *c',
  '? key',
  ': value',
  'resources: {}',
  'resources: {limits: {cpu: 1}} # note',
  'limits: {memory: 1Gi}  # tight',
  'restartPolicy: Always',
  'initContainers: []',
  'containers: []',
  '- name: x',
  '  image: busybox',
  '%YAML 1.2',
  '\t',
  '',
];

function splitLines(text: string): string[] {
  return text.split(/(?<=\n)/);
}

function lineIndex(lines: string[], rng: Rng): number {
  return rng.int(0, Math.max(0, lines.length - 1));
}

function onLines(fn: (lines: string[], i: number, rng: Rng) => void): Mutator {
  return (text, rng) => {
    const lines = splitLines(text);
    if (lines.length === 0) return text;
    fn(lines, lineIndex(lines, rng), rng);
    return lines.join('');
  };
}

function eolOf(line: string): string {
  return line.endsWith('\r\n') ? '\r\n' : line.endsWith('\n') ? '\n' : '';
}

function body(line: string): string {
  return line.slice(0, line.length - eolOf(line).length);
}

const indent = (line: string) => line.length - line.trimStart().length;

const MUTATORS: Mutator[] = [
  onLines((lines, i) => lines.splice(i, 1)),
  onLines((lines, i) => lines.splice(i, 0, lines[i].endsWith('\n') ? lines[i] : lines[i] + '\n')),
  onLines((lines, i, rng) => {
    const j = lineIndex(lines, rng);
    [lines[i], lines[j]] = [lines[j], lines[i]];
  }),
  onLines((lines, i, rng) => {
    const delta = rng.int(-4, 4);
    lines[i] = delta >= 0 ? ' '.repeat(delta) + lines[i] : lines[i].replace(new RegExp(`^ {0,${-delta}}`), '');
  }),
  onLines((lines, i) => (lines[i] = lines[i].replace(/^( *)/, (m) => m.replace(/ {2}/, '\t')))),
  // A special line at a neighbour's indentation.
  onLines((lines, i, rng) => lines.splice(i, 0, ' '.repeat(indent(lines[i])) + rng.pick(LINES) + (eolOf(lines[i]) || '\n'))),
  // A scalar value replaced.
  onLines((lines, i, rng) => (lines[i] = lines[i].replace(/(:|- ) *[^\s#{[&*!|>][^#\r\n]*/, (_m, lead: string) => `${lead} ${rng.pick(SCALARS)}`))),
  // A comment at the line's end.
  onLines((lines, i, rng) => (lines[i] = body(lines[i]) + rng.pick([' # c', '  #', ' #{x}', '\t# t']) + eolOf(lines[i]))),
  // An anchor on a key with a nested value, or on a sequence item; an alias or merge after it.
  onLines((lines, i, rng) => (lines[i] = body(lines[i]).replace(/:$/, `: &${rng.pick(ANCHORS)}`) + eolOf(lines[i]))),
  onLines((lines, i, rng) => {
    const m = /^( *)- (\S.*)$/.exec(body(lines[i]));
    if (m) lines[i] = `${m[1]}- &${rng.pick(ANCHORS)}\n${m[1]}  ${m[2]}${eolOf(lines[i]) || '\n'}`;
  }),
  onLines((lines, i, rng) => {
    const m = /^( *)- /.exec(lines[i]);
    if (m) lines.splice(i, 0, `${m[1]}- *${rng.pick(ANCHORS)}\n`);
  }),
  onLines((lines, i, rng) => {
    const m = /^( *)[\w.-]+:/.exec(lines[i]);
    if (m) lines.splice(i, 0, `${m[1]}<<: *${rng.pick(ANCHORS)}\n`);
  }),
  onLines((lines, i) => (lines[i] = lines[i].replace(/^( *)([\w.-]+):/, '$1? $2\n$1:'))),
  onLines((lines, i, rng) => (lines[i] = lines[i].replace(/: (\S)/, `: ${rng.pick(['!!str ', '!!int ', '!custom ', '&z '])}$1`))),
  // Quoting and unquoting.
  onLines((lines, i) => (lines[i] = lines[i].replace(/: ([^\s"'#][^\r\n#]*?)(\s*)$/, ': "$1"$2'))),
  onLines((lines, i) => (lines[i] = lines[i].replace(/: ["']([^"'\r\n]*)["']/, ': $1'))),
  // A block mapping turned into a flow one: `key:` followed by `  a: b` lines becomes `key: {a: b}`.
  onLines((lines, i) => {
    const m = /^( *)([\w.-]+):\s*$/.exec(lines[i]);
    if (!m) return;
    let j = i + 1;
    const items: string[] = [];
    while (j < lines.length && indent(lines[j]) > m[1].length && /^ *[\w.-]+: [^{[\r\n]+$/.test(body(lines[j]))) items.push(body(lines[j++]).trim());
    if (items.length > 0) lines.splice(i, j - i, `${m[1]}${m[2]}: {${items.join(', ')}}${eolOf(lines[j - 1]) || '\n'}`);
  }),
  // Line endings: one line to CRLF, all lines, or the final one dropped.
  onLines((lines, i) => (lines[i] = lines[i].replace(/\r?\n$/, '\r\n'))),
  (text) => text.replace(/\r?\n/g, '\r\n'),
  (text) => text.replace(/\r?\n$/, ''),
  (text, rng) => {
    const at = rng.int(0, text.length);
    return text.slice(0, at) + rng.pick(['\t', '\ufeff', 'é', '\u0000', '\r', '"', "'", '{', ']', ':', '#', ' ', '\\']) + text.slice(at);
  },
  // A splice: the head of this text and the tail of another.
  (text, rng, other) => {
    const a = splitLines(text);
    const b = splitLines(other);
    return [...a.slice(0, rng.int(0, a.length)), ...b.slice(rng.int(0, b.length))].join('');
  },
];

/** Applies one to four random mutations, each possibly seeing the others' results. */
export function mutate(text: string, rng: Rng, other: string): string {
  let out = text;
  for (let n = rng.int(1, 4); n > 0; n--) out = rng.pick(MUTATORS)(out, rng, other);
  return out;
}
