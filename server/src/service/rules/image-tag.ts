import { isPlaceholder } from '../pod/source';
import { containerLabel } from '../workloads';
import { findPair, getScalar } from '../yamlNodes';
import type { Node } from 'yaml';
import type { Rule, RuleFinding } from './rule';

/** What a reference pins: a digest, a tag, or nothing (which Kubernetes reads as `:latest`), and the name before them. */
export function imagePin(ref: string): { digest: boolean; tag?: string; name: string } {
  const at = ref.indexOf('@');
  if (at !== -1) return { digest: true, name: ref.slice(0, at) };
  const lastSlash = ref.lastIndexOf('/');
  const colon = ref.indexOf(':', lastSlash + 1);
  return colon === -1 ? { digest: false, name: ref } : { digest: false, tag: ref.slice(colon + 1), name: ref.slice(0, colon) };
}

// The reference grammar of github.com/distribution/reference (regexp.go): a registry host, lower-case path
// components, then an optional tag and digest. Text outside it is a placeholder or a typo, not a tag to judge.
const DOMAIN = String.raw`(?:[a-zA-Z0-9](?:[a-zA-Z0-9-]*[a-zA-Z0-9])?(?:\.[a-zA-Z0-9](?:[a-zA-Z0-9-]*[a-zA-Z0-9])?)*|\[[0-9a-fA-F:]+\])(?::[0-9]+)?`;
const COMPONENT = String.raw`[a-z0-9]+(?:(?:[._]|__|-+)[a-z0-9]+)*`;
const REFERENCE = new RegExp(
  String.raw`^(?:${DOMAIN}/)?${COMPONENT}(?:/${COMPONENT})*(?::[\w][\w.-]{0,127})?(?:@[A-Za-z][A-Za-z0-9]*(?:[-_+.][A-Za-z][A-Za-z0-9]*)*:[0-9a-fA-F]{32,})?$`,
);

/** True for text an image pull could read as a reference (`nginx`, `registry:5000/team/app:1.0`, `app@sha256:…`). */
export function isImageReference(ref: string): boolean {
  return ref.length <= 255 + 129 && REFERENCE.test(ref);
}

/** Tags that name a moving branch or channel rather than a release. */
export function isFloatingTag(tag: string): boolean {
  const t = tag.toLowerCase();
  return ['latest', 'master', 'main', 'nightly', 'edge'].includes(t) || t.endsWith('-latest') || t.startsWith('latest-');
}

/** An untagged image or one with a floating tag is not reproducible; untagged and `:latest` are also pulled on every start. */
export const imageTag: Rule = {
  id: 'image-tag',
  defaultSeverity: 'warning',
  description: 'An image without a tag or digest, or with a floating tag such as :latest or :main: it is not reproducible.',
  fixable: false,
  check({ pod, settings }) {
    const rewritten = new Set(settings.fileContext?.rewrittenImages ?? []);
    return pod.containers.flatMap((container): RuleFinding[] => {
      const ref = container.image?.trim();
      // Empty references and placeholders (`${IMAGE}`, `<your-image>`) are filled in by other tools or people.
      if (!ref || isPlaceholder(ref) || !isImageReference(ref)) return [];
      const pin = imagePin(ref);
      if (pin.digest || (pin.tag && !isFloatingTag(pin.tag)) || rewritten.has(pin.name)) return [];
      const node = findPair(pod.doc, container.node, 'image')?.pair.value as Node | null | undefined;
      if (!node?.range) return [];
      const pullPolicy = getScalar(pod.doc, container.node, 'imagePullPolicy')?.value;
      // Kubernetes defaults imagePullPolicy to Always only when the policy is unset (kubernetes.io/docs/concepts/containers/images/#imagepullpolicy-defaulting).
      const pulledEveryStart = pullPolicy === undefined || pullPolicy === 'Always';
      return [
        { container, start: node.range[0], end: node.range[1], message: messageOf(containerLabel(container), ref, pin.tag, pulledEveryStart), fixes: [] },
      ];
    });
  },
};

function messageOf(label: string, ref: string, tag: string | undefined, pulledEveryStart: boolean): string {
  const why = pulledEveryStart ? 'so it is pulled on every start and not reproducible' : 'so it is not reproducible';
  if (tag === undefined) return `'${label}' image '${ref}' has no tag, ${why}: pin a version tag or a digest.`;
  if (tag === 'latest') return `'${label}' image '${ref}' uses the :latest tag, ${why}: pin a version tag or a digest.`;
  return `'${label}' image '${ref}' uses the floating tag :${tag}, which moves with new builds, so nodes can run different code: pin a version tag or a digest.`;
}
