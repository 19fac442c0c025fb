/**
 * What the VS Code Marketplace (vsce) and the Open VSX Registry (ovsx, which packages with vsce and then requires a
 * licence) check on publish, checked offline on package.json and README.md: neither tool has a dry-run verify.
 */
import assert from 'node:assert/strict';
import { existsSync, readFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { join } from 'node:path';
import { describe, test } from 'node:test';

// vsce's own manifest validators (it is a devDependency; ovsx packages with the same code). They ship no types.
type Validator = (value: string) => unknown;
const { validateEngineCompatibility, validateExtensionName, validatePublisher, validateVersion } = createRequire(__filename)(
  '@vscode/vsce/out/validation.js',
) as Record<'validateEngineCompatibility' | 'validateExtensionName' | 'validatePublisher' | 'validateVersion', Validator>;

const ROOT = join(__dirname, '..', '..');
const read = (path: string) => readFileSync(join(ROOT, path), 'utf8');
const manifest = JSON.parse(read('package.json')) as Record<string, unknown> & {
  name: string;
  publisher: string;
  version: string;
  license: string;
  icon: string;
  engines: { vscode: string };
  categories: string[];
  keywords: string[];
  repository: { type: string; url: string };
};
const readme = read('README.md');
const vscodeignore = read('.vscodeignore').split('\n');

// The categories the Marketplace and Open VSX accept (the `categories` field of VS Code's extension manifest reference).
const CATEGORIES = [
  'AI',
  'Azure',
  'Chat',
  'Data Science',
  'Debuggers',
  'Education',
  'Extension Packs',
  'Formatters',
  'Keymaps',
  'Language Packs',
  'Linters',
  'Machine Learning',
  'Notebooks',
  'Other',
  'Programming Languages',
  'SCM Providers',
  'Snippets',
  'Testing',
  'Themes',
  'Visualization',
];

/** Where README images of this repository are served from: the files must exist here under the same path. */
const RAW = 'https://raw.githubusercontent.com/sidecar-lint/sidecar-lint/main/';

/** Markdown `![alt](src)` and HTML `<img src>` sources of a markdown text. */
function imageSources(markdown: string): string[] {
  return [...markdown.matchAll(/!\[[^\]]*\]\(([^)\s]+)[^)]*\)/g), ...markdown.matchAll(/<img[^>]+src=["']([^"']+)["']/g)].map((m) => m[1]);
}

describe('extension manifest for the Marketplace and Open VSX', () => {
  test("vsce's validators accept the publisher, name, version and engine", () => {
    assert.doesNotThrow(() => validatePublisher(manifest.publisher));
    assert.doesNotThrow(() => validateExtensionName(manifest.name));
    assert.doesNotThrow(() => validateVersion(manifest.version));
    assert.doesNotThrow(() => validateEngineCompatibility(manifest.engines.vscode));
    assert.ok(manifest.displayName && manifest.description, 'displayName and description');
  });

  test('has a licence Open VSX accepts: an SPDX id and the LICENSE file in the .vsix', () => {
    assert.equal(manifest.license, 'MIT');
    assert.match(read('LICENSE'), /^MIT License/);
    assert.ok(vscodeignore.includes('!LICENSE'));
  });

  test('has a public https repository, bugs and homepage', () => {
    assert.equal(manifest.repository.type, 'git');
    assert.match(manifest.repository.url, /^https:\/\/github\.com\/[\w-]+\/[\w-]+$/);
    assert.ok(RAW.startsWith(manifest.repository.url.replace('https://github.com/', 'https://raw.githubusercontent.com/')));
    assert.equal((manifest.bugs as { url: string }).url, `${manifest.repository.url}/issues`);
    assert.ok(String(manifest.homepage).startsWith(manifest.repository.url));
  });

  test('has a 128x128 PNG icon that the .vsix ships', () => {
    const icon = readFileSync(join(ROOT, manifest.icon));
    assert.equal(icon.subarray(1, 4).toString(), 'PNG');
    assert.deepEqual([icon.readUInt32BE(16), icon.readUInt32BE(20)], [128, 128]);
    assert.ok(vscodeignore.includes(`!${manifest.icon}`));
  });

  test('categories are known ones and keywords are few, unique and lower case', () => {
    assert.ok(manifest.categories.length > 0);
    for (const category of manifest.categories) assert.ok(CATEGORIES.includes(category), `unknown category ${category}`);
    assert.ok(manifest.keywords.length > 0 && manifest.keywords.length <= 30, `${manifest.keywords.length} keywords (at most 30)`);
    assert.equal(new Set(manifest.keywords).size, manifest.keywords.length);
    for (const keyword of manifest.keywords) assert.match(keyword, /^[a-z0-9][a-z0-9 -]*$/i);
  });

  test('README images are absolute https URLs, not SVG, and each exists in the repository', () => {
    const sources = imageSources(readme);
    assert.ok(sources.length >= 2, 'README shows its screenshots');
    for (const src of sources) {
      assert.ok(src.startsWith(RAW), `${src} is an absolute URL of this repository's files`);
      assert.doesNotMatch(src, /\.svg$/i);
      assert.ok(existsSync(join(ROOT, src.slice(RAW.length))), `${src}: the file is in the repository`);
    }
  });

  test("README's relative links point at files of the repository (vsce turns them into repository links)", () => {
    const links = [...readme.matchAll(/(?<!!)\[[^\]]*\]\(([^)\s#]+)(?:#[^)]*)?\)/g)].map((m) => m[1]).filter((l) => !/^\w+:/.test(l));
    assert.ok(links.length > 0);
    for (const link of links) assert.ok(existsSync(join(ROOT, link)), `${link} exists`);
  });

  test('README says how to install from the Marketplace and from Open VSX', () => {
    const install = readme.split('## Install')[1].split('\n## ')[0];
    assert.match(install, /VS Code Marketplace/);
    assert.match(install, /Open VSX/);
    assert.ok(install.includes(`${manifest.publisher}.${manifest.name}`), 'the extension id to install');
  });
});
