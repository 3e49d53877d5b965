import * as vscode from 'vscode';
import type * as lsp from 'vscode-languageserver-protocol';
import type { MessageConnection } from 'vscode-jsonrpc/node';
import { notify } from './connection';

/** Events that arrive within this time go to the server together (a checkout touches many files). */
const BATCH_DELAY_MS = 250;

/**
 * Tells the server about changes on disk to files it does not have open
 * (workspace/didChangeWatchedFiles): scope files change what their mappings report.
 */
export class FileEvents implements vscode.Disposable {
  private readonly watcher: vscode.FileSystemWatcher;
  private pending: lsp.FileEvent[] = [];
  private timer: NodeJS.Timeout | undefined;

  constructor(
    private readonly connection: MessageConnection,
    glob: vscode.GlobPattern,
  ) {
    this.watcher = vscode.workspace.createFileSystemWatcher(glob);
    // LSP's FileChangeType: 1 created, 2 changed, 3 deleted.
    this.watcher.onDidCreate((uri) => this.add(uri, 1));
    this.watcher.onDidChange((uri) => this.add(uri, 2));
    this.watcher.onDidDelete((uri) => this.add(uri, 3));
  }

  private add(uri: vscode.Uri, type: lsp.FileChangeType): void {
    this.pending.push({ uri: uri.toString(), type });
    this.timer ??= setTimeout(() => this.flush(), BATCH_DELAY_MS);
  }

  private flush(): void {
    this.timer = undefined;
    const params: lsp.DidChangeWatchedFilesParams = { changes: this.pending };
    this.pending = [];
    notify(this.connection, 'workspace/didChangeWatchedFiles', params);
  }

  dispose(): void {
    if (this.timer) clearTimeout(this.timer);
    this.watcher.dispose();
  }
}
