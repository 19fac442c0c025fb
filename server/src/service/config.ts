/** `.sidecar-lint.yaml`: read and checked here (pure); found on disk by the server and the CLI. */
import { isMap, isScalar, isSeq, parseDocument, type Node } from 'yaml';
import { RULE_IDS } from './rules';
import { parseKubernetesMinor } from './settings';
import { fileKeys, HELPER_KINDS, SEVERITIES, shapeProblem, type SettingKind, type SettingSpec } from './settingsSchema';
import { Diagnostic, DiagnosticSeverity, Range } from 'vscode-languageserver-types';
import { SOURCE } from './docs';
import { LineIndex } from './text';

export const CONFIG_FILE_NAMES = ['.sidecar-lint.yaml', '.sidecar-lint.yml'];

export interface ConfigProblem {
  start: number;
  end: number;
  message: string;
}

export interface ParsedConfig {
  /** The valid entries, in the shape of the `sidecarLint` settings object. */
  values: Record<string, unknown>;
  problems: ConfigProblem[];
}

const FILE_KEYS = fileKeys();

/** Valid entries are kept and each bad one is reported where it is written; a file that does not parse gives no values. */
export function parseConfig(text: string): ParsedConfig {
  const doc = parseDocument(text, { prettyErrors: false });
  const problems: ConfigProblem[] = [];
  if (doc.errors.length > 0) {
    const error = doc.errors[0];
    return {
      values: {},
      problems: [
        { start: error.pos[0], end: error.pos[1], message: `This config file is not valid YAML (${error.message.split('\n')[0]}); the defaults are used.` },
      ],
    };
  }
  const values: Record<string, unknown> = {};
  if (doc.contents === null) return { values, problems };
  if (!isMap(doc.contents)) return { values, problems: [at(doc.contents as Node, 'The config file must be a mapping of settings; the defaults are used.')] };
  for (const pair of doc.contents.items) {
    const key = isScalar(pair.key) ? String(pair.key.value) : '';
    const specs = FILE_KEYS.get(key);
    if (!specs) {
      problems.push(at(pair.key as Node, `Unknown setting '${key}': expected one of ${[...FILE_KEYS.keys()].join(', ')}.`));
      continue;
    }
    const node = pair.value as Node | null;
    if (specs.length === 1 && specs[0].default === null && isUnset(node)) continue;
    const value =
      specs.length === 1 && specs[0].key === key
        ? READERS[specs[0].kind](node, pair.key as Node, specs[0], problems, text)
        : group(key, node ?? (pair.key as Node), specs, problems, text);
    if (value !== undefined) values[key] = value;
  }
  return { values, problems };
}

/** `key:` or `key: null` for a setting that counts only where it is set. */
const isUnset = (node: Node | null): boolean => node === null || (isScalar(node) && node.value === null);

function at(node: Node | null | undefined, message: string): ConfigProblem {
  const range = node?.range ?? [0, 0, 0];
  return { start: range[0], end: range[1], message };
}

/** Reads one value; a problem with an empty value sits on its key (except for lists, at the start of the file as before). */
type Reader = (node: Node | null, key: Node, spec: SettingSpec, problems: ConfigProblem[], text: string) => unknown;

const orList = (items: string[], word: string) => `${items.slice(0, -1).join(', ')} ${word} ${items[items.length - 1]}`;

/** A key such as `helpers` whose entries are settings of their own (`helpers.images`, `helpers.names`). */
function group(key: string, node: Node, specs: SettingSpec[], problems: ConfigProblem[], text: string): Record<string, unknown> | undefined {
  const inner = specs.map((s) => s.key.slice(key.length + 1));
  if (!isMap(node)) {
    const quoted = inner.map((k) => `'${k}'`);
    problems.push(at(node, `'${key}' must have ${orList(quoted, 'and/or')} lists.`));
    return undefined;
  }
  const values: Record<string, unknown> = {};
  for (const entry of node.items) {
    const name = isScalar(entry.key) ? String(entry.key.value) : '';
    const spec = specs[inner.indexOf(name)];
    if (!spec) problems.push(at(entry.key as Node, `Unknown key '${name}' in ${key}: expected ${orList(inner, 'or')}.`));
    else {
      const value = READERS[spec.kind](entry.value as Node | null, entry.key as Node, spec, problems, text);
      if (value !== undefined) values[name] = value;
    }
  }
  return values;
}

const READERS: Record<SettingKind, Reader> = {
  // Read from the source text: YAML reads `1.30` as the number 1.3.
  version(node, key, spec, problems, text) {
    const source = isScalar(node) && node.range ? text.slice(node.range[0], node.range[1]).replace(/^["']|["']$/g, '') : '';
    if (parseKubernetesMinor(source) !== undefined) return source;
    problems.push(at(node ?? key, shapeProblem(spec)));
    return undefined;
  },
  string(node, key, spec, problems) {
    if (isScalar(node) && typeof node.value === 'string') return node.value;
    problems.push(at(node ?? key, shapeProblem(spec)));
    return undefined;
  },
  boolean(node, key, spec, problems) {
    if (isScalar(node) && typeof node.value === 'boolean') return node.value;
    problems.push(at(node ?? key, shapeProblem(spec)));
    return undefined;
  },
  choice(node, key, spec, problems) {
    if (isScalar(node) && spec.choices?.includes(node.value as string)) return node.value;
    problems.push(at(node ?? key, shapeProblem(spec)));
    return undefined;
  },
  strings(node, _key, spec, problems) {
    if (isSeq(node) && node.items.every((item) => isScalar(item) && typeof item.value === 'string'))
      return node.items.map((item) => String((item as { value: unknown }).value));
    problems.push(at(node, shapeProblem(spec)));
    return undefined;
  },
  severities(node, key, spec, problems) {
    if (!isMap(node)) {
      problems.push(at(node ?? key, shapeProblem(spec)));
      return undefined;
    }
    const rules: Record<string, string> = {};
    for (const entry of node.items) {
      const id = isScalar(entry.key) ? String(entry.key.value) : '';
      const severity = isScalar(entry.value) ? String(entry.value.value) : '';
      if (!RULE_IDS.includes(id)) problems.push(at(entry.key as Node, `Unknown rule '${id}'.`));
      else if (!(SEVERITIES as readonly string[]).includes(severity))
        problems.push(at(entry.value as Node, `The severity of '${id}' must be ${orList([...SEVERITIES], 'or')}.`));
      else rules[id] = severity;
    }
    return rules;
  },
  booleans(node, key, spec, problems) {
    if (!isMap(node) || !node.items.every((g) => isScalar(g.key) && isScalar(g.value) && typeof g.value.value === 'boolean')) {
      problems.push(at(node ?? key, shapeProblem(spec)));
      return undefined;
    }
    return Object.fromEntries(node.items.map((g) => [String((g.key as { value: unknown }).value), (g.value as { value: boolean }).value]));
  },
  resources(node, key, spec, problems) {
    if (!isMap(node)) {
      problems.push(at(node ?? key, shapeProblem(spec)));
      return undefined;
    }
    const defaults: Record<string, Record<string, string>> = {};
    for (const entry of node.items) {
      const kind = isScalar(entry.key) ? String(entry.key.value) : '';
      const resources = entry.value as Node | null;
      if (!(HELPER_KINDS as readonly string[]).includes(kind))
        problems.push(at(entry.key as Node, `Unknown helper kind '${kind}': expected ${orList([...HELPER_KINDS], 'or')}.`));
      else if (!isMap(resources)) problems.push(at(resources ?? (entry.key as Node), `${spec.key}.${kind} must have cpu and memory.`));
      else
        defaults[kind] = Object.fromEntries(
          resources.items
            .filter((r) => isScalar(r.key) && isScalar(r.value))
            .map((r) => [String((r.key as { value: unknown }).value), String((r.value as { value: unknown }).value)]),
        );
    }
    return defaults;
  },
};

/** The keys that decide the cpu part of missing-limits: a file that sets either replaces the editor's both. */
const CPU_POLICY = ['cpuLimits', 'requireCpuLimit'];

/** Settings from a config file win over the editor's, key by key (rules and helpers merged entry by entry). */
export function mergeSettingsInput(editor: unknown, file: Record<string, unknown>): Record<string, unknown> {
  let base = editor && typeof editor === 'object' ? (editor as Record<string, unknown>) : {};
  if (CPU_POLICY.some((key) => file[key] !== undefined)) base = Object.fromEntries(Object.entries(base).filter(([key]) => !CPU_POLICY.includes(key)));
  const merged: Record<string, unknown> = { ...base, ...file };
  for (const key of ['rules', 'helpers', 'defaults']) {
    const a = base[key];
    const b = file[key];
    if (a && typeof a === 'object' && b && typeof b === 'object') merged[key] = { ...a, ...b };
  }
  return merged;
}

/** Config problems as diagnostics on the config file (code `config`). */
export function configProblemDiagnostics(text: string, problems: ConfigProblem[]): Diagnostic[] {
  const lines = new LineIndex(text);
  return problems.map((p) =>
    Diagnostic.create(Range.create(lines.positionAt(p.start), lines.positionAt(p.end)), p.message, DiagnosticSeverity.Error, 'config', SOURCE),
  );
}
