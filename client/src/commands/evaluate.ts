import * as vscode from 'vscode';
import type { LanguageClient } from 'vscode-languageclient/node';
import { EvaluateRequestMethod, type EvaluateParams, type EvaluateResponse } from '../../../server/src/protocol';

/** Evaluates the mapping under the cursor against the live-values sample and shows the value. */
export async function evaluateAtCursor(
  client: LanguageClient | undefined,
  output: vscode.OutputChannel,
): Promise<EvaluateResponse | undefined> {
  const editor = vscode.window.activeTextEditor;
  if (!client || (editor?.document.languageId !== 'scim-mapping' && editor?.document.languageId !== 'scim-graph-schema')) {
    void vscode.window.showWarningMessage('Put the cursor on a mapping in a *.mapping.json(c) file.');
    return undefined;
  }
  const params: EvaluateParams = { uri: editor.document.uri.toString(), position: editor.selection.active };
  const response = await client.sendRequest<EvaluateResponse>(EvaluateRequestMethod, params);
  const shown = response.message ?? `${response.target ?? 'value'} = ${JSON.stringify(response.value)} (${response.status})`;
  output.appendLine(`[evaluate] ${response.expression ?? ''} → ${shown}`);
  void vscode.window.showInformationMessage(shown);
  return response;
}
