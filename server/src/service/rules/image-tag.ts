import { containerLabel } from '../workloads';
import { findPair } from '../yamlNodes';
import type { Node } from 'yaml';
import type { Rule, RuleFinding } from './rule';

/** What a reference pins: a digest, a tag, or nothing (which Kubernetes reads as `:latest`). */
export function imagePin(ref: string): { digest: boolean; tag?: string } {
  if (ref.includes('@')) return { digest: true };
  const lastSlash = ref.lastIndexOf('/');
  const colon = ref.indexOf(':', lastSlash + 1);
  return { digest: false, tag: colon === -1 ? undefined : ref.slice(colon + 1) };
}

/** An untagged or `:latest` image is pulled on every start (imagePullPolicy defaults to Always) and not reproducible. */
export const imageTag: Rule = {
  id: 'image-tag',
  defaultSeverity: 'warning',
  description: 'An image without a tag or digest, or with :latest: it is pulled on every start and not reproducible.',
  fixable: false,
  check({ pod }) {
    return pod.containers.flatMap((container): RuleFinding[] => {
      const ref = container.image?.trim();
      // Empty and variable references (`$(IMAGE)`, `${IMAGE}`) are filled in by other tools.
      if (!ref || ref.includes('$')) return [];
      const pin = imagePin(ref);
      if (pin.digest || (pin.tag && pin.tag !== 'latest')) return [];
      const node = findPair(pod.doc, container.node, 'image')?.pair.value as Node | null | undefined;
      if (!node?.range) return [];
      const what = !pin.tag ? 'has no tag' : 'uses the :latest tag';
      return [
        {
          container: container,
          start: node.range[0],
          end: node.range[1],
          message: `'${containerLabel(container)}' image '${ref}' ${what}, so it is pulled on every start and not reproducible: pin a version tag or a digest.`,
          fixes: [],
        },
      ];
    });
  },
};
