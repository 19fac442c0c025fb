/** The incremental edits every server receives: a port number in the middle of the file, and a port-clash made and undone. */
import type { Manifest, Site } from '../gen/manifest';

export type EditKind = 'port' | 'clash-on' | 'clash-off';

export interface PlannedEdit {
  kind: EditKind;
  site: Site;
  /** The text the edit replaces (checked against the client's copy before sending). */
  before: string;
  after: string;
}

/**
 * `count` edits in rounds of five: three changes of the app's port (8101, 8102, …), then the Envoy sidecar's port set to
 * the app's current port (a port-clash appears) and back to 9901 (it goes). Every value keeps its width, so sites stay put.
 */
export function planEdits(manifest: Manifest, count: number): PlannedEdit[] {
  const edits: PlannedEdit[] = [];
  let appPort = manifest.appPort.text;
  const sidecarPort = manifest.sidecarPort.text;
  for (let i = 0; edits.length < count; i++) {
    const step = i % 5;
    if (step < 3) {
      const next = String(8101 + edits.filter((e) => e.kind === 'port').length);
      edits.push({ kind: 'port', site: manifest.appPort, before: appPort, after: next });
      appPort = next;
    } else if (step === 3) {
      edits.push({ kind: 'clash-on', site: manifest.sidecarPort, before: sidecarPort, after: appPort });
    } else {
      edits.push({ kind: 'clash-off', site: manifest.sidecarPort, before: appPort, after: sidecarPort });
    }
  }
  return edits;
}
