import * as vscode from 'vscode';

/**
 * The walkthrough's first step: opens the getting-started mapping (shipped with the extension) as
 * a new, unsaved document. Nothing is written: the user saves it where they like, if at all. Its
 * scope is inline, so the example works without any other file; the dry run can use the built-in
 * demo user.
 */
export async function openExample(context: vscode.ExtensionContext): Promise<vscode.TextEditor> {
  const source = vscode.Uri.joinPath(context.extensionUri, 'walkthrough', 'example', 'getting-started.mapping.jsonc');
  const text = new TextDecoder().decode(await vscode.workspace.fs.readFile(source));
  const document = await vscode.workspace.openTextDocument({ language: 'scim-mapping', content: text });
  return vscode.window.showTextDocument(document);
}
