import type { Node } from 'yaml';
import { moveItemBefore } from '../fixes/moveItem';
import { containerLabel, type Container, type PodSpec } from '../workloads';
import { mountsOf } from '../pod/mounts';
import type { Rule, RuleFinding } from './rule';
import { nativeSidecarsAvailable } from '../pod/sidecars';
import { containerAnchor } from '../ranges';

// Mesh set-up init containers only write iptables rules for the proxy; they are placed first on purpose (§8).
const MESH_SETUP_NAMES = new Set(['istio-init', 'istio-validation', 'linkerd-init', 'linkerd-network-validator']);
const MESH_SETUP_SCRIPT = /\bistio-iptables\b|\bproxy-init\b/;

/** Init containers declared before a native sidecar run before it exists: no mesh, no proxy for them [2.1, 8]. */
export const sidecarAfterInit: Rule = {
  id: 'sidecar-after-init',
  defaultSeverity: 'info',
  description: 'A native sidecar declared after an init container: that init container runs before the sidecar exists (no mesh, no proxy).',
  fixable: true,
  check({ pod, text, settings }) {
    if (!nativeSidecarsAvailable(settings)) return [];
    const inits = pod.containers.filter((c) => c.list === 'initContainers').sort((a, b) => a.index - b.index);
    const seq = pod.lists.initContainers?.seq;
    return inits.flatMap((sidecar, position): RuleFinding[] => {
      if (sidecar.role !== 'sidecar' || !seq) return [];
      const earlier = inits.slice(0, position);
      // The sidecar stays after any init container that prepares a volume it mounts (its config, its secrets).
      const lastDependency = earlier.map((c) => sharesVolume(pod, c, sidecar)).lastIndexOf(true);
      const offending = earlier.slice(lastDependency + 1).filter((c) => c.role === 'init' && !isMeshSetup(c));
      if (offending.length === 0) return [];
      // Sidecars keep their order: this one moves only past the init containers after the last sidecar before it.
      const lastSidecar = earlier.map((c) => c.role === 'sidecar').lastIndexOf(true);
      // Only a move that clears every offending init container is a fix; else the sidecar before this one moves first.
      const clears = lastSidecar < 0 || offending.every((c) => c.index > earlier[lastSidecar].index);
      const target = clears ? offending[0] : undefined;
      const [start, end] = containerAnchor(sidecar);
      const edits = target && sidecar.direct && target.direct ? moveItemBefore(text, seq, sidecar.node, seq.items[target.index] as Node) : undefined;
      const name = containerLabel(sidecar);
      const other = containerLabel(offending[0]);
      return [
        {
          container: sidecar,
          start,
          end,
          message: `Native sidecar '${name}' is declared after init container '${other}', which therefore runs without it (no mesh, no proxy): move '${name}' before '${other}' if '${other}' needs it.`,
          fixes: edits && target ? [{ title: `Move the sidecar '${name}' before '${containerLabel(target)}'`, edits, preferred: true }] : [],
        },
      ];
    });
  },
};

function isMeshSetup(c: Container): boolean {
  return (c.name !== undefined && MESH_SETUP_NAMES.has(c.name)) || MESH_SETUP_SCRIPT.test(c.script) || /\/proxy-init(:|@|$)/.test(c.image ?? '');
}

function mountNames(pod: PodSpec, c: Container): Set<string> {
  return new Set(mountsOf(pod, c).flatMap((m) => (m.name ? [m.name] : [])));
}

function sharesVolume(pod: PodSpec, a: Container, b: Container): boolean {
  const mine = mountNames(pod, b);
  return [...mountNames(pod, a)].some((n) => mine.has(n));
}
