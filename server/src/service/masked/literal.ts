/**
 * Which findings on a masked Helm template stand on literal text only. A finding is kept when what its rule read was
 * written outside every action and every `if`/`range`/`with` block: its place and related places, and
 * - for rules that read one value (an image, a quantity, a name): that the container is outside every block;
 * - for rules that read one container (resources, image, probes of its own ports): that whole container;
 * - for rules that read roles (a helper in `containers`): that container, the pod's `restartPolicy`, and an app
 *   container that is not a helper written outside every block (so that the pod surely has one); for
 *   job-sidecar-never-completes also the container lists as lists (another container could stop the helper);
 * - for every other rule (volumes, ports and probes across containers, annotations): the whole pod template.
 * Missing a finding is better than a wrong one. Kept findings lose their fixes: an edit to a template is not checked.
 */
import { isScalar, type Node } from 'yaml';
import type { Finding } from '../types';
import type { Container, PodSpec } from '../workloads';
import { findPair } from '../yamlNodes';
import { itemEnd, listEnd } from './extent';
import { touchesNonLiteral, type TemplateMask } from './mask';

/** Rules that read one value of a container, where they sit: it is enough that the value is literal and the container surely there. */
const VALUE_RULES = new Set(['image-tag', 'invalid-quantity', 'invalid-container-name']);

const CONTAINER_RULES = new Set([
  'missing-limits',
  'missing-requests',
  'requests-exceed-limits',
  'probe-port-undeclared',
  'init-container-probe',
  'init-restart-policy',
  'container-restart-policy',
  'duplicate-mount-path',
  'native-sidecar-unsupported',
]);

const ROLE_RULES = new Set(['legacy-sidecar', 'job-sidecar-never-completes']);

/** The findings of one masked document that stand on literal text, without fixes. */
export function literalFindings(findings: Finding[], pods: readonly PodSpec[], mask: TemplateMask): Finding[] {
  return findings.filter((f) => isLiteral(f, pods, mask)).map((f) => ({ ...f, fixes: [] }));
}

function isLiteral(finding: Finding, pods: readonly PodSpec[], mask: TemplateMask): boolean {
  if (touchesNonLiteral(mask, finding.start, finding.end)) return false;
  if ((finding.related ?? []).some((r) => touchesNonLiteral(mask, r.start, r.end))) return false;
  const found = locate(finding, pods);
  if (!found) return false;
  const { pod, container } = found;
  if (container && VALUE_RULES.has(finding.rule)) return unconditional(container, mask);
  if (container && (CONTAINER_RULES.has(finding.rule) || ROLE_RULES.has(finding.rule))) {
    if (!literalRange(mask, itemExtent(mask, container.node))) return false;
    if (CONTAINER_RULES.has(finding.rule)) return true;
    if (!restartPolicyLiteral(pod, mask) || !hasSureApp(pod, container, mask)) return false;
    return finding.rule !== 'job-sidecar-never-completes' || listsLiteral(pod, mask);
  }
  return literalRange(mask, pod.template.range);
}

/** Another app container, not a helper, whose item is written outside every block: the pod surely has an app beside the helper. */
function hasSureApp(pod: PodSpec, helper: Container, mask: TemplateMask): boolean {
  return pod.containers.some((c) => {
    if (c === helper || c.role !== 'app' || c.helper !== undefined) return false;
    return unconditional(c, mask);
  });
}

/** The container's item is written outside every block: it is in every render. */
function unconditional(container: Container, mask: TemplateMask): boolean {
  if (!container.node.range) return false;
  const at = dashBefore(mask.source, container.node.range[0]) ?? container.node.range[0];
  return !mask.blocks.some(([start, end]) => start <= at && at < end);
}

/** The pod and container (if any) a finding lies in. */
function locate(finding: Finding, pods: readonly PodSpec[]): { pod: PodSpec; container?: Container } | undefined {
  const inside = (range: readonly number[] | null | undefined) => range !== undefined && range !== null && range[0] <= finding.start && finding.end <= range[1];
  for (const pod of pods) {
    const container = pod.containers.find((c) => inside(c.node.range));
    if (container) return { pod, container };
  }
  const pod = pods.find((p) => inside(p.template.range));
  return pod && { pod };
}

function literalRange(mask: TemplateMask, range: readonly number[] | null | undefined): boolean {
  return range !== undefined && range !== null && !touchesNonLiteral(mask, range[0], range[1]);
}

/** The `-` that starts a block list item whose node starts at `start`, if it is one. */
function dashBefore(source: string, start: number): number | undefined {
  let i = start - 1;
  while (i >= 0 && (source[i] === ' ' || source[i] === '\t')) i--;
  return source[i] === '-' ? i : undefined;
}

/** A list item from its `-` to the line that ends it in the template as written (a blanked action line included). */
function itemExtent(mask: TemplateMask, node: Node): [number, number] | undefined {
  if (!node.range) return undefined;
  const dash = dashBefore(mask.source, node.range[0]);
  return dash === undefined ? [node.range[0], node.range[1]] : [dash, Math.max(node.range[1], itemEnd(mask, dash))];
}

/**
 * The container lists hold what they show: every action or block inside a list lies inside one of its items (an
 * image, a resources block), none between them (which could add or remove containers).
 */
function listsLiteral(pod: PodSpec, mask: TemplateMask): boolean {
  for (const list of Object.values(pod.lists)) {
    if (!list || !isScalar(list.pair.key) || !literalRange(mask, list.pair.key.range)) return false;
    const first = list.seq.items[0] as Node | undefined;
    const dash = first?.range ? dashBefore(mask.source, first.range[0]) : undefined;
    if (list.seq.flow || dash === undefined || !list.seq.range) return literalRange(mask, list.seq.range);
    const extent: [number, number] = [dash, Math.max(list.seq.range[1], listEnd(mask, dash))];
    const items = list.seq.items.map((item) => itemExtent(mask, item as Node)).filter((r): r is [number, number] => r !== undefined);
    for (const [start, end] of mask.nonLiteral) {
      if (end <= extent[0] || start >= extent[1]) continue;
      if (!items.some((r) => r[0] <= start && end <= r[1])) return false;
    }
  }
  return true;
}

/** `restartPolicy`, when written, is literal (it decides whether the pod runs to completion). */
function restartPolicyLiteral(pod: PodSpec, mask: TemplateMask): boolean {
  const policy = findPair(pod.doc, pod.spec, 'restartPolicy');
  if (!policy) return true;
  const key = policy.pair.key as Node | null;
  return literalRange(mask, key?.range && [key.range[0], policy.value?.range?.[1] ?? key.range[1]]);
}
