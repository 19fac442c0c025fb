/**
 * Lints a Kustomize overlay through its build: builds it with the person's kubectl or kustomize, lints the output
 * in-process with the same service as any file, and places every finding on the base or patch line that set the field.
 */
import { sep } from 'node:path';
import { applyCommentDirectives, createLanguageService, type LanguageService, type Settings } from '../service';
import { buildOverlay, type BuildTools } from './build';
import { builtObjects, DocCache } from './objects';
import { mapFindings, type PlacedFinding } from './mapBack';
import { buildErrorPlace } from './buildError';
import { BUILD_ERROR_RULE } from './editorActions';
import { readFromDisk, readTree, type OverlayTree, type ReadText } from './tree';
import { copyWithBuffers, type TreeCopy } from './bufferCopy';

export interface OverlayOptions extends BuildTools {
  settings: Settings;
  timeoutMs?: number;
  signal?: AbortSignal;
  read?: ReadText;
  service?: LanguageService;
  /** The editor's unsaved buffers by absolute path: the build reads them instead of the files on disk (in a temporary copy). */
  buffers?: ReadonlyMap<string, string>;
}

export interface OverlayResult {
  dir: string;
  tree: OverlayTree;
  /** Findings on the overlay's files (a build error is one `kustomize-build` finding on the kustomization). */
  findings: PlacedFinding[];
  /** The build did not run: no kubectl/kustomize, a timeout or a cancel. Findings are empty then. */
  skipped?: 'missing-tool' | 'timeout' | 'cancelled';
  error?: string;
  ms: { build: number; lintAndMap: number };
  /** How the build read the editor's buffers: none differed from disk, through a copy, or from disk (the copy was too large). */
  buffers?: 'unchanged' | 'copied' | 'too-large';
  /** What the findings' offsets are offsets into: the text of each file as the build read it. */
  read: ReadText;
}

export { BUILD_ERROR_RULE } from './editorActions';

/** Builds and lints the overlay in `dir`; undefined when `dir` holds no kustomization. Never rejects. */
export async function lintOverlay(dir: string, options: OverlayOptions): Promise<OverlayResult | undefined> {
  const buffers = options.buffers ?? new Map<string, string>();
  let read = options.read ?? ((path: string) => buffers.get(path) ?? readFromDisk(path));
  let tree = readTree(dir, read);
  if (!tree) return undefined;
  let copy: TreeCopy | undefined;
  let bufferState: OverlayResult['buffers'];
  if (options.buffers) {
    const levelDirs = tree.levels.map((l) => l.dir);
    const inTree = (path: string) => tree!.files.has(path) || levelDirs.some((d) => path.startsWith(d + sep));
    const dirty = new Map([...buffers].filter(([path, text]) => inTree(path) && readFromDisk(path) !== text));
    copy = dirty.size > 0 ? copyWithBuffers(levelDirs, tree.files, dirty) : undefined;
    bufferState = dirty.size === 0 ? 'unchanged' : copy ? 'copied' : 'too-large';
    if (bufferState === 'too-large') {
      // Built from disk, so mapped onto the text on disk: the findings of the last save.
      read = readFromDisk;
      tree = readTree(dir, read);
      if (!tree) return undefined;
    }
  }
  let built: Awaited<ReturnType<typeof buildOverlay>>;
  try {
    built = await buildOverlay(copy ? copy.inCopy(tree.root.dir) : tree.root.dir, options);
  } finally {
    copy?.dispose();
  }
  const real = (text: string) => (copy ? copy.real(text) : text);
  const result: OverlayResult = { dir: tree.root.dir, tree, findings: [], ms: { build: built.ms, lintAndMap: 0 }, read };
  if (bufferState) result.buffers = bufferState;
  if (!built.ok) {
    result.error = real(built.error);
    if (built.missingTool || built.timedOut || built.cancelled) result.skipped = built.missingTool ? 'missing-tool' : built.timedOut ? 'timeout' : 'cancelled';
    else {
      const at = buildErrorPlace(tree, result.error);
      const message = `kustomize could not build this overlay: ${result.error.replace(/\s*\n\s*/g, ' ')}`;
      result.findings = [{ rule: BUILD_ERROR_RULE, severity: 'error', message, fixes: [], ...at }];
    }
    return result;
  }
  const started = Date.now();
  const service = options.service ?? createLanguageService();
  // The built output is whole objects: a file context (a patch's, when the editor asks for one) does not apply to it.
  const { findings } = service.lintText(built.text, { ...options.settings, fileContext: undefined });
  const objects = builtObjects(built.text, built.originBase).map((o) => (o.origin ? { ...o, origin: real(o.origin) } : o));
  const placed = mapFindings(findings, objects, tree, read);
  result.findings = unsuppressed(dedupe(placed), read).sort((a, b) => a.file.localeCompare(b.file) || a.start - b.start || a.rule.localeCompare(b.rule));
  result.ms.lintAndMap = Date.now() - started;
  return result;
}

/** Two objects built from one base line can give the same finding twice (a base listed by two levels). */
function dedupe(findings: PlacedFinding[]): PlacedFinding[] {
  const seen = new Set<string>();
  return findings.filter((f) => {
    const key = `${f.file}\0${f.start}\0${f.end}\0${f.rule}\0${f.message}`;
    if (seen.has(key)) return false;
    seen.add(key);
    return true;
  });
}

/** The build drops comments, so `# sidecar-lint-disable…` comments are applied in the files the findings land in. */
function unsuppressed(findings: PlacedFinding[], read: ReadText): PlacedFinding[] {
  const cache = new DocCache();
  return findings.filter((finding) => {
    const text = read(finding.file);
    if (text === undefined || !text.includes('sidecar-lint-disable')) return true;
    const docs = cache.docs(text);
    const index = docs.findIndex((d) => d.range !== undefined && finding.start <= d.range[2]);
    // From the end of the document before, so comments above a document's first key count as its own.
    const from = index > 0 ? docs[index - 1].range![2] : 0;
    const to = index >= 0 ? docs[index].range![2] : text.length;
    const local = { ...finding, start: finding.start - from, end: finding.end - from };
    return applyCommentDirectives(text.slice(from, to), [local]).length === 1;
  });
}
