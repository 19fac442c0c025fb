/** Hover explains the Kubernetes behaviour of the key under the cursor, and every finding there, with docs links. */
import assert from 'node:assert/strict';
import { describe, test } from 'node:test';
import { TextDocument } from 'vscode-languageserver-textdocument';
import { createLanguageService, normalizeSettings } from '../../server/src/service';
import { DEPLOYMENT, WORKED_EXAMPLE } from '../helpers/podExamples';

/** Hovers over the n-th occurrence (0-based) of `needle`, one character into it. */
function hoverAt(text: string, needle: string, nth = 0, raw: unknown = {}) {
  let at = -1;
  for (let i = 0; i <= nth; i++) at = text.indexOf(needle, at + 1);
  assert.ok(at >= 0, `${needle} #${nth} not found`);
  const document = TextDocument.create('file:///hover.yaml', 'yaml', 1, text);
  const result = createLanguageService().hover(document, normalizeSettings(raw), document.positionAt(at + 1));
  return result ? { value: (result.contents as { value: string }).value, range: result.range! } : undefined;
}

describe('hover', () => {
  test('restartPolicy: Always on an init container is a native sidecar, and the target version is named when it matters', () => {
    const h = hoverAt(DEPLOYMENT, 'restartPolicy: Always', 1)!;
    assert.match(h.value, /\*\*native sidecar\*\*/);
    assert.match(h.value, /docs\/rules\/native-sidecar-unsupported\.md\)/);
    assert.equal(h.range.end.character - h.range.start.character, 'restartPolicy'.length);
    assert.match(hoverAt(DEPLOYMENT, 'restartPolicy: Always', 1, { kubernetesVersion: '1.28' })!.value, /dropped silently/);
  });

  test('restartPolicy on the pod and on an app container say different things, and the app one shows its finding', () => {
    assert.match(hoverAt(DEPLOYMENT, 'restartPolicy: Always', 0)!.value, /native sidecars ignore it/);
    const app = hoverAt(DEPLOYMENT, 'Always', 3)!.value;
    assert.match(app, /does \*\*not\*\* make it a sidecar/);
    assert.match(app, /\*\*container-restart-policy\*\* \(error\)/);
    assert.match(app, /docs\/rules\/container-restart-policy\.md\)/);
  });

  test('initContainers and containers list the start order and the legacy sidecars', () => {
    assert.match(
      hoverAt(DEPLOYMENT, 'initContainers')!.value,
      /Start order here: `init-a` \(init\) → `sidecar-1` \(sidecar\) → `init-b` \(init\) → `sidecar-2` \(sidecar\)/,
    );
    const apps = hoverAt(DEPLOYMENT, 'containers:')!.value;
    assert.match(apps, /Legacy sidecars here: `legacy-logger` \(app · logging helper/);
    assert.match(apps, /docs\/rules\/legacy-sidecar\.md\)/);
  });

  test('resources shows the container and the pod by the §3 formula', () => {
    const h = hoverAt(WORKED_EXAMPLE, 'resources', 2)!.value;
    assert.match(h, /`init-b` \(init, counts only while it runs.*\): requests cpu 300m, memory 1Gi · limits none/);
    assert.match(h, /Pod effective: requests cpu 1600m, memory 1208Mi · limits cpu unbounded, memory unbounded/);
    const podLevel = 'apiVersion: v1\nkind: Pod\nspec:\n  resources:\n    limits: {cpu: 2, memory: 1Gi}\n  containers:\n  - name: app\n';
    assert.match(hoverAt(podLevel, 'resources')!.value, /Pod-level .*\n\nPod effective: requests cpu 2000m, memory 1Gi · limits cpu 2000m, memory 1Gi/);
  });

  test('ports explain the shared network namespace and list what the container declares', () => {
    const h = hoverAt(DEPLOYMENT, 'ports', 2)!.value;
    assert.match(h, /share[s]? one network namespace/);
    assert.match(h, /Declared here: 8080\/TCP \(http\)/);
  });

  test('a finding is explained wherever it sits, with its rule description and link', () => {
    const text = DEPLOYMENT.replace(/\n +restartPolicy: Always\n( +ports:\n +- containerPort: 8080)/, '\n$1');
    const h = hoverAt(text, 'legacy-logger')!;
    assert.match(h.value, /^\*\*legacy-sidecar\*\* \(info\): .*legacy-logger/);
    assert.match(h.value, /\[Docs\]\(https:.*\/docs\/rules\/legacy-sidecar\.md\)/);
  });

  test('nothing for other keys, other kinds, or text outside any key', () => {
    assert.equal(hoverAt(DEPLOYMENT, 'ports', 0), undefined, 'a Service has no pod spec');
    assert.equal(hoverAt(DEPLOYMENT, 'image: web'), undefined);
    assert.equal(hoverAt('just: text\n', 'text'), undefined);
  });
});
