/**
 * The web extension's language server in a real browser: dist/browser/server.js runs as a Worker of a page served
 * from 127.0.0.1 in headless Chromium, and answers LSP over postMessage. Every answer is compared with the Node
 * server's (dist/server.js over stdio) for the same text: the same findings, fixes, hovers, lenses, completions and
 * outline, not a list written here. Also: `.sidecar-lint.yaml` read through the client, the desktop-only notice.
 *
 * Run: npm run build && node --import tsx test/browser/run.ts (a phase of npm run test:editors, which installs
 * Chromium). Env: CHROMIUM (/usr/bin/chromium), TIMEOUT_MS (per wait, 30000).
 * Prints "ok - …" / "not ok - …" and a closing "N passed, N failed"; exits 1 on any failure.
 */
import { mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { createServer, type Server } from 'node:http';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { isDeepStrictEqual } from 'node:util';
import { pathToFileURL } from 'node:url';
import { chromium, type BrowserContext, type Page } from 'playwright-core';
import { DiagnosticSeverity, type CodeAction, type Diagnostic, type PublishDiagnosticsParams } from 'vscode-languageserver-protocol';
import { TestClient } from '../helpers/lspClient';

const CHROMIUM = process.env.CHROMIUM ?? '/usr/bin/chromium';
const T = Number(process.env.TIMEOUT_MS ?? 30_000);
const ROOT = join(__dirname, '..', '..');
const WORKER_JS = join(ROOT, 'dist', 'browser', 'server.js');
const PAGE_HTML = join(__dirname, 'page.html');
const MANIFEST = readFileSync(join(__dirname, 'fixtures', 'deployment.yaml'), 'utf8');
const CONFIG = 'rules:\n  image-tag: off\n';
const BAD_CONFIG = 'rules:\n  image-tag: sometimes\n';
const HELM_TEMPLATE = 'apiVersion: v1\nkind: Pod\nmetadata:\n  name: {{ .Release.Name }}\nspec:\n  containers: []\n';
const LOOPBACK = new Set(['127.0.0.1', 'localhost', '[::1]']);

/** What VS Code declares for the features compared here; both servers get the same. */
const CAPABILITIES = {
  workspace: {
    configuration: true,
    workspaceEdit: { documentChanges: true, snippetEditSupport: true },
    didChangeConfiguration: { dynamicRegistration: true },
    didChangeWatchedFiles: { dynamicRegistration: true },
  },
  textDocument: {
    codeAction: { resolveSupport: { properties: ['edit'] } },
    completion: { completionItem: { snippetSupport: true } },
    hover: {},
    codeLens: {},
    documentSymbol: { hierarchicalDocumentSymbolSupport: true },
  },
};

let passed = 0;
let failed = 0;
function check(name: string, ok: boolean, detail = ''): void {
  if (ok) passed++;
  else failed++;
  console.log(`${ok ? 'ok' : 'not ok'} - browser: ${name}${detail ? ` ${detail}` : ''}`);
}

/** Same JSON once each side's workspace root is written the same way (the worker's URIs are not file: URIs). */
function sameAnswer(name: string, browser: unknown, node: unknown, roots: [string, string][]): void {
  let text = JSON.stringify(browser);
  for (const [browserRoot, nodeRoot] of roots) text = text.split(browserRoot).join(nodeRoot);
  const ok = isDeepStrictEqual(JSON.parse(text), node);
  check(name, ok, ok ? '' : `\n#   worker: ${text.slice(0, 1500)}\n#   node:   ${JSON.stringify(node).slice(0, 1500)}`);
}

interface PageMessage {
  method: string;
  params: Record<string, unknown>;
}

declare const lsp: {
  notifications: PageMessage[];
  serverRequests: PageMessage[];
  files: Record<string, string>;
  errors: string[];
  request(method: string, params: unknown): Promise<{ result?: unknown; error?: { message: string } }>;
  notify(method: string, params: unknown): void;
};

/** The worker's answer to a request (its error, if any, fails the check that uses it). */
async function request(page: Page, method: string, params: unknown): Promise<unknown> {
  const reply = await page.evaluate(([m, p]) => lsp.request(m as string, p), [method, params] as const);
  if (reply.error) throw new Error(`${method}: ${reply.error.message}`);
  return reply.result;
}

const notify = (page: Page, method: string, params: unknown) => page.evaluate(([m, p]) => lsp.notify(m as string, p), [method, params] as const);

/** The worker's first diagnostics for `uri` among the notifications after the first `after`, waited for (bounded). */
async function workerDiagnostics(page: Page, uri: string, after: number): Promise<PublishDiagnosticsParams> {
  const handle = await page.waitForFunction(
    ([u, a]) => lsp.notifications.slice(a).find((n) => n.method === 'textDocument/publishDiagnostics' && n.params.uri === u)?.params,
    [uri, after] as const,
    { timeout: T },
  );
  return (await handle.jsonValue()) as unknown as PublishDiagnosticsParams;
}

function serve(): Promise<Server> {
  const files: Record<string, [string, string]> = { '/': [PAGE_HTML, 'text/html'], '/server.js': [WORKER_JS, 'text/javascript'] };
  const server = createServer((req, res) => {
    const file = files[req.url ?? ''];
    if (file) res.writeHead(200, { 'content-type': file[1] }).end(readFileSync(file[0]));
    else res.writeHead(404).end();
  });
  return new Promise((resolve) => server.listen(0, '127.0.0.1', () => resolve(server)));
}

/** A workspace on disk for the Node server: app/deployment.yaml, and the config file at the root when given. */
function nodeWorkspace(config?: string): string {
  const dir = mkdtempSync(join(tmpdir(), 'sidecar-lint-browser-'));
  mkdirSync(join(dir, 'app'));
  writeFileSync(join(dir, 'app', 'deployment.yaml'), MANIFEST);
  if (config !== undefined) writeFileSync(join(dir, '.sidecar-lint.yaml'), config);
  return dir;
}

/** Opens the same text in both servers and returns each one's first diagnostics for it after that. */
async function open(page: Page, node: TestClient, uris: [string, string], text: string) {
  const [browserUri, nodeUri] = uris;
  const [workerBefore, nodeBefore] = [await page.evaluate(() => lsp.notifications.length), node.published.length];
  await notify(page, 'textDocument/didOpen', { textDocument: { uri: browserUri, languageId: 'yaml', version: 1, text } });
  await node.connection.sendNotification('textDocument/didOpen', { textDocument: { uri: nodeUri, languageId: 'yaml', version: 1, text } });
  await node.nextDiagnostics(nodeUri, nodeBefore, T);
  return [await workerDiagnostics(page, browserUri, workerBefore), node.published.slice(nodeBefore).find((p) => p.uri === nodeUri)!] as const;
}

async function main(): Promise<void> {
  const server = await serve();
  const url = `http://127.0.0.1:${(server.address() as { port: number }).port}/`;
  const userDataDir = mkdtempSync(join(tmpdir(), 'sidecar-lint-chromium-'));
  const plain = nodeWorkspace();
  const configured = nodeWorkspace(CONFIG);
  const node = new TestClient();
  let context: BrowserContext | undefined;
  const blocked: string[] = [];
  const consoleLines: string[] = [];
  try {
    context = await chromium.launchPersistentContext(userDataDir, {
      executablePath: CHROMIUM,
      headless: true,
      args: [
        '--headless',
        '--no-sandbox',
        '--disable-gpu',
        '--disable-quic',
        '--no-first-run',
        '--disable-background-networking',
        '--disable-component-update',
        '--disable-sync',
      ],
    });
    // The page may only talk to the test's own server on loopback.
    await context.route('**/*', (route) => {
      const target = new URL(route.request().url());
      if (target.protocol.startsWith('http') && !LOOPBACK.has(target.hostname)) {
        blocked.push(target.href);
        return route.abort();
      }
      return route.continue();
    });
    const page = context.pages()[0] ?? (await context.newPage());
    page.on('console', (message) => consoleLines.push(message.text()));
    page.on('pageerror', (error) => consoleLines.push(`PAGEERROR ${error.message}`));
    await page.goto(url);
    console.log(
      `# ${await context.browser()?.version()} ${(await page.evaluate(() => (globalThis as unknown as { navigator: { userAgent: string } }).navigator.userAgent)).replace(/.*(Chrome\/\S+).*/, '$1')}; page ${url}`,
    );

    // initialize: the worker declares what the Node server declares.
    const initialize = { processId: null, rootUri: null, capabilities: CAPABILITIES, initializationOptions: { workspaceFiles: true } };
    const workerInit = (await request(page, 'initialize', initialize)) as { capabilities: unknown; serverInfo: unknown };
    await notify(page, 'initialized', {});
    const nodeInit = (await node.initialize(CAPABILITIES)) as { capabilities: unknown; serverInfo?: unknown };
    sameAnswer('initialize: the same capabilities and serverInfo as the Node server', workerInit, nodeInit, []);

    // A manifest with no config file anywhere: the client has no files, so every lookup answers null.
    const roots: [string, string][] = [['vscode-test-web://plain', pathToFileURL(plain).href]];
    const uri = 'vscode-test-web://plain/app/deployment.yaml';
    const nodeUri = `${pathToFileURL(plain).href}/app/deployment.yaml`;
    const [workerPublished, nodePublished] = await open(page, node, [uri, nodeUri], MANIFEST);
    const codes = new Set(workerPublished.diagnostics.map((d) => String(d.code)));
    check(
      `didOpen: the worker publishes ${workerPublished.diagnostics.length} findings of ${codes.size} rules (${[...codes].sort().join(', ')})`,
      codes.size >= 3,
    );
    sameAnswer('publishDiagnostics: the same findings as the Node server', workerPublished, nodePublished, roots);

    // Quick fixes and suggestions at each finding, and the edit of the first fix once resolved.
    const workerActions: CodeAction[][] = [];
    const nodeActions: CodeAction[][] = [];
    for (const diagnostic of workerPublished.diagnostics as Diagnostic[]) {
      const params = (u: string) => ({ textDocument: { uri: u }, range: diagnostic.range, context: { diagnostics: [diagnostic] } });
      workerActions.push((await request(page, 'textDocument/codeAction', params(uri))) as CodeAction[]);
      nodeActions.push((await node.connection.sendRequest('textDocument/codeAction', params(nodeUri))) as CodeAction[]);
    }
    const quickFixes = workerActions.flat().filter((a) => a.kind === 'quickfix');
    check(
      `codeAction: ${quickFixes.length} quick fixes at the findings (${quickFixes.filter((a) => a.isPreferred).length} preferred)`,
      quickFixes.some((a) => a.isPreferred),
    );
    sameAnswer('codeAction: the same actions as the Node server at every finding', workerActions, nodeActions, roots);
    // A fix-all quick fix comes without its edit (the client declared resolveSupport); resolving computes it.
    const lazy = quickFixes.find((a) => a.edit === undefined && a.data !== undefined);
    if (!lazy) throw new Error(`no quick fix left to codeAction/resolve among ${quickFixes.map((a) => a.title).join('; ')}`);
    const resolved = (await request(page, 'codeAction/resolve', lazy)) as CodeAction;
    const nodeLazy = nodeActions.flat().find((a) => a.title === lazy.title)!;
    check(`codeAction/resolve: '${lazy.title}' gets its edit`, resolved.edit !== undefined);
    sameAnswer('codeAction/resolve: the same edit as the Node server', resolved, await node.connection.sendRequest('codeAction/resolve', nodeLazy), roots);

    // Hover, completion, lenses and outline: the same as the Node server's.
    const at = (workerPublished.diagnostics[0] as Diagnostic).range.start;
    for (const [method, params] of [
      ['textDocument/hover', { position: at }],
      ['textDocument/completion', { position: { line: at.line, character: 10 } }],
      ['textDocument/codeLens', {}],
      ['textDocument/documentSymbol', {}],
    ] as const) {
      const workerAnswer = await request(page, method, { textDocument: { uri }, ...params });
      const nodeAnswer = await node.connection.sendRequest(method, { textDocument: { uri: nodeUri }, ...params });
      const empty = workerAnswer === null || (Array.isArray(workerAnswer) && workerAnswer.length === 0);
      if (empty) check(`${method}: an answer`, false, JSON.stringify(workerAnswer));
      else sameAnswer(`${method}: the same answer as the Node server`, workerAnswer, nodeAnswer, roots);
    }

    // A config file at the workspace root, which the worker reads through the client, wins over the defaults.
    await page.evaluate((text) => (lsp.files['vscode-test-web://configured/.sidecar-lint.yaml'] = text), CONFIG);
    const configuredRoots: [string, string][] = [['vscode-test-web://configured', pathToFileURL(configured).href]];
    const configuredUri = 'vscode-test-web://configured/app/deployment.yaml';
    const configuredNodeUri = `${pathToFileURL(configured).href}/app/deployment.yaml`;
    const [workerConfigured, nodeConfigured] = await open(page, node, [configuredUri, configuredNodeUri], MANIFEST);
    const reads = await page.evaluate(() => lsp.serverRequests.filter((r) => r.method === 'sidecarLint/readFile').map((r) => r.params.uri as string));
    const expectedReads = ['app/.sidecar-lint.yaml', 'app/.sidecar-lint.yml', '.sidecar-lint.yaml', '.sidecar-lint.yml'].map(
      (p) => `vscode-test-web://configured/${p}`,
    );
    const configuredReads = reads.filter((r) => r.startsWith('vscode-test-web://configured/'));
    check(
      'sidecarLint/readFile: the worker asks the client for each directory of the manifest, nearest first',
      isDeepStrictEqual(configuredReads.slice(0, 2).sort(), expectedReads.slice(0, 2).sort()) &&
        configuredReads.slice(2).every((r) => expectedReads.includes(r)),
      JSON.stringify(configuredReads),
    );
    check(
      '.sidecar-lint.yaml through the client: image-tag: off applies, the other findings stay',
      !workerConfigured.diagnostics.some((d) => d.code === 'image-tag') && workerConfigured.diagnostics.length === workerPublished.diagnostics.length - 1,
    );
    sameAnswer('.sidecar-lint.yaml: the same findings as the Node server with the file on disk', workerConfigured, nodeConfigured, configuredRoots);

    // The status bar's request: the version and the config file behind it (a URI in the worker, a path in Node).
    sameAnswer(
      'sidecarLint/effectiveSettings: the same answer as the Node server',
      await request(page, 'sidecarLint/effectiveSettings', { uri: configuredUri }),
      await node.connection.sendRequest('sidecarLint/effectiveSettings', { uri: configuredNodeUri }),
      [['vscode-test-web://configured', configured]],
    );

    // Test data is known from the path alone: hygiene findings are info in the worker as on disk.
    const [workerTestData, nodeTestData] = await open(page, node, [uri.replace('/app/', '/testdata/'), nodeUri.replace('/app/', '/testdata/')], MANIFEST);
    const hygiene = workerTestData.diagnostics.filter((d) => d.code === 'image-tag' || d.code === 'missing-limits');
    check(
      'testdata/: hygiene findings at info',
      hygiene.length > 0 && hygiene.every((d) => d.severity === DiagnosticSeverity.Information),
      JSON.stringify(hygiene.map((d) => [d.code, d.severity])),
    );
    sameAnswer('testdata/: the same findings as the Node server', workerTestData, nodeTestData, roots);

    // A config file open in the editor is checked as one: its problems on it, as the Node server reports them.
    const [workerConfigProblems, nodeConfigProblems] = await open(
      page,
      node,
      ['vscode-test-web://configured/.sidecar-lint.yaml', `${pathToFileURL(configured).href}/.sidecar-lint.yaml`],
      BAD_CONFIG,
    );
    check('a config file open in the editor gets its problems', workerConfigProblems.diagnostics.length > 0);
    sameAnswer('config problems: the same as the Node server', workerConfigProblems, nodeConfigProblems, configuredRoots);

    // Helm templates need the desktop (rendering runs helm): said once, however many templates are opened.
    for (const name of ['a', 'b']) {
      const before = await page.evaluate(() => lsp.notifications.length);
      await notify(page, 'textDocument/didOpen', {
        textDocument: { uri: `vscode-test-web://plain/chart/templates/${name}.yaml`, languageId: 'yaml', version: 1, text: HELM_TEMPLATE },
      });
      await workerDiagnostics(page, `vscode-test-web://plain/chart/templates/${name}.yaml`, before);
    }
    const notices = await page.evaluate(() => lsp.notifications.filter((n) => n.method === 'window/showMessage').map((n) => n.params.message as string));
    check(
      'Helm templates: one message that rendering charts needs the desktop',
      notices.length === 1 && /need the desktop/.test(notices[0]),
      JSON.stringify(notices),
    );

    // The worker shuts down like the Node server, and nothing went wrong or left loopback on the way.
    await request(page, 'shutdown', null);
    const errors = await page.evaluate(() => lsp.errors);
    const logged = await page.evaluate(() =>
      lsp.notifications.filter((n) => n.method === 'window/logMessage' && n.params.type === 1).map((n) => n.params.message),
    );
    check(
      'no worker errors, no errors logged, no request beyond loopback',
      errors.length === 0 && logged.length === 0 && blocked.length === 0,
      JSON.stringify({ errors, logged, blocked }),
    );
  } catch (error) {
    check('the scenario ran to its end', false, `— ${String((error as Error).stack ?? error)}`);
    for (const line of consoleLines.slice(-20)) console.log(`#   console: ${line}`);
    if (process.env.DEBUG_BROWSER && context) console.log(JSON.stringify(await context.pages()[0].evaluate(() => lsp.notifications.slice(-8))).slice(0, 4000));
  } finally {
    await context?.close().catch(() => undefined);
    await node.shutdown().catch(() => undefined);
    server.close();
    for (const dir of [userDataDir, plain, configured]) rmSync(dir, { recursive: true, force: true });
  }
  console.log(`${passed} passed, ${failed} failed`);
  process.exitCode = failed === 0 ? 0 : 1;
}

void main();
