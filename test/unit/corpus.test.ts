/**
 * Every file of the corpus: no exception, and every offered fix yields YAML that parses, removes its finding, keeps
 * every comment, changes no other document, and (for the rules below that know what their fixes promise) changes
 * values exactly as the fix intends and nowhere else.
 */
import assert from 'node:assert/strict';
import { readdirSync, readFileSync, statSync } from 'node:fs';
import { join, relative } from 'node:path';
import { describe, test } from 'node:test';
import { isScalar, visit, type Document } from 'yaml';
import { analyzeText, normalizeSettings } from '../../server/src/service';
import { analyzeChunk, parseChunk } from '../../server/src/service/engine';
import { applyEdits } from '../../server/src/service/text';
import { compareQuantities, parseQuantity } from '../../server/src/service/quantity';
import type { Finding, Fix } from '../../server/src/service/types';
import { findPodSpecs, type Container } from '../../server/src/service/workloads';
import { clone, comments, diff, podSpecs } from '../helpers/semantics';

const ROOT = join(__dirname, '..', 'fixtures', 'corpus');
const settings = normalizeSettings({});

function yamlFiles(dir: string): string[] {
  return readdirSync(dir)
    .sort()
    .flatMap((name) => {
      const path = join(dir, name);
      return statSync(path).isDirectory() ? yamlFiles(path) : name.endsWith('.yaml') ? [path] : [];
    });
}

const toJs = (doc: Document) => doc.toJS({ maxAliasCount: 1000 }) as unknown;

/** The container a finding lies in, with a plain copy of the document and that copy's pod spec to edit. */
function locate(doc: Document, finding: Finding) {
  const inside = (c: Container) => Boolean(c.node.range && c.node.range[0] <= finding.start && finding.end <= c.node.range[2]);
  const pods = findPodSpecs(doc, settings);
  const podIndex = pods.findIndex((p) => p.containers.some(inside));
  assert.ok(podIndex >= 0, 'the finding lies in a container');
  const container = pods[podIndex].containers.find(inside)!;
  const value = clone(toJs(doc));
  return { container, value, spec: podSpecs(value)[podIndex] };
}

const MESH_INIT = new Set(['istio-init', 'istio-validation', 'linkerd-init', 'proxy-init', 'kuma-init']);

/**
 * The value a move to native sidecar promises: the container in initContainers with restartPolicy: Always, after the
 * mesh set-up init containers and native sidecars at its front, before any other init container.
 */
function expectedAfterMove(doc: Document, finding: Finding): unknown {
  const { container, value, spec } = locate(doc, finding);
  const [moved] = (spec[container.list] as Record<string, unknown>[]).splice(container.index, 1);
  const init = ((spec.initContainers as Record<string, unknown>[] | null) ?? []).slice();
  // It stays after the last init container that mounts one of its volumes (that container prepares what it reads).
  const mounts = (c: Record<string, unknown>) => ((c.volumeMounts as { name?: unknown }[] | undefined) ?? []).map((m) => m.name);
  const preparing = init.map((c, i) => (c.restartPolicy !== 'Always' && mounts(c).some((n) => n !== undefined && mounts(moved).includes(n)) ? i : -1));
  const after = Math.max(-1, ...preparing);
  const ahead = init.findIndex((c, i) => i > after && !MESH_INIT.has(c.name as string) && c.restartPolicy !== 'Always');
  init.splice(ahead === -1 ? init.length : ahead, 0, { ...moved, restartPolicy: 'Always' });
  spec.initContainers = init;
  return value;
}

/** Rules whose fixes met only the checks every fix meets (parses, finding gone, comments kept, one document changed). */
const unchecked = new Set<string>();

const LIFECYCLE_RULES = [
  'native-sidecar-unsupported',
  'container-restart-policy',
  'init-restart-policy',
  'init-container-probe',
  'sidecar-after-init',
  'sidecar-missing-probe',
];

/**
 * The exact value each sidecar-lifecycle fix promises, and nothing else changed: Remove X deletes that one key of the
 * container; Set restartPolicy / Make … a native sidecar sets only its restartPolicy to Always; Convert is the move above;
 * Move … back to containers takes the item out of initContainers (the key too when it empties), drops its restartPolicy
 * and appends it to containers; Move the sidecar … before 'X' reorders initContainers only; Add startupProbe /
 * readinessProbe adds exactly `{tcpSocket: {port: N}}` where N is a TCP containerPort of that container.
 */
function expectedLifecycleFix(doc: Document, finding: Finding, fix: Fix): unknown {
  if (fix.title.startsWith('Convert ')) return expectedAfterMove(doc, finding);
  const { container, value, spec } = locate(doc, finding);
  const list = spec[container.list] as Record<string, unknown>[];
  const item = list[container.index];
  const removed = /^Remove (\w+) from '/.exec(fix.title);
  const before = /^Move the sidecar '.*' before '(.*)'$/.exec(fix.title);
  const probe = /^Add (startupProbe|readinessProbe) \(tcpSocket on port (\d+)\)/.exec(fix.title);
  if (removed) {
    assert.ok(removed[1] in item, `no ${removed[1]} to remove`);
    delete item[removed[1]];
  } else if (/^(Set restartPolicy: Always on|Make) '/.test(fix.title)) {
    item.restartPolicy = 'Always';
  } else if (/^Move '.*' back to containers$/.test(fix.title)) {
    list.splice(container.index, 1);
    delete item.restartPolicy;
    if (list.length === 0) delete spec.initContainers;
    (spec.containers as unknown[]).push(item);
  } else if (before) {
    const target = list.findIndex((c) => c.name === before[1]);
    assert.ok(target >= 0 && target < container.index, `'${before[1]}' is not an earlier init container`);
    list.splice(container.index, 1);
    list.splice(target, 0, item);
  } else if (probe) {
    const ports = ((item.ports as Record<string, unknown>[] | undefined) ?? []).filter((p) => (p.protocol ?? 'TCP') === 'TCP').map((p) => p.containerPort);
    assert.ok(ports.includes(Number(probe[2])), `port ${probe[2]} is not a TCP port of the container`);
    assert.equal(item[probe[1]], undefined, `${probe[1]} already set`);
    item[probe[1]] = { tcpSocket: { port: Number(probe[2]) } };
  } else {
    assert.fail(`no value check for '${fix.title}'`);
  }
  return value;
}

describe('corpus', () => {
  const verified = new Map<string, number>();

  // At 1.33 every rule runs; at 1.28 the version-dependent lifecycle rules and their fixes (the corpus's native
  // sidecars moved back to containers) get real files too.
  const passes = [
    { version: '1.33', only: undefined },
    { version: '1.28', only: new Set(LIFECYCLE_RULES) },
  ];
  for (const pass of passes) {
    const passSettings = normalizeSettings({ kubernetesVersion: pass.version });
    for (const file of yamlFiles(ROOT)) {
      test(`${relative(ROOT, file)} (Kubernetes ${pass.version})`, () => {
        const text = readFileSync(file, 'utf8');
        const analysis = analyzeText(text, passSettings);
        for (const chunk of analysis.chunks) {
          const docsBefore = parseChunk(chunk.text);
          for (const finding of chunk.findings.filter((f) => !pass.only || pass.only.has(f.rule))) {
            for (const fix of finding.fixes) {
              const after = applyEdits(chunk.text, fix.edits);
              const docsAfter = parseChunk(after);
              if (docsAfter.some((d) => d.errors.length > 0)) continue; // not offered: fixIsSafe rejects it
              const where = `${finding.rule} at ${finding.start} in ${relative(ROOT, file)} (${pass.version}): ${fix.title}`;
              const count = (fs: Finding[]) => fs.filter((f) => f.rule === finding.rule).length;
              assert.ok(count(analyzeChunk(after, passSettings)) < count(chunk.findings), `finding not removed: ${where}`);
              assert.equal(docsAfter.length, docsBefore.length, where);
              docsBefore.forEach((before, i) => {
                assert.deepEqual(comments(docsAfter[i]), comments(before), `comments changed: ${where}`);
                checkValues(finding, fix, before, docsAfter[i], where);
              });
              verified.set(finding.rule, (verified.get(finding.rule) ?? 0) + 1);
            }
          }
        }
      });
    }
  }

  test('the corpus exercises every fix', (t) => {
    t.diagnostic(`fixes verified: ${JSON.stringify(Object.fromEntries(verified))}`);
    if (unchecked.size > 0) t.diagnostic(`fixes checked without a value check of their own: ${[...unchecked].sort().join(', ')}`);
    for (const rule of [
      'native-sidecar-unsupported',
      'legacy-sidecar',
      'job-sidecar-never-completes',
      'missing-limits',
      'missing-requests',
      'port-clash',
      'duplicate-container-name',
      'undefined-volume',
      'sidecar-writable-mount',
      'sidecar-after-init',
      'sidecar-missing-probe',
    ]) {
      assert.ok((verified.get(rule) ?? 0) > 0, `no '${rule}' fix verified on the corpus`);
    }
  });
});

function checkValues(finding: Finding, fix: Fix, before: Document, after: Document, where: string): void {
  if (!before.range || finding.start < before.range[0] || finding.start >= before.range[2]) {
    assert.deepEqual(toJs(after), toJs(before), `another document changed: ${where}`);
    return;
  }
  if (finding.rule === 'legacy-sidecar' || finding.rule === 'job-sidecar-never-completes') {
    assert.deepEqual(toJs(after), expectedAfterMove(before, finding), `values changed beyond the move: ${where}`);
    return;
  }
  if (LIFECYCLE_RULES.includes(finding.rule)) {
    assert.deepEqual(toJs(after), expectedLifecycleFix(before, finding, fix), `values changed beyond '${fix.title}': ${where}`);
    return;
  }
  const changes = diff(toJs(before), toJs(after));
  assert.ok(changes.length > 0, where);
  if (SINGLE_VALUE_CHECKS[finding.rule]) {
    assert.equal(changes.length, 1, `more than one value changed: ${where}`);
    SINGLE_VALUE_CHECKS[finding.rule](changes[0], fix, where);
    return;
  }
  if (finding.rule === 'host-port-clash') {
    const [from, to] = [String(valueAt(before, finding.start)), /host port (\d+)$/.exec(fix.title)![1]];
    assert.ok(
      changes.some(([path, was, now]) => path.at(-1) === 'hostPort' && String(was) === from && String(now) === to),
      `hostPort not moved: ${where}`,
    );
    for (const [path, was, now] of changes) assert.equal(String(now), String(was).split(from).join(to), `unexpected change at ${path.join('.')}: ${where}`);
    return;
  }
  if (finding.rule === 'port-name') {
    assert.equal(changes.length, 1, `more than one name changed: ${where}`);
    const [[path, was, now]] = changes;
    assert.deepEqual([path.at(-3), path.at(-1)], ['ports', 'name'], where);
    assert.equal(was, valueAt(before, finding.start), where);
    assert.equal(now, /^Rename to '(.+)'$/.exec(fix.title)![1], where);
    return;
  }
  if (finding.rule === 'mesh-reserved-port') {
    const [from, to] = [String(valueAt(before, finding.start)), /^Move to port (\d+)$/.exec(fix.title)![1]];
    assert.ok(
      changes.some(([path, was, now]) => path.at(-1) === 'containerPort' && String(was) === from && String(now) === to),
      `containerPort not moved: ${where}`,
    );
    for (const [path, was, now] of changes) assert.equal(String(now), String(was).split(from).join(to), `unexpected change at ${path.join('.')}: ${where}`);
    return;
  }
  if (finding.rule === 'probe-port-undeclared') {
    assert.equal(changes.length, 1, `more than the probe's port changed: ${where}`);
    const [[path, was, now]] = changes;
    assert.ok(path.at(-1) === 'port' && /Probe$/.test(path.at(-3)!), `not a probe's port at ${path.join('.')}: ${where}`);
    assert.equal(was, valueAt(before, finding.start), where);
    assert.equal(now, Number(/^Use port (\d+)$/.exec(fix.title)![1]), where);
    const ports = (at(toJs(after), path.slice(0, -3)) as { ports?: { containerPort: number; protocol?: string }[] }).ports ?? [];
    assert.deepEqual(
      ports.filter((p) => (p.protocol ?? 'TCP') === 'TCP').map((p) => p.containerPort),
      [now],
      `not the container's only TCP port: ${where}`,
    );
    return;
  }
  if (finding.rule === 'host-network-port') {
    assert.equal(changes.length, 1, `more than the hostPort changed: ${where}`);
    const [[path, was, now]] = changes;
    assert.equal(path.at(-1), 'hostPort', where);
    assert.equal(was, valueAt(before, finding.start), where);
    assert.equal(now, (at(toJs(after), path.slice(0, -1)) as { containerPort: unknown }).containerPort, `hostPort is not the containerPort: ${where}`);
    return;
  }
  if (finding.rule === 'missing-limits' || finding.rule === 'missing-requests') checkAddedQuantities(changes, fix, toJs(before), where);
  for (const [path, was, now] of changes) {
    const at = path.join('.');
    if (finding.rule === 'missing-limits' || finding.rule === 'missing-requests') {
      const section = finding.rule === 'missing-limits' ? 'limits' : 'requests';
      assert.ok(
        path.includes('resources') && (was === undefined || was === null || (typeof was === 'object' && Object.keys(was).length === 0)),
        `not an addition at ${at}: ${where}`,
      );
      assert.ok(
        at.includes(`resources.${section}`) || (typeof now === 'object' && now !== null && section in now),
        `added outside resources.${section} at ${at}: ${where}`,
      );
    } else if (finding.rule === 'port-clash') {
      const [from, to] = /port (\d+)/
        .exec(finding.message)!
        .slice(1)
        .concat(/port (\d+)$/.exec(fix.title)![1]);
      assert.equal(String(now), String(was).split(from).join(to), `unexpected change at ${at}: ${where}`);
    } else {
      unchecked.add(finding.rule);
      return;
    }
  }
}

const PLACEHOLDERS = { cpu: ['200m', '100m', '500m'], memory: ['256Mi', '128Mi', '512Mi'] };

/**
 * Without configured defaults, adding resources is a suggestion (never preferred, never applied in bulk) whose values
 * are placeholders, or the container's memory request as its memory limit; never its cpu request as a cpu limit.
 */
function checkAddedQuantities(changes: Change[], fix: Fix, before: unknown, where: string): void {
  assert.equal(fix.kind, 'suggestion', `not a suggestion without configured defaults: ${where}`);
  assert.ok(!fix.preferred, `a suggestion is preferred: ${where}`);
  for (const [path, , now] of changes) {
    for (const [leaf, value] of leaves(path, now)) {
      const resource = leaf.at(-1) as 'cpu' | 'memory';
      const container = at(before, leaf.slice(0, leaf.indexOf('resources'))) as { resources?: { requests?: Record<string, unknown> } };
      const request = container.resources?.requests?.[resource];
      const fromRequest = resource === 'memory' && leaf.at(-2) === 'limits' && String(value) === String(request);
      assert.ok(
        PLACEHOLDERS[resource].includes(String(value)) || fromRequest,
        `${leaf.join('.')} = ${String(value)} is neither a placeholder nor the memory request: ${where}`,
      );
    }
  }
}

/** The scalar values under an added value, with their full paths. */
function leaves(path: string[], value: unknown): [string[], unknown][] {
  if (value === null || typeof value !== 'object') return [[path, value]];
  return Object.entries(value).flatMap(([key, inner]) => leaves([...path, key], inner));
}

/** The value of the scalar written at an offset (where a finding sits). */
function valueAt(doc: Document, offset: number): unknown {
  let found: unknown;
  visit(doc, {
    Scalar(_key, node) {
      if (isScalar(node) && node.range?.[0] === offset) found = node.value;
    },
  });
  assert.notEqual(found, undefined, `no scalar at ${offset}`);
  return found;
}

function at(value: unknown, path: string[]): unknown {
  return path.reduce<unknown>((v, k) => (v as Record<string, unknown>)[k], value);
}

type Change = [string[], unknown, unknown];

/**
 * Fixes that change exactly one value, and what each may set it to: a quantity to the suggestion in the title; a
 * request or limit to a value equal to the other one; a repeated container name to `name-N`; `readOnly` (absent or
 * false) to true; a mount's name to the declared volume in the title; or one new `{name, emptyDir: {}}` volume appended.
 */
const SINGLE_VALUE_CHECKS: Record<string, (change: Change, fix: Fix, where: string) => void> = {
  'invalid-quantity': ([path, , now], fix, where) => {
    assert.ok(['requests', 'limits', 'overhead'].includes(path.at(-2)!), `not a quantity at ${path.join('.')}: ${where}`);
    assert.equal(String(now), /`(.+)`/.exec(fix.title)![1], where);
    assert.ok(parseQuantity(String(now)).ok, where);
  },
  'requests-exceed-limits': ([path, , now], fix, where) => {
    const section = fix.title.startsWith('Raise the limit') ? 'limits' : 'requests';
    assert.equal(path.at(-2), section, `changed outside ${section}: ${where}`);
    const wanted = parseQuantity(/\((.+)\)$/.exec(fix.title)![1]);
    const got = parseQuantity(String(now));
    assert.ok(wanted.ok && got.ok && compareQuantities(wanted.quantity, got.quantity) === 0, `not set to the other value: ${where}`);
  },
  'duplicate-container-name': ([path, was, now], fix, where) => {
    assert.ok(path.at(-1) === 'name' && ['containers', 'initContainers', 'ephemeralContainers'].includes(path.at(-3)!), `not a container name: ${where}`);
    assert.ok(
      String(now).startsWith(`${String(was)}-`) && /^\d+$/.test(String(now).slice(String(was).length + 1)),
      `not renamed to '${String(was)}-N': ${where}`,
    );
    assert.equal(fix.title, `Rename to '${String(now)}'`, where);
  },
  'sidecar-writable-mount': ([path, was, now], _fix, where) => {
    assert.ok(path.at(-1) === 'readOnly' && path.at(-3) === 'volumeMounts', `not a mount's readOnly: ${where}`);
    assert.ok((was === undefined || was === false) && now === true, where);
  },
  'undefined-volume': ([path, was, now], fix, where) => {
    const name = /'(.+)'/.exec(fix.title)![1];
    if (fix.title.startsWith('Mount ')) {
      assert.ok(path.at(-1) === 'name' && path.at(-3) === 'volumeMounts' && now === name, `not the mount's name: ${where}`);
      return;
    }
    assert.ok(path.at(-2) === 'volumes' && was === undefined, `not a new volume: ${where}`);
    assert.deepEqual(now, { name, emptyDir: {} }, where);
  },
};
