import * as vscode from 'vscode';
import type { LanguageClient } from 'vscode-languageclient/node';
import { ExplainLogsRequestMethod, type ExplainLogsGroup, type ExplainLogsParams, type ExplainLogsResponse } from '../../../server/src/protocol';
import { PREVIEW_SCHEME, type PreviewProvider } from '../preview';

export interface ExplainLogsOptions {
  /** The log files (tests and other commands pass them; otherwise a file picker asks). */
  logUris?: vscode.Uri[];
  /** The mapping (default: the active or a visible mapping editor). */
  mappingUri?: vscode.Uri;
  /** "Now" for the last-24-hours counts (tests fix it). */
  now?: number;
}

const plural = (n: number, word: string): string => `${n} ${word}${n === 1 ? '' : 's'}`;

/**
 * "SCIM Mapper: Explain provisioning logs…": explains log files against the mapping, then shows
 * information diagnostics and a CodeLens on the mapping lines (and scope clauses) the failures
 * come from, and the grouped report beside the mapping.
 */
export class LogsCommands implements vscode.Disposable, vscode.CodeLensProvider {
  private readonly diagnostics = vscode.languages.createDiagnosticCollection('scim-mapper-logs');
  private readonly lensesChanged = new vscode.EventEmitter<void>();
  readonly onDidChangeCodeLenses = this.lensesChanged.event;
  /** Groups with a location, by the location's document URI. */
  private byDocument = new Map<string, ExplainLogsGroup[]>();
  private reportUri: vscode.Uri | undefined;
  /** The last explanation's request, run again when the mapping or a scope file is saved. */
  private lastParams: ExplainLogsParams | undefined;
  private readonly disposables: vscode.Disposable[] = [];

  constructor(
    private readonly client: () => LanguageClient | undefined,
    private readonly provider: PreviewProvider,
  ) {
    this.disposables.push(
      this.diagnostics,
      this.lensesChanged,
      vscode.languages.registerCodeLensProvider([{ language: 'scim-mapping' }, { language: 'scim-scope' }, { language: 'scim-graph-schema' }], this),
      // Saved edits move lines: explain again so diagnostics and lenses stay on the right mapping.
      vscode.workspace.onDidSaveTextDocument((document) => {
        const relevant = document.languageId === 'scim-mapping' || document.languageId === 'scim-scope' || document.languageId === 'scim-graph-schema';
        if (relevant && this.lastParams) void this.refresh(this.lastParams);
      }),
    );
  }

  private async refresh(params: ExplainLogsParams): Promise<void> {
    const client = this.client();
    if (!client) return;
    try {
      const response = await client.sendRequest<ExplainLogsResponse>(ExplainLogsRequestMethod, params);
      this.show(response);
      if (this.reportUri) this.provider.set(this.reportUri, response.markdown);
    } catch {
      // The last good explanation stays; the next save tries again.
    }
  }

  private activeMappingUri(): vscode.Uri | undefined {
    const isMapping = (document: vscode.TextDocument): boolean => document.languageId === 'scim-mapping' || document.languageId === 'scim-graph-schema';
    const editor = vscode.window.activeTextEditor;
    if (editor && isMapping(editor.document)) return editor.document.uri;
    return vscode.window.visibleTextEditors.find((e) => isMapping(e.document))?.document.uri;
  }

  async explain(options: ExplainLogsOptions = {}): Promise<ExplainLogsResponse | undefined> {
    if (!vscode.workspace.isTrusted) {
      void vscode.window.showWarningMessage('Explaining provisioning logs reads log files; trust this workspace to use it.');
      return undefined;
    }
    const client = this.client();
    const mappingUri = options.mappingUri ?? this.activeMappingUri();
    if (!client || !mappingUri) {
      void vscode.window.showWarningMessage('Open the *.mapping.json(c) file the provisioning job runs, then explain its logs.');
      return undefined;
    }
    let logUris = options.logUris;
    if (!logUris) {
      logUris = await vscode.window.showOpenDialog({
        canSelectMany: true,
        openLabel: 'Explain',
        title: 'Provisioning logs: Graph responses, the portal download (JSON, or its three CSV files), JSON Lines',
        filters: { 'Provisioning logs': ['json', 'jsonl', 'csv'] },
      });
      if (!logUris || logUris.length === 0) return undefined;
    }
    const params: ExplainLogsParams = { mappingUri: mappingUri.toString(), logUris: logUris.map((u) => u.toString()), now: options.now };
    const response = await client.sendRequest<ExplainLogsResponse>(ExplainLogsRequestMethod, params);
    this.lastParams = params;
    if (response.errors.length > 0) void vscode.window.showWarningMessage(response.errors[0]);
    this.show(response);

    const names = logUris.map((u) => u.path.split('/').pop() ?? 'logs').join(', ');
    this.reportUri = vscode.Uri.from({ scheme: PREVIEW_SCHEME, path: `/Provisioning logs ${names.replace(/[\\/]/g, '∕')}.md` });
    this.provider.set(this.reportUri, response.markdown);
    const document = await vscode.workspace.openTextDocument(this.reportUri);
    await vscode.languages.setTextDocumentLanguage(document, 'markdown');
    await vscode.window.showTextDocument(document, { viewColumn: vscode.ViewColumn.Beside, preview: true, preserveFocus: true });
    return response;
  }

  /** Diagnostics (information) and CodeLenses on the lines the failures come from. */
  private show(response: ExplainLogsResponse): void {
    this.diagnostics.clear();
    this.byDocument = new Map();
    for (const group of response.groups) {
      if (!group.location) continue;
      const list = this.byDocument.get(group.location.uri) ?? [];
      list.push(group);
      this.byDocument.set(group.location.uri, list);
    }
    for (const [uri, groups] of this.byDocument) {
      this.diagnostics.set(
        vscode.Uri.parse(uri),
        groups.map((g) => {
          const { start, end } = g.location!.range;
          const example = g.examples.length > 0 ? ` For example ${g.examples[0]}.` : '';
          const d = new vscode.Diagnostic(
            new vscode.Range(start.line, start.character, end.line, end.character),
            `${plural(g.count, 'provisioning failure')}: ${g.causeCode ?? 'unexplained'} — ${g.audience}.${example}${g.fix ? ` Fix: ${g.fix}` : ''}`,
            vscode.DiagnosticSeverity.Information,
          );
          d.source = 'SCIM Mapper logs';
          if (g.causeCode) d.code = g.causeCode;
          return d;
        }),
      );
    }
    this.lensesChanged.fire();
  }

  provideCodeLenses(document: vscode.TextDocument): vscode.CodeLens[] {
    const groups = this.byDocument.get(document.uri.toString()) ?? [];
    // One lens per line: groups on the same mapping add up.
    const byLine = new Map<number, { lastDay: number; count: number }>();
    for (const g of groups) {
      const line = g.location!.range.start.line;
      const sum = byLine.get(line) ?? { lastDay: 0, count: 0 };
      sum.lastDay += g.lastDay;
      sum.count += g.count;
      byLine.set(line, sum);
    }
    return [...byLine].map(([line, sum]) => {
      const title = sum.lastDay > 0 || sum.count === 0 ? `${plural(sum.lastDay, 'failure')} in the last 24 h` : `${plural(sum.count, 'failure')} in these logs (none in the last 24 h)`;
      return new vscode.CodeLens(new vscode.Range(line, 0, line, 0), { title, command: 'scimMapper.showLogsReport', arguments: [] });
    });
  }

  /** Opens the last report again (the CodeLens command). */
  async showReport(): Promise<void> {
    if (!this.reportUri) return;
    const document = await vscode.workspace.openTextDocument(this.reportUri);
    await vscode.window.showTextDocument(document, { viewColumn: vscode.ViewColumn.Beside, preview: true });
  }

  /** What the lenses show for a document (for tests). */
  lensTitles(uri: vscode.Uri): string[] {
    const doc = { uri } as vscode.TextDocument;
    return this.provideCodeLenses(doc).map((l) => l.command?.title ?? '');
  }

  dispose(): void {
    for (const d of this.disposables) d.dispose();
  }
}
