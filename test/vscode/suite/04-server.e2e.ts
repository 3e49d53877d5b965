/**
 * The language server's life in the editor: restarting it by command, and re-checking a mapping
 * when its scope file changes on disk (a file watcher event, not an edit in the editor).
 */
import * as assert from 'node:assert/strict';
import * as fs from 'node:fs';
import * as vscode from 'vscode';
import { State } from 'vscode-languageclient/node';
import { suite, test } from '../mocha';
import { api, countCode, nextEvent, open, poll, positionOf, setText, waitForDiagnostics, workspaceUri } from '../helpers';

suite('The language server in a real VS Code', () => {
  const gallery = workspaceUri('aws-iam-identity-center.mapping.jsonc');
  const broken = workspaceUri('broken', 'broken.mapping.jsonc');
  const scope = workspaceUri('engineering.scope.jsonc');

  test('SCIM Mapper: Restart Language Server restarts it and the editor keeps working', async () => {
    const { client, liveValues } = await api();
    const before = client();
    if (!before?.isRunning()) throw new Error('the server runs before the restart');
    await liveValues.setSample({ uri: workspaceUri('users', 'alice.user.json').toString() });

    const states: State[] = [];
    const subscription = before.onDidChangeState((e) => states.push(e.newState));
    const runningAgain = nextEvent(
      before.onDidChangeState,
      (e) => (states.includes(State.Stopped) && e.newState === State.Running ? true : undefined),
      'the server to stop and run again',
    );
    await vscode.commands.executeCommand('scimMapper.restartServer');
    await runningAgain;
    subscription.dispose();
    assert.deepEqual(states.slice(0, 1), [State.Stopped], `the server stopped first (states: ${states.join(', ')})`);
    assert.ok(client()?.isRunning(), 'the server runs after the restart');

    // The restarted server checks edits and still knows the live-values sample.
    const document = (await open(gallery)).document;
    const original = document.getText();
    await setText(document, original.replace('"[jobTitle]"', '"Joinn([jobTitle])"'));
    await waitForDiagnostics(
      gallery,
      (ds) => countCode(ds, 'expr-unknown-function') === 1,
      'expr-unknown-function after an edit',
    );
    await setText(document, original);
    await waitForDiagnostics(
      gallery,
      (ds) => countCode(ds, 'expr-unknown-function') === 0,
      'the diagnostic to go once the edit is undone',
    );
    const userNameLine = positionOf(document, '"target": "userName"').line;
    await poll(async () => {
      const range = new vscode.Range(0, 0, document.lineCount, 0);
      const hints =
        (await vscode.commands.executeCommand<vscode.InlayHint[]>('vscode.executeInlayHintProvider', gallery, range)) ?? [];
      return hints.some(
        (h) =>
          h.position.line === userNameLine &&
          String(typeof h.label === 'string' ? h.label : h.label.map((p) => p.value).join('')) === '= "alice@contoso.com"',
      );
    }, 'live values after the restart');
  });

  test('deleting and restoring a scope file on disk re-checks the mapping that uses it', async () => {
    await open(gallery);
    await waitForDiagnostics(
      gallery,
      (ds) => countCode(ds, 'scope-file-missing') === 0,
      'no scope-file-missing while the scope file exists',
    );
    const saved = fs.readFileSync(scope.fsPath);
    // Outside the editor, as `git checkout` or another tool would.
    fs.rmSync(scope.fsPath);
    try {
      const diagnostics = await waitForDiagnostics(
        gallery,
        (ds) => countCode(ds, 'scope-file-missing') === 1,
        'scope-file-missing after the scope file is deleted',
      );
      const missing = diagnostics.find((d) => String(d.code) === 'scope-file-missing');
      assert.equal(vscode.window.activeTextEditor?.document.getText(missing?.range), './engineering.scope.jsonc');
    } finally {
      fs.writeFileSync(scope.fsPath, saved);
    }
    await waitForDiagnostics(
      gallery,
      (ds) => countCode(ds, 'scope-file-missing') === 0,
      'scope-file-missing to go when the scope file is back',
    );
  });

  test("creating the missing scope file on disk clears the broken mapping's scope-file-missing", async () => {
    await open(broken);
    await waitForDiagnostics(
      broken,
      (ds) => countCode(ds, 'scope-file-missing') === 1,
      'scope-file-missing on the broken example',
    );
    const created = workspaceUri('broken', 'missing.scope.jsonc');
    fs.writeFileSync(
      created.fsPath,
      '{ "filters": [ { "clauses": [ { "attribute": "department", "operator": "EQUALS", "value": "Engineering" } ] } ] }\n',
    );
    try {
      await waitForDiagnostics(
        broken,
        (ds) => countCode(ds, 'scope-file-missing') === 0,
        'scope-file-missing to go once the file exists',
      );
    } finally {
      fs.rmSync(created.fsPath, { force: true });
    }
    await waitForDiagnostics(
      broken,
      (ds) => countCode(ds, 'scope-file-missing') === 1,
      'scope-file-missing again after the file is removed',
    );
  });
});
