/** Volumes a pod spec declares and the mounts of each container, read as Kubernetes reads them (aliases, merge keys). */
import { isScalar, type Node, type Pair, type YAMLMap } from 'yaml';
import { memoized } from '../memo';
import type { Container, PodSpec } from '../workloads';
import { findPair, getMap, getSeq, getString, keyName, resolve, seqMaps } from '../yamlNodes';

export interface Volume {
  name: string;
  /** The volume source key (`emptyDir`, `configMap`…); `persistentVolumeClaim` for StatefulSet claim templates. */
  type?: string;
}

export interface Mount {
  container: Container;
  map: YAMLMap;
  /** The list item as written when it is an alias (`- *logs`): findings sit there, not on the anchored original. */
  alias?: Node;
  name?: string;
  /** The `name` value as written (an alias node when it is one): where volume findings sit. */
  nameNode?: Node;
  mountPath?: string;
  mountPathNode?: Node;
  readOnly: boolean;
}

const SOURCE_KEYS_IGNORED = new Set(['name']);

/** `volumes` of the pod spec and, for a StatefulSet, the names of its `volumeClaimTemplates`. */
export const declaredVolumes = memoized((pod: PodSpec): ReadonlyMap<string, Volume> => {
  const volumes = new Map<string, Volume>();
  for (const { item } of seqMaps(pod.doc, getSeq(pod.doc, pod.spec, 'volumes'))) {
    const name = getString(pod.doc, item, 'name');
    if (name === undefined || volumes.has(name)) continue;
    const type = item.items.map((p) => keyName(p)).find((k) => k !== undefined && !SOURCE_KEYS_IGNORED.has(k) && k !== '<<');
    volumes.set(name, { name, type });
  }
  if (pod.kind === 'StatefulSet') {
    for (const { item } of seqMaps(pod.doc, getSeq(pod.doc, getMap(pod.doc, pod.object, 'spec'), 'volumeClaimTemplates'))) {
      const name = getString(pod.doc, getMap(pod.doc, item, 'metadata'), 'name');
      if (name !== undefined && !volumes.has(name)) volumes.set(name, { name, type: 'persistentVolumeClaim' });
    }
  }
  return volumes;
});

function rawValue(pair: Pair | undefined): Node | undefined {
  return (pair?.value ?? undefined) as Node | undefined;
}

/** The `volumeMounts` of one container, in order. */
export function mountsOf(pod: PodSpec, container: Container): readonly Mount[] {
  return mountsByContainer(container, pod);
}

const mountsByContainer = memoized((container: Container, pod: PodSpec): readonly Mount[] => {
  const seq = getSeq(pod.doc, container.node, 'volumeMounts');
  return seqMaps(pod.doc, seq).map(({ item, index, direct }) => {
    const name = findPair(pod.doc, item, 'name');
    const path = findPair(pod.doc, item, 'mountPath');
    const readOnly = resolve(pod.doc, findPair(pod.doc, item, 'readOnly')?.value);
    return {
      container,
      map: item,
      alias: direct ? undefined : (seq!.items[index] as Node),
      name: isScalar(name?.value) && name.value.value !== null ? String(name.value.value) : undefined,
      nameNode: rawValue(name?.pair),
      mountPath: isScalar(path?.value) && path.value.value !== null ? String(path.value.value) : undefined,
      mountPathNode: rawValue(path?.pair),
      readOnly: isScalar(readOnly) && readOnly.value === true,
    };
  });
});

export const allMounts = memoized((pod: PodSpec): readonly Mount[] => pod.containers.flatMap((c) => mountsOf(pod, c)));

/** The strings a container is told at start (`command`, `args`, `env[].value`), resolved: where it names paths and ports. */
export const startStrings = memoized((container: Container, pod: PodSpec): readonly string[] => {
  const out = container.script === '' ? [] : container.script.split('\n');
  for (const { item } of seqMaps(pod.doc, getSeq(pod.doc, container.node, 'env'))) {
    const value = getString(pod.doc, item, 'value');
    if (value !== undefined) out.push(value);
  }
  return out;
});

/** Other containers of the pod that mount one of the volumes this container mounts. */
export function sharesVolumeWith(pod: PodSpec, container: Container): Container[] {
  const mine = new Set(mountsOf(pod, container).flatMap((m) => (m.name === undefined ? [] : [m.name])));
  return [
    ...new Set(
      allMounts(pod)
        .filter((m) => m.container !== container && m.name !== undefined && mine.has(m.name))
        .map((m) => m.container),
    ),
  ];
}
