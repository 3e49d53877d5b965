import * as vscode from 'vscode';
import type { LanguageClient } from 'vscode-languageclient/node';
import { AWS_JOB_TEMPLATE_ID, jobsPathOf } from '../../../server/src/cli/graph/record';
import { provisioningLogsPath } from '../../../server/src/cli/logsTenant';
import {
  ExplainLogsRequestMethod,
  type ExplainLogsGroup,
  type ExplainLogsParams,
  type ExplainLogsResponse,
} from '../../../server/src/protocol';
import { connectGraph, messageOf } from '../graph/graphAccess';
import { PREVIEW_SCHEME, type PreviewProvider } from '../preview';

export interface ExplainLogsOptions {
  /** The log files (tests and other commands pass them; otherwise a file picker asks). */
  logUris?: vscode.Uri[];
  /** The mapping (default: the active or a visible mapping editor). */
  mappingUri?: vscode.Uri;
  /** "Now" for the last-24-hours counts (tests fix it). */
  now?: number;
  /** Read the last 24 hours from the tenant instead of files (signs in through VS Code). */
  tenant?: { servicePrincipalId: string; jobId?: string };
}

/** At most this many entries are read from the tenant into the editor; the CLI streams any number. */
const TENANT_LIMIT = 50_000;

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
    private readonly output?: vscode.OutputChannel,
  ) {
    this.disposables.push(
      this.diagnostics,
      this.lensesChanged,
      vscode.languages.registerCodeLensProvider(
        [{ language: 'scim-mapping' }, { language: 'scim-scope' }, { language: 'scim-graph-schema' }],
        this,
      ),
      // Saved edits move lines: explain again so diagnostics and lenses stay on the right mapping.
      vscode.workspace.onDidSaveTextDocument((document) => {
        const relevant =
          document.languageId === 'scim-mapping' ||
          document.languageId === 'scim-scope' ||
          document.languageId === 'scim-graph-schema';
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
    const isMapping = (document: vscode.TextDocument): boolean =>
      document.languageId === 'scim-mapping' || document.languageId === 'scim-graph-schema';
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
    let tenant = options.tenant;
    if (!logUris && !tenant) {
      const choice = await vscode.window.showQuickPick(
        [
          { label: 'Log files…', description: 'Graph responses, the portal download (JSON or CSV), JSON Lines', id: 'files' },
          {
            label: 'From the tenant…',
            description: 'the last 24 hours, through Microsoft Graph (AuditLog.Read.All, Directory.Read.All)',
            id: 'tenant',
          },
        ],
        { title: 'Explain provisioning logs' },
      );
      if (!choice) return undefined;
      if (choice.id === 'tenant') {
        const id = await vscode.window.showInputBox({
          title: 'Explain provisioning logs',
          prompt: 'Object id of the AWS IAM Identity Center enterprise application (its service principal)',
          ignoreFocusOut: true,
        });
        if (!id?.trim()) return undefined;
        tenant = { servicePrincipalId: id.trim() };
      }
    }
    let entriesText: string | undefined;
    let entriesName: string | undefined;
    if (tenant) {
      const read = await this.readTenant(tenant, options.now ?? Date.now());
      if (!read) return undefined;
      ({ entriesText, entriesName } = read);
      logUris = [];
    }
    if (!logUris) {
      logUris = await vscode.window.showOpenDialog({
        canSelectMany: true,
        openLabel: 'Explain',
        title: 'Provisioning logs: Graph responses, the portal download (JSON, or its three CSV files), JSON Lines',
        filters: { 'Provisioning logs': ['json', 'jsonl', 'csv'] },
      });
      if (!logUris || logUris.length === 0) return undefined;
    }
    const params: ExplainLogsParams = {
      mappingUri: mappingUri.toString(),
      logUris: logUris.map((u) => u.toString()),
      now: options.now,
      entriesText,
      entriesName,
    };
    const response = await client.sendRequest<ExplainLogsResponse>(ExplainLogsRequestMethod, params);
    this.lastParams = params;
    if (response.errors.length > 0) void vscode.window.showWarningMessage(response.errors[0]);
    this.show(response);

    const names = [...(entriesName ? [entriesName] : []), ...logUris.map((u) => u.path.split('/').pop() ?? 'logs')].join(', ');
    this.reportUri = vscode.Uri.from({ scheme: PREVIEW_SCHEME, path: `/Provisioning logs ${names.replace(/[\\/]/g, '∕')}.md` });
    this.provider.set(this.reportUri, response.markdown);
    const document = await vscode.workspace.openTextDocument(this.reportUri);
    await vscode.languages.setTextDocumentLanguage(document, 'markdown');
    await vscode.window.showTextDocument(document, { viewColumn: vscode.ViewColumn.Beside, preview: true, preserveFocus: true });
    return response;
  }

  /** The last 24 hours of the job's provisioning logs, read through Microsoft Graph by this client. */
  private async readTenant(
    tenant: { servicePrincipalId: string; jobId?: string },
    now: number,
  ): Promise<{ entriesText: string; entriesName: string } | undefined> {
    const output = this.output;
    try {
      return await vscode.window.withProgress(
        { location: vscode.ProgressLocation.Notification, title: 'SCIM Mapper: reading provisioning logs from Entra…' },
        async () => {
          const graph = await connectGraph('auditLogs', output ?? vscode.window.createOutputChannel('SCIM Mapper'));
          let jobId = tenant.jobId;
          if (!jobId) {
            const jobs: Array<{ id: string; templateId?: string }> = [];
            for await (const job of graph.getPages<{ id: string; templateId?: string }>(jobsPathOf(tenant.servicePrincipalId)))
              jobs.push(job);
            const aws = jobs.filter((j) => (j.templateId ?? '').toLowerCase() === AWS_JOB_TEMPLATE_ID.toLowerCase());
            jobId =
              aws.length === 1
                ? aws[0].id
                : await vscode.window.showQuickPick(
                    jobs.map((j) => j.id),
                    { title: 'Which provisioning job?' },
                  );
            if (!jobId) return undefined;
          }
          const entries: unknown[] = [];
          const path = provisioningLogsPath(jobId, {
            servicePrincipal: tenant.servicePrincipalId,
            since: new Date(now - 24 * 3600 * 1000).toISOString(),
            top: TENANT_LIMIT,
          });
          for await (const entry of graph.getPages<unknown>(path)) {
            entries.push(entry);
            if (entries.length >= TENANT_LIMIT) break;
          }
          return { entriesText: JSON.stringify(entries), entriesName: `${jobId} (last 24 h)` };
        },
      );
    } catch (error) {
      const message = messageOf(error);
      output?.appendLine(`[Explain provisioning logs] ${message}`);
      void vscode.window.showErrorMessage(
        `Reading provisioning logs failed: ${message.split('\n')[0]} (they need AuditLog.Read.All and Directory.Read.All).`,
      );
      return undefined;
    }
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
      const title =
        sum.lastDay > 0 || sum.count === 0
          ? `${plural(sum.lastDay, 'failure')} in the last 24 h`
          : `${plural(sum.count, 'failure')} in these logs (none in the last 24 h)`;
      return new vscode.CodeLens(new vscode.Range(line, 0, line, 0), {
        title,
        command: 'scimMapper.showLogsReport',
        arguments: [],
      });
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
