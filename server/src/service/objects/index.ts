/** The objects of many files (the CLI's arguments, the editor's workspace folders), for rules about what lies around a pod. */
import { MAX_DOCUMENT_CHARS } from '../budget';
import { splitDocuments } from '../documents';
import { prepareChunk } from '../engine';
import type { Settings } from '../types';
import { EMPTY_WORLD, type Located, type ObjectWorld } from './services';
import { mergeSummaries, type ObjectSummary, type PodObject, type ServiceObject } from './summary';

/** A file that mentions none of these holds no object the index keeps: it is not parsed at all. */
const RELEVANT = /\bkind:\s*["']?(Service|Pod|PodTemplate|ReplicationController|Deployment|ReplicaSet|StatefulSet|DaemonSet|Job|CronJob|\w*List)\b/;

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
    this.put(uri, text.length <= MAX_DOCUMENT_CHARS && RELEVANT.test(text) ? summarizeText(text, settings) : undefined);
  }

  /** Sets one file's objects from a summary already made (an open document's analysis): nothing is parsed again. */
  put(uri: string, summary: ObjectSummary | undefined): void {
    const before = this.files.get(uri);
    if (!summary || summary.services.length + summary.pods.length === 0) {
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
      for (const [other, summary] of this.files) {
        if (other === uri) continue;
        for (const object of summary.services) services.push({ object, uri: other });
        for (const object of summary.pods) pods.push({ object, uri: other });
      }
      view = services.length + pods.length === 0 ? EMPTY_WORLD : { services, pods };
      this.views.set(uri, view);
    }
    return view;
  }

  private touch(): void {
    this.changes++;
    this.views.clear();
  }
}

/** Every document's objects; offsets in them are relative to their own document and are not used across files. */
function summarizeText(text: string, settings: Settings): ObjectSummary {
  return mergeSummaries(splitDocuments(text).map((chunk) => prepareChunk(chunk.text, settings).summary));
}

function sameObjects(a: ObjectSummary, b: ObjectSummary): boolean {
  const keys = (s: ObjectSummary) => [...s.services, ...s.pods].map((o) => o.key).join('\n');
  return keys(a) === keys(b);
}
