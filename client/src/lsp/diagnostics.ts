import * as vscode from 'vscode';
import type * as lsp from 'vscode-languageserver-protocol';
import { asDiagnostic, fromDiagnostic } from './convert';

/**
 * The diagnostics the server pushes (textDocument/publishDiagnostics), shown in one collection.
 * Each editor diagnostic remembers the LSP object it came from: quick fixes read `data` (the
 * server's fix descriptions), which VS Code's Diagnostic cannot hold, so a code action request
 * sends the server its own objects back. VS Code hands providers the very objects put in the
 * collection, so a WeakMap keyed by them is enough.
 */
export class Diagnostics implements vscode.Disposable {
  private readonly collection: vscode.DiagnosticCollection;
  private readonly origins = new WeakMap<vscode.Diagnostic, lsp.Diagnostic>();

  constructor(name: string) {
    this.collection = vscode.languages.createDiagnosticCollection(name);
  }

  publish(params: lsp.PublishDiagnosticsParams): void {
    const diagnostics = params.diagnostics.map((original) => {
      const diagnostic = asDiagnostic(original);
      this.origins.set(diagnostic, original);
      return diagnostic;
    });
    this.collection.set(vscode.Uri.parse(params.uri), diagnostics);
  }

  /** The LSP form of an editor diagnostic: the server's own object for ours, a conversion for others. */
  toLsp(diagnostic: vscode.Diagnostic): lsp.Diagnostic {
    return this.origins.get(diagnostic) ?? fromDiagnostic(diagnostic);
  }

  /**
   * The editor diagnostics that a code action names. The server echoes the objects it was sent,
   * so their JSON identifies them; one that matches nothing is converted as it is.
   */
  fromLsp(named: lsp.Diagnostic[], candidates: readonly vscode.Diagnostic[]): vscode.Diagnostic[] {
    const byJson = new Map(candidates.map((candidate) => [JSON.stringify(this.toLsp(candidate)), candidate] as const));
    return named.map((diagnostic) => byJson.get(JSON.stringify(diagnostic)) ?? asDiagnostic(diagnostic));
  }

  clear(): void {
    this.collection.clear();
  }

  dispose(): void {
    this.collection.dispose();
  }
}
