import * as vscode from 'vscode';
import type * as lsp from 'vscode-languageserver-protocol';
import type { MessageConnection } from 'vscode-jsonrpc/node';
import { notify } from './connection';
import { fromRange } from './convert';

/** How the server wants document changes: LSP's TextDocumentSyncKind (0 none, 1 full, 2 incremental). */
export interface SyncOptions {
  openClose: boolean;
  change: 0 | 1 | 2;
}

/** Reads the server's `textDocumentSync` capability, which is either a kind or an options object. */
export function syncOptions(capability: lsp.ServerCapabilities['textDocumentSync']): SyncOptions {
  if (typeof capability === 'number') return { openClose: capability !== 0, change: capability };
  return { openClose: !!capability?.openClose, change: capability?.change ?? 0 };
}

/**
 * Keeps the server's copy of every open document of our languages in step with the editor:
 * didOpen (also for documents open before the server started), didChange, didClose. Each
 * notification is handed to the connection synchronously inside the editor's event, so it is on
 * the wire before any request the editor makes afterwards for the same document.
 */
export class DocumentSync implements vscode.Disposable {
  private readonly open = new Set<string>();
  private readonly subscriptions: vscode.Disposable[] = [];

  constructor(
    private readonly connection: MessageConnection,
    private readonly selector: vscode.DocumentSelector,
    private readonly options: SyncOptions,
  ) {
    if (!options.openClose) return;
    this.subscriptions.push(
      vscode.workspace.onDidOpenTextDocument((document) => this.didOpen(document)),
      vscode.workspace.onDidChangeTextDocument((event) => this.didChange(event)),
      vscode.workspace.onDidCloseTextDocument((document) => this.didClose(document)),
    );
    for (const document of vscode.workspace.textDocuments) this.didOpen(document);
  }

  private didOpen(document: vscode.TextDocument): void {
    const uri = document.uri.toString();
    if (this.open.has(uri) || vscode.languages.match(this.selector, document) === 0) return;
    this.open.add(uri);
    const params: lsp.DidOpenTextDocumentParams = { textDocument: { uri, languageId: document.languageId, version: document.version, text: document.getText() } };
    notify(this.connection, 'textDocument/didOpen', params);
  }

  private didChange(event: vscode.TextDocumentChangeEvent): void {
    const uri = event.document.uri.toString();
    // An event without content changes only reports a change of the dirty state.
    if (!this.open.has(uri) || event.contentChanges.length === 0 || this.options.change === 0) return;
    const contentChanges: lsp.TextDocumentContentChangeEvent[] =
      this.options.change === 2
        ? event.contentChanges.map((change) => ({
            range: fromRange(change.range),
            rangeLength: change.rangeLength,
            text: change.text,
          }))
        : [{ text: event.document.getText() }];
    const params: lsp.DidChangeTextDocumentParams = { textDocument: { uri, version: event.document.version }, contentChanges };
    notify(this.connection, 'textDocument/didChange', params);
  }

  private didClose(document: vscode.TextDocument): void {
    const uri = document.uri.toString();
    if (!this.open.delete(uri)) return;
    const params: lsp.DidCloseTextDocumentParams = { textDocument: { uri } };
    notify(this.connection, 'textDocument/didClose', params);
  }

  dispose(): void {
    for (const subscription of this.subscriptions) subscription.dispose();
    this.open.clear();
  }
}
