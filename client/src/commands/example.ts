import * as vscode from 'vscode';

const EXAMPLE_FILES = ['getting-started.mapping.jsonc', 'getting-started.scope.jsonc', 'alice.user.json'];
const FOLDER = 'scim-mapper-example';

/**
 * The walkthrough's first step: copies the getting-started files into `scim-mapper-example/` of
 * the first workspace folder (an existing file is never overwritten) and opens the mapping.
 * Without a folder the mapping opens as an untitled document (its scope file is then not found).
 */
export async function openExample(context: vscode.ExtensionContext): Promise<vscode.TextEditor | undefined> {
  const source = vscode.Uri.joinPath(context.extensionUri, 'walkthrough', 'example');
  const folder = vscode.workspace.workspaceFolders?.[0];
  if (!folder) {
    const text = new TextDecoder().decode(await vscode.workspace.fs.readFile(vscode.Uri.joinPath(source, EXAMPLE_FILES[0])));
    const document = await vscode.workspace.openTextDocument({ language: 'scim-mapping', content: text });
    return vscode.window.showTextDocument(document);
  }
  const target = vscode.Uri.joinPath(folder.uri, FOLDER);
  await vscode.workspace.fs.createDirectory(target);
  for (const name of EXAMPLE_FILES) {
    const destination = vscode.Uri.joinPath(target, name);
    try {
      await vscode.workspace.fs.stat(destination);
    } catch {
      await vscode.workspace.fs.copy(vscode.Uri.joinPath(source, name), destination, { overwrite: false });
    }
  }
  const document = await vscode.workspace.openTextDocument(vscode.Uri.joinPath(target, EXAMPLE_FILES[0]));
  return vscode.window.showTextDocument(document);
}
