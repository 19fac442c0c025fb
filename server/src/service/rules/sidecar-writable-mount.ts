import { mountReadOnly } from '../fixes/mountReadOnly';
import { containerLabel, type Container } from '../workloads';
import type { Rule, RuleFinding } from './rule';
import { allMounts, declaredVolumes } from '../pod/mounts';
import { mountAnchor } from '../ranges';

// The kubelet always mounts these read-only, whatever the mount says.
const ALWAYS_READ_ONLY = new Set(['configMap', 'secret', 'downwardAPI', 'projected']);

/** A log shipper only reads what the app writes; a writable mount lets it change or delete the app's files. */
export const sidecarWritableMount: Rule = {
  id: 'sidecar-writable-mount',
  defaultSeverity: 'info',
  description: 'A logging helper or sidecar mounts a volume that an app container also mounts, without readOnly: true.',
  fixable: true,
  check({ pod, text }) {
    const volumes = declaredVolumes(pod);
    const mounts = allMounts(pod);
    const isLogger = (c: Container) => c.kind === 'logging' && (c.helper !== undefined || c.role === 'sidecar');
    return mounts.flatMap((mount): RuleFinding[] => {
      if (!isLogger(mount.container) || mount.readOnly || mount.name === undefined) return [];
      const type = volumes.get(mount.name)?.type;
      if (type !== undefined && ALWAYS_READ_ONLY.has(type)) return [];
      const app = mounts.find((m) => m.name === mount.name && m.container !== mount.container && m.container.role === 'app')?.container;
      if (!app) return [];
      const [start, end] = mountAnchor(mount);
      const fix = mountReadOnly(text, pod.doc, mount.map, mount.name);
      return [
        {
          container: mount.container,
          start,
          end,
          message: `'${containerLabel(mount.container)}' mounts '${mount.name}', which '${containerLabel(app)}' also mounts, with write access: add readOnly: true so it cannot change the app's files.`,
          // Read-only changes what the helper may do (some write their position or a lock file there): a choice, not a correction.
          fixes: fix ? [{ title: fix.title, edits: fix.edits, kind: 'suggestion' }] : [],
        },
      ];
    });
  },
};
