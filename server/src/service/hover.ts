/** Hover: what Kubernetes does with the key under the cursor, and what each finding there means, with the rule's docs. */
import { isScalar, visit, type Document, type Node, type Pair, type Scalar, type YAMLMap } from 'yaml';
import { type Hover, MarkupKind } from 'vscode-languageserver-types';
import { formatList } from './codeLens';
import { toRange } from './diagnostics';
import { ruleDocsUrl } from './docs';
import type { ParsedChunk } from './documents';
import { describeMeshKey } from './mesh/describe';
import { injectionOf } from './mesh/injection';
import { ownerOf } from './mesh/keys';
import { injectedProxy } from './mesh/proxyResources';
import { formatQuantity, ListReader, podResources, resourceNames } from './resources';
import { ruleMeta } from './rules';
import { roleLabel } from './symbols';
import type { Positions } from './text';
import type { ResolvedFinding, Settings } from './types';
import { findPodSpecs, type Container, type PodSpec } from './workloads';
import { getMap, getSeq, resolve, scalarText, seqMaps } from './yamlNodes';

const HOVER_KEYS = new Set(['restartPolicy', 'initContainers', 'containers', 'resources', 'ports']);

interface KeyContext {
  key: string;
  pair: Pair;
  keyStart: number;
  keyEnd: number;
  pod?: PodSpec;
  container?: Container;
}

/**
 * The hover at an absolute offset inside `chunk` (the YAML document under the cursor, already parsed): findings that
 * cover it, then the explanation of the key under it; null when neither.
 */
export function hover(chunk: ParsedChunk, offset: number, lines: Positions, settings: Settings, findings: readonly ResolvedFinding[] = []): Hover | null {
  const sections: string[] = [];
  let range: [number, number] | undefined;
  for (const finding of findingsIn(findings, chunk.start, chunk.start + chunk.text.length)) {
    if (offset < finding.start || offset > finding.end) continue;
    const meta = ruleMeta(finding.rule);
    sections.push(`**${finding.rule}** (${finding.severity}): ${finding.message}${meta ? `\n\n${meta.description}` : ''} [Docs](${ruleDocsUrl(finding.rule)})`);
    range ??= [finding.start, finding.end];
  }
  const context = keyAt(chunk, offset, settings);
  const explained = context && explain(context, settings);
  if (context && explained) {
    sections.push(explained);
    range = [context.keyStart, context.keyEnd];
  }
  if (sections.length === 0 || !range) return null;
  return { contents: { kind: MarkupKind.Markdown, value: sections.join('\n\n---\n\n') }, range: toRange(lines, range[0], range[1]) };
}

/**
 * The findings that start in [start, end). A text's findings come document by document, each inside its document, so
 * a binary search finds the first one: a hover on a 50k-line file does not walk all of them.
 */
function* findingsIn(findings: readonly ResolvedFinding[], start: number, end: number): Generator<ResolvedFinding> {
  let low = 0;
  let high = findings.length;
  while (low < high) {
    const mid = (low + high) >> 1;
    if (findings[mid].start < start) low = mid + 1;
    else high = mid;
  }
  for (let i = low; i < findings.length && findings[i].start < end; i++) yield findings[i];
}

/** Finds the hovered key in the chunk's documents, with its pod spec and container. */
function keyAt(chunk: ParsedChunk, offset: number, settings: Settings): KeyContext | undefined {
  const at = offset - chunk.start;
  for (const doc of chunk.docs) {
    if (!doc.range || at < doc.range[0] || at > doc.range[2]) continue;
    const found = pairAt(doc, at);
    if (!found) return undefined;
    const context: KeyContext = { ...found, keyStart: found.keyStart + chunk.start, keyEnd: found.keyEnd + chunk.start };
    for (const pod of findPodSpecs(doc, settings)) {
      if (found.parent === pod.spec || isPodMetadata(pod, found.parent)) context.pod = pod;
      const container = pod.containers.find((c) => c.node === found.parent);
      if (container) Object.assign(context, { pod, container });
    }
    return context;
  }
  return undefined;
}

function pairAt(doc: Document, at: number): { key: string; pair: Pair; parent: unknown; keyStart: number; keyEnd: number } | undefined {
  let found: ReturnType<typeof pairAt>;
  visit(doc, {
    Pair(_key, pair, path) {
      // The key itself, or a scalar value (`restartPolicy: Always`) where findings about the field sit.
      const keyRange = (pair.key as Node | null)?.range;
      const valueRange = isScalar(pair.value) ? pair.value.range : undefined;
      const range = [keyRange, valueRange].find((r) => r && at >= r[0] && at <= r[1]);
      if (!range || !isScalar(pair.key)) return undefined;
      const key = String((pair.key as Scalar).value);
      if (HOVER_KEYS.has(key) || isMeshKey(key)) found = { key, pair, parent: path[path.length - 1], keyStart: range[0], keyEnd: range[1] };
      return visit.BREAK;
    },
  });
  return found;
}

/** A label or annotation key some mesh owns (its injector reads it, or ignores it for a typo). */
function isMeshKey(key: string): boolean {
  return ownerOf(key) !== undefined || key === 'istio-injection' || key === 'istio.io/rev';
}

/** The pod's own `labels` or `annotations` map (the template's, for workloads). */
function isPodMetadata(pod: PodSpec, map: unknown): boolean {
  const metadata = getMap(pod.doc, pod.template, 'metadata');
  return map !== undefined && (getMap(pod.doc, metadata, 'labels') === map || getMap(pod.doc, metadata, 'annotations') === map);
}

function link(rule: string): string {
  return `[Docs: ${rule}](${ruleDocsUrl(rule)})`;
}

function explain(context: KeyContext, settings: Settings): string | undefined {
  const { key, pod, container } = context;
  if (isMeshKey(key) && !HOVER_KEYS.has(key)) {
    const injection = pod ? injectionOf(pod, settings) : undefined;
    const text = describeMeshKey(key, settings, injection);
    return text && `${text} ${link(key.startsWith('sidecar.istio.io/proxy') ? 'mesh-proxy-resources' : 'mesh-annotation')}`;
  }
  if (!pod) return undefined;
  switch (key) {
    case 'restartPolicy':
      return container ? containerRestartPolicy(context, settings.kubernetesMinor) : podRestartPolicy();
    case 'initContainers':
      return container ? undefined : initContainers(pod);
    case 'containers':
      return container ? undefined : appContainers(pod);
    case 'resources':
      return resources(pod, settings, container);
    case 'ports':
      return container ? ports(pod, container) : undefined;
  }
  return undefined;
}

function containerRestartPolicy(context: KeyContext, minor: number): string {
  const value = scalarText(resolve(context.pod!.doc, context.pair.value) as Scalar | undefined);
  if (context.container!.list === 'initContainers' && value === 'Always') {
    const version =
      minor <= 27
        ? ` Kubernetes 1.${minor} does not know this field.`
        : minor === 28
          ? ' On 1.28 the feature gate is off by default and the field is dropped silently.'
          : '';
    return `\`restartPolicy: Always\` makes this init container a **native sidecar** (on by default since 1.29, GA in 1.33): it starts in \`initContainers\` order, the next container starts once it has started (and its startupProbe passed), and it is restarted on exit until the app containers finish, then stopped in reverse order. It never keeps a Job from completing.${version} ${link('native-sidecar-unsupported')}`;
  }
  if (context.container!.list === 'initContainers') {
    return `On an init container only \`Always\` (a native sidecar) is accepted up to Kubernetes 1.33; 1.34 drops other values silently, and from 1.35 \`Never\`/\`OnFailure\` are honoured as container restart rules. A regular init container runs once, to success, before the next one starts. ${link('init-restart-policy')}`;
  }
  return `\`restartPolicy\` on an app container does **not** make it a sidecar: Kubernetes up to 1.33 rejects it (\`may not be set for non-init containers\`), 1.34 drops it silently, and from 1.35 it only controls how this container restarts. To run a helper beside the app, move it to \`initContainers\` with \`restartPolicy: Always\`. ${link('container-restart-policy')}`;
}

function podRestartPolicy(): string {
  return `The pod's \`restartPolicy\` (default \`Always\`) governs app containers and regular init containers (which retry with \`OnFailure\` when it is \`Always\`); native sidecars ignore it and are always restarted. Deployments, StatefulSets, DaemonSets and ReplicaSets require \`Always\`, Jobs \`OnFailure\` or \`Never\` — and a legacy sidecar in \`containers\` keeps such a pod from ever completing. ${link('job-sidecar-never-completes')}`;
}

function order(containers: Container[]): string {
  return containers.map((c) => `\`${c.name ?? `[${c.index}]`}\` (${roleLabel(c)})`).join(' → ');
}

function initContainers(pod: PodSpec): string {
  const list = pod.containers.filter((c) => c.list === 'initContainers');
  return `Init containers run one at a time in this order, each to success before the next starts. Entries with \`restartPolicy: Always\` are **native sidecars**: the next container starts once the sidecar has *started*, it keeps running beside the app, and sidecars stop after the app in reverse order — so put a sidecar before the init containers that need it. ${link('sidecar-after-init')}${list.length ? `\n\nStart order here: ${order(list)}` : ''}`;
}

function appContainers(pod: PodSpec): string {
  const helpers = pod.containers.filter((c) => c.role === 'app' && c.helper);
  const note = helpers.length ? `\n\nLegacy sidecars here: ${order(helpers)}` : '';
  return `App containers start together, with no order among them, once every init container has completed and every native sidecar has started; the pod (and a Job) completes when they have all exited. A helper placed here (proxy, log shipper) is a legacy sidecar: it may start after the app and keeps a Job running forever — since 1.29 make it a native sidecar in \`initContainers\`. ${link('legacy-sidecar')}${note}`;
}

function resources(pod: PodSpec, settings: Settings, container?: Container): string {
  const effective = podResources(pod, injectedProxy(pod, settings));
  const names = resourceNames(effective.requests, effective.limits);
  const podLine = `Pod effective: requests ${formatList(effective.requests, names)} · limits ${formatList(
    effective.limits,
    names.filter((n) => n === 'cpu' || n === 'memory' || effective.limits.has(n)),
    effective.unbounded,
  )}`;
  const proxy = effective.injected;
  const injected = proxy
    ? `\n\n\`${proxy.name}\` and \`${proxy.initName}\` (injected by ${proxy.mesh}, ${proxy.native ? 'a native sidecar' : 'beside the app'}; counted above): requests ${formatList(proxy.requests, resourceNames(proxy.requests))} · limits ${formatList(proxy.limits, resourceNames(proxy.limits), new Set(['cpu', 'memory'].filter((n) => !proxy.limits.has(n))))}`
    : '';
  if (!container) {
    return `Pod-level \`resources\` (PodLevelResources, beta and on by default from 1.34) set the pod's cpu and memory budget, replacing the sum over its containers; containers without limits of their own share it. ${link('missing-limits')}\n\n${podLine}${injected}`;
  }
  const reader = new ListReader(pod.doc);
  const own = getMap(pod.doc, container.node, 'resources');
  const requests = reader.read(getMap(pod.doc, own, 'requests'));
  const limits = reader.read(getMap(pod.doc, own, 'limits'));
  for (const [name, value] of limits) if (!requests.has(name)) requests.set(name, value);
  const mine = (list: typeof requests) => [...list].map(([name, value]) => `${name} ${formatQuantity(name, value)}`).join(', ') || 'none';
  const share =
    container.role === 'init' ? 'counts only while it runs (with the native sidecars started before it)' : 'adds to the pod for as long as the pod runs';
  return `Requests are what the scheduler reserves and limits what the kubelet enforces (cpu is throttled, memory over its limit is OOM-killed); a limit without a request also sets the request. The pod's effective value is the larger of its busiest init step (an init container plus the native sidecars started before it) and all sidecars plus app containers, plus overhead. ${link('missing-limits')}\n\n\`${container.name ?? container.index}\` (${roleLabel(container)}, ${share}): requests ${mine(requests)} · limits ${mine(limits)}\n\n${podLine}${injected}`;
}

function ports(pod: PodSpec, container: Container): string {
  const declared = seqMaps(pod.doc, getSeq(pod.doc, container.node, 'ports'))
    .map(({ item }) => portLabel(pod.doc, item))
    .filter(Boolean);
  return `Every container of a pod shares one network namespace, so two containers that run at the same time (app containers, native sidecars, and a sidecar with the init containers after it) cannot bind the same port and protocol. A probe's named port resolves only among the ports of its own container, and \`hostPort\` binds the node's port. ${link('port-clash')}${declared.length ? `\n\nDeclared here: ${declared.join(', ')}` : ''}`;
}

function portLabel(doc: Document, item: YAMLMap): string {
  const value = (key: string) => scalarText(resolve(doc, item.items.find((p) => isScalar(p.key) && p.key.value === key)?.value) as Scalar | undefined);
  const port = value('containerPort');
  if (!port) return '';
  const name = value('name');
  return `${port}/${value('protocol') ?? 'TCP'}${name ? ` (${name})` : ''}`;
}
