// Bundles the VS Code client, the language server and the CLI into dist/ (one file each, no node_modules needed).
import * as esbuild from 'esbuild';
import { readFileSync } from 'node:fs';

const { version } = JSON.parse(readFileSync('package.json', 'utf8'));

const production = process.argv.includes('--production');

// yaml's ES module build: the same source as its CommonJS build, but esbuild can hoist it into one scope, so calls
// between yaml's modules are direct calls; a cold parse of the corpus measured about 10% faster (bench/floor uses it too).
const YAML_ESM = './node_modules/yaml/browser/dist/index.js';

/** @type {import('esbuild').BuildOptions} */
const common = {
  bundle: true,
  platform: 'node',
  target: 'node18',
  format: 'cjs',
  minify: production,
  sourcemap: !production,
  logLevel: 'warning',
  legalComments: 'none',
  define: { __VERSION__: JSON.stringify(version) },
  alias: { yaml: YAML_ESM },
};

/** @type {import('esbuild').BuildOptions} */
const browser = { ...common, platform: 'browser', target: 'es2022' };

const builds = [
  { ...common, entryPoints: ['client/src/extension.ts'], outfile: 'dist/client.js', external: ['vscode'] },
  { ...common, entryPoints: ['server/src/server.ts'], outfile: 'dist/server.js', loader: { '.code-snippets': 'json' } },
  { ...common, entryPoints: ['server/src/cli.ts'], outfile: 'dist/cli.js', banner: { js: '#!/usr/bin/env node' } },
  // The web extension: the client runs in VS Code's web worker extension host, the server in a worker of its own.
  // platform browser resolves the `browser` conditions of vscode-languageclient/server and fails on any Node built-in.
  { ...browser, entryPoints: ['client/src/browserClient.ts'], outfile: 'dist/browser/client.js', format: 'cjs', external: ['vscode'] },
  { ...browser, entryPoints: ['server/src/browserServer.ts'], outfile: 'dist/browser/server.js', format: 'iife', loader: { '.code-snippets': 'json' } },
];

if (process.argv.includes('--watch')) {
  // npm run watch: rebuild on save. Each rebuild logs in plain text, which .vscode/tasks.json matches to know when the
  // bundles are ready and where an error is.
  const contexts = await Promise.all(builds.map((options) => esbuild.context({ ...options, logLevel: 'info', color: false })));
  await Promise.all(contexts.map((context) => context.watch()));
} else {
  await Promise.all(builds.map((options) => esbuild.build(options)));
}
