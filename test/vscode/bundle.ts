/**
 * Bundles the extension-host suite (test/vscode/suite) into one CommonJS file that VS Code can load, for
 * @vscode/test-electron (extensionTestsPath) and for the suite-runner extension used inside code-server.
 * CLI: node --import tsx test/vscode/bundle.ts OUT_FILE
 */
import * as esbuild from 'esbuild';
import * as path from 'node:path';

export async function bundleSuite(outfile: string): Promise<string> {
  await esbuild.build({
    entryPoints: [path.join(__dirname, 'suite', 'index.ts')],
    outfile,
    bundle: true,
    platform: 'node',
    target: 'node18',
    format: 'cjs',
    external: ['vscode'],
    loader: { '.yaml': 'text' },
    logLevel: 'warning',
  });
  return outfile;
}

if (require.main === module) {
  const out = process.argv[2];
  if (!out) {
    console.error('usage: node --import tsx test/vscode/bundle.ts OUT_FILE');
    process.exit(2);
  }
  bundleSuite(path.resolve(out)).catch((e: unknown) => {
    console.error(e);
    process.exit(1);
  });
}
