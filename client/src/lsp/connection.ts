import { fork, type ChildProcess } from 'node:child_process';
import { createInterface } from 'node:readline';
import { createMessageConnection, IPCMessageReader, IPCMessageWriter, type Logger, type MessageConnection } from 'vscode-jsonrpc/node';

/** Where the server's own output and the connection's internal errors go. */
export interface ServerLog {
  info(message: string): void;
  error(message: string): void;
}

export interface ServerProcessOptions {
  /** The bundled server's entry point (server/dist/server.js). */
  module: string;
  /** Node flags for the server, e.g. `--inspect=6019` when the extension host is being debugged. */
  execArgv?: string[];
  log: ServerLog;
}

export interface ServerProcess {
  child: ChildProcess;
  connection: MessageConnection;
  /** Resolves when the process has exited (at once if it already has). */
  exited: Promise<void>;
}

/**
 * Starts the language server in a child Node process and connects to it over Node IPC, as
 * vscode-languageclient's TransportKind.ipc does: the server reads `--node-ipc` and watches
 * `--clientProcessId` so it ends when the extension host does. The connection is not listening
 * yet, so the caller can add its handlers first. This module does not import `vscode`, so tests
 * can drive the real server with it outside the editor.
 */
export function startServerProcess(options: ServerProcessOptions): ServerProcess {
  const child = fork(options.module, ['--node-ipc', `--clientProcessId=${process.pid}`], {
    // An extension host may itself run under flags (an inspector, code-server's own); the server
    // gets only the ones asked for.
    execArgv: options.execArgv ?? [],
    // In desktop VS Code process.execPath is Electron, which behaves as Node only with this set.
    env: { ...process.env, ELECTRON_RUN_AS_NODE: '1', ELECTRON_NO_ASAR: '1' },
    // Pipe stdout and stderr instead of inheriting them, so what the server prints reaches the log.
    silent: true,
  });
  const exited = new Promise<void>((resolve) => {
    if (child.exitCode !== null || child.signalCode !== null) resolve();
    else child.once('exit', () => resolve());
  });
  child.once('error', (error) => options.log.error(`The language server process failed: ${error.message}`));
  child.once('exit', (code, signal) => {
    if (code === 0) options.log.info('The language server process exited.');
    else options.log.error(`The language server process exited with ${signal ? `signal ${signal}` : `code ${code}`}.`);
  });
  forwardLines(child.stdout, (line) => options.log.info(line));
  forwardLines(child.stderr, (line) => options.log.error(line));

  const logger: Logger = {
    error: (message) => options.log.error(message),
    warn: (message) => options.log.error(message),
    info: (message) => options.log.info(message),
    log: (message) => options.log.info(message),
  };
  const connection = createMessageConnection(new IPCMessageReader(child), new IPCMessageWriter(child), logger);
  return { child, connection, exited };
}

function forwardLines(stream: NodeJS.ReadableStream | null, write: (line: string) => void): void {
  if (!stream) return;
  createInterface({ input: stream, crlfDelay: Infinity, terminal: false }).on('line', (line) => write(line));
}

/** Resolves after `exited`, or after `ms` when the process does not end by itself (then it is killed). */
export async function waitForExit(server: ServerProcess, ms: number): Promise<void> {
  let timer: NodeJS.Timeout | undefined;
  const timeout = new Promise<'timeout'>((resolve) => (timer = setTimeout(() => resolve('timeout'), ms)));
  const result = await Promise.race([server.exited, timeout]);
  clearTimeout(timer);
  if (result === 'timeout') server.child.kill();
}

/**
 * Sends a notification without waiting for it. A connection that has just closed throws at once
 * or rejects later; either way the server is gone and the session is ending, and vscode-jsonrpc
 * has already logged the failed write, so there is nothing more to do here.
 */
export function notify(connection: MessageConnection, method: string, params: unknown): void {
  try {
    connection.sendNotification(method, params).catch(() => undefined);
  } catch {
    // The connection is closed or disposed: see above.
  }
}
