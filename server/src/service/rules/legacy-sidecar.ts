import { convertToNativeSidecar } from '../fixes/nativeSidecar';
import { serviceTargets, type ServiceTarget } from '../objects/services';
import { containerLabel } from '../workloads';
import type { Fix } from '../types';
import type { Rule, RuleContext } from './rule';
import { legacyHelpers, runsToCompletion } from '../pod/sidecars';
import { stopsHelperItself } from '../pod/helperStops';
import { weakHelperReason } from '../pod/helperEvidence';
import { containerAnchor } from '../ranges';

/** Kubernetes resolves a Service's named targetPort in native sidecars from 1.32 on (kubernetes/kubernetes#127976). */
const NAMED_PORTS_IN_SIDECARS_MINOR = 32;

/** A helper in `containers` starts in no particular order and is not stopped after the app: a native sidecar is. */
export const legacySidecar: Rule = {
  id: 'legacy-sidecar',
  defaultSeverity: 'warning',
  description: 'A sidecar (proxy, log shipper, agent) placed in containers should be a native sidecar in initContainers with restartPolicy: Always.',
  fixable: true,
  check(context) {
    const { pod, text, settings } = context;
    return legacyHelpers(pod, settings)
      .filter((helper) => !runsToCompletion(pod) || stopsHelperItself(pod, helper))
      .map((helper) => {
        const [start, end] = containerAnchor(helper);
        const weak = weakHelperReason(pod, helper, settings);
        const named = settings.kubernetesMinor < NAMED_PORTS_IN_SIDECARS_MINOR ? serviceTargets(context, helper).filter((t) => t.byName) : [];
        const converted = convertToNativeSidecar(text, pod, helper, weak || named.length > 0 || pod.initContainersGated ? 'suggestion' : 'fix');
        const fix = converted && named.length > 0 ? withServiceEdits(converted, named) : converted;
        const label = containerLabel(helper);
        const message = weak
          ? `'${label}' may be a sidecar in containers (${weak}): as a native sidecar in initContainers with restartPolicy: Always it would start before and stop after the app (Kubernetes 1.29+).`
          : `'${label}' is a sidecar in containers: move it to initContainers with restartPolicy: Always so it starts before and stops after the app (Kubernetes 1.29+).`;
        const gated = pod.initContainersGated ? ` ${pod.initContainersGated}.` : '';
        return {
          container: helper,
          start,
          end,
          message: message + gated + serviceNote(context, named),
          severity: weak ? 'info' : undefined,
          fixes: fix ? [fix] : [],
        };
      });
  },
};

/** Why the conversion must also touch the Services that target the helper's port by name. */
function serviceNote(context: RuleContext, named: readonly ServiceTarget[]): string {
  if (named.length === 0) return '';
  const first = named[0];
  const where = first.service.uri ? ` in ${first.service.uri.split('/').pop()}` : '';
  return ` Service '${first.service.object.name ?? '?'}'${where} targets its port '${String(first.port.target)}' by name, which Kubernetes resolves in a native sidecar only from 1.32 (the target is 1.${context.settings.kubernetesMinor}): converting it must also set that targetPort to ${first.containerPort}.`;
}

/**
 * The conversion plus each named `targetPort` rewritten to its number, in the Service's document or file: a suggestion,
 * since it edits another object. Undefined when a Service's port cannot be edited from here.
 */
function withServiceEdits(fix: Fix, named: readonly ServiceTarget[]): Fix | undefined {
  const otherDocuments: Fix['otherDocuments'] = [];
  const otherFiles: Fix['otherFiles'] = [];
  for (const { service, port, containerPort } of named) {
    const text = String(containerPort);
    if (service.delta !== undefined) otherDocuments.push({ start: port.at[0] + service.delta, end: port.at[1] + service.delta, text });
    else if (service.uri && port.range) otherFiles.push({ uri: service.uri, range: port.range, text });
    else return undefined;
  }
  return {
    ...fix,
    title: `${fix.title} and target port ${named[0].containerPort} in Service '${named[0].service.object.name ?? '?'}'`,
    kind: 'suggestion',
    preferred: undefined,
    otherDocuments,
    otherFiles,
  };
}
