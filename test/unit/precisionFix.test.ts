/**
 * `--fix` over the precision corpus, as a CI job would run it on real repositories: it changes no resource value, moves
 * only containers whose conversion a reviewer judged right, breaks no Service of the file, and still converts the real
 * legacy sidecars whose finding offers a fix.
 */
import assert from 'node:assert/strict';
import { describe, test } from 'node:test';
import { parseAllDocuments } from 'yaml';
import { analyzeText, fixAllText } from '../../server/src/service';
import { preferredFix } from '../../server/src/service/fixAll';
import { podSpecs, type Json } from '../helpers/semantics';
import { manifestInputs, readVerdicts } from '../precision/judge';

type Obj = Record<string, Json>;
const CONVERSION_RULES = new Set(['legacy-sidecar', 'job-sidecar-never-completes']);

function plainDocs(text: string): Json[] {
  return parseAllDocuments(text).map((doc) => (doc.errors.length > 0 ? null : (doc.toJS({ maxAliasCount: -1 }) as Json)));
}

const list = (pod: Obj, key: string): Obj[] => (Array.isArray(pod[key]) ? (pod[key] as Json[]).filter((c): c is Obj => !!c && typeof c === 'object') : []);
const names = (containers: Obj[]) => containers.map((c) => String(c.name));

/** Ports a Service may target by name at 1.33: those of app containers and native sidecars. */
function namedPorts(pod: Obj): Set<string> {
  const serving = [...list(pod, 'containers'), ...list(pod, 'initContainers').filter((c) => c.restartPolicy === 'Always')];
  return new Set(serving.flatMap((c) => (Array.isArray(c.ports) ? (c.ports as Obj[]).map((p) => String(p?.name)) : [])));
}

function serviceTargets(docs: Json[]): string[] {
  return docs.flatMap((doc) => {
    const o = doc as Obj | null;
    if (o?.kind !== 'Service') return [];
    const ports = ((o.spec as Obj | undefined)?.ports ?? []) as Obj[];
    return Array.isArray(ports) ? ports.map((p) => p?.targetPort).filter((t): t is string => typeof t === 'string') : [];
  });
}

/** A conversion adds `restartPolicy: Always`; nothing else of the container may change. */
function withoutRestartPolicy(container: Obj): Obj {
  return Object.fromEntries(Object.entries(container).filter(([key]) => key !== 'restartPolicy'));
}

interface Outcome {
  file: string;
  moved: string[];
  resourceChanges: string[];
  otherChanges: string[];
  lostTargets: string[];
}

function outcomes(): { results: Outcome[]; offered: Set<string> } {
  const results: Outcome[] = [];
  const offered = new Set<string>();
  for (const { file, text, settings } of manifestInputs()) {
    const analysis = analyzeText(text, settings);
    for (const f of analysis.findings) if (CONVERSION_RULES.has(f.rule) && f.severity !== 'info' && preferredFix(f)) offered.add(`${file} ${f.container}`);
    const fixed = fixAllText(analysis, settings);
    const outcome: Outcome = { file, moved: [], resourceChanges: [], otherChanges: [], lostTargets: [] };
    results.push(outcome);
    if (fixed === text) continue;
    const [before, after] = [plainDocs(text), plainDocs(fixed)];
    assert.equal(after.length, before.length, `${file}: fix-all changed the number of documents`);
    before.forEach((doc, i) => {
      const [podsBefore, podsAfter] = [podSpecs(doc), podSpecs(after[i])];
      podsBefore.forEach((pod, j) => {
        const podAfter = podsAfter[j] ?? {};
        const all = (p: Obj) => new Map([...list(p, 'initContainers'), ...list(p, 'containers')].map((c) => [String(c.name), c]));
        const [was, now] = [all(pod), all(podAfter)];
        const apps = new Set(names(list(pod, 'containers')));
        for (const name of names(list(podAfter, 'initContainers'))) if (apps.has(name)) outcome.moved.push(name);
        for (const [name, container] of was) {
          const after = now.get(name);
          if (JSON.stringify(container.resources) !== JSON.stringify(after?.resources)) outcome.resourceChanges.push(name);
          if (JSON.stringify(withoutRestartPolicy(container)) !== JSON.stringify(withoutRestartPolicy(after ?? {}))) outcome.otherChanges.push(name);
        }
      });
    });
    const portsBefore = before.flatMap(podSpecs).map(namedPorts);
    const portsAfter = after.flatMap(podSpecs).map(namedPorts);
    for (const target of serviceTargets(after)) {
      const resolvedBefore = portsBefore.some((ports) => ports.has(target));
      if (resolvedBefore && !portsAfter.some((ports) => ports.has(target))) outcome.lostTargets.push(target);
    }
  }
  return { results, offered };
}

describe('--fix over the precision corpus', () => {
  const { results, offered } = outcomes();
  const rightConversions = new Set(
    readVerdicts()
      .filter((v) => CONVERSION_RULES.has(v.rule) && v.verdict === 'right')
      .map((v) => `${v.file} ${v.container}`),
  );
  const moved = results.flatMap((r) => r.moved.map((name) => `${r.file} ${name}`));

  test('changes no resource value', () => {
    assert.deepEqual(
      results.flatMap((r) => r.resourceChanges.map((name) => `${r.file} ${name}`)),
      [],
    );
  });

  test('moves only containers whose conversion was judged right, and changes nothing else in a container', () => {
    assert.deepEqual(
      moved.filter((key) => !rightConversions.has(key)),
      [],
    );
    assert.deepEqual(
      results.flatMap((r) => r.otherChanges.map((name) => `${r.file} ${name}`)),
      [],
    );
  });

  test('breaks no Service: every named targetPort that resolved still does', () => {
    assert.deepEqual(
      results.flatMap((r) => r.lostTargets.map((t) => `${r.file} ${t}`)),
      [],
    );
  });

  test('still converts every real legacy sidecar whose finding offers a fix', (t) => {
    t.diagnostic(`${moved.length} containers converted in ${new Set(results.filter((r) => r.moved.length > 0).map((r) => r.file)).size} files`);
    assert.ok(moved.length > 0, 'no conversion at all');
    assert.deepEqual(
      [...offered].filter((key) => rightConversions.has(key) && !moved.includes(key)),
      [],
    );
  });
});
