import * as vscode from 'vscode';
import { LanguageClient } from './lsp/client';

/** Creates the client for the bundled server; the server runs in its own Node process over IPC. */
export function createLanguageClient(context: vscode.ExtensionContext, output: vscode.LogOutputChannel): LanguageClient {
  return new LanguageClient({
    id: 'scimMapper',
    name: 'SCIM Mapper Language Server',
    serverModule: context.asAbsolutePath('server/dist/server.js'),
    documentSelector: [{ language: 'scim-mapping' }, { language: 'scim-graph-schema' }, { language: 'scim-scope' }],
    configurationSection: 'scimMapper',
    // Scope files that are not open still change what their mappings report.
    fileEvents: '**/*.scope.{json,jsonc}',
    output,
  });
}
