/** One lens per pod spec, on its key, with the §3 numbers, the sidecars' share and the total over replicas. */
import assert from 'node:assert/strict';
import { describe, test } from 'node:test';
import { Analyzer, documentAnalyzer, LineIndex, normalizeSettings, outlinesOf } from '../../server/src/service';
import { codeLenses } from '../../server/src/service/codeLens';
import { outlineChunk } from '../../server/src/service/outline';
import { DEPLOYMENT, WORKED_EXAMPLE } from '../helpers/podExamples';

const settings = normalizeSettings({});

function lensesOf(text: string) {
  return codeLenses(outlinesOf(new Analyzer(documentAnalyzer(true)).analyze(text, settings)), new LineIndex(text));
}

describe('code lenses', () => {
  test('the worked example: one lens on spec:, requests 1600m/1208Mi, limits unbounded, sidecars and helpers apart', () => {
    const [lens, ...rest] = lensesOf(WORKED_EXAMPLE);
    assert.equal(rest.length, 0);
    assert.deepEqual(lens.range, { start: { line: 4, character: 0 }, end: { line: 4, character: 4 } });
    assert.equal(lens.command?.command, '');
    assert.equal(
      lens.command?.title,
      'requests cpu 1600m, memory 1208Mi · limits cpu unbounded, memory unbounded · sidecars cpu 300m, memory 192Mi · helpers cpu 50m, memory 32Mi',
    );
  });

  test('a Deployment: the lens sits on the template spec: key and multiplies by replicas', () => {
    const lenses = lensesOf(DEPLOYMENT);
    assert.equal(lenses.length, 1, 'the Service has no pod spec');
    const lines = DEPLOYMENT.split('\n');
    assert.equal(lines[lenses[0].range.start.line].trim(), 'spec:');
    assert.equal(lines[lenses[0].range.start.line - 1].trim(), 'template:');
    assert.match(lenses[0].command!.title, /^requests cpu 1600m, memory 1208Mi · .* · ×3 replicas: requests cpu 4800m, memory 3624Mi$/);
  });

  test('bounded limits are multiplied too; a single replica reads in the singular; Jobs count parallel pods', () => {
    const pod = (kind: string, extra: string) => `apiVersion: apps/v1
kind: ${kind}
metadata: {name: x}
spec:
  ${extra}
  template:
    spec:
      containers:
        - name: app
          resources: {limits: {cpu: 250m, memory: 1Gi}}
`;
    assert.equal(
      lensesOf(pod('StatefulSet', 'replicas: 1'))[0].command!.title,
      'requests cpu 250m, memory 1Gi · limits cpu 250m, memory 1Gi · ×1 replica: requests cpu 250m, memory 1Gi · limits cpu 250m, memory 1Gi',
    );
    assert.match(lensesOf(pod('Job', 'parallelism: 4'))[0].command!.title, /×4 parallel pods: requests cpu 1000m, memory 4Gi · limits cpu 1000m, memory 4Gi$/);
    assert.doesNotMatch(lensesOf(pod('Deployment', 'paused: false'))[0].command!.title, /×/);
  });

  test('every pod of a List and of each document, with offsets in the whole text; none for broken or templated YAML', () => {
    const list = `apiVersion: v1
kind: List
items:
  - apiVersion: v1
    kind: Pod
    metadata: {name: a}
    spec:
      containers: [{name: a, resources: {requests: {cpu: 1}}}]
  - apiVersion: batch/v1
    kind: CronJob
    metadata: {name: b}
    spec:
      jobTemplate:
        spec:
          template:
            spec:
              containers: [{name: b}]
`;
    const text = `${list}---\n${WORKED_EXAMPLE}---\nkind: Pod\nspec: [\n---\napiVersion: v1\nkind: Pod\nspec:\n  containers:\n  - name: {{ .Values.name }}\n`;
    const lenses = lensesOf(text);
    assert.deepEqual(
      lenses.map((l) => l.range.start.line),
      [6, 15, 22],
    );
    assert.match(lenses[0].command!.title, /^requests cpu 1000m, memory 0 · limits cpu unbounded/);
  });

  test('an unchanged document is not parsed again', () => {
    const analyzer = new Analyzer(documentAnalyzer(true));
    const first = outlinesOf(analyzer.analyze(`${WORKED_EXAMPLE}---\n${DEPLOYMENT}`, settings));
    const second = outlinesOf(analyzer.analyze(`${WORKED_EXAMPLE}---\n${DEPLOYMENT.replace('replicas: 3', 'replicas: 4')}`, settings));
    assert.equal(second[0].objects, first[0].objects);
    assert.notEqual(second[2].objects, first[2].objects);
    assert.deepEqual(outlineChunk('not: [yaml', settings), []);
  });
});
