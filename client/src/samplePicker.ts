import * as vscode from 'vscode';
import { DEMO_USER } from './demoUser';
import type { SampleSource } from '../../server/src/protocol';

const PATTERNS = {
  user: '{**/*.user.json,**/*.user.jsonc,**/*.users.json,**/users/*.json,**/*.csv}',
  group: '{**/*.group.json,**/*.group.jsonc,**/*.groups.json,**/groups/*.json}',
} as const;

interface SampleItem extends vscode.QuickPickItem {
  sample: SampleSource;
  uri?: vscode.Uri;
}

/** Lets the user pick a sample file from the workspace (or the built-in demo user). */
export async function pickSample(object: 'user' | 'group'): Promise<SampleItem | undefined> {
  const files = await vscode.workspace.findFiles(PATTERNS[object], '**/node_modules/**', 200);
  const items: SampleItem[] = files
    .sort((a, b) => a.fsPath.localeCompare(b.fsPath))
    .map((uri) => ({ label: vscode.workspace.asRelativePath(uri), sample: { uri: uri.toString() }, uri }));
  if (object === 'user') {
    items.push({
      label: DEMO_USER.name,
      description: 'a made-up user in the Engineering department',
      sample: { text: DEMO_USER.text, name: DEMO_USER.name },
    });
  }
  if (items.length === 0) {
    void vscode.window.showWarningMessage('No sample group files found (*.group.json or groups/*.json).');
    return undefined;
  }
  return vscode.window.showQuickPick(items, { placeHolder: `Choose a sample ${object} to run through the mapping` });
}
