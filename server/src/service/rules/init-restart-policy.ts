import { matchHelper } from '../helpers';
import { removeContainerKey } from '../fixes/removeKey';
import { setRestartPolicyAlways } from '../fixes/restartPolicy';
import { writtenField } from '../pod/fields';
import type { Fix, Severity } from '../types';
import { containerLabel } from '../workloads';
import { CONTAINER_RESTART_POLICIES } from './container-restart-policy';
import type { Rule } from './rule';
import { nativeSidecarsAvailable } from '../pod/sidecars';

/** An init container accepts only restartPolicy: Always until 1.35; 1.34 silently drops other values [1.3, 1.4]. */
export const initRestartPolicy: Rule = {
  id: 'init-restart-policy',
  defaultSeverity: 'error',
  description: "An init container's restartPolicy other than Always: rejected up to Kubernetes 1.33, silently dropped on 1.34, allowed from 1.35.",
  fixable: true,
  check({ pod, text, settings }) {
    const minor = settings.kubernetesMinor;
    return pod.containers
      .filter((c) => c.list === 'initContainers' && c.role === 'init')
      .flatMap((c) => {
        const field = writtenField(pod.doc, c.node, 'restartPolicy');
        if (!field || field.value === 'Always') return [];
        const value = field.value ?? '';
        const supported = CONTAINER_RESTART_POLICIES.includes(value);
        if (supported && minor >= 35) return [];
        const severity: Severity = !supported || minor <= 33 ? 'error' : 'warning';
        const name = containerLabel(c);
        // `Never`/`OnFailure` say "run once": removing keeps that; Always (a sidecar) is preferred only when that is the intent.
        const meantSidecar = value.toLowerCase() === 'always' || matchHelper(c.name, c.image, c.script, settings) !== undefined;
        // A value merged in from elsewhere is shared: it is reported where it is written, and not edited.
        const setAlways = field.direct && nativeSidecarsAvailable(settings) ? setRestartPolicyAlways(text, c) : undefined;
        const removal = field.direct ? removeContainerKey(text, c, field.pair) : undefined;
        // rules.md fixes the order: Set restartPolicy: Always is preferred wherever native sidecars exist.
        const fixes: Fix[] = [];
        if (setAlways) fixes.push({ title: `Set restartPolicy: Always on '${name}' (a native sidecar)`, edits: setAlways, preferred: true });
        if (removal) fixes.push({ title: `Remove restartPolicy from '${name}'`, edits: [removal], preferred: !setAlways });
        const todo = !nativeSidecarsAvailable(settings)
          ? 'remove it (an init container runs once)'
          : meantSidecar
            ? `set it to Always if '${name}' is a sidecar, or remove it`
            : `remove it (an init container runs once), or set Always to make '${name}' a native sidecar`;
        const message = !supported
          ? `restartPolicy '${value}' on init container '${name}' is not a valid value: ${todo}.`
          : minor <= 33
            ? `Kubernetes 1.${minor} accepts only restartPolicy: Always on init container '${name}': ${todo}.`
            : `Kubernetes 1.34 silently drops restartPolicy: ${value} on init container '${name}': ${todo}.`;
        return [{ container: c, start: field.node.range![0], end: field.node.range![1], message, severity, fixes }];
      });
  },
};
