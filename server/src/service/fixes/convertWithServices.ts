/**
 * Converting a helper to a native sidecar without breaking the Services around it: below 1.32 Kubernetes does not resolve
 * a Service's named targetPort in a native sidecar (kubernetes/kubernetes#127976), so the conversion must also rewrite
 * that targetPort to the number, in the Service's document or file, and is then a suggestion (it edits another object).
 */
import { serviceTargets, type ServiceTarget } from '../objects/services';
import type { RuleContext } from '../rules/rule';
import type { Fix } from '../types';
import type { Container } from '../workloads';
import { convertToNativeSidecar } from './nativeSidecar';

const NAMED_PORTS_IN_SIDECARS_MINOR = 32;

export interface ServiceAwareConversion {
  /** The conversion (with the Service edits when some are needed), or undefined when none can be offered. */
  fix?: Fix;
  /** A sentence for the message when Services target the helper's port by name; empty otherwise. */
  note: string;
}

/** The conversion of `helper`, as `kind` when no Service needs rewriting, else as a suggestion that also rewrites them. */
export function convertWithServices(context: RuleContext, helper: Container, kind: Fix['kind']): ServiceAwareConversion {
  const { pod, text, settings } = context;
  const named = settings.kubernetesMinor < NAMED_PORTS_IN_SIDECARS_MINOR ? serviceTargets(context, helper).filter((t) => t.byName) : [];
  const converted = convertToNativeSidecar(text, pod, helper, named.length > 0 ? 'suggestion' : kind);
  const fix = converted && named.length > 0 ? withServiceEdits(converted, named) : converted;
  return { fix, note: serviceNote(context, named) };
}

/** Why the conversion must also touch the Services that target the helper's port by name. */
function serviceNote(context: RuleContext, named: readonly ServiceTarget[]): string {
  if (named.length === 0) return '';
  const first = named[0];
  const where = first.service.uri ? ` in ${first.service.uri.split('/').pop()}` : '';
  return ` Service '${first.service.object.name ?? '?'}'${where} targets its port '${String(first.port.target)}' by name, which Kubernetes resolves in a native sidecar only from 1.32 (the target is 1.${context.settings.kubernetesMinor}): converting it must also set that targetPort to ${first.containerPort}.`;
}

/** The conversion plus each named `targetPort` rewritten to its number. Undefined when a Service's port cannot be edited from here. */
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
