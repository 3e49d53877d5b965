import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import { TestClient } from './client';

const TEXT = `{
  "target": "aws-iam-identity-center",
  "user": {
    "mappings": [
      { "target": "userName", "source": "[userPrincipalName]", "matchingPrecedence": 1 },
      { "target": "displayName", "source": "[displayName]" },
      { "target": "name.givenName", "source": "[givenName]" },
      { "target": "name.familyName", "source": "[surname]" }
    ]
  }
}
`;

describe('language server: per-folder rule settings', () => {
  let client: TestClient;
  const asked: Array<{ scopeUri?: string; section?: string }> = [];

  before(async () => {
    client = new TestClient();
    // Folder settings: the "quiet" folder turns active-not-soft-delete off.
    client.connection.onRequest('workspace/configuration', (params: { items: Array<{ scopeUri?: string; section?: string }> }) =>
      params.items.map((item) => {
        asked.push(item);
        if (item.scopeUri?.startsWith('file:///quiet/')) return { rules: { 'active-not-soft-delete': 'off' } };
        if (item.scopeUri?.startsWith('file:///strict/')) return { rules: { 'active-not-soft-delete': 'error' } };
        return {};
      }),
    );
    await client.initialize({ workspace: { configuration: true } });
  });

  after(() => client.kill());

  it('asks for configuration with the document as scope and applies it to that document only', async () => {
    const quiet = 'file:///quiet/app.mapping.jsonc';
    const loud = 'file:///loud/app.mapping.jsonc';
    const quietDiagnostics = client.diagnostics(quiet, (p) => !p.diagnostics.some((d) => d.code === 'active-not-soft-delete'));
    const loudDiagnostics = client.diagnostics(loud, (p) => p.diagnostics.some((d) => d.code === 'active-not-soft-delete'));
    await client.open(quiet, 'scim-mapping', TEXT);
    await client.open(loud, 'scim-mapping', TEXT);
    await Promise.all([quietDiagnostics, loudDiagnostics]);
    assert.ok(asked.some((item) => item.scopeUri === quiet && item.section === 'scimMapper'));
  });

  it('the dry run of a document reports the check findings its diagnostics show, with its folder severities', async () => {
    const folders = { quiet: undefined, strict: 'error', loud: 'warning' } as const;
    const uriOf = (folder: string) => `file:///${folder}/dry.mapping.jsonc`;
    const shown = new Map<string, string | undefined>();
    const settled = Object.entries(folders).map(async ([folder, expected]) => {
      const published = await client.diagnostics(uriOf(folder), (p) => {
        const found = p.diagnostics.find((d) => d.code === 'active-not-soft-delete');
        return (found && LSP_SEVERITY[found.severity]) === expected;
      });
      const found = published.diagnostics.find((d) => d.code === 'active-not-soft-delete');
      shown.set(folder, found && LSP_SEVERITY[found.severity]);
    });
    for (const folder of Object.keys(folders)) await client.open(uriOf(folder), 'scim-mapping', TEXT);
    await Promise.all(settled);
    // Each document was checked last by someone else's settings at some point: the dry run must
    // take its own, whichever document the server checked last.
    for (const folder of [...Object.keys(folders), ...Object.keys(folders).reverse()]) {
      const response = await client.request<{ results: Array<{ problems: Array<{ code: string; severity: string }> }> }>(
        'scimMapper/dryRun',
        { mappingUri: uriOf(folder), object: 'user', sample: { text: SAMPLE, name: 'alice.json' } },
      );
      assert.equal(response.results.length, 1);
      const problem = response.results[0].problems.find((p) => p.code === 'active-not-soft-delete');
      assert.equal(problem?.severity, shown.get(folder), `${folder}: the dry run agrees with the diagnostics`);
      assert.equal(problem?.severity, folders[folder as keyof typeof folders], `${folder}: the folder's setting applies`);
    }
  });
});

const SAMPLE = JSON.stringify({
  userPrincipalName: 'alice@contoso.com',
  displayName: 'Alice Example',
  givenName: 'Alice',
  surname: 'Example',
});

/** LSP DiagnosticSeverity numbers as the service's severity names. */
const LSP_SEVERITY: Record<number, string> = { 1: 'error', 2: 'warning', 3: 'information', 4: 'hint' };
