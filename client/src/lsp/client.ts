import * as vscode from 'vscode';
import type * as lsp from 'vscode-languageserver-protocol';
import { ResponseError, Trace, TraceFormat, type Disposable, type MessageConnection, type Tracer } from 'vscode-jsonrpc/node';
import { CLIENT_CAPABILITIES } from './capabilities';
import { ConfigurationSync } from './configuration';
import { startServerProcess, waitForExit, type ServerProcess } from './connection';
import { Diagnostics } from './diagnostics';
import { DocumentSync, syncOptions } from './documentSync';
import { FileEvents } from './fileEvents';
import { registerProviders } from './providers';
import { RestartPolicy } from './restartPolicy';
import { handleServerMessages } from './serverMessages';
import { State, type StateChangeEvent } from './state';
import { traceLevel } from './trace';

export { State, type StateChangeEvent } from './state';

export interface LanguageClientOptions {
  /** Names the settings section (`<id>.trace.server`) and the diagnostic collection. */
  id: string;
  /** For messages to the user. */
  name: string;
  /** The bundled server's entry point, started with Node over IPC. */
  serverModule: string;
  documentSelector: vscode.DocumentFilter[];
  /** The settings section the server reads (workspace/configuration) and is told about. */
  configurationSection: string;
  /** Files on disk whose changes the server hears about (workspace/didChangeWatchedFiles). */
  fileEvents: vscode.GlobPattern;
  output: vscode.LogOutputChannel;
}

/** How long stop() waits for the server's shutdown answer, and then for its process to end. */
const STOP_TIMEOUT_MS = 2000;

/** LSP error codes for a request the client cancelled or the server gave up on after an edit. */
const REQUEST_CANCELLED = -32800;
const CONTENT_MODIFIED = -32801;

/** Everything that lives as long as one server process. */
interface Session {
  server: ServerProcess;
  connection: MessageConnection;
  /** Handlers, document sync, providers: disposed when the session ends. */
  features: Disposable[];
}

/**
 * A language client for our own server, on vscode-jsonrpc alone. It starts the server in a Node
 * child process over IPC, performs the LSP handshake with the capabilities this client implements
 * (capabilities.ts), keeps documents, settings and watched files in step, registers a VS Code
 * provider for each feature the server announces (providers.ts) and restarts a crashed server a
 * few times before giving up. It keeps the part of vscode-languageclient's surface the extension
 * and its tests use: start, stop, restart, isRunning, initializeResult, onDidChangeState,
 * sendRequest and sendNotification.
 */
export class LanguageClient implements vscode.Disposable {
  private state = State.Stopped;
  private session: Session | undefined;
  private starting: Promise<void> | undefined;
  private stopping: Promise<void> | undefined;
  private result: lsp.InitializeResult | undefined;
  private readonly diagnostics: Diagnostics;
  private readonly restarts = new RestartPolicy();
  private readonly stateChanged = new vscode.EventEmitter<StateChangeEvent>();
  private readonly inlayHintsChanged = new vscode.EventEmitter<void>();
  private readonly semanticTokensChanged = new vscode.EventEmitter<void>();
  readonly onDidChangeState = this.stateChanged.event;

  constructor(private readonly options: LanguageClientOptions) {
    this.diagnostics = new Diagnostics(options.id);
  }

  /** The server's answer to `initialize` while it runs. */
  get initializeResult(): lsp.InitializeResult | undefined {
    return this.result;
  }

  isRunning(): boolean {
    return this.state === State.Running;
  }

  /** Starts the server; resolves once it runs, rejects (and stays stopped) when it cannot start. */
  async start(): Promise<void> {
    if (this.stopping) await this.stopping;
    if (this.state === State.Running) return;
    this.starting ??= this.launch().finally(() => (this.starting = undefined));
    return this.starting;
  }

  /** Asks the server to shut down and exit; a server that does not answer in time is killed. */
  async stop(): Promise<void> {
    if (this.starting) await this.starting.catch(() => undefined);
    const session = this.session;
    if (!session) return this.stopping;
    this.stopping = this.shutDown(session).finally(() => (this.stopping = undefined));
    return this.stopping;
  }

  /** Stops and starts the server; a restart asked for also forgives the crashes before it. */
  async restart(): Promise<void> {
    await this.stop();
    this.restarts.reset();
    await this.start();
  }

  /** A request to the running server (waiting for it while it starts); rejects when it is not running. */
  async sendRequest<R>(method: string, params?: unknown, token?: vscode.CancellationToken): Promise<R> {
    if (this.starting) await this.starting;
    const connection = this.runningConnection();
    // vscode-jsonrpc counts its arguments: an `undefined` passed on would be sent as `[null]`.
    const args: unknown[] = params === undefined ? [] : [params];
    if (token) args.push(token);
    return connection.sendRequest<R>(method, ...args);
  }

  async sendNotification(method: string, params?: unknown): Promise<void> {
    if (this.starting) await this.starting;
    const connection = this.runningConnection();
    await (params === undefined ? connection.sendNotification(method) : connection.sendNotification(method, params));
  }

  private runningConnection(): MessageConnection {
    if (!this.session || this.state !== State.Running) throw new Error(`${this.options.name} is not running.`);
    return this.session.connection;
  }

  private setState(state: State): void {
    if (state === this.state) return;
    const oldState = this.state;
    this.state = state;
    this.stateChanged.fire({ oldState, newState: state });
  }

  private async launch(): Promise<void> {
    const { output } = this.options;
    this.setState(State.Starting);
    let session: Session | undefined;
    try {
      session = this.connect();
      const { connection } = session;
      const trace = this.traceLevel();
      await connection.trace(trace, this.tracer, { sendNotification: false, traceFormat: TraceFormat.Text });
      const result = await connection.sendRequest<lsp.InitializeResult>('initialize', this.initializeParams(trace));
      const encoding = result.capabilities.positionEncoding;
      if (encoding !== undefined && encoding !== 'utf-16') throw new Error(`${this.options.name} uses the position encoding ${encoding}; only utf-16 is supported.`);
      await connection.sendNotification('initialized', {});
      this.startFeatures(session, result.capabilities);
      this.result = result;
      this.setState(State.Running);
    } catch (error) {
      output.error(`${this.options.name} did not start: ${describe(error)}`);
      if (session) {
        this.endSession(session);
        session.server.child.kill();
      }
      this.setState(State.Stopped);
      throw error;
    }
  }

  /** Starts the server process and answers what the server may ask from its first message on. */
  private connect(): Session {
    const { output } = this.options;
    const server = startServerProcess({
      module: this.options.serverModule,
      // When the extension host is being debugged, make the server debuggable too (as before).
      execArgv: process.execArgv.some((arg) => /^--(inspect|debug)(-brk)?(=|$)/.test(arg)) ? ['--nolazy', '--inspect=6019'] : [],
      log: { info: (line) => output.info(line), error: (line) => output.error(line) },
    });
    const connection = server.connection;
    const session: Session = { server, connection, features: [] };
    this.session = session;
    session.features.push(
      ...handleServerMessages(connection, output),
      connection.onNotification('textDocument/publishDiagnostics', (params: lsp.PublishDiagnosticsParams) => {
        if (this.session === session) this.diagnostics.publish(params);
      }),
      connection.onRequest('client/registerCapability', (params: lsp.RegistrationParams) => this.register(params)),
      connection.onRequest('client/unregisterCapability', () => null),
      connection.onRequest('workspace/inlayHint/refresh', () => refresh(this.inlayHintsChanged)),
      connection.onRequest('workspace/semanticTokens/refresh', () => refresh(this.semanticTokensChanged)),
      new ConfigurationSync(connection, this.options.configurationSection),
      connection.onClose(() => this.closed(session)),
      connection.onError(([error]) => output.error(`The connection to ${this.options.name} failed: ${error.message}`)),
    );
    connection.listen();
    return session;
  }

  private initializeParams(trace: Trace): lsp.InitializeParams {
    const folders = vscode.workspace.workspaceFolders;
    const root = folders?.[0]?.uri.scheme === 'file' ? folders[0].uri : undefined;
    return {
      processId: process.pid,
      clientInfo: { name: vscode.env.appName, version: vscode.version },
      locale: vscode.env.language,
      rootPath: root?.fsPath ?? null,
      rootUri: root?.toString() ?? null,
      capabilities: CLIENT_CAPABILITIES,
      trace: Trace.toString(trace),
      workspaceFolders: folders?.map((folder) => ({ uri: folder.uri.toString(), name: folder.name })) ?? null,
    };
  }

  /** What runs once the server has answered: documents, watched files, trace updates, providers. */
  private startFeatures(session: Session, capabilities: lsp.ServerCapabilities): void {
    const { connection } = session;
    const { documentSelector, output } = this.options;
    session.features.push(
      new DocumentSync(connection, documentSelector, syncOptions(capabilities.textDocumentSync)),
      new FileEvents(connection, this.options.fileEvents),
      vscode.workspace.onDidChangeConfiguration((event) => {
        if (event.affectsConfiguration(`${this.options.id}.trace.server`)) this.updateTrace(connection);
      }),
      output.onDidChangeLogLevel(() => this.updateTrace(connection)),
      ...registerProviders(capabilities, {
        selector: documentSelector,
        request: (method, params, token) => this.providerRequest(method, params, token),
        diagnostics: this.diagnostics,
        inlayHintsChanged: this.inlayHintsChanged.event,
        semanticTokensChanged: this.semanticTokensChanged.event,
      }),
    );
  }

  /** A provider's request: a failure is logged (unless it was a cancellation) and shows as no result. */
  private async providerRequest<R>(method: string, params: unknown, token: vscode.CancellationToken): Promise<R | undefined> {
    try {
      return (await this.sendRequest<R | null>(method, params, token)) ?? undefined;
    } catch (error) {
      const cancelled = token.isCancellationRequested || (error instanceof ResponseError && (error.code === REQUEST_CANCELLED || error.code === CONTENT_MODIFIED));
      if (!cancelled && this.isRunning()) this.options.output.error(`${method} failed: ${describe(error)}`);
      return undefined;
    }
  }

  /**
   * Dynamic registrations. The server registers for configuration changes, which this client
   * sends anyway; it cannot register anything else, because the capabilities offer nothing else.
   */
  private register(params: lsp.RegistrationParams): null {
    const unsupported = params.registrations.filter((registration) => registration.method !== 'workspace/didChangeConfiguration');
    if (unsupported.length > 0) throw new ResponseError(-32601, `This client cannot register ${unsupported.map((r) => r.method).join(', ')}.`);
    return null;
  }

  private readonly tracer: Tracer = {
    log: (message: unknown, data?: string) => {
      const text = typeof message === 'string' ? message : JSON.stringify(message);
      this.options.output.info(data ? `${text}\n${data}` : text);
    },
  };

  private traceLevel(): Trace {
    const setting = vscode.workspace.getConfiguration(this.options.id).get('trace.server');
    return traceLevel(setting, this.options.output.logLevel === vscode.LogLevel.Trace);
  }

  private updateTrace(connection: MessageConnection): void {
    connection.trace(this.traceLevel(), this.tracer, { sendNotification: true, traceFormat: TraceFormat.Text }).catch((error) => this.options.output.error(`Changing the trace failed: ${describe(error)}`));
  }

  /** Disposes what the session registered and forgets its diagnostics. Safe to call twice. */
  private endSession(session: Session): void {
    if (this.session !== session) return;
    this.session = undefined;
    this.result = undefined;
    for (const feature of session.features.splice(0).reverse()) feature.dispose();
    this.diagnostics.clear();
    session.connection.dispose();
  }

  private async shutDown(session: Session): Promise<void> {
    const { connection, server } = session;
    // Unregister everything before the server goes, so the editor stops asking it.
    const features = session.features.splice(0).reverse();
    this.session = undefined;
    this.result = undefined;
    this.setState(State.Stopped);
    for (const feature of features) feature.dispose();
    this.diagnostics.clear();
    try {
      await withTimeout(connection.sendRequest('shutdown'), STOP_TIMEOUT_MS);
      await connection.sendNotification('exit');
    } catch (error) {
      this.options.output.warn(`${this.options.name} did not shut down cleanly: ${describe(error)}`);
    } finally {
      connection.dispose();
      await waitForExit(server, STOP_TIMEOUT_MS);
    }
  }

  /** The connection closed without stop(): the server crashed or was killed. */
  private closed(session: Session): void {
    if (this.session !== session) return;
    const wasRunning = this.state === State.Running;
    this.endSession(session);
    // While starting, the failed `initialize` reports the problem (see launch).
    if (!wasRunning) return;
    this.setState(State.Stopped);
    if (this.restarts.shouldRestart()) {
      this.options.output.warn(`${this.options.name} stopped unexpectedly; starting it again.`);
      this.start().catch(() => this.giveUp(`${this.options.name} could not be started again.`));
    } else {
      this.giveUp(`${this.options.name} crashed ${this.restarts.recentCrashes} times in the last 3 minutes and will not be started again.`);
    }
  }

  private giveUp(message: string): void {
    this.options.output.error(message);
    void vscode.window.showErrorMessage(`${message} See the output for details.`, 'Show Output').then((choice) => {
      if (choice) this.options.output.show(true);
    });
  }

  dispose(): void {
    void this.stop().finally(() => {
      this.diagnostics.dispose();
      this.stateChanged.dispose();
      this.inlayHintsChanged.dispose();
      this.semanticTokensChanged.dispose();
    });
  }
}

/** Answers a server's refresh request: the providers' change event makes the editor ask again. */
function refresh(changed: vscode.EventEmitter<void>): null {
  changed.fire();
  return null;
}

function describe(error: unknown): string {
  return error instanceof Error ? error.message : String(error);
}

async function withTimeout<T>(promise: Promise<T>, ms: number): Promise<T> {
  let timer: NodeJS.Timeout | undefined;
  const timeout = new Promise<never>((_, reject) => (timer = setTimeout(() => reject(new Error(`no answer within ${ms} ms`)), ms)));
  try {
    return await Promise.race([promise, timeout]);
  } finally {
    clearTimeout(timer);
  }
}
