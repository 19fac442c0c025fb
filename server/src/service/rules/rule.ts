/** The shape every rule has: metadata plus a pure check of one pod spec. */
import type { Finding, Settings, Severity } from '../types';
import type { PodSpec } from '../workloads';

export interface RuleContext {
  /** The YAML document's text; finding and edit offsets are relative to it. */
  text: string;
  pod: PodSpec;
  settings: Settings;
}

export interface Rule {
  id: string;
  defaultSeverity: Severity;
  /** One line for docs, hovers and SARIF. */
  description: string;
  fixable: boolean;
  check(context: RuleContext): Finding[];
}
