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
        return item.scopeUri?.startsWith('file:///quiet/') ? { rules: { 'active-not-soft-delete': 'off' } } : {};
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
});
