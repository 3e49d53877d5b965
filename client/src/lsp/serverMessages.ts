import * as vscode from 'vscode';
import type * as lsp from 'vscode-languageserver-protocol';
import type { Disposable, MessageConnection } from 'vscode-jsonrpc/node';

/** LSP's MessageType: 1 error, 2 warning, 3 info, 4 log, 5 debug. */
const SHOW: Record<number, typeof vscode.window.showInformationMessage> = {
  1: vscode.window.showErrorMessage,
  2: vscode.window.showWarningMessage,
};

function show(type: lsp.MessageType): typeof vscode.window.showInformationMessage {
  return SHOW[type] ?? vscode.window.showInformationMessage;
}

/**
 * What the server says to the user: its log (window/logMessage) goes to the output channel at the
 * matching level, messages (window/showMessage, window/showMessageRequest) become notifications.
 */
export function handleServerMessages(connection: MessageConnection, output: vscode.LogOutputChannel): Disposable[] {
  return [
    connection.onNotification('window/logMessage', ({ type, message }: lsp.LogMessageParams) => {
      if (type === 1) output.error(message);
      else if (type === 2) output.warn(message);
      else if (type === 3) output.info(message);
      else if (type === 5) output.debug(message);
      else output.appendLine(message);
    }),
    connection.onNotification('window/showMessage', ({ type, message }: lsp.ShowMessageParams) => void show(type)(message)),
    connection.onRequest('window/showMessageRequest', async ({ type, message, actions }: lsp.ShowMessageRequestParams) => {
      const chosen = await show(type)(message, ...(actions ?? []));
      return chosen ?? null;
    }),
  ];
}
