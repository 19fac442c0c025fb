/**
 * npm run test:vscode — the extension-host suite (test/vscode/suite) in desktop VS Code, downloaded by
 * @vscode/test-electron: for each version in VSCODE_TEST_VERSIONS (default: the oldest that engines.vscode allows,
 * and stable). Needs the VS Code download service; where it cannot be reached this fails fast and says so (the
 * same suite also runs inside code-server in `npm run test:editors`). On a Linux machine without a display run it
 * under `xvfb-run -a`.
 */
import { downloadAndUnzipVSCode, runTests } from '@vscode/test-electron';
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { bundleSuite } from './bundle';

const root = path.resolve(__dirname, '..', '..');
const manifest = JSON.parse(fs.readFileSync(path.join(root, 'package.json'), 'utf8')) as { engines: { vscode: string } };
const oldest = manifest.engines.vscode.replace(/^[\^~>=]+/, '');
const versions = (process.env.VSCODE_TEST_VERSIONS ?? `${oldest},stable`)
  .split(',')
  .map((v) => v.trim())
  .filter(Boolean);
const DOWNLOAD_LIMIT_MS = Number(process.env.VSCODE_DOWNLOAD_TIMEOUT_MS ?? 120000);

function withDeadline<T>(p: Promise<T>, ms: number, what: string): Promise<T> {
  let timer: NodeJS.Timeout | undefined;
  const deadline = new Promise<never>((_, reject) => {
    timer = setTimeout(() => reject(new Error(`${what}: no result after ${ms} ms`)), ms);
  });
  return Promise.race([p, deadline]).finally(() => clearTimeout(timer));
}

async function main(): Promise<number> {
  if (!fs.existsSync(path.join(root, 'dist', 'client.js'))) {
    console.error('dist/client.js is missing: run `npm run build` first (npm run test:vscode does).');
    return 1;
  }
  const suite = await bundleSuite(path.join(root, 'out', 'vscode-suite', 'index.js'));
  let failures = 0;
  for (const version of versions) {
    let executable: string;
    try {
      // idle timeout 15 s per download, and a bound on the whole download
      executable = await withDeadline(
        downloadAndUnzipVSCode({ version, timeout: 15000, cachePath: path.join(root, '.vscode-test') }),
        DOWNLOAD_LIMIT_MS,
        `downloading VS Code ${version}`,
      );
    } catch (e) {
      console.error(`not ok - VS Code ${version} could not be downloaded: ${e instanceof Error ? e.message : String(e)}`);
      console.error(
        'test:vscode needs the VS Code download service (a developer laptop, a public CI runner). ' +
          'Where it is unreachable, `npm run test:editors` runs the same suite inside code-server from npm.',
      );
      return 1;
    }
    const workspace = fs.mkdtempSync(path.join(os.tmpdir(), 'sidecar-lint-vscode-ws-'));
    const userData = fs.mkdtempSync(path.join(os.tmpdir(), 'sidecar-lint-vscode-user-'));
    try {
      console.log(`# VS Code ${version}: ${executable}`);
      await runTests({
        vscodeExecutablePath: executable,
        extensionDevelopmentPath: root,
        extensionTestsPath: suite,
        launchArgs: [
          workspace,
          '--disable-extensions',
          '--disable-workspace-trust',
          '--skip-welcome',
          '--skip-release-notes',
          '--disable-gpu',
          `--user-data-dir=${userData}`,
        ],
      });
      console.log(`ok - extension-host suite in VS Code ${version}`);
    } catch (e) {
      failures++;
      console.log(`not ok - extension-host suite in VS Code ${version}: ${e instanceof Error ? e.message : String(e)}`);
    } finally {
      fs.rmSync(workspace, { recursive: true, force: true });
      fs.rmSync(userData, { recursive: true, force: true });
    }
  }
  return failures === 0 ? 0 : 1;
}

main().then(
  (code) => process.exit(code),
  (e: unknown) => {
    console.error(e);
    process.exit(1);
  },
);
