/** Move a container to another port: its containerPort, and the probes, env and args of that container that name it. */
import { isScalar, type Scalar } from 'yaml';
import { scriptScalars } from '../pod/fields';
import { probeActions } from '../pod/probes';
import { insideAnchor } from '../pod/shared';
import { setNumber } from '../scalarEdit';
import type { Fix, OffsetEdit } from '../types';
import { choosable } from './placeholder';
import { containerLabel, type Container, type PodSpec } from '../workloads';

/**
 * A suggestion (the new number is a choice: the title says which free port it offers); undefined when the port is not
 * a plain number written in place. Where the number is written once, it is a placeholder for the person to change.
 */
export function movePort(text: string, pod: PodSpec, container: Container, portNode: Scalar, from: number, to: number): Fix | undefined {
  const { doc } = pod;
  const first = setNumber(text, doc, portNode, to);
  if (!container.direct || !first) return undefined;
  const edits: OffsetEdit[] = [first];
  for (const { port } of probeActions(pod, container)) {
    const node = port?.direct && isScalar(port.value) ? port.value : undefined;
    if (node?.range && Number(node.value) === from && /^\d+$/.test(text.slice(node.range[0], node.range[1]))) {
      edits.push({ start: node.range[0], end: node.range[1], text: String(to) });
    }
  }
  for (const node of scriptScalars(doc, container.node)) edits.push(...renumber(text, node, from, to));
  if (edits.some((e) => insideAnchor(doc, e.start, e.end))) return undefined;
  return { title: `Move '${containerLabel(container)}' to port ${to}`, edits: choosable(edits), kind: 'suggestion' };
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

export function nextFreePort(used: Set<number>, from: number): number | undefined {
  for (let port = from + 1; port <= 65535; port++) if (!used.has(port)) return port;
  return undefined;
}
