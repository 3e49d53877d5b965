/**
 * "SCIM Mapper: Explain provisioning logs…" as a user gets it: information diagnostics and a
 * CodeLens on the mapping lines the failures come from, and the grouped report beside the mapping.
 */
import * as assert from 'node:assert/strict';
import * as vscode from 'vscode';
import type { ExplainLogsResponse } from '../../../server/src/protocol';
import { suite, test } from '../mocha';
import { api, open, poll, visibleEditorWithScheme, workspaceUri } from '../helpers';

const PREVIEW_SCHEME = 'scim-mapper-preview';

suite('Explain provisioning logs in a real VS Code', () => {
  const gallery = workspaceUri('aws-iam-identity-center.mapping.jsonc');
  const logs = workspaceUri('logs', 'provisioning-logs.json');
  // The example log's entries are from 2026-12-06 08:00–08:25 UTC.
  const now = Date.parse('2026-12-06T12:00:00Z');

  test('diagnostics, CodeLenses and the report point at the mapping lines', async () => {
    await api();
    await open(gallery);
    const response = await vscode.commands.executeCommand<ExplainLogsResponse | undefined>('scimMapper.explainLogs', {
      logUris: [logs],
      now,
    });
    assert.ok(response, 'the command returns the explanation');
    assert.equal(response.failures, 13);
    assert.equal(response.successes, 1);

    const diagnostics = await poll(() => {
      const list = vscode.languages.getDiagnostics(gallery).filter((d) => d.source === 'SCIM Mapper logs');
      return list.length > 0 ? list : undefined;
    }, 'log diagnostics on the mapping');
    const surname = diagnostics.find((d) => d.code === 'required-missing');
    assert.ok(surname, 'a diagnostic for the missing surname');
    assert.equal(surname.severity, vscode.DiagnosticSeverity.Information);
    assert.equal(surname.range.start.line, 16, 'on the name.familyName mapping (line 17)');
    assert.match(
      surname.message,
      /^1 provisioning failure: required-missing — users without a surname\. For example bob@contoso\.com\./,
    );

    const lenses = (await vscode.commands.executeCommand<vscode.CodeLens[]>('vscode.executeCodeLensProvider', gallery)) ?? [];
    const byLine = new Map(lenses.filter((l) => l.command).map((l) => [l.range.start.line, l.command!.title]));
    assert.equal(byLine.get(16), '1 failure in the last 24 h');
    assert.equal(byLine.get(9), '3 failures in the last 24 h', 'userName: invalid characters, no matching value, anchor lost');

    const preview = await poll(() => visibleEditorWithScheme(PREVIEW_SCHEME), 'the report to open');
    const markdown = preview.document.getText();
    assert.match(markdown, /^# Provisioning logs: provisioning-logs\.json/);
    assert.match(
      markdown,
      /## 1 × required-missing `name\.familyName` — \[aws-iam-identity-center\.mapping\.jsonc:17\]\(file:\/\/[^)]*aws-iam-identity-center\.mapping\.jsonc#L17\)/,
    );
    assert.match(markdown, /## 1 × unexplained/);

    // A saved edit that moves the mapping moves its diagnostic.
    const editor = await open(gallery);
    await editor.edit((edit) => edit.insert(new vscode.Position(0, 0), '// moved down by one line\n'));
    await editor.document.save();
    await poll(
      () =>
        vscode.languages
          .getDiagnostics(gallery)
          .some((d) => d.source === 'SCIM Mapper logs' && d.code === 'required-missing' && d.range.start.line === 17),
      'the log diagnostic to follow the mapping',
    );
    await editor.edit((edit) => edit.delete(new vscode.Range(0, 0, 1, 0)));
    await editor.document.save();
  });
});
