/** Add resource limits / requests: only the missing keys, in the container's own style and indentation. */
import { isMap, isScalar, type Node, type YAMLMap } from 'yaml';
import { addEntries, addUnder, indentUnit, type Entry } from '../edits';
import { compareQuantities, parseQuantity } from '../quantity';
import { DEFAULT_RESOURCES } from '../settingsSchema';
import { detectEol } from '../text';
import type { Fix, Settings } from '../types';
import { containerLabel, type Container } from '../workloads';
import { containsAlias, hasAnchor, hasMergeKey, keyName } from '../yamlNodes';

export type ResourceSection = 'limits' | 'requests';

type Resource = 'cpu' | 'memory';

/** A value to write and where it came from: the person's `defaults`, the container's own memory request, or a placeholder. */
interface Value {
  text: string;
  from: 'configured' | 'request' | 'placeholder';
}

/**
 * Adds the missing keys. A fix only when every value comes from the `defaults` the person configured; otherwise a
 * suggestion, pre-filled with the memory request as the memory limit or with placeholders. A cpu request is never
 * copied into a cpu limit: the limit throttles, the request only reserves.
 */
export function addResources(
  text: string,
  container: Container,
  section: ResourceSection,
  missing: string[],
  settings: Settings,
  options: { suggestionOnly?: boolean } = {},
): Fix | undefined {
  const map = container.node;
  if (!container.direct || hasAnchor(map) || hasMergeKey(map)) return undefined;
  const resourcesPair = map.items.find((p) => keyName(p) === 'resources');
  const resources = resourcesPair?.value as Node | null | undefined;
  if (resources && (containsAlias(resources, true) || (!isMap(resources) && !(isScalar(resources) && resources.value === null)))) return undefined;
  const requests = isMap(resources) && section === 'limits' ? sectionMap(resources, 'requests') : undefined;
  const values = missing.map((key) => valueFor(text, container, key as Resource, requests, settings));
  const entries: Entry[] = missing.map((key, i) => ({ key, value: values[i].text }));
  const eol = detectEol(text);
  const unit = indentUnit(text, map);
  let edits;
  if (!resourcesPair) edits = addEntries(text, map, [{ key: 'resources', value: [{ key: section, value: entries }] }], eol, unit);
  else if (!isMap(resources)) edits = addUnder(text, map, 'resources', [{ key: section, value: entries }], eol, unit);
  else edits = addUnder(text, resources, section, entries, eol, unit);
  if (!edits) return undefined;
  const title = `Add resource ${section} to '${containerLabel(container)}'`;
  const isFix = !options.suggestionOnly && values.every((v) => v.from === 'configured');
  if (isFix) return { title, edits, preferred: true, kind: 'fix' };
  const placeholders = values.some((v) => v.from === 'placeholder');
  return { title: `${title} (${placeholders ? 'placeholder values: choose your own' : 'memory limit = its memory request'})`, edits, kind: 'suggestion' };
}

/** The person's default unless it is below the request; else the memory request as the memory limit; else a placeholder. */
function valueFor(text: string, container: Container, key: Resource, requests: YAMLMap | undefined, settings: Settings): Value {
  const request = sourceOf(text, requests, key);
  const configured = settings.configuredDefaults[container.kind]?.[key];
  if (configured !== undefined && !below(configured, request)) return { text: configured, from: 'configured' };
  if (key === 'memory' && request !== undefined) return { text: request, from: 'request' };
  return { text: configured ?? DEFAULT_RESOURCES[container.kind][key], from: 'placeholder' };
}

/** True when a limit would be below the request it must cover (the person then chooses). */
function below(limit: string, request: string | undefined): boolean {
  if (request === undefined) return false;
  const [a, b] = [parseQuantity(limit), parseQuantity(request.replace(/^["']|["']$/g, ''))];
  return !a.ok || !b.ok || compareQuantities(a.quantity, b.quantity) < 0;
}

function sectionMap(resources: YAMLMap, key: string): YAMLMap | undefined {
  const value = resources.items.find((p) => keyName(p) === key)?.value;
  return isMap(value) ? value : undefined;
}

/** A quantity copied as written (quotes included), so `"2Gi"` stays `"2Gi"`; undefined for a tagged or unparsable value. */
function sourceOf(text: string, map: YAMLMap | undefined, key: string): string | undefined {
  const value = map?.items.find((p) => keyName(p) === key)?.value;
  if (!isScalar(value) || !value.range || value.value === null || value.tag || value.type === 'BLOCK_LITERAL' || value.type === 'BLOCK_FOLDED')
    return undefined;
  const source = text.slice(value.range[0], value.range[1]);
  // Only a request that is a quantity is worth copying (`~`, `${MEM}` or a typo would carry the slip into the limit).
  return source.includes('\n') || !parseQuantity(source.replace(/^["']|["']$/g, '')).ok ? undefined : source;
}
