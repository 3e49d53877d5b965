import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { pathToFileURL } from 'node:url';
import { after, before, describe, it } from 'node:test';
import { fromRoot } from '../util/paths';
import { TestClient } from './client';

const brokenPath = fromRoot('examples', 'broken', 'broken.mapping.jsonc');
const brokenUri = pathToFileURL(brokenPath).href;
const galleryUri = pathToFileURL(fromRoot('examples', 'aws-iam-identity-center.mapping.jsonc')).href;
const aliceUri = pathToFileURL(fromRoot('examples', 'users', 'alice.user.json')).href;

/** Applies LSP text edits (non-overlapping) to a text. */
function applyEdits(
  text: string,
  edits: Array<{
    range: { start: { line: number; character: number }; end: { line: number; character: number } };
    newText: string;
  }>,
): string {
  const lines = text.split('\n');
  const offset = (p: { line: number; character: number }): number =>
    lines.slice(0, p.line).reduce((n, l) => n + l.length + 1, 0) + p.character;
  return [...edits]
    .sort((a, b) => offset(b.range.start) - offset(a.range.start))
    .reduce((acc, e) => acc.slice(0, offset(e.range.start)) + e.newText + acc.slice(offset(e.range.end)), text);
}

describe('language server over stdio (push diagnostics)', () => {
  let client: TestClient;

  before(async () => {
    client = new TestClient();
  });

  after(() => client.kill());

  it('initializes with the capabilities the editor features need', async () => {
    const { capabilities } = await client.initialize({
      textDocument: { completion: { completionItem: { snippetSupport: true } } },
    });
    for (const key of [
      'completionProvider',
      'hoverProvider',
      'signatureHelpProvider',
      'codeActionProvider',
      'documentSymbolProvider',
      'documentFormattingProvider',
      'documentLinkProvider',
      'semanticTokensProvider',
      'inlayHintProvider',
    ]) {
      assert.ok(capabilities[key], `missing ${key}`);
    }
    assert.equal(capabilities.diagnosticProvider, undefined, 'a client without pull support gets pushed diagnostics');
  });

  it('publishes diagnostics with our codes after didOpen', async () => {
    const text = readFileSync(brokenPath, 'utf8');
    const published = client.diagnostics(brokenUri);
    await client.open(brokenUri, 'scim-mapping', text);
    const { diagnostics } = await published;
    const codes = new Set(diagnostics.map((d) => d.code));
    for (const code of [
      'expr-unknown-function',
      'target-multi-valued',
      'matching-not-filterable',
      'required-missing',
      'scope-invalid-regex',
    ])
      assert.ok(codes.has(code), code);
    assert.ok(diagnostics.every((d) => d.source === 'scim-mapper'));
  });

  it('re-checks after didChange', async () => {
    const text =
      '{ "target": "aws-iam-identity-center", "user": { "mappings": [ { "target": "nickName", "source": "Joinn([mail])" } ] } }';
    const uri = 'file:///virtual/edit.mapping.json';
    const first = client.diagnostics(uri, (p) => p.version === 1);
    await client.open(uri, 'scim-mapping', text, 1);
    assert.ok((await first).diagnostics.some((d) => d.code === 'expr-unknown-function'));
    const second = client.diagnostics(uri, (p) => p.version === 2);
    await client.change(uri, 2, text.replace('Joinn', 'Join'));
    assert.ok(!(await second).diagnostics.some((d) => d.code === 'expr-unknown-function'));
  });

  it('answers completion at a target with AWS attributes', async () => {
    const text = '{ "target": "aws-iam-identity-center", "user": { "mappings": [ { "target": "", "source": "[mail]" } ] } }';
    const uri = 'file:///virtual/complete.mapping.json';
    await client.open(uri, 'scim-mapping', text);
    const character = text.indexOf('"target": ""') + '"target": "'.length;
    const result = await client.request<{ items: Array<{ label: string }> }>('textDocument/completion', {
      textDocument: { uri },
      position: { line: 0, character },
    });
    const labels = result.items.map((i) => i.label);
    assert.ok(labels.includes('userName'));
    assert.ok(labels.includes('emails[type eq "work"].value'));
    assert.ok(!labels.includes('password'), 'unsupported targets are not offered');
  });

  it('offers a quick fix whose edit removes the diagnostic', async () => {
    const uri = 'file:///virtual/fix.mapping.json';
    const text =
      '{ "target": "aws-iam-identity-center", "user": { "mappings": [ { "target": "userName", "source": "[userPrincipalNam]", "matchingPrecedence": 1 } ] } }';
    const published = client.diagnostics(uri, (p) => p.version === 1);
    await client.open(uri, 'scim-mapping', text, 1);
    const diagnostic = (await published).diagnostics.find((d) => d.code === 'expr-unknown-attribute');
    assert.ok(diagnostic);
    const actions = await client.request<
      Array<{ title: string; edit: { changes: Record<string, Array<{ range: never; newText: string }>> } }>
    >('textDocument/codeAction', {
      textDocument: { uri },
      range: diagnostic.range,
      context: { diagnostics: [diagnostic] },
    });
    assert.ok(actions.length > 0);
    const fixed = applyEdits(text, actions[0].edit.changes[uri]);
    assert.match(fixed, /\[userPrincipalName\]/);
    const after = client.diagnostics(uri, (p) => p.version === 2);
    await client.change(uri, 2, fixed);
    assert.ok(!(await after).diagnostics.some((d) => d.code === 'expr-unknown-attribute'));
  });

  it('runs the custom dry-run request', async () => {
    const response = await client.request<{
      markdown: string;
      results: Array<{ inScope: boolean; requests: Array<{ method: string; path: string; body?: Record<string, unknown> }> }>;
    }>('scimMapper/dryRun', {
      mappingUri: galleryUri,
      object: 'user',
      sample: { uri: aliceUri },
    });
    assert.equal(response.results.length, 1);
    assert.equal(response.results[0].inScope, true);
    const post = response.results[0].requests.find((r) => r.method === 'POST');
    assert.equal(post?.path, '/Users');
    assert.equal(post?.body?.userName, 'alice@contoso.com');
    assert.match(response.markdown, /POST \/Users/);
  });

  it('shows live values as inlay hints once a sample is chosen', async () => {
    const text = readFileSync(fromRoot('examples', 'aws-iam-identity-center.mapping.jsonc'), 'utf8');
    await client.open(galleryUri, 'scim-mapping', text);
    await client.connection.sendNotification('scimMapper/setSample', { sample: { uri: aliceUri } });
    const hints = await client.request<Array<{ label: string }>>('textDocument/inlayHint', {
      textDocument: { uri: galleryUri },
      range: { start: { line: 0, character: 0 }, end: { line: 1000, character: 0 } },
    });
    assert.ok(
      hints.some((h) => h.label === '= "alice@contoso.com"'),
      JSON.stringify(hints.slice(0, 3)),
    );
  });

  it('re-checks a mapping when its scope file appears', async () => {
    const uri = 'file:///virtual/scoped.mapping.json';
    const text =
      '{ "target": "aws-iam-identity-center", "user": { "scope": "./team.scope.json", "mappings": [ { "target": "userName", "source": "[userPrincipalName]", "matchingPrecedence": 1 } ] } }';
    const missing = client.diagnostics(uri);
    await client.open(uri, 'scim-mapping', text);
    assert.ok((await missing).diagnostics.some((d) => d.code === 'scope-file-missing'));
    const rechecked = client.diagnostics(uri, (p) => !p.diagnostics.some((d) => d.code === 'scope-file-missing'));
    await client.open('file:///virtual/team.scope.json', 'scim-scope', '{ "filters": [] }');
    await rechecked;
  });

  it('keeps answering after a handler throws', async () => {
    const uri = 'file:///virtual/fix.mapping.json';
    // A position of the wrong type makes the service throw inside the handler.
    const broken = await client.request('textDocument/hover', { textDocument: { uri }, position: null });
    assert.equal(broken, null);
    assert.ok(
      client.logs.some((m) => m.startsWith('hover failed')),
      'the exception was caught and logged',
    );
    const symbols = await client.request<unknown[]>('textDocument/documentSymbol', { textDocument: { uri } });
    assert.ok(Array.isArray(symbols) && symbols.length > 0);
  });

  it('exits cleanly on shutdown', async () => {
    assert.equal(await client.shutdown(), 0);
  });
});

describe('language server over stdio (pull diagnostics)', () => {
  it('answers textDocument/diagnostic when the client pulls', async () => {
    const client = new TestClient();
    try {
      const { capabilities } = await client.initialize({ textDocument: { diagnostic: { dynamicRegistration: false } } });
      assert.ok(capabilities.diagnosticProvider);
      await client.open(brokenUri, 'scim-mapping', readFileSync(brokenPath, 'utf8'));
      const report = await client.request<{ kind: string; items: Array<{ code: string }> }>('textDocument/diagnostic', {
        textDocument: { uri: brokenUri },
      });
      assert.equal(report.kind, 'full');
      assert.ok(report.items.some((d) => d.code === 'target-duplicate'));
      assert.equal(await client.shutdown(), 0);
    } finally {
      client.kill();
    }
  });
});
