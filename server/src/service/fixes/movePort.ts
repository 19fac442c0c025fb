/** Move a container to another port: its containerPort, and the probes, env and args of that container that name it. */
import { isMap, isScalar, visit, type Document, type Node, type Scalar, type YAMLMap } from 'yaml';
import type { Fix, OffsetEdit } from '../types';
import { containerLabel, type Container } from '../workloads';
import { findPair, getMap, getSeq, resolve } from '../yamlNodes';

const PROBES = ['livenessProbe', 'readinessProbe', 'startupProbe'];
const HANDLERS = ['httpGet', 'tcpSocket', 'grpc'];

/** The title says where to; undefined when the port is not a plain number written in place. */
export function movePort(text: string, doc: Document, container: Container, portNode: Scalar, from: number, to: number): Fix | undefined {
  const first = setNumber(text, doc, portNode, to);
  if (!container.direct || !first) return undefined;
  const edits: OffsetEdit[] = [first];
  for (const node of probePorts(doc, container.node)) {
    if (node.range && Number(node.value) === from && /^\d+$/.test(text.slice(node.range[0], node.range[1]))) {
      edits.push({ start: node.range[0], end: node.range[1], text: String(to) });
    }
  }
  for (const node of scriptScalars(doc, container.node)) edits.push(...renumber(text, node, from, to));
  if (edits.some((e) => insideAnchor(doc, e.start, e.end))) return undefined;
  return { title: `Move '${containerLabel(container)}' to port ${to}`, edits, preferred: true };
}

function probePorts(doc: Document, container: YAMLMap): Scalar[] {
  const out: Scalar[] = [];
  for (const probe of PROBES) {
    for (const handler of HANDLERS) {
      const found = findPair(doc, getMap(doc, getMap(doc, container, probe), handler) ?? emptyMap, 'port');
      if (found?.direct && isScalar(found.value)) out.push(found.value);
    }
  }
  return out;
}

const emptyMap = { items: [] } as unknown as YAMLMap;

/** `env[].value`, `args` and `command` strings written in this container. */
function scriptScalars(doc: Document, container: YAMLMap): Scalar[] {
  const out: Scalar[] = [];
  for (const key of ['args', 'command']) {
    for (const item of getSeq(doc, container, key)?.items ?? []) if (isScalar(item)) out.push(item);
  }
  for (const entry of getSeq(doc, container, 'env')?.items ?? []) {
    const map = resolve(doc, entry);
    if (isMap(map) && map === entry) {
      const value = map.items.find((p) => isScalar(p.key) && p.key.value === 'value')?.value;
      if (isScalar(value)) out.push(value);
    }
  }
  return out;
}

/**
 * Replaces the port number where the container names its own listener (`:8080`, `--port=8080`, `0.0.0.0:8080`),
 * never inside a longer number, and never in a URL (`http://localhost:8080/…` reaches another container).
 */
function renumber(text: string, node: Scalar, from: number, to: number): OffsetEdit[] {
  if (!node.range) return [];
  const source = text.slice(node.range[0], node.range[1]);
  const edits: OffsetEdit[] = [];
  const pattern = new RegExp(`(?<![0-9.\\\\])${from}(?![0-9])`, 'g');
  for (let m = pattern.exec(source); m; m = pattern.exec(source)) {
    if (/:\/\/[^/\s:'"]+:$/.test(source.slice(0, m.index))) continue;
    edits.push({ start: node.range[0] + m.index, end: node.range[0] + m.index + m[0].length, text: String(to) });
  }
  return edits;
}

/** Every containerPort declared in a pod (any protocol), so a new port is free for all of them. */
export function declaredPorts(doc: Document, containers: Container[]): Set<number> {
  const ports = new Set<number>();
  for (const c of containers) {
    for (const item of getSeq(doc, c.node, 'ports')?.items ?? []) {
      const port = resolve(doc, item);
      if (isMap(port)) {
        const value = findPair(doc, port, 'containerPort')?.value;
        if (isScalar(value) && typeof value.value === 'number') ports.add(value.value);
      }
    }
  }
  return ports;
}

export function nextFreePort(used: Set<number>, from: number): number | undefined {
  for (let port = from + 1; port <= 65535; port++) if (!used.has(port)) return port;
  return undefined;
}


/** Replaces a number written as plain digits, unless it sits inside an anchored node that aliases share. */
export function setNumber(text: string, doc: Document, node: Scalar, to: number): OffsetEdit | undefined {
  if (!node.range || !/^\d+$/.test(text.slice(node.range[0], node.range[1]))) return undefined;
  if (insideAnchor(doc, node.range[0], node.range[1])) return undefined;
  return { start: node.range[0], end: node.range[1], text: String(to) };
}

const anchoredRanges = new WeakMap<Document, [number, number][]>();

/** True when [start, end) lies in a node that carries an anchor: an edit there would change every alias of it too. */
export function insideAnchor(doc: Document, start: number, end: number): boolean {
  let ranges = anchoredRanges.get(doc);
  if (!ranges) {
    const found: [number, number][] = [];
    visit(doc, {
      Node(_key, node) {
        const range = (node as Node).range;
        if ((node as { anchor?: string }).anchor && range) found.push([range[0], range[2]]);
      },
    });
    anchoredRanges.set(doc, (ranges = found));
  }
  return ranges.some(([from, to]) => from <= start && end <= to);
}

/** Every non-zero hostPort declared in a pod (any protocol or hostIP), so a new host port is free for all of them. */
export function declaredHostPorts(doc: Document, containers: Container[]): Set<number> {
  const ports = new Set<number>();
  for (const c of containers) {
    for (const item of getSeq(doc, c.node, 'ports')?.items ?? []) {
      const port = resolve(doc, item);
      const value = isMap(port) ? findPair(doc, port, 'hostPort')?.value : undefined;
      if (isScalar(value) && typeof value.value === 'number' && value.value !== 0) ports.add(value.value);
    }
  }
  return ports;
}

/** Replaces a plain or simply quoted string scalar's text, keeping its quotes; undefined for escapes, block scalars or anchors. */
export function setScalarText(text: string, doc: Document, node: Scalar, to: string): OffsetEdit | undefined {
  if (!node.range || typeof node.value !== 'string' || insideAnchor(doc, node.range[0], node.range[1])) return undefined;
  const source = text.slice(node.range[0], node.range[1]);
  const quote = source === node.value ? '' : source === `"${node.value}"` ? '"' : source === `'${node.value}'` ? "'" : undefined;
  if (quote === undefined || /["'\\]/.test(to)) return undefined;
  return { start: node.range[0] + quote.length, end: node.range[1] - quote.length, text: to };
}
