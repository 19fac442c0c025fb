/** Edits that replace one scalar's text in place, in its own quoting style (the one home for scalar edits). */
import type { Document, Scalar } from 'yaml';
import { insideAnchor } from './pod/shared';
import type { OffsetEdit } from './types';
import { hasAnchor } from './yamlNodes';

const PLAIN_SAFE = /^[A-Za-z0-9][A-Za-z0-9._/+-]*$/;

/**
 * An edit that makes `node` read `value`: inside the quotes of a quoted scalar, over the whole of a plain one.
 * Undefined for block and multi-line scalars, anchored ones (other places read them), tagged ones (`!custom true` reads
 * as the string "true" whatever the text says), and values the style cannot hold.
 */
export function replaceScalar(text: string, node: Scalar, value: string): OffsetEdit | undefined {
  if (!node.range || hasAnchor(node) || node.tag) return undefined;
  const [start, end] = node.range;
  if (text.slice(start, end).includes('\n')) return undefined;
  if (node.type === 'PLAIN') return PLAIN_SAFE.test(value) ? { start, end, text: value } : undefined;
  if (node.type === 'QUOTE_DOUBLE' && !/["\\]/.test(value)) return { start: start + 1, end: end - 1, text: value };
  if (node.type === 'QUOTE_SINGLE' && !value.includes("'")) return { start: start + 1, end: end - 1, text: value };
  return undefined;
}

/** Replaces a number written as plain digits, unless it sits inside an anchored node that aliases share. */
export function setNumber(text: string, doc: Document, node: Scalar, to: number): OffsetEdit | undefined {
  if (!node.range || node.tag || !/^\d+$/.test(text.slice(node.range[0], node.range[1]))) return undefined;
  if (insideAnchor(doc, node.range[0], node.range[1])) return undefined;
  return { start: node.range[0], end: node.range[1], text: String(to) };
}

/** Replaces a plain or simply quoted string scalar's text, keeping its quotes; undefined for escapes, block scalars or anchors. */
export function setScalarText(text: string, doc: Document, node: Scalar, to: string): OffsetEdit | undefined {
  if (!node.range || node.tag || typeof node.value !== 'string' || insideAnchor(doc, node.range[0], node.range[1])) return undefined;
  const source = text.slice(node.range[0], node.range[1]);
  const quote = source === node.value ? '' : source === `"${node.value}"` ? '"' : source === `'${node.value}'` ? "'" : undefined;
  if (quote === undefined || /["'\\]/.test(to)) return undefined;
  return { start: node.range[0] + quote.length, end: node.range[1] - quote.length, text: to };
}
