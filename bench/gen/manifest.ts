/** Assembles a multi-document manifest of about `targetLines` lines, with the anchor Deployment in the middle. */
import { configMap, service, workload, type WorkloadKind } from './documents';
import { anchorPod, randomPod } from './pods';
import { createRng, type Rng } from './prng';
import type { Rendered } from './containers';

/** A zero-based position of a scalar value in the generated text. */
export interface Site {
  line: number;
  character: number;
  text: string;
}

export interface Manifest {
  text: string;
  lines: number;
  documents: number;
  /** The anchor document's first and last line (zero-based, inclusive). */
  anchor: { start: number; end: number };
  /** The app container's `containerPort: 8080` value: the mid-file edit. */
  appPort: Site;
  /** The legacy Envoy sidecar's `containerPort: 9901` value: set to the app port to create a port-clash. */
  sidecarPort: Site;
  /** The legacy Envoy sidecar's name value (where `legacy-sidecar` sits): the code-action range. */
  sidecarName: Site;
  /** The native Fluent Bit sidecar's `restartPolicy` value: the completion position. */
  nativeRestartPolicy: Site;
}

const APPS = ['api', 'web', 'worker', 'frontend', 'orders', 'payments', 'catalog', 'auth', 'search', 'cart', 'mailer', 'billing'];
const CHARTS = ['shop', 'platform', 'observability', 'payments', 'identity'];
const KINDS: WorkloadKind[] = ['Deployment', 'Deployment', 'Deployment', 'StatefulSet', 'Job', 'CronJob', 'Pod'];

function group(rng: Rng, index: number): Rendered[] {
  const chart = rng.pick(CHARTS);
  const name = `${rng.pick(APPS)}-${index}`;
  const kind = rng.pick(KINDS);
  const batch = kind === 'Job' || kind === 'CronJob';
  const spec = randomPod(rng, name, batch ? rng.chance(0.8) : rng.chance(0.4));
  if (batch) spec.restartPolicy = rng.pick(['Never', 'OnFailure'] as const);
  if (kind === 'StatefulSet') spec.containers[0]?.mounts.push({ name: 'data', path: '/var/lib/data' });
  const docs = [configMap(rng, chart, name), workload(rng, chart, kind, name, spec)];
  if (!batch) docs.push(service(chart, name, spec.containers[0]?.ports[0]?.port ?? 80));
  return docs;
}

function site(lines: string[], line: number | undefined, key: string): Site {
  const text = line === undefined ? undefined : lines[line];
  if (line === undefined || text === undefined) throw new Error(`generator lost the mark ${key}`);
  const colon = text.indexOf(': ');
  return { line, character: colon + 2, text: text.slice(colon + 2) };
}

/** Generates the manifest; the same seed and size give the same bytes. */
export function generateManifest(seed: number, targetLines: number): Manifest {
  const rng = createRng(seed ^ targetLines);
  const lines: string[] = [];
  const marks: Record<string, number> = {};
  let documents = 0;
  let anchor: Manifest['anchor'] | undefined;
  const append = (doc: Rendered): void => {
    for (const [key, offset] of Object.entries(doc.marks)) marks[key] = lines.length + offset;
    lines.push(...doc.lines);
    documents++;
  };
  for (let i = 0; lines.length < targetLines; i++) {
    if (anchor === undefined && lines.length >= targetLines / 2) {
      const start = lines.length;
      append(workload(rng, 'shop', 'Deployment', 'bench-anchor', anchorPod(rng)));
      anchor = { start, end: lines.length - 1 };
    }
    for (const doc of group(rng, i)) append(doc);
  }
  if (anchor === undefined) throw new Error('target too small for the anchor document');
  return {
    text: lines.join('\n') + '\n',
    lines: lines.length,
    documents,
    anchor,
    appPort: site(lines, marks['app.port'], 'app.port'),
    sidecarPort: site(lines, marks['sidecar.port'], 'sidecar.port'),
    sidecarName: site(lines, marks['sidecar'], 'sidecar'),
    nativeRestartPolicy: site(lines, marks['native.restartPolicy'], 'native.restartPolicy'),
  };
}
