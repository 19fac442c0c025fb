/** The outline: each Kubernetes object, and under a workload its containers in start order with their roles. */
import { DocumentSymbol, SymbolKind } from 'vscode-languageserver-types';
import { toRange } from './diagnostics';
import type { ContainerOutline, ObjectOutline } from './outline';
import type { Positions } from './text';

const ROLE_ORDER = { init: 0, sidecar: 0, app: 1, ephemeral: 2 } as const;

/** `sidecar`, `init`, `app`, `app · logging helper`: what the container is to the pod. */
export function roleLabel(container: Pick<ContainerOutline, 'role' | 'helper'> & { injectedBy?: string }): string {
  if (container.injectedBy) return `${container.role} · injected by ${container.injectedBy}`;
  return container.helper ? `${container.role} · ${container.helper} helper (legacy sidecar)` : container.role;
}

function containerSymbol(container: ContainerOutline, start: number, lines: Positions): DocumentSymbol {
  const range = toRange(lines, start + container.start, start + container.end);
  const selection = toRange(lines, start + container.nameStart, start + container.nameEnd);
  const kind = container.role === 'app' && !container.helper ? SymbolKind.Class : container.role === 'init' ? SymbolKind.Event : SymbolKind.Interface;
  return DocumentSymbol.create(container.name || '(unnamed)', roleLabel(container), kind, range, selection);
}

function objectSymbol(object: ObjectOutline, start: number, lines: Positions): DocumentSymbol {
  const children = object.items.map((item) => objectSymbol(item, start, lines));
  for (const pod of object.pods) {
    // Init containers and native sidecars run first, in their order; app containers after them.
    // The mesh's injected containers come first within their role: its init container runs before every other.
    const injectedFirst = (c: ContainerOutline) => (c.injectedBy ? -1 : 0);
    const ordered = [...pod.containers].sort((a, b) => ROLE_ORDER[a.role] - ROLE_ORDER[b.role] || injectedFirst(a) - injectedFirst(b) || a.start - b.start);
    children.push(...ordered.map((c) => containerSymbol(c, start, lines)));
  }
  const range = toRange(lines, start + object.start, start + object.end);
  const selection = toRange(lines, start + object.nameStart, start + object.nameEnd);
  return DocumentSymbol.create(object.name ? `${object.kind} ${object.name}` : object.kind, object.kind, SymbolKind.Module, range, selection, children);
}

/** Document symbols for the documents of a text, each with offsets relative to its `start`. */
export function documentSymbols(documents: { start: number; objects: ObjectOutline[] }[], lines: Positions): DocumentSymbol[] {
  return documents.flatMap(({ start, objects }) => objects.map((object) => objectSymbol(object, start, lines)));
}
