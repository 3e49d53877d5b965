import * as vscode from 'vscode';
import { State, type LanguageClient } from 'vscode-languageclient/node';
import { DryRunCommands } from './commands/dryRun';
import { evaluateAtCursor } from './commands/evaluate';
import { GraphCommands } from './commands/graph';
import { ENTRA_SCHEME, EntraDocuments, TenantCommands } from './commands/tenant';
import { LogsCommands, type ExplainLogsOptions } from './commands/logs';
import { createLanguageClient } from './languageClient';
import { LiveValues } from './liveValues';
import { openExample } from './commands/example';
import { PREVIEW_SCHEME, PreviewProvider } from './preview';
import { openMappingLine } from './report/reportPanel';
import { registerCheckTasks } from './tasks';
import { StatusBar } from './statusBar';

let client: LanguageClient | undefined;

/** What the extension exposes to its tests (through `vscode.extensions.getExtension(...).exports`). */
export interface ExtensionApi {
  client(): LanguageClient | undefined;
  dryRun: DryRunCommands;
  liveValues: LiveValues;
  graph: GraphCommands;
  tenant: TenantCommands;
  logs: LogsCommands;
}

export async function activate(context: vscode.ExtensionContext): Promise<ExtensionApi> {
  const output = vscode.window.createOutputChannel('SCIM Mapper', { log: true });
  const statusBar = new StatusBar();
  const provider = new PreviewProvider();
  const liveValues = new LiveValues(() => client);
  const dryRun = new DryRunCommands(() => client, provider, liveValues);
  const graph = new GraphCommands(() => client, output);
  const entraDocuments = new EntraDocuments();
  const tenant = new TenantCommands(() => client, output, entraDocuments);
  context.subscriptions.push(output, statusBar, provider, liveValues, dryRun, entraDocuments);
  context.subscriptions.push(vscode.workspace.registerTextDocumentContentProvider(ENTRA_SCHEME, entraDocuments));
  const logs = new LogsCommands(() => client, provider, output);
  context.subscriptions.push(logs);
  context.subscriptions.push(vscode.workspace.registerTextDocumentContentProvider(PREVIEW_SCHEME, provider));

  const startClient = async (): Promise<void> => {
    client = createLanguageClient(context, output);
    client.onDidChangeState((e) => {
      statusBar.setState(e.newState === State.Running ? 'running' : e.newState === State.Starting ? 'starting' : 'stopped');
      // A server the client restarted after a crash starts without the live-values sample.
      if (e.newState === State.Running) void liveValues.resend();
    });
    await client.start();
    await liveValues.loadFromSettings();
  };

  // Commands exist even when the server failed to start, so "Restart" and "Show Output" still work.
  context.subscriptions.push(
    vscode.commands.registerCommand('scimMapper.dryRunUser', (sample?: unknown) =>
      dryRun.run('user', isSampleSource(sample) ? sample : undefined),
    ),
    vscode.commands.registerCommand('scimMapper.dryRunGroup', (sample?: unknown) =>
      dryRun.run('group', isSampleSource(sample) ? sample : undefined),
    ),
    vscode.commands.registerCommand('scimMapper.evaluateAtCursor', () => evaluateAtCursor(client, output)),
    vscode.commands.registerCommand('scimMapper.exportToGraph', (base?: unknown) =>
      graph.exportToGraph(base instanceof vscode.Uri || base === null ? base : undefined),
    ),
    vscode.commands.registerCommand('scimMapper.importGraphSchema', (schema?: unknown) =>
      graph.importGraphSchema(schema instanceof vscode.Uri ? schema : undefined),
    ),
    vscode.commands.registerCommand('scimMapper.restartServer', async () => {
      if (client) await client.restart();
      else await startClient();
      await liveValues.resend();
    }),
    vscode.commands.registerCommand('scimMapper.showOutput', () => output.show(true)),
    // The dry-run report's links: the only command its webview may run.
    vscode.commands.registerCommand('scimMapper.openMappingLine', (uri?: unknown, line?: unknown) => openMappingLine(uri, line)),
    vscode.commands.registerCommand('scimMapper.openExample', () => openExample(context)),
    registerCheckTasks(context),
    vscode.commands.registerCommand('scimMapper.pullFromEntra', () => tenant.pull()),
    vscode.commands.registerCommand('scimMapper.pushToEntra', () => tenant.push()),
    vscode.commands.registerCommand('scimMapper.dryRunTenantUser', (user?: unknown) =>
      tenant.dryRunTenantUser(typeof user === 'string' ? user : undefined),
    ),
    vscode.commands.registerCommand('scimMapper.verifyWithEntra', () => tenant.verify()),
    vscode.commands.registerCommand('scimMapper.explainLogs', (options?: ExplainLogsOptions) =>
      logs.explain(typeof options === 'object' && options !== null && !(options instanceof vscode.Uri) ? options : {}),
    ),
    vscode.commands.registerCommand('scimMapper.showLogsReport', () => logs.showReport()),
    liveValues.onDidChange((label) => statusBar.setSample(label)),
    vscode.window.onDidChangeActiveTextEditor((editor) => statusBar.update(editor)),
    // The server learns the workspace's trust at start; granting trust starts it again with it.
    vscode.workspace.onDidGrantWorkspaceTrust(() => void client?.restart()),
    vscode.workspace.onDidChangeConfiguration((e) => {
      if (e.affectsConfiguration('scimMapper.sampleUser')) void liveValues.loadFromSettings();
    }),
  );
  statusBar.update(vscode.window.activeTextEditor);

  try {
    await startClient();
  } catch (error) {
    statusBar.setState('stopped');
    output.appendLine(`The language server did not start: ${error instanceof Error ? error.message : String(error)}`);
  }
  return { client: () => client, dryRun, liveValues, graph, tenant, logs };
}

function isSampleSource(value: unknown): value is { uri: string } | { text: string; name: string } {
  return typeof value === 'object' && value !== null && ('uri' in value || ('text' in value && 'name' in value));
}

export async function deactivate(): Promise<void> {
  await client?.stop();
  client = undefined;
}
