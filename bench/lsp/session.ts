/** One language server started as a process and driven over stdio with a real LSP client library. */
import type { ChildProcess } from 'node:child_process';
import {
  ConfigurationRequest,
  createProtocolConnection,
  DidChangeTextDocumentNotification,
  DidOpenTextDocumentNotification,
  ExitNotification,
  InitializedNotification,
  InitializeRequest,
  PublishDiagnosticsNotification,
  ShutdownRequest,
  StreamMessageReader,
  StreamMessageWriter,
  type Diagnostic,
  type ProtocolConnection,
  type TextDocumentContentChangeEvent,
} from 'vscode-languageserver-protocol/node';
import { cpuMs, peakRssMiB, track, waitExit } from '../proc';
import { clientCapabilities } from './capabilities';
import type { LaunchPlan } from './servers';

export interface Publication {
  uri: string;
  version: number | undefined;
  diagnostics: Diagnostic[];
  /** performance.now() when the notification reached the client. */
  at: number;
  /** Order of arrival, over all URIs. */
  seq: number;
}

interface Waiter {
  uri: string;
  matches: (p: Publication) => boolean;
  resolve: (p: Publication) => void;
}

/** Thrown when a bounded wait runs out. */
export class TimeoutError extends Error {}

/** Resolves with `promise`, or rejects with TimeoutError after `ms`. */
export function within<T>(promise: Promise<T>, ms: number, what: string): Promise<T> {
  let timer: NodeJS.Timeout | undefined;
  const timeout = new Promise<never>((_, reject) => {
    timer = setTimeout(() => reject(new TimeoutError(`${what}: no answer within ${ms} ms`)), ms);
  });
  return Promise.race([promise, timeout]).finally(() => clearTimeout(timer));
}

export class LspSession {
  readonly startedAt = performance.now();
  private readonly connection: ProtocolConnection;
  private readonly waiters: Waiter[] = [];
  private readonly latest = new Map<string, Publication>();
  private seq = 0;
  private stderrTail = '';

  private constructor(
    readonly plan: LaunchPlan,
    private readonly child: ChildProcess,
  ) {
    if (!child.stdout || !child.stdin) throw new Error('server started without stdio pipes');
    child.stderr?.on('data', (chunk: Buffer) => {
      this.stderrTail = (this.stderrTail + chunk.toString('utf8')).slice(-4000);
    });
    this.connection = createProtocolConnection(new StreamMessageReader(child.stdout), new StreamMessageWriter(child.stdin));
    this.answerServerRequests();
    this.connection.onNotification(PublishDiagnosticsNotification.type, (params) => this.published(params.uri, params.version, params.diagnostics));
    this.connection.onError(() => undefined); // a dead server shows up as a timeout with its stderr, not as a crash of the bench
    this.connection.listen();
  }

  /** Spawns the server described by `plan`. */
  static start(plan: LaunchPlan): LspSession {
    const child = track(plan.command, plan.args, { stdio: ['pipe', 'pipe', 'pipe'], env: plan.env, cwd: plan.cwd });
    return new LspSession(plan, child);
  }

  get pid(): number | undefined {
    return this.child.pid;
  }

  /** The server's last words on stderr, for error reports. */
  get stderr(): string {
    return this.stderrTail.trim();
  }

  private answerServerRequests(): void {
    this.connection.onRequest(ConfigurationRequest.type, (params) => params.items.map((item) => this.plan.configuration(item.section)));
    for (const method of ['client/registerCapability', 'client/unregisterCapability', 'window/workDoneProgress/create', 'window/showMessageRequest']) {
      this.connection.onRequest(method, () => null);
    }
    for (const method of ['workspace/codeLens/refresh', 'workspace/semanticTokens/refresh', 'workspace/inlayHint/refresh', 'workspace/diagnostic/refresh']) {
      this.connection.onRequest(method, () => null);
    }
    this.connection.onRequest('workspace/workspaceFolders', () => []);
  }

  private published(uri: string, version: number | undefined, diagnostics: Diagnostic[]): void {
    const publication: Publication = { uri, version: version ?? undefined, diagnostics, at: performance.now(), seq: ++this.seq };
    this.latest.set(uri, publication);
    for (let i = this.waiters.length - 1; i >= 0; i--) {
      const waiter = this.waiters[i];
      if (waiter && waiter.uri === uri && waiter.matches(publication)) {
        this.waiters.splice(i, 1);
        waiter.resolve(publication);
      }
    }
  }

  /** The arrival counter now: publications after it are newer than anything seen. */
  get mark(): number {
    return this.seq;
  }

  /** The last diagnostics published for `uri`. */
  diagnostics(uri: string): Diagnostic[] {
    return this.latest.get(uri)?.diagnostics ?? [];
  }

  /**
   * Waits for the diagnostics computed on `version`: a publication carrying that version, or, from a server that
   * publishes no version (yaml-language-server), the first publication after `since`.
   */
  diagnosticsFor(uri: string, version: number, since: number, timeoutMs: number): Promise<Publication> {
    const matches = (p: Publication): boolean => (p.version === undefined ? p.seq > since : p.version === version);
    let waiter: Waiter | undefined;
    const found = new Promise<Publication>((resolve) => {
      waiter = { uri, matches, resolve };
      this.waiters.push(waiter);
    });
    return within(found, timeoutMs, `diagnostics for ${uri} v${version}`).catch((error: unknown) => {
      const index = waiter ? this.waiters.indexOf(waiter) : -1;
      if (index >= 0) this.waiters.splice(index, 1);
      throw error;
    });
  }

  /** initialize → initialized; returns the initialize result's capabilities. */
  async initialize(rootUri: string, timeoutMs: number): Promise<unknown> {
    const result = await within(
      this.connection.sendRequest(InitializeRequest.type, {
        processId: process.pid,
        rootUri,
        workspaceFolders: null,
        capabilities: clientCapabilities,
        initializationOptions: this.plan.initializationOptions,
        clientInfo: { name: 'sidecar-lint-bench' },
      }),
      timeoutMs,
      'initialize',
    );
    await this.connection.sendNotification(InitializedNotification.type, {});
    return result.capabilities;
  }

  async open(uri: string, text: string, version: number): Promise<void> {
    await this.connection.sendNotification(DidOpenTextDocumentNotification.type, { textDocument: { uri, languageId: 'yaml', version, text } });
  }

  async change(uri: string, version: number, contentChanges: TextDocumentContentChangeEvent[]): Promise<void> {
    await this.connection.sendNotification(DidChangeTextDocumentNotification.type, { textDocument: { uri, version }, contentChanges });
  }

  /** Sends a request and returns its latency (ms) and result; rejects with TimeoutError after `timeoutMs`. */
  async timedRequest(method: string, params: unknown, timeoutMs: number): Promise<{ ms: number; result: unknown }> {
    const started = performance.now();
    const result = await within(this.connection.sendRequest<unknown>(method, params), timeoutMs, method);
    return { ms: performance.now() - started, result };
  }

  /** CPU time the server process has used so far, in ms (10 ms steps). */
  cpuMs(): number | undefined {
    return cpuMs(this.child.pid);
  }

  /** Peak RSS (VmHWM) of the server process so far, in MiB. */
  peakRssMiB(): number | undefined {
    return peakRssMiB(this.child.pid);
  }

  /** shutdown → exit, bounded; kills the process if it does not leave by itself. */
  async stop(timeoutMs: number): Promise<void> {
    try {
      await within(this.connection.sendRequest(ShutdownRequest.type), timeoutMs, 'shutdown');
      await this.connection.sendNotification(ExitNotification.type);
    } catch {
      // a server that cannot shut down is killed below
    }
    await waitExit(this.child, timeoutMs);
    this.connection.dispose();
  }
}
