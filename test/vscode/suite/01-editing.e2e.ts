/**
 * What a user sees while editing a mapping: activation, diagnostics, completion, hover and
 * formatting, through the real language client and the real server.
 */
import * as assert from 'node:assert/strict';
import { parse } from 'jsonc-parser';
import * as vscode from 'vscode';
import { suite, test } from '../mocha';
import {
  api,
  codeOf,
  describeDiagnostics,
  extension,
  labelOf,
  open,
  poll,
  positionOf,
  runCli,
  severityName,
  waitForDiagnostics,
  workspaceUri,
} from '../helpers';

interface CliDiagnostic {
  code: string;
  severity: string;
  message: string;
  range: { start: { line: number; character: number }; end: { line: number; character: number } };
}

const key = (code: string, severity: string, r: CliDiagnostic['range']): string =>
  `${code} ${severity} ${r.start.line}:${r.start.character}-${r.end.line}:${r.end.character}`;

suite('Editing a mapping in a real VS Code', () => {
  const gallery = workspaceUri('aws-iam-identity-center.mapping.jsonc');
  const broken = workspaceUri('broken', 'broken.mapping.jsonc');

  test('the extension activates when a mapping file is opened', async () => {
    const ext = extension();
    const scimOpen = vscode.workspace.textDocuments.some((d) => d.languageId.startsWith('scim-'));
    if (!scimOpen) assert.equal(ext.isActive, false, 'the extension activates on its languages, not at start-up');

    const editor = await open(gallery);
    assert.equal(editor.document.languageId, 'scim-mapping');
    await poll(() => ext.isActive, 'the extension to activate');
    const client = (await api()).client();
    assert.ok(client, 'the language client exists');
    await poll(() => client.isRunning(), 'the language server to run');
    assert.equal(client.initializeResult?.serverInfo?.name, 'scim-mapper-language-server');
  });

  test('the broken example shows the same diagnostics as the CLI: codes, severities and ranges', async () => {
    const cli = runCli(['check', '--format', 'json', broken.fsPath]);
    assert.equal(cli.status, 1, `the CLI reports errors: ${cli.stderr}`);
    const expected = (JSON.parse(cli.stdout) as CliDiagnostic[]).map((d) => key(d.code, d.severity, d.range)).sort();
    assert.ok(expected.length > 20, 'the broken example has many problems');

    await open(broken);
    const diagnostics = await waitForDiagnostics(
      broken,
      (ds) => ds.length >= expected.length,
      `${expected.length} diagnostics on broken.mapping.jsonc`,
    );
    const actual = diagnostics.map((d) => key(codeOf(d), severityName(d), { start: d.range.start, end: d.range.end })).sort();
    assert.deepEqual(actual, expected);
  });

  test('diagnostics underline exactly the offending text', async () => {
    const editor = await open(broken);
    const document = editor.document;
    const diagnostics = await waitForDiagnostics(
      broken,
      (ds) => ds.some((d) => codeOf(d) === 'expr-unknown-function'),
      'expr-unknown-function',
    );
    const textOf = (code: string, occurrence = 0): string => {
      const found = diagnostics.filter((d) => codeOf(d) === code)[occurrence];
      assert.ok(found, `a ${code} diagnostic (have ${describeDiagnostics(diagnostics)})`);
      return document.getText(found.range);
    };
    assert.equal(textOf('expr-unknown-function'), 'Joinn');
    assert.equal(textOf('expr-unknown-attribute', 0), '[GivenName]');
    assert.equal(textOf('expr-unknown-attribute', 1), '[mailNicknam]');
    assert.equal(textOf('target-unsupported'), 'password');
    assert.equal(textOf('target-unknown'), 'name.familyname');
    assert.equal(textOf('scope-unknown-operator'), 'STARTS WITH');
    const unknownFunction = diagnostics.find((d) => codeOf(d) === 'expr-unknown-function');
    assert.equal(unknownFunction?.severity, vscode.DiagnosticSeverity.Error);
    assert.match(unknownFunction?.message ?? '', /Did you mean Join\?/);
  });

  test('a JSON syntax error is reported as json-syntax', async () => {
    const uri = workspaceUri('broken', 'syntax-error.mapping.json');
    await open(uri);
    const diagnostics = await waitForDiagnostics(uri, (ds) => ds.some((d) => codeOf(d) === 'json-syntax'), 'json-syntax');
    assert.ok(diagnostics.every((d) => d.source === 'scim-mapper'));
  });

  test('completion in a target offers AWS IAM Identity Center attributes', async () => {
    const editor = await open(gallery);
    const position = positionOf(editor.document, '"title"', 1);
    const list = await vscode.commands.executeCommand<vscode.CompletionList>(
      'vscode.executeCompletionItemProvider',
      gallery,
      position,
    );
    const labels = new Set(list.items.map(labelOf));
    for (const expected of ['userName', 'name.familyName', 'emails[type eq "work"].value', 'externalId']) {
      assert.ok(labels.has(expected), `completion offers ${expected}`);
    }
    assert.ok(!labels.has('password'), 'attributes AWS rejects are not offered');
  });

  test('completion after [ offers Entra attributes', async () => {
    const editor = await open(gallery);
    const position = positionOf(editor.document, '[jobTitle]', 1);
    const list = await vscode.commands.executeCommand<vscode.CompletionList>(
      'vscode.executeCompletionItemProvider',
      gallery,
      position,
      '[',
    );
    const labels = new Set(list.items.map(labelOf));
    for (const expected of ['givenName', 'userPrincipalName', 'IsSoftDeleted', 'accountEnabled']) {
      assert.ok(labels.has(expected), `completion offers [${expected}]`);
    }
    const item = list.items.find((i) => labelOf(i) === 'givenName');
    assert.equal(item?.kind, vscode.CompletionItemKind.Variable);
  });

  test('hovering a function shows its signature and documentation', async () => {
    const editor = await open(gallery);
    const hovers = await vscode.commands.executeCommand<vscode.Hover[]>(
      'vscode.executeHoverProvider',
      gallery,
      positionOf(editor.document, 'Join(', 1),
    );
    const text = hovers
      .flatMap((h) => h.contents)
      .map((c) => (typeof c === 'string' ? c : c.value))
      .join('\n');
    assert.match(text, /Join\(separator, source1, source2/);
    assert.match(text, /Concatenates/);
  });

  test('Format Document tidies a mapping without changing its meaning', async () => {
    const uri = workspaceUri('messy.mapping.jsonc');
    const messy =
      '// written in a hurry\n{"target":"aws-iam-identity-center",\n"user":{"mappings":[{"target":"userName","source":"[userPrincipalName]","matchingPrecedence":1},\n' +
      '   {"target" : "displayName",   "source":"[displayName]"}]}}\n';
    await vscode.workspace.fs.writeFile(uri, Buffer.from(messy));
    const editor = await open(uri);
    await poll(() => editor.document.languageId === 'scim-mapping', 'the messy file to be a scim-mapping document');

    const edits = await vscode.commands.executeCommand<vscode.TextEdit[]>('vscode.executeFormatDocumentProvider', uri, {
      tabSize: 2,
      insertSpaces: true,
    });
    assert.ok(edits && edits.length > 0, 'the formatter has something to do');
    const applied = new vscode.WorkspaceEdit();
    applied.set(uri, edits);
    assert.ok(await vscode.workspace.applyEdit(applied));

    const formatted = editor.document.getText();
    assert.notEqual(formatted, messy);
    assert.deepEqual(parse(formatted), parse(messy), 'the same JSON after formatting');
    assert.ok(formatted.startsWith('// written in a hurry\n'), 'comments are kept');
    assert.ok(!formatted.includes('"target" : "displayName",   "source"'), 'spacing is normalised');
    const again = await vscode.commands.executeCommand<vscode.TextEdit[]>('vscode.executeFormatDocumentProvider', uri, {
      tabSize: 2,
      insertSpaces: true,
    });
    assert.equal(again?.length ?? 0, 0, 'formatting twice changes nothing');
    await vscode.commands.executeCommand('workbench.action.files.save');
  });
});
