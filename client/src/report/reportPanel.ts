import { randomBytes } from 'node:crypto';
import * as vscode from 'vscode';
import type { DryRunResponse } from '../../../server/src/protocol';
import { OPEN_MAPPING_LINE_COMMAND, renderReportBody, renderReportPage, type ReportContext } from './renderReport';

const REPORT_VIEW_TYPE = 'scimMapper.dryRunReport';

/**
 * The dry-run report as a webview beside the mapping: scripts are off except the page's own
 * nonce'd copy script, no resource may load, and the only command its links may run is
 * scimMapper.openMappingLine. One panel per report title; running the same dry run again
 * refreshes it.
 */
export class ReportPanels implements vscode.Disposable {
  private readonly panels = new Map<string, vscode.WebviewPanel>();
  /** The last HTML shown, by title, for tests and for "copy". */
  readonly html = new Map<string, string>();

  isOpen(title: string): boolean {
    return this.panels.has(title);
  }

  show(title: string, response: DryRunResponse, context: ReportContext, reveal: boolean): vscode.WebviewPanel {
    let panel = this.panels.get(title);
    if (!panel) {
      panel = vscode.window.createWebviewPanel(
        REPORT_VIEW_TYPE,
        title,
        { viewColumn: vscode.ViewColumn.Beside, preserveFocus: true },
        {
          enableScripts: true,
          enableCommandUris: [OPEN_MAPPING_LINE_COMMAND],
          localResourceRoots: [],
          enableFindWidget: true,
          retainContextWhenHidden: false,
        },
      );
      const created = panel;
      this.panels.set(title, created);
      created.onDidDispose(() => {
        this.panels.delete(title);
        this.html.delete(title);
      });
      created.webview.onDidReceiveMessage((message: unknown) => {
        if (typeof message === 'object' && message !== null && (message as { type?: unknown }).type === 'copy') {
          const text = (message as { text?: unknown }).text;
          if (typeof text === 'string') void vscode.env.clipboard.writeText(text);
        }
      });
    } else if (reveal) {
      panel.reveal(vscode.ViewColumn.Beside, true);
    }
    const nonce = randomBytes(16).toString('base64');
    const html = renderReportPage(renderReportBody(response, context), nonce);
    this.html.set(title, html);
    panel.webview.html = html;
    return panel;
  }

  dispose(): void {
    for (const panel of this.panels.values()) panel.dispose();
  }
}

/** Opens a mapping file at a 1-based line: the target of the report's links. */
export async function openMappingLine(uri: unknown, line: unknown): Promise<void> {
  if (typeof uri !== 'string' || typeof line !== 'number' || !Number.isInteger(line) || line < 1) return;
  const target = vscode.Uri.parse(uri, true);
  // Only files (and documents already open): a report cannot be made to open anything else.
  if (target.scheme !== 'file' && !vscode.workspace.textDocuments.some((d) => d.uri.toString() === target.toString())) return;
  const document = await vscode.workspace.openTextDocument(target);
  const position = new vscode.Position(Math.min(line - 1, Math.max(0, document.lineCount - 1)), 0);
  const existing = vscode.window.visibleTextEditors.find((e) => e.document.uri.toString() === target.toString());
  await vscode.window.showTextDocument(document, {
    viewColumn: existing?.viewColumn ?? vscode.ViewColumn.One,
    selection: new vscode.Range(position, position),
  });
}
