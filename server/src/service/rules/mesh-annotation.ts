import type { Node } from 'yaml';
import { ISTIO, LINKERD, LINKERD_BOOLEANS, meshMinor, parseGoBool, versionText, type MeshData } from '../mesh/data';
import { metaEntries, type MetaEntry } from '../mesh/injection';
import { closestKey, ownerOf } from '../mesh/keys';
import { nativeAnnotationFor } from '../mesh/remedies';
import { isPlaceholder } from '../pod/source';
import { parseQuantity, isNegative } from '../quantity';
import { valueRange } from '../ranges';
import { setScalarText } from '../scalarEdit';
import type { Fix, Settings } from '../types';
import type { PodSpec } from '../workloads';
import type { Rule, RuleFinding } from './rule';

const RESOURCE_KEYS = new Set([...ISTIO.resourceAnnotations, ...LINKERD.resourceAnnotations].map((a) => a.key));
const ENUMS: Record<string, { values: string[]; where: 'labels' | 'annotations' }> = {
  'sidecar.istio.io/inject': { values: ['true', 'false'], where: 'labels' },
  'linkerd.io/inject': { values: ['enabled', 'disabled', 'ingress'], where: 'annotations' },
};

function keyRange(entry: MetaEntry): [number, number] | undefined {
  return entry.keyNode.range ? [entry.keyNode.range[0], entry.keyNode.range[1]] : undefined;
}

function renameFix(text: string, pod: PodSpec, entry: MetaEntry, to: string, title: string, kind: Fix['kind']): Fix[] {
  const edit = setScalarText(text, pod.doc, entry.keyNode, to);
  return edit ? [{ title, edits: [edit], kind, preferred: kind === 'fix' ? true : undefined }] : [];
}

/** A key under a mesh prefix that the mesh does not define, or one the configured mesh version does not (yet, or still) read. */
function keyFinding(text: string, pod: PodSpec, entry: MetaEntry, mesh: MeshData, loose: boolean, settings: Settings): RuleFinding | undefined {
  const range = keyRange(entry);
  if (!range) return undefined;
  const minor = meshMinor(mesh, settings);
  const native = mesh.nativeAnnotations.find((a) => a.key === entry.key);
  if (native && minor !== undefined) {
    const read = nativeAnnotationFor(mesh, settings);
    const version = `${mesh.title} ${versionText(mesh, minor)}`;
    if (minor < native.since) {
      const advice = read ? `use ${read.key}` : `it arrived in ${versionText(mesh, native.since)}`;
      const fixes = read ? renameFix(text, pod, entry, read.key, `Rename to ${read.key}`, 'fix') : [];
      return {
        start: range[0],
        end: range[1],
        message: `${version} does not read '${entry.key}' (from ${versionText(mesh, native.since)}), so the injector ignores it: ${advice}.`,
        fixes,
      };
    }
    if (native.deprecatedSince !== undefined && minor >= native.deprecatedSince && read && read.key !== entry.key) {
      const fixes = renameFix(text, pod, entry, read.key, `Rename to ${read.key}`, 'fix');
      return {
        start: range[0],
        end: range[1],
        severity: 'info',
        message: `'${entry.key}' is deprecated in ${version} (source: ${read.source}): rename it to ${read.key}.`,
        fixes,
      };
    }
    return undefined;
  }
  if (mesh.knownKeys.has(entry.key)) return undefined;
  const meant = closestKey(entry.key, mesh, loose);
  if (loose && !meant) return undefined;
  const fixes = meant ? renameFix(text, pod, entry, meant, `Did you mean ${meant}?`, 'fix') : [];
  const hint = meant ? `did you mean ${meant}?` : `check the name against the ${mesh.title} documentation`;
  return {
    start: range[0],
    end: range[1],
    message: `${mesh.title} defines no ${entry.where === 'labels' ? 'label' : 'annotation'} '${entry.key}', so its injector ignores it: ${hint}`,
    fixes,
  };
}

/** A value the injector will not read as the person meant: booleans, quantities, the inject switches. */
function valueFinding(text: string, pod: PodSpec, entry: MetaEntry): RuleFinding | undefined {
  const node = entry.pair.value as Node | null;
  if (!node?.range || entry.value === undefined || isPlaceholder(entry.value)) return undefined;
  const [start, end] = valueRange(text, node);
  const at = (message: string, fixes: Fix[] = []): RuleFinding => ({ start, end, message, fixes });
  if (LINKERD_BOOLEANS.has(entry.key) && parseGoBool(entry.value) === undefined)
    return at(`Linkerd reads '${entry.key}' with Go's ParseBool and silently ignores "${entry.value}": write "true" or "false".`);
  if (RESOURCE_KEYS.has(entry.key)) {
    const parsed = parseQuantity(entry.value);
    if (!parsed.ok || isNegative(parsed.quantity))
      return at(`'${entry.key}' is "${entry.value}", which is not a resource quantity: the injector fails or drops it; write one such as 100m or 128Mi.`);
  }
  if (entry.key === ISTIO.nativeAnnotations[0].key && entry.value !== 'true' && entry.value !== 'false') {
    // The template reads `ne (annotation) "false"`: "False", "no", "0" all turn native mode on.
    const off = /^(f|no|off|0|false)$/i.test(entry.value);
    const edit = off && entry.valueNode ? setScalarText(text, pod.doc, entry.valueNode, 'false') : undefined;
    const fixes: Fix[] = edit ? [{ title: 'Use "false"', edits: [edit], kind: 'suggestion' }] : [];
    return at(
      `Istio turns native mode on for every value of '${entry.key}' but the exact string "false", so "${entry.value}" means on: write "true" or "false".`,
      fixes,
    );
  }
  const allowed = ENUMS[entry.key];
  if (allowed && entry.where === allowed.where && !allowed.values.includes(entry.value))
    return at(`'${entry.key}' is "${entry.value}", which the injector does not read as on or off: use ${allowed.values.map((v) => `"${v}"`).join(' or ')}.`);
  return undefined;
}

/** Mesh injectors ignore keys they do not define and values they cannot read, silently: the proxy is then not what was asked for. */
export const meshAnnotation: Rule = {
  id: 'mesh-annotation',
  defaultSeverity: 'warning',
  description:
    'A label or annotation under an Istio or Linkerd prefix that the mesh does not define or read at its version, or a value it will not read as meant.',
  fixable: true,
  check({ pod, text, settings }) {
    const findings: RuleFinding[] = [];
    for (const entry of metaEntries(pod)) {
      const owner = ownerOf(entry.key);
      if (!owner) continue;
      const keyed = keyFinding(text, pod, entry, owner.mesh, owner.loose, settings);
      const found = keyed ?? valueFinding(text, pod, entry);
      if (found) findings.push(found);
      // A typo'd key hides its value's problem until renamed: check the value as the key it will become, so both show.
      const meant = keyed && !owner.mesh.knownKeys.has(entry.key) ? closestKey(entry.key, owner.mesh, owner.loose) : undefined;
      const valued = meant && meant !== entry.key ? valueFinding(text, pod, { ...entry, key: meant }) : undefined;
      if (valued) findings.push(valued);
      const range = keyRange(entry);
      if (entry.key === 'sidecar.istio.io/inject' && entry.where === 'annotations' && range && !found)
        findings.push({
          start: range[0],
          end: range[1],
          severity: 'info',
          message: `The annotation '${entry.key}' is deprecated in favour of the pod label of the same name (istio/api): move it to the pod template's labels.`,
          fixes: [],
        });
    }
    return findings;
  },
};
