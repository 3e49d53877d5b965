import * as vscode from 'vscode';
import type { LanguageClient } from 'vscode-languageclient/node';
import {
  ConvertToGraphRequestMethod,
  ConvertToMappingRequestMethod,
  type ConversionProblemInfo,
  type ConvertToGraphParams,
  type ConvertToGraphResponse,
  type ConvertToMappingParams,
  type ConvertToMappingResponse,
} from '../../../server/src/protocol';

/** The language id of Graph synchronization schemas (package.json `contributes.languages`). */
export const GRAPH_SCHEMA_LANGUAGE = 'scim-graph-schema';

function activeDocument(languages: string[]): vscode.TextDocument | undefined {
  const editor = vscode.window.activeTextEditor;
  if (editor && languages.includes(editor.document.languageId)) return editor.document;
  return vscode.window.visibleTextEditors.find((e) => languages.includes(e.document.languageId))?.document;
}

/** Problems to the output channel; a message that says how many, with a button to see them. */
function showProblems(output: vscode.OutputChannel, what: string, problems: ConversionProblemInfo[]): void {
  if (problems.length === 0) return;
  for (const p of problems) output.appendLine(`[${what}] ${p.severity}: ${p.message}`);
  const errors = problems.filter((p) => p.severity === 'error').length;
  const text =
    errors > 0
      ? `${what}: ${errors} thing${errors === 1 ? '' : 's'} could not be converted (see the output).`
      : `${what}: ${problems.length} warning${problems.length === 1 ? '' : 's'} (see the output).`;
  const shown =
    errors > 0
      ? vscode.window.showWarningMessage(text, 'Show Output')
      : vscode.window.showInformationMessage(text, 'Show Output');
  void shown.then((choice) => {
    if (choice) output.show(true);
  });
}

/**
 * The Graph commands: export a mapping file to a synchronization schema (optionally updating an
 * exported one), and import a schema as a mapping file. Results open as new, unsaved documents;
 * nothing is sent to Microsoft Graph.
 */
export class GraphCommands {
  constructor(
    private readonly client: () => LanguageClient | undefined,
    private readonly output: vscode.OutputChannel,
  ) {}

  /** "SCIM Mapper: Export to Graph Schema…". `baseUri` (tests, other commands) skips the question. */
  async exportToGraph(baseUri?: vscode.Uri | null): Promise<vscode.TextDocument | undefined> {
    const client = this.client();
    const document = activeDocument(['scim-mapping']);
    if (!client || !document) {
      void vscode.window.showWarningMessage('Open a *.mapping.json(c) file to export it as a Graph synchronization schema.');
      return undefined;
    }
    let base = baseUri ?? undefined;
    if (baseUri === undefined) {
      const choice = await vscode.window.showQuickPick(
        [
          {
            label: 'Update an exported schema…',
            detail:
              'Keeps its ids, directories and every field a mapping file does not manage (recommended: a PUT replaces the whole schema).',
            base: true,
          },
          {
            label: 'Start from the gallery template',
            detail: "AWS IAM Identity Center's template ids, no directories.",
            base: false,
          },
        ],
        { title: 'Export to Graph Schema', placeHolder: 'Base the schema on…' },
      );
      if (!choice) return undefined;
      if (choice.base) {
        const picked = await vscode.window.showOpenDialog({
          canSelectMany: false,
          openLabel: 'Use as base',
          filters: { 'Synchronization schema': ['json', 'jsonc'] },
        });
        if (!picked?.[0]) return undefined;
        base = picked[0];
      }
    }
    const params: ConvertToGraphParams = { uri: document.uri.toString(), baseUri: base?.toString() };
    const response = await client.sendRequest<ConvertToGraphResponse>(ConvertToGraphRequestMethod, params);
    showProblems(this.output, 'Export to Graph Schema', response.problems);
    if (!response.text) return undefined;
    const opened = await vscode.workspace.openTextDocument({ language: GRAPH_SCHEMA_LANGUAGE, content: response.text });
    await vscode.window.showTextDocument(opened, { preview: false });
    this.output.appendLine(`[Export to Graph Schema] To apply it:\n${response.request}`);
    return opened;
  }

  /** "SCIM Mapper: Import Graph Schema…": the active schema, or one picked from disk. */
  async importGraphSchema(schemaUri?: vscode.Uri): Promise<vscode.TextDocument | undefined> {
    const client = this.client();
    if (!client) return undefined;
    let uri = schemaUri ?? activeDocument([GRAPH_SCHEMA_LANGUAGE])?.uri;
    if (!uri) {
      const picked = await vscode.window.showOpenDialog({
        canSelectMany: false,
        openLabel: 'Import',
        filters: { 'Synchronization schema': ['json', 'jsonc'] },
      });
      if (!picked?.[0]) return undefined;
      uri = picked[0];
    }
    const params: ConvertToMappingParams = { uri: uri.toString() };
    const response = await client.sendRequest<ConvertToMappingResponse>(ConvertToMappingRequestMethod, params);
    showProblems(this.output, 'Import Graph Schema', response.problems);
    if (!response.text) return undefined;
    const opened = await vscode.workspace.openTextDocument({ language: 'scim-mapping', content: response.text });
    await vscode.window.showTextDocument(opened, { preview: false });
    return opened;
  }
}
