/** Mesh label and annotation keys as the injectors read them: which mesh owns a key, and the known key one was meant to be. */
import { MESHES, type MeshData } from './data';

/** The mesh whose prefix the key has (the longest matching prefix), with whether that prefix is shared with other tools. */
export function ownerOf(key: string): { mesh: MeshData; loose: boolean } | undefined {
  for (const mesh of MESHES) {
    const prefix = mesh.prefixes.find((p) => key.startsWith(p));
    if (prefix) return { mesh, loose: mesh.loosePrefixes.includes(prefix) };
  }
  return undefined;
}

// Case, `-` and `_` are the usual slips: `nativesidecar`, `native-sidecar`, `proxyCpu`.
const normal = (key: string) => key.toLowerCase().replace(/[-_]/g, '');

function distance(a: string, b: string): number {
  const row = Array.from({ length: b.length + 1 }, (_, i) => i);
  for (let i = 1; i <= a.length; i++) {
    let previous = row[0];
    row[0] = i;
    for (let j = 1; j <= b.length; j++) {
      const next = row[j];
      row[j] = Math.min(row[j] + 1, row[j - 1] + 1, previous + (a[i - 1] === b[j - 1] ? 0 : 1));
      previous = next;
    }
  }
  return row[b.length];
}

/**
 * The known key an unknown one was clearly meant to be: the same name under another prefix of the mesh, the same
 * letters up to case and dashes, a short edit away, or a known name cut short (`native-side`). Undefined when none or two fit.
 */
export function closestKey(key: string, mesh: MeshData, strict = false): string | undefined {
  const name = normal(key);
  const suffix = key.slice(key.indexOf('/') + 1);
  const candidates: { key: string; score: number }[] = [];
  for (const known of mesh.knownKeys) {
    const other = normal(known);
    const d = distance(name, other);
    if (known.slice(known.indexOf('/') + 1) === suffix) candidates.push({ key: known, score: 0 });
    else if (d <= (strict ? 2 : 3)) candidates.push({ key: known, score: d });
    else if (!strict && name.length >= 20 && other.startsWith(name)) candidates.push({ key: known, score: 4 });
  }
  candidates.sort((a, b) => a.score - b.score);
  if (candidates.length === 0 || (candidates.length > 1 && candidates[1].score === candidates[0].score)) return undefined;
  return candidates[0].key;
}
