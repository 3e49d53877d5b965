/**
 * Helpers for the extension tests that run inside a real VS Code extension host (code-server's,
 * or desktop VS Code's). Everything waits on an editor event, or polls a condition that has no
 * event (an inlay hint, an activation) against a deadline; nothing sleeps for a fixed time.
 */
import { spawnSync } from 'node:child_process';
import * as path from 'node:path';
import * as vscode from 'vscode';
import type { ExtensionApi } from '../../client/src/extension';

export const EXTENSION_ID = 'scim-mapper.scim-mapper';

/** Generous: a noisy 2-core CI machine runs code-server, Chromium and the tests at once. */
export const WAIT_MS = 30_000;

export function extension(): vscode.Extension<ExtensionApi> {
  const ext = vscode.extensions.getExtension<ExtensionApi>(EXTENSION_ID);
  if (!ext) throw new Error(`${EXTENSION_ID} is not loaded in this extension host`);
  return ext;
}

/** The extension's API, activating it if needed. */
export async function api(): Promise<ExtensionApi> {
  return extension().activate();
}

/** The workspace folder the tests run in: a throw-away copy of examples/. */
export function workspaceUri(...segments: string[]): vscode.Uri {
  const folder = vscode.workspace.workspaceFolders?.[0];
  if (!folder) throw new Error('The tests need a workspace folder (a copy of examples/)');
  return vscode.Uri.joinPath(folder.uri, ...segments);
}

export async function open(uri: vscode.Uri): Promise<vscode.TextEditor> {
  const document = await vscode.workspace.openTextDocument(uri);
  return vscode.window.showTextDocument(document, { preview: false });
}

/** Polls `probe` until it returns something other than undefined/false, or fails after `timeoutMs`. */
export async function poll<T>(
  probe: () => T | undefined | false | Promise<T | undefined | false>,
  what: string,
  timeoutMs = WAIT_MS,
): Promise<T> {
  const deadline = Date.now() + timeoutMs;
  let lastError: unknown;
  for (;;) {
    try {
      const value = await probe();
      if (value !== undefined && value !== false) return value;
    } catch (error) {
      lastError = error;
    }
    if (Date.now() > deadline)
      throw new Error(`Timed out after ${timeoutMs} ms waiting for ${what}${lastError ? `: ${String(lastError)}` : ''}`);
    await new Promise((resolve) => setTimeout(resolve, 100));
  }
}

/** Resolves with the first value of `event` that `accept` returns a result for. */
export function nextEvent<E, R>(
  event: vscode.Event<E>,
  accept: (e: E) => R | undefined,
  what: string,
  timeoutMs = WAIT_MS,
): Promise<R> {
  return new Promise<R>((resolve, reject) => {
    const timer = setTimeout(() => {
      subscription.dispose();
      reject(new Error(`Timed out after ${timeoutMs} ms waiting for ${what}`));
    }, timeoutMs);
    const subscription = event((e) => {
      const result = accept(e);
      if (result === undefined) return;
      clearTimeout(timer);
      subscription.dispose();
      resolve(result);
    });
  });
}

export function codeOf(diagnostic: vscode.Diagnostic): string {
  const code = diagnostic.code;
  return typeof code === 'object' && code !== null ? String(code.value) : String(code ?? '');
}

/** Our diagnostics (source scim-mapper) for a document. */
export function ourDiagnostics(uri: vscode.Uri): vscode.Diagnostic[] {
  return vscode.languages.getDiagnostics(uri).filter((d) => d.source === 'scim-mapper');
}

export function describeDiagnostics(diagnostics: readonly vscode.Diagnostic[]): string {
  return diagnostics.map((d) => `${codeOf(d)}@${d.range.start.line}:${d.range.start.character}`).join(', ') || '(none)';
}

/**
 * Waits until our diagnostics for `uri` satisfy `accept`: checks what is there now, then each
 * onDidChangeDiagnostics for that document.
 */
export async function waitForDiagnostics(
  uri: vscode.Uri,
  accept: (diagnostics: vscode.Diagnostic[]) => boolean,
  what: string,
  timeoutMs = WAIT_MS,
): Promise<vscode.Diagnostic[]> {
  const now = ourDiagnostics(uri);
  if (accept(now)) return now;
  try {
    return await nextEvent(
      vscode.languages.onDidChangeDiagnostics,
      (e) => {
        if (!e.uris.some((u) => u.toString() === uri.toString())) return undefined;
        const diagnostics = ourDiagnostics(uri);
        return accept(diagnostics) ? diagnostics : undefined;
      },
      what,
      timeoutMs,
    );
  } catch (error) {
    throw new Error(
      `${error instanceof Error ? error.message : String(error)}; last diagnostics for ${path.basename(uri.path)}: ${describeDiagnostics(ourDiagnostics(uri))}`,
    );
  }
}

export function countCode(diagnostics: readonly vscode.Diagnostic[], code: string): number {
  return diagnostics.filter((d) => codeOf(d) === code).length;
}

/** Replaces the whole text of an open document (as an edit, so it is undoable and unsaved). */
export async function setText(document: vscode.TextDocument, text: string): Promise<void> {
  const edit = new vscode.WorkspaceEdit();
  edit.replace(document.uri, new vscode.Range(document.positionAt(0), document.positionAt(document.getText().length)), text);
  if (!(await vscode.workspace.applyEdit(edit))) throw new Error(`Could not replace the text of ${document.uri.toString()}`);
}

/** The position of the `occurrence`-th `needle` in the document, moved by `delta` characters. */
export function positionOf(document: vscode.TextDocument, needle: string, delta = 0, occurrence = 1): vscode.Position {
  const text = document.getText();
  let index = -1;
  for (let i = 0; i < occurrence; i++) {
    index = text.indexOf(needle, index + 1);
    if (index < 0) throw new Error(`"${needle}" (occurrence ${occurrence}) not found in ${document.uri.path}`);
  }
  return document.positionAt(index + delta);
}

export function labelOf(item: vscode.CompletionItem): string {
  return typeof item.label === 'string' ? item.label : item.label.label;
}

/**
 * Runs the project's CLI (`bin/scim-mapper.js`) with the extension host's own Node. On desktop
 * VS Code that is Electron, which behaves as Node with ELECTRON_RUN_AS_NODE.
 */
export function runCli(args: string[]): { status: number | null; stdout: string; stderr: string } {
  const bin = path.join(extension().extensionPath, 'bin', 'scim-mapper.js');
  const result = spawnSync(process.execPath, [bin, ...args], {
    encoding: 'utf8',
    env: { ...process.env, ELECTRON_RUN_AS_NODE: '1' },
    timeout: 60_000,
  });
  if (result.error) throw result.error;
  return { status: result.status, stdout: result.stdout, stderr: result.stderr };
}

const SEVERITY_NAMES: Record<number, string> = {
  [vscode.DiagnosticSeverity.Error]: 'error',
  [vscode.DiagnosticSeverity.Warning]: 'warning',
  [vscode.DiagnosticSeverity.Information]: 'information',
  [vscode.DiagnosticSeverity.Hint]: 'hint',
};

export function severityName(diagnostic: vscode.Diagnostic): string {
  return SEVERITY_NAMES[diagnostic.severity] ?? String(diagnostic.severity);
}

/** The visible editor showing a document of this scheme, if any. */
export function visibleEditorWithScheme(scheme: string): vscode.TextEditor | undefined {
  return vscode.window.visibleTextEditors.find((e) => e.document.uri.scheme === scheme);
}
