import * as vscode from 'vscode';

const TASK_TYPE = 'scim-mapper';

interface CheckTaskDefinition extends vscode.TaskDefinition {
  command: 'check';
  paths?: string[];
}

/**
 * Tasks of type "scim-mapper": `scim-mapper check` over a workspace folder, run by the CLI bundled
 * in the extension, with the `$scim-mapper` problem matcher, so Problems lists every file's
 * findings, not only open files'. Users can also write the task in tasks.json.
 */
function checkTask(
  context: vscode.ExtensionContext,
  folder: vscode.WorkspaceFolder,
  definition: CheckTaskDefinition,
): vscode.Task {
  const cli = vscode.Uri.joinPath(context.extensionUri, 'dist', 'cli.js').fsPath;
  const paths = definition.paths?.length ? definition.paths : ['.'];
  // The extension host's executable is Node (code-server) or Electron run as Node (desktop).
  const execution = new vscode.ProcessExecution(process.execPath, [cli, 'check', ...paths], {
    cwd: folder.uri.fsPath,
    env: { ELECTRON_RUN_AS_NODE: '1', NO_COLOR: '1' },
  });
  const task = new vscode.Task(definition, folder, 'check workspace', TASK_TYPE, execution, ['$scim-mapper']);
  task.group = vscode.TaskGroup.Build;
  task.detail = `scim-mapper check ${paths.join(' ')}`;
  return task;
}

export function registerCheckTasks(context: vscode.ExtensionContext): vscode.Disposable {
  return vscode.tasks.registerTaskProvider(TASK_TYPE, {
    provideTasks: () =>
      (vscode.workspace.workspaceFolders ?? [])
        .filter((f) => f.uri.scheme === 'file')
        .map((folder) => checkTask(context, folder, { type: TASK_TYPE, command: 'check' })),
    resolveTask: (task) => {
      const definition = task.definition as CheckTaskDefinition;
      const folder = typeof task.scope === 'object' ? task.scope : vscode.workspace.workspaceFolders?.[0];
      if (definition.command !== 'check' || !folder) return undefined;
      return checkTask(context, folder, definition);
    },
  });
}
