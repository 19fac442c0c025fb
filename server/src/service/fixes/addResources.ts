/** Add resource limits / requests: only the missing keys, in the container's own style and indentation. */
import { isMap, isScalar, type Node, type YAMLMap } from 'yaml';
import { addEntries, addUnder, indentUnit, type Entry } from '../edits';
import { detectEol } from '../text';
import type { Fix, Settings } from '../types';
import { containerLabel, type Container } from '../workloads';
import { containsAlias, hasAnchor, hasMergeKey, keyName } from '../yamlNodes';

export type ResourceSection = 'limits' | 'requests';

/** Values for the missing keys: the other section's value as written, else the configured default for the kind. */
export function addResources(text: string, container: Container, section: ResourceSection, missing: string[], settings: Settings): Fix | undefined {
  const map = container.node;
  if (!container.direct || hasAnchor(map) || hasMergeKey(map)) return undefined;
  const resourcesPair = map.items.find((p) => keyName(p) === 'resources');
  const resources = resourcesPair?.value as Node | null | undefined;
  if (resources && (containsAlias(resources, true) || (!isMap(resources) && !(isScalar(resources) && resources.value === null)))) return undefined;
  const other = isMap(resources) ? sectionMap(resources, section === 'limits' ? 'requests' : 'limits') : undefined;
  const entries: Entry[] = missing.map((key) => ({ key, value: sourceOf(text, other, key) ?? settings.defaults[container.kind][key as 'cpu' | 'memory'] }));
  const eol = detectEol(text);
  const unit = indentUnit(text, map);
  let edits;
  if (!resourcesPair) edits = addEntries(text, map, [{ key: 'resources', value: [{ key: section, value: entries }] }], eol, unit);
  else if (!isMap(resources)) edits = addUnder(text, map, 'resources', [{ key: section, value: entries }], eol, unit);
  else edits = addUnder(text, resources, section, entries, eol, unit);
  if (!edits) return undefined;
  const label = section === 'limits' ? 'limits' : 'requests';
  return { title: `Add resource ${label} to '${containerLabel(container)}'`, edits, preferred: true };
}

function sectionMap(resources: YAMLMap, key: string): YAMLMap | undefined {
  const value = resources.items.find((p) => keyName(p) === key)?.value;
  return isMap(value) ? value : undefined;
}

/** A quantity copied as written (quotes included), so `"2Gi"` stays `"2Gi"`. */
function sourceOf(text: string, map: YAMLMap | undefined, key: string): string | undefined {
  const value = map?.items.find((p) => keyName(p) === key)?.value;
  if (!isScalar(value) || !value.range || value.value === null || value.type === 'BLOCK_LITERAL' || value.type === 'BLOCK_FOLDED') return undefined;
  const source = text.slice(value.range[0], value.range[1]);
  return source.includes('\n') ? undefined : source;
}
