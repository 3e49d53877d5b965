import * as vscode from 'vscode';

export const PREVIEW_SCHEME = 'scim-mapper-preview';

/**
 * Read-only Markdown documents holding dry-run reports. Content is produced by a callback so a
 * report can be recomputed when its mapping, scope or sample changes.
 */
export class PreviewProvider implements vscode.TextDocumentContentProvider, vscode.Disposable {
  private readonly emitter = new vscode.EventEmitter<vscode.Uri>();
  readonly onDidChange = this.emitter.event;
  private readonly contents = new Map<string, string>();

  provideTextDocumentContent(uri: vscode.Uri): string {
    return this.contents.get(uri.toString()) ?? 'Run "SCIM Mapper: Dry Run Sample User…" to fill this preview.';
  }

  set(uri: vscode.Uri, content: string): void {
    this.contents.set(uri.toString(), content);
    this.emitter.fire(uri);
  }

  dispose(): void {
    this.emitter.dispose();
  }
}
