import { addEmptyDirVolume } from '../fixes/addVolume';
import { editableScalar } from '../pod/shared';
import { replaceScalar } from '../scalarEdit';
import type { Fix } from '../types';
import { containerLabel } from '../workloads';
import { findPair } from '../yamlNodes';
import type { Rule, RuleFinding } from './rule';
import { allMounts, declaredVolumes } from '../pod/mounts';
import { mountAnchor } from '../ranges';

/** A volumeMount must name a volume of the pod (or a StatefulSet claim template): `volumeMounts[0].name: Not found`. */
export const undefinedVolume: Rule = {
  id: 'undefined-volume',
  defaultSeverity: 'error',
  description: 'A volumeMount names a volume that the pod spec does not declare (nor, in a StatefulSet, a volumeClaimTemplate).',
  fixable: true,
  check({ pod, text }) {
    const volumes = declaredVolumes(pod);
    // Without any `volumes` (a Kustomize patch, a partial assert), the volumes are declared elsewhere.
    if (!findPair(pod.doc, pod.spec, 'volumes') && volumes.size === 0) return [];
    return allMounts(pod).flatMap((mount): RuleFinding[] => {
      if (mount.name === undefined || volumes.has(mount.name)) return [];
      const [start, end] = mountAnchor(mount);
      const near = [...volumes.keys()].find((name) => similar(name, mount.name!));
      const add = addEmptyDirVolume(text, pod, mount.name);
      const scalar = near === undefined ? undefined : editableScalar(pod.doc, mount.nameNode);
      const rename = scalar && near !== undefined ? replaceScalar(text, scalar, near) : undefined;
      // A new emptyDir guesses what the mount was meant to hold; a near name is the plain typo.
      const fixes: Fix[] = [
        ...(add ? [{ title: add.title, edits: add.edits, kind: 'suggestion' as const }] : []),
        ...(rename ? [{ title: `Mount '${near}' instead`, edits: [rename] }] : []),
      ];
      const where = pod.kind === 'StatefulSet' ? 'volumes or volumeClaimTemplates' : 'volumes';
      const advice = near === undefined ? 'declare it there or fix the name.' : `fix the name if it should be '${near}', or declare it.`;
      return [
        {
          container: mount.container,
          start,
          end,
          message: `'${containerLabel(mount.container)}' mounts volume '${mount.name}', which is not in the pod's ${where}: ${advice}`,
          fixes,
        },
      ];
    });
  },
};

/** One name extends the other at a `-` (`ca`, `ca-certs`), or they differ by one edit (two for longer names). */
function similar(a: string, b: string): boolean {
  if (a.startsWith(`${b}-`) || b.startsWith(`${a}-`)) return true;
  const allowed = Math.min(a.length, b.length) >= 6 ? 2 : 1;
  return Math.abs(a.length - b.length) <= allowed && distance(a, b) <= allowed;
}

function distance(a: string, b: string): number {
  let previous = Array.from({ length: b.length + 1 }, (_, j) => j);
  for (let i = 1; i <= a.length; i++) {
    const row = [i];
    for (let j = 1; j <= b.length; j++) row.push(Math.min(previous[j] + 1, row[j - 1] + 1, previous[j - 1] + (a[i - 1] === b[j - 1] ? 0 : 1)));
    previous = row;
  }
  return previous[b.length];
}
