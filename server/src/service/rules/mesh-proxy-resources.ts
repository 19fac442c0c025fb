import { addEntries, indentUnit } from '../edits';
import { ISTIO } from '../mesh/data';
import { metaEntries } from '../mesh/injection';
import { detectEol } from '../text';
import type { Fix } from '../types';
import { getMap } from '../yamlNodes';
import type { Rule } from './rule';

/** Istio emits only the proxy resources a pod annotates: setting one drops the chart's other requests and limits. */
export const meshProxyResources: Rule = {
  id: 'mesh-proxy-resources',
  defaultSeverity: 'warning',
  description: "Some but not all of Istio's four proxy resource annotations are set, so the injected proxy loses the chart's other requests and limits.",
  fixable: true,
  check({ pod, text }) {
    const entries = metaEntries(pod).filter((e) => e.where === 'annotations');
    const set = ISTIO.resourceAnnotations.filter((a) => entries.some((e) => e.key === a.key));
    if (set.length === 0 || set.length === ISTIO.resourceAnnotations.length) return [];
    const first = entries.find((e) => e.key === set[0].key)!;
    if (!first.keyNode.range) return [];
    const missing = ISTIO.resourceAnnotations.filter((a) => !set.includes(a));
    const chart = ISTIO.chartResources!;
    const lost = missing.map((a) => `${a.section === 'requests' ? 'request' : 'limit'} ${a.resource} ${chart[a.section][a.resource]}`).join(', ');
    const fixes: Fix[] = [];
    const annotations = getMap(pod.doc, getMap(pod.doc, pod.template, 'metadata'), 'annotations');
    // Only into the map as written here (not one an alias or merge key brings in).
    if (annotations && !annotations.flow && annotations.items.includes(first.pair)) {
      const edits = addEntries(
        text,
        annotations,
        missing.map((a) => ({ key: a.key, value: `"${chart[a.section][a.resource]}"` })),
        detectEol(text),
        indentUnit(text, annotations),
      );
      const placeholders = missing.map((a, i) => `${a.key}: "\${${i + 1}:${chart[a.section][a.resource]}}"`);
      if (edits?.length === 1) {
        const edit = edits[0];
        let snippet = edit.text;
        missing.forEach((a, i) => (snippet = snippet.replace(`${a.key}: "${chart[a.section][a.resource]}"`, placeholders[i])));
        fixes.push({ title: 'Add the missing proxy resource annotations', edits: [{ ...edit, snippet }], kind: 'suggestion' });
      }
    }
    return [
      {
        start: first.keyNode.range[0],
        end: first.keyNode.range[1],
        message: `Istio emits only the proxy resources this pod annotates (${set.map((a) => a.key.replace('sidecar.istio.io/', '')).join(', ')}), so the injected istio-proxy loses the chart's ${lost}: annotate all four.`,
        fixes,
      },
    ];
  },
};
