// Checks the packaged .vsix: exactly the files that run (bundles without source maps, manifest, docs, icon,
// snippets; no node_modules), small, and a manifest that declares what the issue asks for.
// Usage: node test/e2e/check-vsix.mjs sidecar-lint.vsix    -> "ok/not ok" lines, "N passed, N failed"
import { execFileSync } from 'node:child_process';
import fs from 'node:fs';

const vsix = process.argv[2];
if (!vsix) {
  console.error('usage: check-vsix.mjs FILE.vsix');
  process.exit(2);
}
const MAX_BYTES = 1024 * 1024;
const REQUIRED = [
  'extension/package.json',
  'extension/dist/client.js',
  'extension/dist/server.js',
  'extension/dist/cli.js',
  'extension/dist/browser/client.js',
  'extension/dist/browser/server.js',
  'extension/README.md',
  'extension/CHANGELOG.md',
  'extension/LICENSE',
  'extension/images/icon.png',
  'extension/snippets/kubernetes-sidecars.code-snippets',
  'extension/schemas/sidecar-lint.schema.json',
];
const PACKAGING = ['[Content_Types].xml', 'extension.vsixmanifest'];

let passed = 0,
  failed = 0;
const check = (name, ok, extra = '') => {
  if (ok) passed++;
  else failed++;
  console.log(`${ok ? 'ok' : 'not ok'} - vsix: ${name}${extra ? ' ' + extra : ''}`);
};
const unzip = (...args) => execFileSync('unzip', args, { maxBuffer: 64 * 1024 * 1024 });

// vsce stores README.md and CHANGELOG.md as readme.md and changelog.md: compare names case-insensitively
const files = unzip('-Z1', vsix)
  .toString()
  .split('\n')
  .filter((f) => f && !f.endsWith('/'));
const lower = new Set(files.map((f) => f.toLowerCase()));
const has = (f) => lower.has(f.toLowerCase());
const missing = REQUIRED.filter((f) => !has(f) && !(f.endsWith('LICENSE') && has(f + '.txt')));
check(
  'contains the bundles, manifest, README, CHANGELOG, LICENSE, icon and snippets',
  missing.length === 0,
  missing.length ? `missing: ${missing.join(', ')}` : '',
);
const known = new Set([...REQUIRED, ...PACKAGING, 'extension/LICENSE.txt'].map((f) => f.toLowerCase()));
const extra = files.filter((f) => !known.has(f.toLowerCase()));
check(
  'contains nothing else (no node_modules, no source maps, no sources)',
  extra.length === 0,
  extra.length ? `unexpected: ${extra.slice(0, 10).join(', ')}${extra.length > 10 ? ` and ${extra.length - 10} more` : ''}` : '',
);
const size = fs.statSync(vsix).size;
check(`is small (${(size / 1024).toFixed(0)} KiB, limit ${MAX_BYTES / 1024} KiB)`, size <= MAX_BYTES);

const manifest = JSON.parse(unzip('-p', vsix, 'extension/package.json').toString());
check('main is the bundled client (./dist/client.js)', manifest.main === './dist/client.js', `(main: ${manifest.main})`);
check('browser is the bundled web client (./dist/browser/client.js)', manifest.browser === './dist/browser/client.js', `(browser: ${manifest.browser})`);
check('engines.vscode is set', /^\^?\d+\.\d+\.\d+$/.test(manifest.engines?.vscode ?? ''), `(${manifest.engines?.vscode})`);
const caps = manifest.capabilities ?? {};
check(
  'capabilities.untrustedWorkspaces is declared',
  typeof caps.untrustedWorkspaces?.supported !== 'undefined',
  `(${JSON.stringify(caps.untrustedWorkspaces)})`,
);
check(
  'capabilities.virtualWorkspaces is declared',
  typeof (caps.virtualWorkspaces?.supported ?? caps.virtualWorkspaces) !== 'undefined',
  `(${JSON.stringify(caps.virtualWorkspaces)})`,
);
let icon = null;
if (manifest.icon && has(`extension/${manifest.icon}`)) icon = unzip('-p', vsix, `extension/${manifest.icon}`);
const isPng = icon && icon.subarray(1, 4).toString() === 'PNG';
const w = isPng ? icon.readUInt32BE(16) : 0,
  h = isPng ? icon.readUInt32BE(20) : 0;
check('icon is a 128x128 PNG', isPng && w === 128 && h === 128, `(${manifest.icon}: ${isPng ? `${w}x${h}, ${icon.length} bytes` : 'not a PNG or missing'})`);
const snippetPaths = (manifest.contributes?.snippets ?? []).map((s) => 'extension/' + s.path.replace(/^\.\//, ''));
check('every contributed snippets file is in the package', snippetPaths.length > 0 && snippetPaths.every(has), `(${snippetPaths.join(', ')})`);
const schemas = (manifest.contributes?.yamlValidation ?? []).map((v) => 'extension/' + v.url.replace(/^\.\//, ''));
check('every yamlValidation schema is in the package', schemas.length > 0 && schemas.every(has), `(${schemas.join(', ')})`);

// What the Open VSX Registry and the Marketplace read from the package: publisher, licence, repository, categories,
// tags, and a README whose images load from absolute https URLs (both registries show the README from the .vsix).
const vsixmanifest = unzip('-p', vsix, 'extension.vsixmanifest').toString();
const attr = (re) => (re.exec(vsixmanifest) ?? [])[1] ?? '';
check('vsixmanifest names the publisher', attr(/<Identity [^>]*Publisher="([^"]+)"/) === manifest.publisher, `(${attr(/<Identity [^>]*Publisher="([^"]+)"/)})`);
check('vsixmanifest has a licence', /<License>[^<]+<\/License>/.test(vsixmanifest) && (has('extension/LICENSE.txt') || has('extension/LICENSE')));
const source = attr(/Id="Microsoft\.VisualStudio\.Services\.Links\.Source" Value="([^"]+)"/);
check('vsixmanifest links the source repository', /^https:\/\/github\.com\//.test(source), `(${source})`);
check('vsixmanifest has categories and tags', attr(/<Categories>([^<]+)</).length > 0 && attr(/<Tags>([^<]+)</).length > 0);
const readmeName = files.find((f) => f.toLowerCase() === 'extension/readme.md');
const readme = readmeName ? unzip('-p', vsix, readmeName).toString() : '';
const images = [...readme.matchAll(/!\[[^\]]*\]\(([^)\s]+)/g), ...readme.matchAll(/<img[^>]+src=["']([^"']+)/g)].map((m) => m[1]);
const bad = images.filter((src) => !/^https:\/\//.test(src) || /\.svg$/i.test(src));
check(
  'README images are absolute https URLs (no SVG)',
  images.length > 0 && bad.length === 0,
  bad.length ? `bad: ${bad.join(', ')}` : `(${images.length} images)`,
);
console.log(`${passed} passed, ${failed} failed`);
process.exit(failed ? 1 : 0);
