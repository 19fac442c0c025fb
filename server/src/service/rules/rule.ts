/** The shape every rule has: metadata plus a pure check of one pod spec; the engine owns the rest of the contract. */
import type { Finding, Settings, Severity } from '../types';
import type { Located, ObjectContext } from '../objects/services';
import type { PodObject, ServiceObject } from '../objects/summary';
import type { Container, PodSpec } from '../workloads';

export interface RuleContext {
  /** The YAML document's text; finding and edit offsets are relative to it. */
  text: string;
  pod: PodSpec;
  settings: Settings;
  /** The objects around the pod (the Services selecting it); read them with `serviceTargets`. */
  objects?: ObjectContext;
}

/** A rule about a Service of the document being analysed, with the pods it selects (here or in other documents). */
export interface ServiceRuleContext {
  text: string;
  service: ServiceObject;
  pods: readonly Located<PodObject>[];
  settings: Settings;
}

/**
 * What a rule returns: a finding without its rule id (the engine stamps it) and with the container it is about, whose
 * label the engine sets as `Finding.container`.
 */
export interface RuleFinding extends Omit<Finding, 'rule' | 'container'> {
  container?: Container;
}

export interface Rule {
  id: string;
  defaultSeverity: Severity;
  /** One line for docs, hovers and SARIF. */
  description: string;
  fixable: boolean;
  check(context: RuleContext): RuleFinding[];
  /** Its related locations may lie in another document of the text (a pod's Namespace), placed by the objects' deltas. */
  relatedElsewhere?: boolean;
  /** Rules about Services run once per Service of a document, with the pods it selects. */
  checkService?(context: ServiceRuleContext): RuleFinding[];
}
