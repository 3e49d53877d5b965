import * as vscode from 'vscode';
import { LanguageClient, TransportKind, type LanguageClientOptions, type ServerOptions } from 'vscode-languageclient/node';

/** Creates the client for the bundled server; the server runs in its own Node process over IPC. */
export function createLanguageClient(context: vscode.ExtensionContext, output: vscode.LogOutputChannel): LanguageClient {
  const serverModule = context.asAbsolutePath('server/dist/server.js');
  const serverOptions: ServerOptions = {
    run: { module: serverModule, transport: TransportKind.ipc },
    debug: { module: serverModule, transport: TransportKind.ipc, options: { execArgv: ['--nolazy', '--inspect=6019'] } },
  };
  const clientOptions: LanguageClientOptions = {
    documentSelector: [{ language: 'scim-mapping' }, { language: 'scim-graph-schema' }, { language: 'scim-scope' }],
    // Settings are pulled by the server (workspace/configuration, per document for folder
    // settings), so the deprecated synchronize.configurationSection is not used.
    synchronize: {
      // Scope files that are not open still change what their mappings report.
      // Scope files and project configs that are not open still change what files report.
      fileEvents: [
        vscode.workspace.createFileSystemWatcher('**/*.scope.{json,jsonc}'),
        vscode.workspace.createFileSystemWatcher('**/.scim-mapper.{json,jsonc}'),
      ],
    },
    // The server reads files only inside the workspace, and in an untrusted workspace ignores the
    // settings that widen what it reads (see server/src/lsp/workspaceAccess.ts).
    initializationOptions: { workspaceTrusted: vscode.workspace.isTrusted, restrictToWorkspace: true },
    outputChannel: output,
    traceOutputChannel: output,
  };
  return new LanguageClient('scimMapper', 'SCIM Mapper Language Server', serverOptions, clientOptions);
}
