/** The objects of many files (the CLI's arguments, the editor's workspace folders), for rules about what lies around a pod. */
import { MAX_DOCUMENT_CHARS } from '../budget';
import { splitDocuments } from '../documents';
import { LineIndex, type Position } from '../text';
import { prepareChunk } from '../engine';
import type { Settings } from '../types';
import { POD_TEMPLATE_KINDS } from '../kinds/podTemplates';
import { EMPTY_WORLD, type Located, type ObjectWorld } from './services';
import { EMPTY_SUMMARY, mergeSummaries, type NamespaceObject, type ObjectSummary, type PodObject, type ServiceObject } from './summary';

/**
 * A file that mentions none of these holds no object the index keeps: it is not parsed at all. Every kind with a pod
 * template counts (a Rollout's pods are in an injected Namespace too); the group is checked when the file is parsed.
 */
const RELEVANT = new RegExp(`\\bkind:\\s*["']?(Service|Namespace|\\w*List|${[...new Set(POD_TEMPLATE_KINDS.flatMap((k) => k.kinds))].join('|')})\\b`);

/**
 * Services, Namespaces and pod templates by file. Adapters feed it (`addText` on open, change and file events;
 * `remove` on delete) and pass `around(uri)` to `Analyzer.analyze`, which then sees every other file's objects.
 */
export class ObjectIndex {
  private readonly files = new Map<string, ObjectSummary>();
  private readonly views = new Map<string, ObjectWorld>();
  private changes = 0;

  constructor(private readonly settings: Settings) {}

  /** Counts every change that altered what the index holds: a document analysed with an older view may be stale. */
  get version(): number {
    return this.changes;
  }

  /**
   * Reads (or reads again) one file's objects, with the settings that apply to that file (helpers it names); a file
   * over the size limit, or with none of the kinds, holds none.
   */
  addText(uri: string, text: string, settings: Settings = this.settings): void {
    if (text.length > MAX_DOCUMENT_CHARS || !RELEVANT.test(text)) return this.put(uri, undefined);
    const lines = new LineIndex(text);
    this.putChunks(
      uri,
      splitDocuments(text).map((chunk) => ({ start: chunk.start, summary: prepareChunk(chunk.text, settings).summary })),
      (offset) => lines.positionAt(offset),
    );
  }

  /**
   * Sets one file's objects from its documents' summaries (offsets relative to each document, which starts at `start`
   * in the file); its Services' ports get their place in the file, so a quick fix elsewhere can edit them.
   */
  putChunks(uri: string, chunks: readonly { start: number; summary?: ObjectSummary }[], positionAt: (offset: number) => Position): void {
    const placed = chunks.map(({ start, summary }) =>
      !summary || summary.services.length === 0
        ? (summary ?? EMPTY_SUMMARY)
        : { ...summary, services: summary.services.map((s) => placeService(s, start, positionAt)) },
    );
    this.put(uri, mergeSummaries(placed));
  }

  /** Sets one file's objects from a summary already made (an open document's analysis): nothing is parsed again. */
  put(uri: string, summary: ObjectSummary | undefined): void {
    const before = this.files.get(uri);
    if (!summary || summary.services.length + summary.namespaces.length + summary.pods.length === 0) {
      if (before) this.remove(uri);
      return;
    }
    if (before && sameObjects(before, summary)) return;
    this.files.set(uri, summary);
    this.touch();
  }

  /** True when the index holds objects of `uri`. */
  has(uri: string): boolean {
    return this.files.has(uri);
  }

  /** Every file's objects as plain data (for a worker thread): `ObjectIndex.from` makes the same index from it. */
  entries(): [string, ObjectSummary][] {
    return [...this.files];
  }

  static from(settings: Settings, entries: readonly [string, ObjectSummary][]): ObjectIndex {
    const index = new ObjectIndex(settings);
    for (const [uri, summary] of entries) index.put(uri, summary);
    return index;
  }

  remove(uri: string): void {
    if (this.files.delete(uri)) this.touch();
  }

  /** How many files hold objects (for a status line or a log). */
  get size(): number {
    return this.files.size;
  }

  /** The objects of every file but `uri`: what an analysis of `uri` sees beyond its own text. */
  around(uri: string): ObjectWorld {
    let view = this.views.get(uri);
    if (!view) {
      const services: Located<ServiceObject>[] = [];
      const pods: Located<PodObject>[] = [];
      const namespaces: Located<NamespaceObject>[] = [];
      for (const [other, summary] of this.files) {
        if (other === uri) continue;
        for (const object of summary.services) services.push({ object, uri: other });
        for (const object of summary.pods) pods.push({ object, uri: other });
        for (const object of summary.namespaces) namespaces.push({ object, uri: other });
      }
      view = services.length + pods.length + namespaces.length === 0 ? EMPTY_WORLD : { services, pods, namespaces };
      this.views.set(uri, view);
    }
    return view;
  }

  private touch(): void {
    this.changes++;
    this.views.clear();
  }
}

/** A Service whose ports know their place in the file (their `at` stays relative to its document). */
function placeService(service: ServiceObject, start: number, positionAt: (offset: number) => Position): ServiceObject {
  const ports = service.ports.map((port) => ({ ...port, range: { start: positionAt(start + port.at[0]), end: positionAt(start + port.at[1]) } }));
  // The key says where: a Service that moved in its file is a different object to the fixes that edit it.
  return { ...service, ports, key: `${service.key}@${JSON.stringify(ports.map((p) => p.range))}` };
}

function sameObjects(a: ObjectSummary, b: ObjectSummary): boolean {
  const keys = (s: ObjectSummary) => [...s.services, ...s.namespaces, ...s.pods].map((o) => o.key).join('\n');
  return keys(a) === keys(b);
}
