import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { pathToFileURL } from 'node:url';
import { after, before, describe, it } from 'node:test';
import { fromRoot } from '../util/paths';
import { TestClient } from '../lsp/client';

const galleryUri = pathToFileURL(fromRoot('examples', 'aws-iam-identity-center.mapping.jsonc')).href;
const graphPath = fromRoot('examples', 'graph', 'aws-iam-identity-center.synchronization.json');
const graphUri = pathToFileURL(graphPath).href;
const aliceUri = pathToFileURL(fromRoot('examples', 'users', 'alice.user.json')).href;

describe('language server: Graph synchronization schemas', () => {
  let client: TestClient;

  before(async () => {
    client = new TestClient();
    await client.initialize();
  });

  after(() => client.kill());

  it('checks a document opened with the scim-graph-schema language id', async () => {
    const uri = 'file:///virtual/Downloaded schema.json';
    const text = readFileSync(fromRoot('examples', 'broken', 'broken.synchronization.jsonc'), 'utf8');
    const published = client.diagnostics(uri);
    await client.open(uri, 'scim-graph-schema', text);
    const codes = new Set((await published).diagnostics.map((d) => d.code));
    for (const code of ['graph-expression-mismatch', 'graph-unknown-flow-type', 'expr-unknown-function'])
      assert.ok(codes.has(code), code);
  });

  it('converts a mapping file to a schema, with the request that would apply it', async () => {
    const response = await client.request<{ text: string; problems: Array<{ severity: string }>; request: string }>(
      'scimMapper/convertToGraph',
      { uri: galleryUri },
    );
    assert.equal(response.text, readFileSync(graphPath, 'utf8'));
    assert.ok(response.problems.every((p) => p.severity === 'warning'));
    assert.match(
      response.request,
      /^PUT https:\/\/graph\.microsoft\.com\/v1\.0\/servicePrincipals\/\{servicePrincipalId\}\/synchronization\/jobs\/\{jobId\}\/schema\nAuthorization: Bearer \{token\}\nContent-Type: application\/json\n/,
    );
  });

  it('converts a schema to a mapping file', async () => {
    const response = await client.request<{ text: string; problems: unknown[] }>('scimMapper/convertToMapping', {
      uri: graphUri,
    });
    assert.match(response.text, /"target": "userName", "source": "\[userPrincipalName\]", "matchingPrecedence": 1/);
  });

  it('dry-runs a schema like a mapping file', async () => {
    const response = await client.request<{
      results: Array<{ requests: Array<{ method: string; body?: Record<string, unknown> }> }>;
    }>('scimMapper/dryRun', { mappingUri: graphUri, object: 'user', sample: { uri: aliceUri } });
    assert.equal(response.results[0].requests.find((r) => r.method === 'POST')?.body?.userName, 'alice@contoso.com');
  });
});
