import { spawn, type ChildProcessWithoutNullStreams } from 'node:child_process';
import { createMessageConnection, StreamMessageReader, StreamMessageWriter, type MessageConnection } from 'vscode-jsonrpc/node';
import { fromRoot } from '../util/paths';

export interface PublishedDiagnostics {
  uri: string;
  version?: number;
  diagnostics: Array<{
    code: string;
    message: string;
    range: { start: { line: number; character: number }; end: { line: number; character: number } };
    severity: number;
    data?: unknown;
    source?: string;
  }>;
}

/**
 * A minimal LSP client that drives the real, bundled server over stdio. Waiting is always on
 * events (a notification arriving), never on timers, apart from an overall safety timeout.
 */
export class TestClient {
  readonly process: ChildProcessWithoutNullStreams;
  readonly connection: MessageConnection;
  private readonly published: PublishedDiagnostics[] = [];
  private readonly waiters: Array<{ match: (p: PublishedDiagnostics) => boolean; resolve: (p: PublishedDiagnostics) => void }> =
    [];
  stderr = '';
  /** Messages the server logged (window/logMessage). */
  readonly logs: string[] = [];

  constructor() {
    this.process = spawn(process.execPath, [fromRoot('bin', 'scim-mapper-language-server.js'), '--stdio'], { stdio: 'pipe' });
    this.process.stderr.on('data', (chunk) => (this.stderr += String(chunk)));
    this.connection = createMessageConnection(
      new StreamMessageReader(this.process.stdout),
      new StreamMessageWriter(this.process.stdin),
    );
    this.connection.onNotification('textDocument/publishDiagnostics', (params: PublishedDiagnostics) => {
      this.published.push(params);
      for (const waiter of [...this.waiters]) {
        if (waiter.match(params)) {
          this.waiters.splice(this.waiters.indexOf(waiter), 1);
          waiter.resolve(params);
        }
      }
    });
    // The server asks for configuration and registrations; answer like a simple editor would.
    this.connection.onRequest('workspace/configuration', (params: { items: unknown[] }) => params.items.map(() => ({})));
    this.connection.onRequest('client/registerCapability', () => null);
    this.connection.onRequest('workspace/inlayHint/refresh', () => null);
    this.connection.onRequest('workspace/diagnostic/refresh', () => null);
    this.connection.onNotification('window/logMessage', (params: { message: string }) => void this.logs.push(params.message));
    this.connection.listen();
  }

  async initialize(capabilities: Record<string, unknown> = {}): Promise<{ capabilities: Record<string, unknown> }> {
    const result = await this.connection.sendRequest<{ capabilities: Record<string, unknown> }>('initialize', {
      processId: process.pid,
      rootUri: null,
      capabilities,
    });
    await this.connection.sendNotification('initialized', {});
    return result;
  }

  /** Resolves with the next diagnostics for `uri` that satisfy `match` (or ones already received, when `fromNow` is false). */
  diagnostics(
    uri: string,
    match: (p: PublishedDiagnostics) => boolean = () => true,
    fromNow = true,
    timeoutMs = 20_000,
  ): Promise<PublishedDiagnostics> {
    if (!fromNow) {
      const already = [...this.published].reverse().find((p) => p.uri === uri && match(p));
      if (already) return Promise.resolve(already);
    }
    return new Promise((resolve, reject) => {
      const timer = setTimeout(() => reject(new Error(`No diagnostics for ${uri} within ${timeoutMs} ms`)), timeoutMs);
      this.waiters.push({
        match: (p) => p.uri === uri && match(p),
        resolve: (p) => {
          clearTimeout(timer);
          resolve(p);
        },
      });
    });
  }

  open(uri: string, languageId: string, text: string, version = 1): Promise<void> {
    return this.connection.sendNotification('textDocument/didOpen', { textDocument: { uri, languageId, version, text } });
  }

  change(uri: string, version: number, text: string): Promise<void> {
    return this.connection.sendNotification('textDocument/didChange', {
      textDocument: { uri, version },
      contentChanges: [{ text }],
    });
  }

  request<T>(method: string, params: unknown): Promise<T> {
    return this.connection.sendRequest<T>(method, params);
  }

  /** Shuts the server down the LSP way and resolves with its exit code. */
  async shutdown(): Promise<number | null> {
    const exited = new Promise<number | null>((resolve) => this.process.once('exit', (code) => resolve(code)));
    await this.connection.sendRequest('shutdown');
    await this.connection.sendNotification('exit');
    const code = await exited;
    this.connection.dispose();
    return code;
  }

  kill(): void {
    if (this.process.exitCode === null) this.process.kill();
    this.connection.dispose();
  }
}
