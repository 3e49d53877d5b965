/**
 * The dry run and live values, as a user gets them: the command opens a Markdown preview beside
 * the mapping that holds the SCIM request Entra would send, and the chosen sample's values appear
 * next to each mapping as inlay hints.
 */
import * as assert from 'node:assert/strict';
import * as vscode from 'vscode';
import { suite, suiteTeardown, test } from '../mocha';
import { api, nextEvent, open, poll, positionOf, runCli, visibleEditorWithScheme, WAIT_MS, workspaceUri } from '../helpers';

const PREVIEW_SCHEME = 'scim-mapper-preview';

/** The JSON body after "`POST /Users`" in the preview's Markdown. */
function postBody(markdown: string): unknown {
  const match = /`POST \/Users`\s*```json\n([\s\S]*?)\n```/.exec(markdown);
  assert.ok(match, `the preview shows a POST /Users request:\n${markdown.slice(0, 2000)}`);
  return JSON.parse(match[1]);
}

async function hintLabels(uri: vscode.Uri, document: vscode.TextDocument): Promise<Map<number, string>> {
  const range = new vscode.Range(document.positionAt(0), document.positionAt(document.getText().length));
  const hints = (await vscode.commands.executeCommand<vscode.InlayHint[]>('vscode.executeInlayHintProvider', uri, range)) ?? [];
  const byLine = new Map<number, string>();
  for (const hint of hints) {
    const label = typeof hint.label === 'string' ? hint.label : hint.label.map((part) => part.value).join('');
    byLine.set(hint.position.line, label);
  }
  return byLine;
}

suite('Dry run and live values in a real VS Code', () => {
  const gallery = workspaceUri('aws-iam-identity-center.mapping.jsonc');
  const alice = workspaceUri('users', 'alice.user.json');
  const bob = workspaceUri('users', 'bob.graph-user.json');

  suiteTeardown(async () => {
    await vscode.workspace.getConfiguration('scimMapper').update('sampleUser', undefined, vscode.ConfigurationTarget.Workspace);
  });

  test('Dry Run Sample User opens a preview holding the SCIM request for the chosen user', async () => {
    await open(gallery);
    const shown = visibleEditorWithScheme(PREVIEW_SCHEME)
      ? Promise.resolve(visibleEditorWithScheme(PREVIEW_SCHEME)!)
      : nextEvent(vscode.window.onDidChangeVisibleTextEditors, (editors) => editors.find((e) => e.document.uri.scheme === PREVIEW_SCHEME), 'the dry-run preview to open');
    // The sample is passed as the command's argument, as a caller that skips the picker would.
    const returned = await vscode.commands.executeCommand<vscode.TextDocument | undefined>('scimMapper.dryRunUser', { uri: alice.toString() });
    const preview = await shown;
    assert.ok(returned, 'the command returns the preview document');
    assert.equal(preview.document.uri.toString(), returned.uri.toString());
    assert.equal(preview.document.languageId, 'markdown');
    assert.notEqual(preview.viewColumn, vscode.window.visibleTextEditors.find((e) => e.document.uri.toString() === gallery.toString())?.viewColumn, 'the preview opens beside the mapping');

    const markdown = preview.document.getText();
    assert.match(markdown, /^# Dry run: alice\.user\.json/);
    assert.match(markdown, /The user is \*\*in scope\*\*/);
    assert.match(markdown, /\*\*CREATE\*\*/);

    const body = postBody(markdown) as Record<string, unknown>;
    assert.equal(body.userName, 'alice@contoso.com');
    assert.deepEqual(body.name, { givenName: 'Alice', familyName: 'Smith', formatted: 'Alice Smith' });
    assert.equal(body.active, true);

    // The same request the CLI computes for the same files.
    const cli = runCli(['dry-run', gallery.fsPath, '--user', alice.fsPath, '--format', 'json']);
    assert.equal(cli.status, 0, cli.stderr);
    const result = JSON.parse(cli.stdout) as { requests: Array<{ method: string; path: string; body: unknown }> };
    const post = result.requests.find((r) => r.method === 'POST' && r.path === '/Users');
    assert.deepEqual(body, post?.body);
  });

  test('live values show the chosen sample user\'s values next to each mapping', async () => {
    const editor = await open(gallery);
    const document = editor.document;
    const userNameLine = positionOf(document, '"target": "userName"').line;
    const familyNameLine = positionOf(document, '"target": "name.familyName"').line;
    // The dry run above chose Alice; the hints follow once the server has the sample.
    const hints = await poll(async () => {
      const labels = await hintLabels(gallery, document);
      return labels.get(userNameLine) === '= "alice@contoso.com"' ? labels : undefined;
    }, 'a live value for userName with Alice');
    assert.equal(hints.get(familyNameLine), '= "Smith"');

    // Choosing another sample through the API (what the sample picker does) updates them.
    await (await api()).liveValues.setSample({ uri: bob.toString() });
    await poll(async () => (await hintLabels(gallery, document)).get(userNameLine) === '= "bob@contoso.com"', 'live values for Bob');
  });

  test('the scimMapper.sampleUser setting chooses the live-values sample', async () => {
    const document = (await open(gallery)).document;
    const userNameLine = positionOf(document, '"target": "userName"').line;
    await vscode.workspace.getConfiguration('scimMapper').update('sampleUser', 'users/alice.user.json', vscode.ConfigurationTarget.Workspace);
    await poll(async () => (await hintLabels(gallery, document)).get(userNameLine) === '= "alice@contoso.com"', 'live values for Alice from the setting', WAIT_MS);
  });
});
