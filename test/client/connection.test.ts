/**
 * The hand-written language client's transport and handshake (client/src/lsp), outside the editor:
 * the bundled server started over Node IPC as the extension starts it, initialized with the
 * capabilities the client declares. The VS Code side (providers, document sync) is covered by the
 * real-editor suites (npm run test:vscode).
 */
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { pathToFileURL } from 'node:url';
import { after, before, describe, it } from 'node:test';
import type * as lsp from 'vscode-languageserver-protocol';
import { CLIENT_CAPABILITIES } from '../../client/src/lsp/capabilities';
import { notify, startServerProcess, waitForExit, type ServerProcess } from '../../client/src/lsp/connection';
import { fromRoot } from '../util/paths';

const SERVER = fromRoot('server', 'dist', 'server.js');

/** The server capabilities client/src/lsp/providers.ts registers a VS Code provider for. */
const IMPLEMENTED = [
  'textDocumentSync',
  'completionProvider',
  'hoverProvider',
  'signatureHelpProvider',
  'codeActionProvider',
  'documentSymbolProvider',
  'foldingRangeProvider',
  'documentFormattingProvider',
  'documentRangeFormattingProvider',
  'documentLinkProvider',
  'definitionProvider',
  'semanticTokensProvider',
  'inlayHintProvider',
];

function deferred<T>(): { promise: Promise<T>; resolve: (value: T) => void } {
  let resolve!: (value: T) => void;
  const promise = new Promise<T>((r) => (resolve = r));
  return { promise, resolve };
}

describe('the language client talks to the bundled server over node IPC', () => {
  let server: ServerProcess;
  const logged: string[] = [];
  const configurationItems: lsp.ConfigurationItem[] = [];
  const registrations: string[] = [];
  const published: lsp.PublishDiagnosticsParams[] = [];
  const configured = deferred<void>();
  let nextDiagnostics: ((params: lsp.PublishDiagnosticsParams) => void) | undefined;
  let result: lsp.InitializeResult;

  before(async () => {
    server = startServerProcess({ module: SERVER, log: { info: (m) => logged.push(m), error: (m) => logged.push(m) } });
    const { connection } = server;
    connection.onRequest('workspace/configuration', (params: lsp.ConfigurationParams) => {
      configurationItems.push(...params.items);
      configured.resolve();
      // What VS Code would answer for a user who turned one rule down to a warning.
      return params.items.map(() => ({ rules: { 'expr-unknown-function': 'warning' } }));
    });
    connection.onRequest('client/registerCapability', (params: lsp.RegistrationParams) => {
      registrations.push(...params.registrations.map((r) => r.method));
      return null;
    });
    connection.onNotification('textDocument/publishDiagnostics', (params: lsp.PublishDiagnosticsParams) => {
      published.push(params);
      nextDiagnostics?.(params);
    });
    connection.listen();
    result = await connection.sendRequest<lsp.InitializeResult>('initialize', { processId: process.pid, rootUri: null, capabilities: CLIENT_CAPABILITIES });
    await connection.sendNotification('initialized', {});
  });

  after(() => {
    if (server.child.exitCode === null) server.child.kill();
    server.connection.dispose();
  });

  it('the server announces exactly the features the client implements, and pushes diagnostics', () => {
    assert.equal(result.serverInfo?.name, 'scim-mapper-language-server');
    const announced = Object.keys(result.capabilities).filter((key) => (result.capabilities as Record<string, unknown>)[key]);
    assert.deepEqual(announced.sort(), [...IMPLEMENTED].sort(), 'a new server feature needs a provider in client/src/lsp/providers.ts');
    // No textDocument.diagnostic in the client's capabilities: the server must not wait to be pulled.
    assert.equal(CLIENT_CAPABILITIES.textDocument?.diagnostic, undefined);
    assert.equal(result.capabilities.diagnosticProvider, undefined);
    assert.equal(result.capabilities.semanticTokensProvider?.full, true);
  });

  it('the server asks for the scimMapper settings and registers for their changes', async () => {
    await configured.promise;
    assert.deepEqual(configurationItems.map((item) => item.section), ['scimMapper']);
    assert.deepEqual(registrations, ['workspace/didChangeConfiguration']);
  });

  it('an opened document gets pushed diagnostics that honour the settings and carry fix data', async () => {
    await configured.promise;
    const uri = pathToFileURL(fromRoot('examples', 'broken', 'broken.mapping.jsonc')).href;
    const text = readFileSync(fromRoot('examples', 'broken', 'broken.mapping.jsonc'), 'utf8');
    const arrived = new Promise<lsp.PublishDiagnosticsParams>((resolve) => {
      nextDiagnostics = (params) => {
        if (params.uri === uri && params.diagnostics.some((d) => d.code === 'expr-unknown-function' && d.severity === 2)) resolve(params);
      };
    });
    notify(server.connection, 'textDocument/didOpen', { textDocument: { uri, languageId: 'scim-mapping', version: 1, text } });
    const { diagnostics } = await arrived;
    assert.ok(diagnostics.length > 20, `the broken example has many problems (${diagnostics.length})`);
    assert.ok(diagnostics.some((d) => d.data !== undefined), 'some diagnostics carry fix data');

    // Code actions name the diagnostics they fix by echoing the objects they were sent, which is
    // how the client finds its own VS Code diagnostics again (client/src/lsp/diagnostics.ts).
    const target = diagnostics.find((d) => d.code === 'expr-unknown-function')!;
    const actions = await server.connection.sendRequest<lsp.CodeAction[]>('textDocument/codeAction', {
      textDocument: { uri },
      range: target.range,
      context: { diagnostics: [target] },
    });
    assert.ok(actions.length > 0, 'a quick fix for the unknown function');
    assert.equal(actions[0].kind, 'quickfix');
    assert.deepEqual(actions[0].diagnostics?.map((d) => JSON.stringify(d)), [JSON.stringify(target)]);
    assert.ok(actions[0].edit?.changes?.[uri]?.length, 'the fix edits the document');
  });

  it('shutdown and exit end the server process cleanly', async () => {
    const exitCode = new Promise<number | null>((resolve) => server.child.once('exit', (code) => resolve(code)));
    await server.connection.sendRequest('shutdown');
    await server.connection.sendNotification('exit');
    await waitForExit(server, 5000);
    assert.equal(await exitCode, 0);
    assert.ok(logged.some((line) => /exited\.$/.test(line)), `the exit is logged (${logged.join(' | ')})`);
    // Notifications to a server that has gone are dropped, not thrown.
    server.connection.dispose();
    assert.doesNotThrow(() => notify(server.connection, 'textDocument/didClose', { textDocument: { uri: 'file:///x' } }));
  });
});

describe('stopping a server that does not exit', () => {
  it('waitForExit kills the process once the time is up', async () => {
    const server = startServerProcess({ module: SERVER, log: { info: () => undefined, error: () => undefined } });
    try {
      // Without shutdown and exit the server keeps running.
      const started = Date.now();
      await waitForExit(server, 200);
      await server.exited;
      assert.ok(Date.now() - started >= 150, 'it waited before killing');
      assert.notEqual(server.child.signalCode, null, 'the process was killed by a signal');
    } finally {
      server.connection.dispose();
    }
  });
});
