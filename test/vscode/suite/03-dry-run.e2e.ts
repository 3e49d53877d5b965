/**
 * The dry run and live values, as a user gets them: the command opens a report (a webview) beside
 * the mapping that holds the SCIM request Entra would send, its links open mapping lines, and the
 * chosen sample's values appear next to each mapping as inlay hints.
 */
import * as assert from 'node:assert/strict';
import * as vscode from 'vscode';
import { suite, suiteTeardown, test } from '../mocha';
import { api, open, poll, positionOf, runCli, WAIT_MS, workspaceUri } from '../helpers';

/** The JSON body of the POST /Users request in the report's HTML (the copyable <pre>). */
function postBody(html: string): unknown {
  const match = /<pre id="request-\d+-\d+">POST \/Users\n\n([\s\S]*?)<\/pre>/.exec(html);
  assert.ok(match, `the report shows a POST /Users request:\n${html.slice(0, 2000)}`);
  const text = match[1]
    .replace(/&quot;/g, '"')
    .replace(/&#39;/g, "'")
    .replace(/&lt;/g, '<')
    .replace(/&gt;/g, '>')
    .replace(/&amp;/g, '&');
  return JSON.parse(text);
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

  test('Dry Run Sample User opens a report beside the mapping holding the SCIM request for the chosen user', async () => {
    await open(gallery);
    // The sample is passed as the command's argument, as a caller that skips the picker would.
    const panel = await vscode.commands.executeCommand<vscode.WebviewPanel | undefined>('scimMapper.dryRunUser', {
      uri: alice.toString(),
    });
    assert.ok(panel, 'the command returns the report panel');
    assert.equal(panel.viewType, 'scimMapper.dryRunReport');
    assert.match(panel.title, /^Dry run aws-iam-identity-center\.mapping\.jsonc with users\/alice\.user\.json$/);
    assert.notEqual(
      panel.viewColumn,
      vscode.window.visibleTextEditors.find((e) => e.document.uri.toString() === gallery.toString())?.viewColumn,
      'the report opens beside the mapping',
    );
    assert.deepEqual(
      panel.webview.options.enableCommandUris,
      ['scimMapper.openMappingLine'],
      'its links may run one command only',
    );

    const html = (await api()).dryRun.reportHtml(panel.title) ?? '';
    assert.match(html, /Content-Security-Policy" content="default-src 'none';/);
    assert.match(html, /<h1>Dry run: users\/alice\.user\.json<\/h1>/);
    assert.match(html, /The user is <strong>in scope<\/strong>/);
    assert.match(html, /<strong>CREATE<\/strong>/);
    assert.match(html, /<button class="copy"/);

    const body = postBody(html) as Record<string, unknown>;
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

  test("the report's links open the mapping at the line, through scimMapper.openMappingLine", async () => {
    await vscode.commands.executeCommand('scimMapper.openMappingLine', gallery.toString(), 12);
    const editor = await poll(() => {
      const active = vscode.window.activeTextEditor;
      return active?.document.uri.toString() === gallery.toString() && active.selection.active.line === 11 ? active : undefined;
    }, 'the mapping open at line 12');
    assert.equal(editor.selection.active.character, 0);
    // Anything but a file is ignored.
    await vscode.commands.executeCommand('scimMapper.openMappingLine', 'https://example.com/x', 1);
    assert.equal(vscode.window.activeTextEditor?.document.uri.toString(), gallery.toString());
  });

  test("the walkthrough's example opens as an unsaved mapping with one squiggle, and nothing is written", async () => {
    const editor = await vscode.commands.executeCommand<vscode.TextEditor>('scimMapper.openExample');
    assert.equal(editor.document.uri.scheme, 'untitled');
    assert.equal(editor.document.languageId, 'scim-mapping');
    const diagnostics = await poll(() => {
      const found = vscode.languages.getDiagnostics(editor.document.uri).filter((d) => d.source === 'scim-mapper');
      return found.length > 0 ? found : undefined;
    }, 'diagnostics on the example');
    assert.deepEqual(
      diagnostics.map((d) => (typeof d.code === 'object' ? d.code.value : d.code)),
      ['expr-unknown-attribute'],
    );
    await vscode.commands.executeCommand('workbench.action.revertAndCloseActiveEditor');
  });

  test('the scim-mapper task checks the whole workspace with the $scim-mapper problem matcher', async () => {
    const tasks = await vscode.tasks.fetchTasks({ type: 'scim-mapper' });
    assert.equal(tasks.length, 1);
    assert.equal(tasks[0].name, 'check workspace');
    assert.deepEqual(tasks[0].problemMatchers, ['$scim-mapper']);
  });

  test("live values show the chosen sample user's values next to each mapping", async () => {
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
    await poll(
      async () => (await hintLabels(gallery, document)).get(userNameLine) === '= "bob@contoso.com"',
      'live values for Bob',
    );
  });

  test('the scimMapper.sampleUser setting chooses the live-values sample', async () => {
    const document = (await open(gallery)).document;
    const userNameLine = positionOf(document, '"target": "userName"').line;
    await vscode.workspace
      .getConfiguration('scimMapper')
      .update('sampleUser', 'users/alice.user.json', vscode.ConfigurationTarget.Workspace);
    await poll(
      async () => (await hintLabels(gallery, document)).get(userNameLine) === '= "alice@contoso.com"',
      'live values for Alice from the setting',
      WAIT_MS,
    );
  });
});
