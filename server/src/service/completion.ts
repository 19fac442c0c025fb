/** Completion: the snippets of snippets/ (for editors other than VS Code), and the keys a container lacks. */
import { isScalar, type Document, type YAMLMap } from 'yaml';
import { CompletionItem, CompletionItemKind, InsertTextFormat, InsertTextMode, Range, TextEdit, type Position } from 'vscode-languageserver-types';
import type { ParsedChunk } from './documents';
import { parseChunk } from './engine';
import { columnOf, detectEol, indentOf, isBlankOrComment, lineContentEnd, lineStartAt, nextLineStart, type Positions } from './text';
import type { Settings } from './types';
import { findPodSpecs, type Container, type PodSpec } from './workloads';
import { getSeq, getString, seqMaps } from './yamlNodes';

export interface Snippet {
  prefix: string;
  body: string[];
  description?: string;
}

/** `${1:default}` → `default`, `$1` → ``: what a client without snippet support should insert. */
export function plainSnippetText(body: string): string {
  let text = body;
  for (let previous = ''; previous !== text;) {
    previous = text;
    text = text.replace(/\$\{\d+:([^{}]*)\}/g, '$1');
  }
  return text.replace(/\$\{\d+\}|\$\d+/g, '').replace(/\\\$/g, '$');
}

/** Items for the word before the cursor; lines after the first are indented like the current line. */
export function snippetCompletions(snippets: Record<string, Snippet>, linePrefix: string, position: Position, snippetSupport: boolean): CompletionItem[] {
  const word = /[A-Za-z-]*$/.exec(linePrefix)?.[0] ?? '';
  const before = linePrefix.slice(0, linePrefix.length - word.length);
  if (before.trim() !== '' && before.trim() !== '-') return [];
  const indent = ' '.repeat(linePrefix.length - linePrefix.trimStart().length);
  const range = { start: { line: position.line, character: position.character - word.length }, end: position };
  return Object.entries(snippets)
    .filter(([, snippet]) => snippet.prefix.startsWith(word))
    .map(([name, snippet]) => {
      const body = snippet.body.join(`\n${indent}`);
      const item = CompletionItem.create(snippet.prefix);
      item.kind = CompletionItemKind.Snippet;
      item.detail = name;
      item.documentation = snippet.description;
      item.insertTextFormat = snippetSupport ? InsertTextFormat.Snippet : InsertTextFormat.PlainText;
      item.insertTextMode = InsertTextMode.asIs;
      // Without snippets the final `$0` line would stay behind as a line of spaces.
      item.textEdit = TextEdit.replace(range, snippetSupport ? body : plainSnippetText(body).replace(/\r?\n[ \t]*$/, ''));
      return item;
    });
}

/**
 * Keys worth adding to the container under the cursor: `restartPolicy: Always` in `initContainers` only, `resources`
 * with the configured defaults for the container's kind, and probes on the ports it declares. Looks only at the YAML
 * document under the cursor (`chunk`), re-parsed with the word being typed blanked so the document still parses.
 */
export function containerCompletions(chunk: ParsedChunk, offset: number, lines: Positions, settings: Settings): CompletionItem[] {
  const at = offset - chunk.start;
  const linePrefix = chunk.text.slice(lineStartAt(chunk.text, at), at);
  const word = /[A-Za-z]*$/.exec(linePrefix)?.[0] ?? '';
  if (linePrefix.slice(0, linePrefix.length - word.length).trim() !== '') return [];
  const indent = linePrefix.length - word.length;
  const lineEnd = lineContentEnd(chunk.text, at);
  const blanked = chunk.text.slice(0, at - linePrefix.length) + ' '.repeat(lineEnd - (at - linePrefix.length)) + chunk.text.slice(lineEnd);
  const container = containerAtIndent(blanked, blanked === chunk.text ? chunk.docs : parseChunk(blanked), at, indent, settings);
  if (!container) return [];
  const { pod, node } = container;
  const present = new Set(node.items.map((p) => (isScalar(p.key) ? String(p.key.value) : '')));
  const range = Range.create(lines.positionAt(offset - word.length), lines.positionAt(offset));
  const eol = detectEol(lines.text);
  const pad = (body: string[]) => body.join(`${eol}${' '.repeat(indent)}`);
  const items: CompletionItem[] = [];
  const offer = (label: string, detail: string, body: string[], documentation: string) => {
    if (!label.startsWith(word)) return;
    const item = CompletionItem.create(label);
    item.kind = CompletionItemKind.Property;
    item.detail = detail;
    item.documentation = documentation;
    item.insertTextFormat = InsertTextFormat.PlainText;
    item.insertTextMode = InsertTextMode.asIs;
    item.filterText = label.split(/[ :]/)[0];
    item.textEdit = TextEdit.replace(range, pad(body));
    items.push(item);
  };
  if (container.container.list === 'initContainers' && !present.has('restartPolicy')) {
    offer(
      'restartPolicy: Always',
      'make this init container a native sidecar',
      ['restartPolicy: Always'],
      'It starts in initContainers order, keeps running beside the app, and never blocks a Job from completing.',
    );
  }
  if (!present.has('resources') && container.container.role !== 'ephemeral') {
    const d = settings.defaults[container.container.kind];
    const body = ['resources:', '  requests:', `    cpu: ${d.cpu}`, `    memory: ${d.memory}`, '  limits:', `    cpu: ${d.cpu}`, `    memory: ${d.memory}`];
    offer(
      'resources',
      `requests and limits: cpu ${d.cpu}, memory ${d.memory}`,
      body,
      `The configured defaults for a container of kind "${container.container.kind}".`,
    );
  }
  const role = container.container.role;
  if (role === 'app' || role === 'sidecar') {
    const probes = role === 'sidecar' ? ['startupProbe', 'readinessProbe', 'livenessProbe'] : ['readinessProbe', 'livenessProbe', 'startupProbe'];
    for (const port of declaredPorts(pod.doc, node)) {
      for (const probe of probes.filter((p) => !present.has(p))) {
        offer(
          `${probe} (port ${port})`,
          `tcpSocket probe on port ${port}`,
          [`${probe}:`, '  tcpSocket:', `    port: ${port}`, '  periodSeconds: 10'],
          probeDoc(probe, role),
        );
      }
    }
  }
  return items;
}

function probeDoc(probe: string, role: string): string {
  if (probe === 'startupProbe')
    return role === 'sidecar'
      ? 'Later init and app containers start only once this sidecar has started: the startup probe says when.'
      : 'Holds off the other probes until the container has started.';
  if (probe === 'readinessProbe') return 'Traffic is sent to the pod only while this probe passes.';
  return 'The kubelet restarts the container when this probe fails.';
}

/** The container whose keys sit at this column and whose block the offset is still inside. */
function containerAtIndent(
  text: string,
  docs: Document[],
  at: number,
  indent: number,
  settings: Settings,
): { pod: PodSpec; container: Container; node: YAMLMap } | undefined {
  let best: { pod: PodSpec; container: Container; node: YAMLMap } | undefined;
  for (const doc of docs) {
    for (const pod of findPodSpecs(doc, settings)) {
      for (const container of pod.containers) {
        const start = container.node.range?.[0];
        if (start === undefined || start >= at || columnOf(text, start) !== indent || !container.direct) continue;
        if (!best || start > best.node.range![0]) best = { pod, container, node: container.node };
      }
    }
  }
  if (!best) return undefined;
  // Any line between the container's first key and the cursor that is less indented closes the container.
  for (let line = nextLineStart(text, best.node.range![0]); line < lineStartAt(text, at); line = nextLineStart(text, line)) {
    const content = text.slice(line, lineContentEnd(text, line));
    if (!isBlankOrComment(content) && indentOf(text, line) < indent) return undefined;
  }
  return best;
}

function declaredPorts(doc: Document, container: YAMLMap): string[] {
  return seqMaps(doc, getSeq(doc, container, 'ports')).flatMap(({ item }) => {
    const name = getString(doc, item, 'name');
    const number = getString(doc, item, 'containerPort');
    return name ? [name] : number ? [number] : [];
  });
}
