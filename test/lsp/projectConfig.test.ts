/** The language server reads the project config of each file, and re-checks open files when a config changes. */
import assert from 'node:assert/strict';
import { mkdtempSync, realpathSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { pathToFileURL } from 'node:url';
import { after, before, describe, it } from 'node:test';
import { TestClient } from './client';

describe('language server: project config', () => {
  let client: TestClient;
  let dir: string;

  before(async () => {
    dir = realpathSync(mkdtempSync(join(tmpdir(), 'scim-lsp-config-')));
    client = new TestClient();
    await client.initialize({});
  });

  after(() => {
    client.kill();
    rmSync(dir, { recursive: true, force: true });
  });

  it('the nearest .scim-mapper.json sets severities and declares source attributes; a change is picked up', async () => {
    writeFileSync(
      join(dir, '.scim-mapper.json'),
      JSON.stringify({ rules: { 'expr-function-case': 'error' }, sourceAttributes: { user: [{ name: 'costCentre' }] } }),
    );
    const uri = pathToFileURL(join(dir, 'team.mapping.jsonc')).href;
    const text = `{
  "target": "aws-iam-identity-center",
  "user": {
    "mappings": [
      { "target": "userName", "source": "[userPrincipalName]", "matchingPrecedence": 1 },
      { "target": "active", "source": "Switch([IsSoftDeleted], , \\"False\\", \\"True\\", \\"True\\", \\"False\\")" },
      { "target": "displayName", "source": "[displayName]" },
      { "target": "name.givenName", "source": "[givenName]" },
      { "target": "name.familyName", "source": "[surname]" },
      { "target": "title", "source": "switch([costCentre], \\"x\\", \\"a\\", \\"b\\")" }
    ]
  }
}
`;
    const first = client.diagnostics(uri);
    await client.open(uri, 'scim-mapping', text, 1);
    const published = await first;
    assert.deepEqual(
      published.diagnostics.map((d) => [d.code, d.severity]),
      [['expr-function-case', 1]],
    );

    writeFileSync(join(dir, '.scim-mapper.json'), JSON.stringify({ rules: { 'expr-function-case': 'off' } }));
    const second = client.diagnostics(uri);
    await client.connection.sendNotification('workspace/didChangeWatchedFiles', {
      changes: [{ uri: pathToFileURL(join(dir, '.scim-mapper.json')).href, type: 2 }],
    });
    const after = await second;
    assert.deepEqual(
      after.diagnostics.map((d) => d.code),
      ['expr-unknown-attribute'],
    );
  });
});
