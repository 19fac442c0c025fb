/**
 * A real public chart, rendered by the real helm 3 and helm 4 through the CLI: redis-commander's own chart (chart 0.6.0
 * from github.com/joeferner/redis-commander, k8s/helm-chart/redis-commander, MIT), read at test time from the npm package
 * `redis-commander@0.9.0` that ships it (scripts/fetch-tools.mjs pins its checksum), never copied into this repository.
 * Every expected finding was checked against the templates by hand; why each is right is written beside it.
 */
import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import { cpSync, mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, describe, test } from 'node:test';
import { chartPaths, toolPaths } from '../../scripts/fetch-tools.mjs';

const CLI = join(__dirname, '..', '..', 'dist', 'cli.js');
const VALUES = join(__dirname, '..', 'fixtures', 'charts-real', 'redis-commander-values.yaml');
const HELMS = Object.entries(toolPaths() as Record<string, string>).filter(([name]) => name.startsWith('helm'));
// A copy, so that the chart's folder name is stable and the cache is never written to.
const work = mkdtempSync(join(tmpdir(), 'sidecar-lint-real-chart-'));
cpSync(chartPaths()['redis-commander'], join(work, 'redis-commander'), { recursive: true });
after(() => rmSync(work, { recursive: true, force: true }));

function lint(...args: string[]): { file: string; line: number; column: number; rule: string; message: string }[] {
  const result = spawnSync(process.execPath, [CLI, '--format', 'json', ...args, 'redis-commander'], { cwd: work, encoding: 'utf8', timeout: 60_000 });
  assert.equal(result.stderr, '');
  return JSON.parse(result.stdout);
}

describe('a real public chart (redis-commander)', () => {
  for (const [name, helm] of HELMS) {
    test(`${name}: findings sit on the template lines that wrote them`, () => {
      assert.deepEqual(
        lint('--helm', helm).map((r) => `${r.file}:${r.line}:${r.column} ${r.rule}`),
        [
          // `image: "{{ .Values.image.repository }}:{{ .Values.image.tag | default .Chart.AppVersion }}"`, appVersion latest.
          'redis-commander/templates/deployment.yaml:42:11 image-tag',
          // `resources:` then `toYaml .Values.resources`, which defaults to {}: no limits, no requests.
          'redis-commander/templates/deployment.yaml:94:11 missing-limits',
          'redis-commander/templates/deployment.yaml:94:11 missing-requests',
          // The `helm test` pod: a wget container with no resources, image `busybox` without a tag.
          'redis-commander/templates/tests/test-connection.yaml:12:13 missing-limits',
          'redis-commander/templates/tests/test-connection.yaml:12:13 missing-requests',
          'redis-commander/templates/tests/test-connection.yaml:13:14 image-tag',
        ],
      );
    });

    test(`${name}: a values file changes the answer, and a value from it names its key`, () => {
      const reports = lint('--helm', helm, '--values', VALUES);
      const rows = reports.map((r) => `${r.file}:${r.line} ${r.rule}`);
      assert.ok(!rows.some((r) => r.startsWith('redis-commander/templates/deployment.yaml:94 ')), 'resources from the values file count');
      const volume = reports.find((r) => r.rule === 'undefined-volume');
      // `{{- with .Values.volumeMounts }}` / `{{- toYaml . | default "" | nindent 12 }}` inserts the mount of 'cache'.
      assert.equal(`${volume?.file}:${volume?.line}`, 'redis-commander/templates/deployment.yaml:86');
      assert.match(volume!.message, /'cache'.*\(the value comes from \.Values\.volumeMounts\)/);
    });
  }
});
