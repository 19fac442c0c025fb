/** What a pod's metadata says: the annotations rules and suppressions read, and the pod template's own labels. */
import type { Document, Node, Scalar, YAMLMap } from 'yaml';
import type { PodSpec } from '../workloads';
import { getMap, getString, resolve, scalarText } from '../yamlNodes';

/** Adds an `annotations` map's own scalar values to `into` (null as ''); a later owner's value replaces an earlier one. */
export function collectAnnotations(doc: Document, map: YAMLMap | undefined, into: Map<string, string>): void {
  for (const pair of map?.items ?? []) {
    const key = scalarText(pair.key as Scalar);
    const value = resolve(doc, pair.value) as Node | undefined;
    if (key !== undefined && value && 'value' in value) into.set(key, String((value as Scalar).value ?? ''));
  }
}

/** One annotation of the pod itself (the template's, for workloads), read as Kubernetes reads a string after merges. */
export function templateAnnotation(pod: PodSpec, key: string): string | undefined {
  return getString(pod.doc, getMap(pod.doc, getMap(pod.doc, pod.template, 'metadata'), 'annotations'), key);
}

/** One label of the pod itself (the template's, for workloads). */
export function templateLabel(pod: PodSpec, key: string): string | undefined {
  return getString(pod.doc, getMap(pod.doc, getMap(pod.doc, pod.template, 'metadata'), 'labels'), key);
}
