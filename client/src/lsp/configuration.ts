import * as vscode from 'vscode';
import type * as lsp from 'vscode-languageserver-protocol';
import type { MessageConnection } from 'vscode-jsonrpc/node';
import { notify } from './connection';

/** A setting's value as plain JSON: VS Code's configuration objects are frozen proxies. */
function toJson(value: unknown): unknown {
  return value === undefined ? null : (JSON.parse(JSON.stringify(value)) as unknown);
}

/** Answers one item of a workspace/configuration request, for the resource it names. */
export function readConfiguration(item: lsp.ConfigurationItem): unknown {
  const scope = item.scopeUri ? vscode.Uri.parse(item.scopeUri) : undefined;
  const configuration = vscode.workspace.getConfiguration(undefined, scope);
  return toJson(item.section ? configuration.get(item.section) : configuration);
}

/**
 * The server's view of the settings: it asks for them (workspace/configuration) and is told when
 * the section changes (workspace/didChangeConfiguration, with the section's new value, so a server
 * that does not ask gets the settings too).
 */
export class ConfigurationSync implements vscode.Disposable {
  private readonly subscriptions: vscode.Disposable[];

  constructor(connection: MessageConnection, section: string) {
    this.subscriptions = [
      connection.onRequest('workspace/configuration', (params: lsp.ConfigurationParams) => params.items.map(readConfiguration)),
      vscode.workspace.onDidChangeConfiguration((event) => {
        if (!event.affectsConfiguration(section)) return;
        const params: lsp.DidChangeConfigurationParams = { settings: { [section]: readConfiguration({ section }) } };
        notify(connection, 'workspace/didChangeConfiguration', params);
      }),
    ];
  }

  dispose(): void {
    for (const subscription of this.subscriptions) subscription.dispose();
  }
}
