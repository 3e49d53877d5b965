/**
 * The rest of what the language client maps between LSP and VS Code (vscode-languageclient), each through
 * the editor's own API commands: signature help with label offsets, snippet completions, document
 * symbols, folding, links, go to definition, semantic tokens and range formatting. Last, the
 * server crashes and the client starts it again, with the live-values sample restored.
 */
import * as assert from 'node:assert/strict';
import * as vscode from 'vscode';
import { State } from 'vscode-languageclient/node';
import { suite, test } from '../mocha';
import {
  api,
  countCode,
  labelOf,
  nextEvent,
  open,
  poll,
  positionOf,
  setText,
  waitForDiagnostics,
  workspaceUri,
} from '../helpers';

suite('Language features through the language client', () => {
  const gallery = workspaceUri('aws-iam-identity-center.mapping.jsonc');

  test('signature help names the active parameter by its offsets in the label', async () => {
    const document = (await open(gallery)).document;
    const help = await vscode.commands.executeCommand<vscode.SignatureHelp>(
      'vscode.executeSignatureHelpProvider',
      gallery,
      positionOf(document, '[givenName], [surname])', 1),
    );
    const signature = help.signatures[help.activeSignature];
    assert.match(signature.label, /^Join\(separator, source1/);
    const active = signature.parameters[help.activeParameter].label;
    assert.ok(Array.isArray(active), 'parameters are given as label offsets');
    assert.match(signature.label.slice(active[0], active[1]), /^source1\b/);
    assert.ok(signature.documentation instanceof vscode.MarkdownString || typeof signature.documentation === 'string');
  });

  test('function completions are snippets that open the parameter hints', async () => {
    // A function name not yet followed by "(": the completion inserts the call with placeholders.
    const uri = workspaceUri('snippet.mapping.jsonc');
    await vscode.workspace.fs.writeFile(
      uri,
      Buffer.from('{"target":"aws-iam-identity-center","user":{"mappings":[{"target":"title","source":"Jo"}]}}\n'),
    );
    const document = (await open(uri)).document;
    const list = await vscode.commands.executeCommand<vscode.CompletionList>(
      'vscode.executeCompletionItemProvider',
      uri,
      positionOf(document, 'Jo"', 2),
    );
    const join = list.items.find((item) => labelOf(item) === 'Join');
    assert.ok(join, `Join is offered (${list.items.slice(0, 10).map(labelOf).join(', ')}…)`);
    assert.ok(join.insertText instanceof vscode.SnippetString, 'a snippet with placeholders');
    assert.equal(join.command?.command, 'editor.action.triggerParameterHints');
    assert.equal(join.kind, vscode.CompletionItemKind.Function);
    assert.ok(join.documentation instanceof vscode.MarkdownString, 'Markdown documentation');
  });

  test('the outline is hierarchical and the file folds', async () => {
    await open(gallery);
    const symbols = await vscode.commands.executeCommand<vscode.DocumentSymbol[]>(
      'vscode.executeDocumentSymbolProvider',
      gallery,
    );
    assert.ok(symbols.length > 0, 'symbols');
    const nested = symbols.flatMap((s) => s.children ?? []);
    assert.ok(nested.length > 0, 'symbols have children');
    const folds = await vscode.commands.executeCommand<vscode.FoldingRange[]>('vscode.executeFoldingRangeProvider', gallery);
    assert.ok(
      folds.some((f) => f.end > f.start),
      'folding ranges',
    );
  });

  test('the scope path is a link and goes to the scope file', async () => {
    const document = (await open(gallery)).document;
    const links = await vscode.commands.executeCommand<vscode.DocumentLink[]>('vscode.executeLinkProvider', gallery);
    assert.ok(
      links.some((l) => l.target?.path.endsWith('/engineering.scope.jsonc')),
      `a link to the scope file (${links.map((l) => l.target?.toString()).join(', ')})`,
    );
    const targets = await vscode.commands.executeCommand<(vscode.Location | vscode.LocationLink)[]>(
      'vscode.executeDefinitionProvider',
      gallery,
      positionOf(document, './engineering.scope.jsonc', 3),
    );
    const uris = targets.map((t) => ('targetUri' in t ? t.targetUri : t.uri).path);
    assert.ok(
      uris.some((p) => p.endsWith('/engineering.scope.jsonc')),
      `definition in the scope file (${uris.join(', ')})`,
    );
  });

  test("expressions get semantic tokens from the server's legend", async () => {
    await open(gallery);
    const legend = await vscode.commands.executeCommand<vscode.SemanticTokensLegend>(
      'vscode.provideDocumentSemanticTokensLegend',
      gallery,
    );
    assert.ok(legend.tokenTypes.includes('function'), `legend: ${legend.tokenTypes.join(', ')}`);
    const tokens = await vscode.commands.executeCommand<vscode.SemanticTokens>('vscode.provideDocumentSemanticTokens', gallery);
    assert.ok(tokens.data.length > 0 && tokens.data.length % 5 === 0, "tokens in LSP's five-number encoding");
  });

  test('Format Selection formats only the selected lines', async () => {
    const uri = workspaceUri('messy-range.mapping.jsonc');
    const messy =
      '{"target":"aws-iam-identity-center",\n"user":{"mappings":[\n{"target" : "userName",   "source":"[userPrincipalName]","matchingPrecedence":1}]}}\n';
    await vscode.workspace.fs.writeFile(uri, Buffer.from(messy));
    await open(uri);
    const range = new vscode.Range(2, 0, 2, 80);
    const edits = await vscode.commands.executeCommand<vscode.TextEdit[]>('vscode.executeFormatRangeProvider', uri, range, {
      tabSize: 2,
      insertSpaces: true,
    });
    assert.ok(edits && edits.length > 0, 'the range formatter has something to do');
    assert.ok(
      edits.every((e) => e.range.start.line >= 1 && e.range.end.line <= 3),
      `edits stay near the selection (${edits.map((e) => `${e.range.start.line}-${e.range.end.line}`).join(', ')})`,
    );
  });

  test('a crashed server is started again and gets the live-values sample back', async () => {
    const { client, liveValues } = await api();
    const current = client();
    if (!current?.isRunning()) throw new Error('the server runs before the crash');
    await liveValues.setSample({ uri: workspaceUri('users', 'alice.user.json').toString() });
    const document = (await open(gallery)).document;

    const runningAgain = nextEvent(
      current.onDidChangeState,
      (e) => (e.newState === State.Running ? true : undefined),
      'the server to run again after the crash',
    );
    // `exit` without `shutdown` makes the server end with status 1, as a crash would.
    await current.sendNotification('exit');
    await runningAgain;
    assert.equal(client(), current, 'the same client restarts its server');

    const original = document.getText();
    await setText(document, original.replace('"[jobTitle]"', '"Joinn([jobTitle])"'));
    await waitForDiagnostics(
      gallery,
      (ds) => countCode(ds, 'expr-unknown-function') === 1,
      'diagnostics from the restarted server',
    );
    await setText(document, original);
    await waitForDiagnostics(
      gallery,
      (ds) => countCode(ds, 'expr-unknown-function') === 0,
      'the diagnostic to go once the edit is undone',
    );
    const userNameLine = positionOf(document, '"target": "userName"').line;
    await poll(async () => {
      const hints =
        (await vscode.commands.executeCommand<vscode.InlayHint[]>(
          'vscode.executeInlayHintProvider',
          gallery,
          new vscode.Range(0, 0, document.lineCount, 0),
        )) ?? [];
      return hints.some(
        (h) =>
          h.position.line === userNameLine &&
          (typeof h.label === 'string' ? h.label : h.label.map((p) => p.value).join('')) === '= "alice@contoso.com"',
      );
    }, 'live values after the crash');
  });
});
