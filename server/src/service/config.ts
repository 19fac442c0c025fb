/** `.sidecar-lint.yaml`: read and checked here (pure); found on disk by the server and the CLI. */
import { isMap, isScalar, isSeq, parseDocument, type Node, type Pair } from 'yaml';
import { RULE_IDS } from './rules';
import { parseKubernetesMinor } from './settings';
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

const SEVERITIES = ['off', 'info', 'warning', 'error'];
const HELPER_KINDS = ['proxy', 'logging', 'other'];

/** Valid entries are kept and each bad one is reported where it is written; a file that does not parse gives no values. */
export function parseConfig(text: string): ParsedConfig {
  const doc = parseDocument(text, { prettyErrors: false });
  const problems: ConfigProblem[] = [];
  if (doc.errors.length > 0) {
    const error = doc.errors[0];
    return { values: {}, problems: [{ start: error.pos[0], end: error.pos[1], message: `This config file is not valid YAML (${error.message.split('\n')[0]}); the defaults are used.` }] };
  }
  const values: Record<string, unknown> = {};
  if (doc.contents === null) return { values, problems };
  if (!isMap(doc.contents)) return { values, problems: [at(doc.contents as Node, 'The config file must be a mapping of settings; the defaults are used.')] };
  for (const pair of doc.contents.items) {
    const key = isScalar(pair.key) ? String(pair.key.value) : '';
    const read = READERS[key];
    if (!read) {
      problems.push(at(pair.key as Node, `Unknown setting '${key}': expected one of ${Object.keys(READERS).join(', ')}.`));
      continue;
    }
    const value = read(pair, problems, text);
    if (value !== undefined) values[key] = value;
  }
  return { values, problems };
}

function at(node: Node | null | undefined, message: string): ConfigProblem {
  const range = node?.range ?? [0, 0, 0];
  return { start: range[0], end: range[1], message };
}

type Reader = (pair: Pair, problems: ConfigProblem[], text: string) => unknown;

const value = (pair: Pair) => pair.value as Node | null;

function boolean(pair: Pair, problems: ConfigProblem[]): boolean | undefined {
  const node = value(pair);
  if (isScalar(node) && typeof node.value === 'boolean') return node.value;
  problems.push(at(node ?? (pair.key as Node), `'${String((pair.key as { value?: unknown }).value)}' must be true or false.`));
  return undefined;
}

function strings(node: Node | null, name: string, problems: ConfigProblem[]): string[] | undefined {
  if (isSeq(node) && node.items.every((item) => isScalar(item) && typeof item.value === 'string')) return node.items.map((item) => String((item as { value: unknown }).value));
  problems.push(at(node, `'${name}' must be a list of strings.`));
  return undefined;
}

const READERS: Record<string, Reader> = {
  // Read from the source text: YAML reads `1.30` as the number 1.3.
  kubernetesVersion(pair, problems, text) {
    const node = value(pair);
    const source = isScalar(node) && node.range ? text.slice(node.range[0], node.range[1]).replace(/^["']|["']$/g, '') : '';
    if (parseKubernetesMinor(source) !== undefined) return source;
    problems.push(at(node ?? (pair.key as Node), `kubernetesVersion must be a version like "1.33".`));
    return undefined;
  },
  rules(pair, problems) {
    const node = value(pair);
    if (!isMap(node)) {
      problems.push(at(node ?? (pair.key as Node), `'rules' must map rule ids to off, info, warning or error.`));
      return undefined;
    }
    const rules: Record<string, string> = {};
    for (const entry of node.items) {
      const id = isScalar(entry.key) ? String(entry.key.value) : '';
      const severity = isScalar(entry.value) ? String(entry.value.value) : '';
      if (!RULE_IDS.includes(id)) problems.push(at(entry.key as Node, `Unknown rule '${id}'.`));
      else if (!SEVERITIES.includes(severity)) problems.push(at(entry.value as Node, `The severity of '${id}' must be off, info, warning or error.`));
      else rules[id] = severity;
    }
    return rules;
  },
  requireCpuLimit: boolean,
  featureGates(pair, problems) {
    const node = value(pair);
    if (!isMap(node) || !node.items.every((g) => isScalar(g.key) && isScalar(g.value) && typeof g.value.value === 'boolean')) {
      problems.push(at(node ?? (pair.key as Node), `'featureGates' must map gate names to true or false, e.g. SidecarContainers: true.`));
      return undefined;
    }
    return Object.fromEntries(node.items.map((g) => [String((g.key as { value: unknown }).value), (g.value as { value: boolean }).value]));
  },
  reportSyntaxErrors: boolean,
  appContainers: (pair, problems) => strings(value(pair), 'appContainers', problems),
  helpers(pair, problems) {
    const node = value(pair);
    if (!isMap(node)) {
      problems.push(at(node ?? (pair.key as Node), `'helpers' must have 'images' and/or 'names' lists.`));
      return undefined;
    }
    const helpers: Record<string, string[]> = {};
    for (const entry of node.items) {
      const key = isScalar(entry.key) ? String(entry.key.value) : '';
      if (key !== 'images' && key !== 'names') problems.push(at(entry.key as Node, `Unknown key '${key}' in helpers: expected images or names.`));
      else {
        const list = strings(entry.value as Node | null, `helpers.${key}`, problems);
        if (list) helpers[key] = list;
      }
    }
    return helpers;
  },
  defaults(pair, problems) {
    const node = value(pair);
    if (!isMap(node)) {
      problems.push(at(node ?? (pair.key as Node), `'defaults' must map proxy, logging and other to {cpu, memory}.`));
      return undefined;
    }
    const defaults: Record<string, Record<string, string>> = {};
    for (const entry of node.items) {
      const kind = isScalar(entry.key) ? String(entry.key.value) : '';
      const resources = entry.value as Node | null;
      if (!HELPER_KINDS.includes(kind)) problems.push(at(entry.key as Node, `Unknown helper kind '${kind}': expected proxy, logging or other.`));
      else if (!isMap(resources)) problems.push(at(resources ?? (entry.key as Node), `defaults.${kind} must have cpu and memory.`));
      else defaults[kind] = Object.fromEntries(resources.items.filter((r) => isScalar(r.key) && isScalar(r.value)).map((r) => [String((r.key as { value: unknown }).value), String((r.value as { value: unknown }).value)]));
    }
    return defaults;
  },
};

/** Settings from a config file win over the editor's, key by key (rules and helpers merged entry by entry). */
export function mergeSettingsInput(editor: unknown, file: Record<string, unknown>): Record<string, unknown> {
  const base = editor && typeof editor === 'object' ? (editor as Record<string, unknown>) : {};
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
  return problems.map((p) => Diagnostic.create(Range.create(lines.positionAt(p.start), lines.positionAt(p.end)), p.message, DiagnosticSeverity.Error, 'config', SOURCE));
}
