/**
 * The tenant commands in a real VS Code, against the Graph stand-in (test/graph-standin) running
 * in the extension host: Verify with Entra's Parser and Dry Run a Tenant User. The token comes
 * from a test token source instead of a Microsoft account; the modal dialogs of push and the
 * inputs of pull are not driven here (the CLI tests cover their logic).
 */
import * as assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import * as vscode from 'vscode';
import { insertMappingRecord } from '../../../server/src/cli/graph/record';
import type { VerifyCompareResponse } from '../../../server/src/protocol';
import { GraphStandin } from '../../graph-standin/standin';
import { suite, suiteSetup, suiteTeardown, test } from '../mocha';
import { api, workspaceUri } from '../helpers';

suite('Tenant commands against a Graph stand-in', () => {
  let standin: GraphStandin;
  let jobId: string;

  suiteSetup(async () => {
    standin = await new GraphStandin().start();
    jobId = standin.addJob('sp-e2e').id;
    standin.users.push({
      id: '5f8c2e1a-7b3d-4c6e-9a10-2b4d6f8a0c1e',
      userPrincipalName: 'alice@contoso.com',
      displayName: 'Alice Smith',
      givenName: 'Alice',
      surname: 'Smith',
      department: 'Engineering',
      accountEnabled: true,
      businessPhones: [],
    });
    await vscode.workspace.getConfiguration('scimMapper').update('graph.url', standin.url, vscode.ConfigurationTarget.Workspace);
    (await api()).tenant.useTestTokenSource(async () => standin.token);
  });
  suiteTeardown(async () => {
    (await api()).tenant.useTestTokenSource(undefined);
    await vscode.workspace.getConfiguration('scimMapper').update('graph.url', undefined, vscode.ConfigurationTarget.Workspace);
    await standin.close();
  });

  async function pulledMapping(): Promise<vscode.TextEditor> {
    const text = readFileSync(workspaceUri('aws-iam-identity-center.mapping.jsonc').fsPath, 'utf8');
    const withRecord = insertMappingRecord(text.slice(text.indexOf('{')), { servicePrincipalId: 'sp-e2e', jobId });
    const document = await vscode.workspace.openTextDocument({ language: 'scim-mapping', content: withRecord });
    return vscode.window.showTextDocument(document, { preview: false });
  }

  test("Verify with Entra's Parser sends every expression to parseExpression and reports agreement", async () => {
    await pulledMapping();
    const result = await vscode.commands.executeCommand<VerifyCompareResponse | undefined>('scimMapper.verifyWithEntra');
    assert.ok(result, 'the command returns the comparison');
    assert.equal(result.rows.length, 23);
    assert.deepEqual(
      result.rows.filter((r) => r.differences.length > 0),
      [],
    );
    assert.equal(standin.sent('POST', /\/parseExpression$/).length, 23);
    assert.ok(standin.requests.every((r) => r.headers.authorization === `Bearer ${standin.token}`));
  });

  test('Dry Run a Tenant User reads the user with $select and opens the dry-run report', async () => {
    await pulledMapping();
    standin.requests.length = 0;
    const panel = await vscode.commands.executeCommand<vscode.WebviewPanel | undefined>(
      'scimMapper.dryRunTenantUser',
      'alice@contoso.com',
    );
    assert.ok(panel, 'the dry-run report panel');
    assert.equal(panel.viewType, 'scimMapper.dryRunReport');
    assert.match(panel.title, /alice@contoso\.com \(Entra\)/);
    const request = standin.requests.find((r) => r.pathname === '/users/alice@contoso.com');
    assert.ok(request, 'the user was read');
    assert.ok(request.query.get('$select')?.split(',').includes('department'), 'with $select of the mapped attributes');
    const html = (await api()).dryRun.reportHtml(panel.title) ?? '';
    assert.match(html, /alice@contoso\.com/);
  });
});
