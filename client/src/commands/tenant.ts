import { parse as parseJsonc } from 'jsonc-parser';
import * as vscode from 'vscode';
import type { LanguageClient } from 'vscode-languageclient/node';
import type { GraphClient } from '../../../server/src/cli/graph/client';
import {
  AWS_JOB_TEMPLATE_ID,
  graphFileText,
  insertMappingRecord,
  jobsPathOf,
  pulledFromOf,
  pulledRecord,
  schemaPathOf,
  withoutAnnotations,
  type PulledFrom,
} from '../../../server/src/cli/graph/record';
import {
  ConvertToGraphRequestMethod,
  ConvertToMappingRequestMethod,
  TenantPlanRequestMethod,
  VerifyCompareRequestMethod,
  type ConvertToGraphResponse,
  type ConvertToMappingResponse,
  type TenantPlanResponse,
  type VerifyCompareResponse,
} from '../../../server/src/protocol';
import type { CliIo } from '../../../server/src/cli/io';
import {
  applyState,
  describeSteps,
  provisioningChanges,
  provisioningPlanOf,
  putSettings,
  readJobStatus,
  readLiveSecrets,
  testConnection,
  type ProvisioningPlan,
} from '../../../server/src/cli/graph/provisioning';
import { connectGraph, messageOf, setTestTokenSource, type GraphPurpose } from '../graph/graphAccess';
import { GRAPH_SCHEMA_LANGUAGE } from './graph';

/** Read-only documents holding schemas from Entra (live) and the ones a push would send (new). */
export const ENTRA_SCHEME = 'scim-mapper-entra';

export class EntraDocuments implements vscode.TextDocumentContentProvider, vscode.Disposable {
  private readonly emitter = new vscode.EventEmitter<vscode.Uri>();
  readonly onDidChange = this.emitter.event;
  private readonly contents = new Map<string, string>();

  provideTextDocumentContent(uri: vscode.Uri): string {
    return this.contents.get(uri.toString()) ?? '';
  }

  set(path: string, content: string): vscode.Uri {
    const uri = vscode.Uri.from({ scheme: ENTRA_SCHEME, path });
    this.contents.set(uri.toString(), content);
    this.emitter.fire(uri);
    return uri;
  }

  dispose(): void {
    this.emitter.dispose();
  }
}

interface Job {
  id: string;
  templateId?: string;
  status?: { code?: string };
}

const CONSEQUENCES =
  'Saving replaces the whole schema and restarts provisioning: the next cycle is an initial cycle that re-evaluates every user and group in scope, and users and groups that leave scope get disabled in AWS IAM Identity Center (unless "skip out of scope deletions" is on).';

function safeName(text: string): string {
  return text.replace(/[^\w.-]+/g, '_').slice(0, 80);
}

/**
 * "Pull from Entra…", "Push to Entra…", "Dry run a tenant user…", "Verify with Entra's parser".
 * Each network step shows a progress notification; errors (Graph's code, message, request-id and
 * the permissions needed) go to a message and the output channel.
 */
export class TenantCommands {
  private lastServicePrincipal: string | undefined;

  constructor(
    private readonly client: () => LanguageClient | undefined,
    private readonly output: vscode.OutputChannel,
    private readonly documents: EntraDocuments,
  ) {}

  /** For the extension's own tests, which have no Microsoft account: a token source instead of VS Code's sign-in. */
  useTestTokenSource(source: ((purpose: GraphPurpose) => Promise<string>) | undefined): void {
    setTestTokenSource(source);
  }

  private trusted(): boolean {
    if (vscode.workspace.isTrusted) return true;
    void vscode.window.showWarningMessage('SCIM Mapper talks to Microsoft Graph only in trusted workspaces.');
    return false;
  }

  private step<T>(title: string, task: () => Promise<T>): Promise<T> {
    return Promise.resolve(
      vscode.window.withProgress({ location: vscode.ProgressLocation.Notification, title: `SCIM Mapper: ${title}` }, task),
    );
  }

  private fail(what: string, error: unknown): undefined {
    const message = messageOf(error);
    this.output.appendLine(`[${what}] ${message}`);
    void vscode.window.showErrorMessage(`${what}: ${message.split('\n')[0]}`, 'Show Output').then((choice) => {
      if (choice) this.output.show(true);
    });
    return undefined;
  }

  private async connect(purpose: GraphPurpose): Promise<GraphClient> {
    return this.step('Signing in to Microsoft…', () => connectGraph(purpose, this.output));
  }

  private async askServicePrincipal(): Promise<string | undefined> {
    const value = await vscode.window.showInputBox({
      title: 'Pull from Entra',
      prompt: 'Object id of the AWS IAM Identity Center enterprise application (its service principal)',
      value: this.lastServicePrincipal,
      ignoreFocusOut: true,
      validateInput: (v) => (v.trim() ? undefined : "Enter the service principal's object id."),
    });
    if (value?.trim()) this.lastServicePrincipal = value.trim();
    return value?.trim() || undefined;
  }

  private async pickJob(graph: GraphClient, servicePrincipalId: string): Promise<string | undefined> {
    const jobs = await this.step('Listing provisioning jobs…', async () => {
      const list: Job[] = [];
      for await (const job of graph.getPages<Job>(jobsPathOf(servicePrincipalId))) list.push(job);
      return list;
    });
    const aws = jobs.filter((j) => (j.templateId ?? '').toLowerCase() === AWS_JOB_TEMPLATE_ID.toLowerCase());
    if (aws.length === 1) return aws[0].id;
    if (jobs.length === 0) {
      void vscode.window.showErrorMessage(`Service principal ${servicePrincipalId} has no provisioning jobs.`);
      return undefined;
    }
    const picked = await vscode.window.showQuickPick(
      jobs.map((j) => ({
        label: j.id,
        description: `template ${j.templateId ?? '?'}${j.status?.code ? ` · ${j.status.code}` : ''}`,
      })),
      {
        title: aws.length === 0 ? 'No AWS IAM Identity Center job: pick a job' : 'Several AWS IAM Identity Center jobs: pick one',
      },
    );
    return picked?.label;
  }

  /** "SCIM Mapper: Pull from Entra…" */
  async pull(): Promise<vscode.TextDocument | undefined> {
    if (!this.trusted()) return undefined;
    try {
      const servicePrincipalId = await this.askServicePrincipal();
      if (!servicePrincipalId) return undefined;
      const graph = await this.connect('synchronization');
      const jobId = await this.pickJob(graph, servicePrincipalId);
      if (!jobId) return undefined;
      const schema = await this.step('Reading the schema…', () =>
        graph.get<Record<string, unknown>>(schemaPathOf(servicePrincipalId, jobId)),
      );
      const record = pulledRecord(servicePrincipalId, jobId, schema, graph.baseUrl);
      const graphText = graphFileText(schema, record);
      const format = await vscode.window.showQuickPick(
        [
          {
            label: 'Mapping file',
            detail: 'Our mapping format, scoping filters inline; push converts it back onto the live schema.',
            mapping: true,
          },
          {
            label: 'Graph synchronization schema',
            detail: 'Exactly as Graph returned it, directories included.',
            mapping: false,
          },
        ],
        { title: `Pull from Entra: job ${jobId}`, placeHolder: 'Open the schema as…' },
      );
      if (!format) return undefined;
      let content = graphText;
      let language = GRAPH_SCHEMA_LANGUAGE;
      if (format.mapping) {
        const client = this.client();
        if (!client) throw new Error('The language server is not running.');
        const uri = this.documents.set(`/live/${safeName(jobId)}.synchronization.json`, graphText);
        await vscode.workspace.openTextDocument(uri);
        const converted = await client.sendRequest<ConvertToMappingResponse>(ConvertToMappingRequestMethod, {
          uri: uri.toString(),
        });
        for (const p of converted.problems) this.output.appendLine(`[Pull from Entra] ${p.severity}: ${p.message}`);
        if (!converted.text) throw new Error('The schema could not be converted to a mapping file (see the output).');
        content = insertMappingRecord(converted.text, record);
        language = 'scim-mapping';
      }
      const opened = await vscode.workspace.openTextDocument({ language, content });
      await vscode.window.showTextDocument(opened, { preview: false });
      void vscode.window.showInformationMessage(
        `Pulled job ${jobId}${record.schemaVersion ? ` (schema version ${record.schemaVersion})` : ''}. Save it to keep it; Push to Entra finds the job again from its record.`,
      );
      return opened;
    } catch (error) {
      return this.fail('Pull from Entra', error);
    }
  }

  private activeTenantDocument(): vscode.TextDocument | undefined {
    const editor = vscode.window.activeTextEditor;
    const languages = ['scim-mapping', GRAPH_SCHEMA_LANGUAGE];
    if (editor && languages.includes(editor.document.languageId)) return editor.document;
    return vscode.window.visibleTextEditors.find((e) => languages.includes(e.document.languageId))?.document;
  }

  private async target(
    document: vscode.TextDocument,
    graph: () => Promise<GraphClient>,
  ): Promise<{ graph: GraphClient; servicePrincipalId: string; jobId: string; record?: PulledFrom } | undefined> {
    const kind = document.languageId === GRAPH_SCHEMA_LANGUAGE ? 'graph' : 'mapping';
    const record = pulledFromOf(document.getText(), kind);
    const servicePrincipalId = record?.servicePrincipalId ?? (await this.askServicePrincipal());
    if (!servicePrincipalId) return undefined;
    const client = await graph();
    const jobId = record?.jobId ?? (await this.pickJob(client, servicePrincipalId));
    if (!jobId) return undefined;
    return { graph: client, servicePrincipalId, jobId, record };
  }

  /** "SCIM Mapper: Push to Entra…": diff editor of live vs new, then a modal confirmation. */
  async push(): Promise<boolean> {
    if (!this.trusted()) return false;
    const document = this.activeTenantDocument();
    const client = this.client();
    if (!document || !client) {
      void vscode.window.showWarningMessage('Open a mapping file or a Graph synchronization schema to push it.');
      return false;
    }
    try {
      const errors = vscode.languages
        .getDiagnostics(document.uri)
        .filter((d) => d.severity === vscode.DiagnosticSeverity.Error).length;
      if (errors > 0) {
        const choice = await vscode.window.showWarningMessage(
          `The file has ${errors} error${errors === 1 ? '' : 's'}. Push it anyway?`,
          { modal: true, detail: 'Entra would provision with these errors; nothing has been sent yet.' },
          'Push Anyway',
        );
        if (choice !== 'Push Anyway') return false;
      }
      // The "provisioning" section (issue 17): the token comes from VS Code's environment, like the CLI's.
      let provisioning: ProvisioningPlan | undefined;
      if (document.languageId !== GRAPH_SCHEMA_LANGUAGE) {
        try {
          provisioning = provisioningPlanOf(document.getText(), process.env);
        } catch (error) {
          void vscode.window.showErrorMessage(`Push to Entra: ${messageOf(error)}`);
          return false;
        }
      }
      const target = await this.target(document, () => this.connect('synchronization'));
      if (!target) return false;
      const { graph, servicePrincipalId, jobId, record } = target;
      const liveSecrets = provisioning
        ? await this.step('Reading the provisioning settings…', () => readLiveSecrets(graph, servicePrincipalId))
        : undefined;
      const liveStatus = provisioning ? await readJobStatus(graph, servicePrincipalId, jobId) : undefined;
      const path = schemaPathOf(servicePrincipalId, jobId);
      const live = withoutAnnotations(
        await this.step('Reading the live schema…', () => graph.get<Record<string, unknown>>(path)),
      );
      const liveText = JSON.stringify(live, null, 2) + '\n';
      const liveUri = this.documents.set(`/live/${safeName(jobId)}.synchronization.json`, liveText);

      let next: Record<string, unknown>;
      if (document.languageId === GRAPH_SCHEMA_LANGUAGE) {
        next = withoutAnnotations(parseJsonc(document.getText(), [], { allowTrailingComma: true }) as Record<string, unknown>);
      } else {
        await vscode.workspace.openTextDocument(liveUri);
        const converted = await client.sendRequest<ConvertToGraphResponse>(ConvertToGraphRequestMethod, {
          uri: document.uri.toString(),
          baseUri: liveUri.toString(),
        });
        const problems = converted.problems.filter((p) => p.severity === 'error');
        for (const p of converted.problems) this.output.appendLine(`[Push to Entra] ${p.severity}: ${p.message}`);
        if (!converted.text) throw new Error('The mapping could not be converted onto the live schema (see the output).');
        if (problems.length > 0) {
          const choice = await vscode.window.showWarningMessage(
            `${problems.length} thing${problems.length === 1 ? '' : 's'} could not be converted faithfully. Push anyway?`,
            { modal: true, detail: problems.map((p) => p.message).join('\n') },
            'Push Anyway',
          );
          if (choice !== 'Push Anyway') return false;
        }
        next = JSON.parse(converted.text) as Record<string, unknown>;
      }
      if (typeof live.version === 'string') next.version = live.version;
      if (record?.schemaVersion && typeof live.version === 'string' && record.schemaVersion !== live.version) {
        const choice = await vscode.window.showWarningMessage(
          `The live schema changed since this file was pulled (version ${record.schemaVersion} then, ${live.version} now).`,
          {
            modal: true,
            detail: 'Pushing overwrites the changes made in Entra since. Pull again and redo your change to keep them.',
          },
          'Overwrite Live Changes',
        );
        if (choice !== 'Overwrite Live Changes') return false;
      }
      const schemaUnchanged = JSON.stringify(next) === JSON.stringify(live);
      if (schemaUnchanged && (!provisioning || !provisioningChanges(provisioning, liveSecrets, liveStatus))) {
        void vscode.window.showInformationMessage('Nothing to change: the live schema already says what this file says.');
        return false;
      }
      if (!schemaUnchanged) {
        const newUri = this.documents.set(`/new/${safeName(jobId)}.synchronization.json`, JSON.stringify(next, null, 2) + '\n');
        await vscode.commands.executeCommand(
          'vscode.diff',
          liveUri,
          newUri,
          `Entra (live) ↔ ${vscode.workspace.asRelativePath(document.uri)} (new)`,
          { preview: false },
        );
      }
      // With a provisioning section the confirmation lists the steps, in the order they run.
      const steps = provisioning
        ? describeSteps(
            provisioning,
            liveSecrets,
            liveStatus,
            schemaUnchanged ? 'unchanged, not sent' : 'replace the live schema (see the diff editor)',
          )
        : undefined;
      const confirmed = steps
        ? await vscode.window.showWarningMessage(
            `Push to Entra: apply these steps to job ${jobId}?`,
            {
              modal: true,
              detail: `${steps.join('\n')}\n\nThe first failure stops the rest.${schemaUnchanged ? '' : `\n\n${CONSEQUENCES}`}`,
            },
            'Push',
          )
        : await vscode.window.showWarningMessage(
            `Push to Entra: replace the live schema of job ${jobId}?`,
            {
              modal: true,
              detail: `${CONSEQUENCES}\n\nThe diff editor shows every change. The live schema opens as an unsaved document afterwards, to keep as a backup.`,
            },
            'Push',
          );
      if (confirmed !== 'Push') return false;
      const io: CliIo = {
        out: (text) => this.output.append(`[Push to Entra] ${text}`),
        err: (text) => this.output.append(`[Push to Entra] ${text}`),
        colour: false,
      };
      if (provisioning) {
        if (!(await this.step('Test Connection…', () => testConnection(io, graph, provisioning, servicePrincipalId, jobId)))) {
          void vscode.window.showErrorMessage(
            "Push to Entra: Test Connection failed; nothing else was sent (see the output for Entra's message).",
          );
          return false;
        }
        await this.step('Saving the provisioning settings…', () =>
          putSettings(io, graph, provisioning, servicePrincipalId, liveSecrets),
        );
        if (schemaUnchanged) {
          await this.step('Switching provisioning…', () =>
            applyState(io, graph, provisioning, servicePrincipalId, jobId, liveStatus),
          );
          void vscode.window.showInformationMessage(`Pushed the provisioning settings to job ${jobId}.`);
          return true;
        }
      }
      const again = withoutAnnotations(
        await this.step('Checking the live schema again…', () => graph.get<Record<string, unknown>>(path)),
      );
      if (JSON.stringify(again) !== JSON.stringify(live)) {
        void vscode.window.showErrorMessage(
          'The live schema changed while you were reviewing; nothing was sent. Run Push to Entra again to see the new changes.',
        );
        return false;
      }
      await this.step('Saving the schema (PUT)…', () => graph.put(path, next));
      if (provisioning)
        await this.step('Switching provisioning…', () =>
          applyState(io, graph, provisioning, servicePrincipalId, jobId, liveStatus),
        );
      const backup = await vscode.workspace.openTextDocument({
        language: GRAPH_SCHEMA_LANGUAGE,
        content: graphFileText(live, pulledRecord(servicePrincipalId, jobId, live, graph.baseUrl)),
      });
      await vscode.window.showTextDocument(backup, { preview: false, preserveFocus: true });
      void vscode.window.showInformationMessage(
        `Pushed to job ${jobId}. Provisioning restarts with an initial cycle. The previous live schema is open unsaved: save it to keep a backup.`,
      );
      return true;
    } catch (error) {
      this.fail('Push to Entra', error);
      return false;
    }
  }

  /** "SCIM Mapper: Dry Run a Tenant User…": reads the user from Graph and runs the usual dry run. */
  async dryRunTenantUser(key?: string): Promise<unknown> {
    if (!this.trusted()) return undefined;
    const document = this.activeTenantDocument();
    const client = this.client();
    if (!document || !client) {
      void vscode.window.showWarningMessage('Open a mapping file to dry-run a tenant user against it.');
      return undefined;
    }
    try {
      const user =
        key ??
        (
          await vscode.window.showInputBox({
            title: 'Dry run a tenant user',
            prompt: 'User principal name or object id',
            ignoreFocusOut: true,
          })
        )?.trim();
      if (!user) return undefined;
      const plan = await client.sendRequest<TenantPlanResponse>(TenantPlanRequestMethod, { uri: document.uri.toString() });
      const graph = await this.connect('directory');
      const query = `$select=${plan.user.select.join(',')}${plan.user.expandManager ? '&$expand=manager($select=id,displayName,userPrincipalName)' : ''}`;
      const found = await this.step(`Reading ${user}…`, () =>
        graph.get<Record<string, unknown>>(`/users/${encodeURIComponent(user)}?${query}`),
      );
      return vscode.commands.executeCommand('scimMapper.dryRunUser', { text: JSON.stringify(found), name: `${user} (Entra)` });
    } catch (error) {
      return this.fail('Dry run a tenant user', error);
    }
  }

  /** "SCIM Mapper: Verify with Entra's Parser": each expression through parseExpression. */
  async verify(): Promise<VerifyCompareResponse | undefined> {
    if (!this.trusted()) return undefined;
    const document = this.activeTenantDocument();
    const client = this.client();
    if (!document || !client) {
      void vscode.window.showWarningMessage('Open a mapping file to verify its expressions with Entra.');
      return undefined;
    }
    try {
      const target = await this.target(document, () => this.connect('synchronization'));
      if (!target) return undefined;
      const plan = await client.sendRequest<TenantPlanResponse>(TenantPlanRequestMethod, { uri: document.uri.toString() });
      const endpoint = `${schemaPathOf(target.servicePrincipalId, target.jobId)}/parseExpression`;
      const answers = await this.step(`Asking Entra's parser about ${plan.verify.length} expressions…`, async () => {
        const list: unknown[] = [];
        for (const item of plan.verify) list.push(await target.graph.post(endpoint, { expression: item.expression }));
        return list;
      });
      const result = await client.sendRequest<VerifyCompareResponse>(VerifyCompareRequestMethod, {
        uri: document.uri.toString(),
        answers,
      });
      const differ = result.rows.filter((r) => r.differences.length > 0);
      this.output.appendLine(
        `[Verify with Entra's parser] job ${target.jobId}: ${result.rows.length} expressions, ${differ.length} differ.`,
      );
      for (const row of result.rows)
        this.output.appendLine(
          `  ${row.object} ${row.target}: ${row.differences.length ? `DIFFERS: ${row.differences.join('; ')}` : 'agrees'}`,
        );
      if (differ.length === 0)
        void vscode.window.showInformationMessage(`Entra's parser agrees on all ${result.rows.length} expressions.`);
      else {
        void vscode.window
          .showWarningMessage(
            `Entra's parser differs on ${differ.length} expression${differ.length === 1 ? '' : 's'}: please report it to the SCIM Mapper project.`,
            'Show Output',
          )
          .then((choice) => {
            if (choice) this.output.show(true);
          });
      }
      return result;
    } catch (error) {
      return this.fail("Verify with Entra's parser", error);
    }
  }
}
