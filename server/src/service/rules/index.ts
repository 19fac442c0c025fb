/** The only registry of rules, sorted by id; adding a rule touches its file, one line here, its fixtures and its docs. */
import { containerRestartPolicy } from './container-restart-policy';
import { duplicateContainerName } from './duplicate-container-name';
import { duplicateMountPath } from './duplicate-mount-path';
import { hostNetworkPort } from './host-network-port';
import { hostPortClash } from './host-port-clash';
import { imageTag } from './image-tag';
import { initContainerProbe } from './init-container-probe';
import { initRestartPolicy } from './init-restart-policy';
import { invalidContainerName } from './invalid-container-name';
import { invalidQuantity } from './invalid-quantity';
import { jobSidecarNeverCompletes } from './job-sidecar-never-completes';
import { legacySidecar } from './legacy-sidecar';
import { meshAnnotation } from './mesh-annotation';
import { meshProxyBlocksJob } from './mesh-proxy-blocks-job';
import { meshProxyResources } from './mesh-proxy-resources';
import { meshReservedPort } from './mesh-reserved-port';
import { meshSettingIgnored } from './mesh-setting-ignored';
import { missingLimits } from './missing-limits';
import { missingRequests } from './missing-requests';
import { nativeSidecarUnsupported } from './native-sidecar-unsupported';
import { portClash } from './port-clash';
import { portName } from './port-name';
import { probeDependsOnApp } from './probe-depends-on-app';
import { probePortUndeclared } from './probe-port-undeclared';
import { requestsExceedLimits } from './requests-exceed-limits';
import { servicePortUnresolved } from './service-port-unresolved';
import { serviceTargetsSidecar } from './service-targets-sidecar';
import { sidecarAfterInit } from './sidecar-after-init';
import { sidecarMissingProbe } from './sidecar-missing-probe';
import { sidecarWritableMount } from './sidecar-writable-mount';
import { undefinedVolume } from './undefined-volume';
import { unsharedVolume } from './unshared-volume';
import type { Rule } from './rule';

export const RULES: readonly Rule[] = [
  containerRestartPolicy,
  duplicateContainerName,
  duplicateMountPath,
  hostNetworkPort,
  hostPortClash,
  imageTag,
  initContainerProbe,
  initRestartPolicy,
  invalidContainerName,
  invalidQuantity,
  jobSidecarNeverCompletes,
  legacySidecar,
  meshAnnotation,
  meshProxyBlocksJob,
  meshProxyResources,
  meshReservedPort,
  meshSettingIgnored,
  missingLimits,
  missingRequests,
  nativeSidecarUnsupported,
  portClash,
  portName,
  probeDependsOnApp,
  probePortUndeclared,
  requestsExceedLimits,
  servicePortUnresolved,
  serviceTargetsSidecar,
  sidecarAfterInit,
  sidecarMissingProbe,
  sidecarWritableMount,
  undefinedVolume,
  unsharedVolume,
];

/** Reported by the engine itself, for documents that do not parse. */
export const YAML_SYNTAX = {
  id: 'yaml-syntax',
  defaultSeverity: 'error' as const,
  description: 'A YAML syntax error stops the document from parsing; nothing else in it is checked.',
  fixable: false,
};

/** Reported by the engine itself, for documents whose analysis stopped at a limit (merge keys, time). */
export const ANALYSIS_BUDGET = {
  id: 'analysis-budget',
  defaultSeverity: 'warning' as const,
  description: 'The document reaches a limit (merge keys nested or multiplied too far, a second of analysis, or over 1 MB); the rest of it is not checked.',
  fixable: false,
};

export const RULE_IDS: readonly string[] = [...RULES.map((r) => r.id), YAML_SYNTAX.id, ANALYSIS_BUDGET.id].sort();

export function ruleMeta(id: string): { id: string; defaultSeverity: string; description: string; fixable: boolean } | undefined {
  if (id === ANALYSIS_BUDGET.id) return ANALYSIS_BUDGET;
  return id === YAML_SYNTAX.id ? YAML_SYNTAX : RULES.find((r) => r.id === id);
}
