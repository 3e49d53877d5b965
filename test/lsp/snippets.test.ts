import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { snippetToPlainText } from '../../server/src/service/features';
import { TestClient } from './client';

const TEXT = '{ "target": "aws-iam-identity-center", "user": { "mappings": [ { "target": "title", "source": "Jo" } ] } }';

async function completions(
  snippetSupport: boolean,
): Promise<Array<{ label: string; insertTextFormat?: number; textEdit?: { newText: string } }>> {
  const client = new TestClient();
  try {
    await client.initialize({ textDocument: { completion: { completionItem: { snippetSupport } } } });
    const uri = 'file:///virtual/snippets.mapping.json';
    await client.open(uri, 'scim-mapping', TEXT);
    const character = TEXT.indexOf('"Jo"') + 3;
    const result = await client.request<{
      items: Array<{ label: string; insertTextFormat?: number; textEdit?: { newText: string } }>;
    }>('textDocument/completion', { textDocument: { uri }, position: { line: 0, character } });
    return result.items;
  } finally {
    client.kill();
  }
}

describe('language server: snippets only for clients that support them', () => {
  it('a client with snippet support gets Join as a snippet; one without gets plain text', async () => {
    const withSnippets = (await completions(true)).find((i) => i.label === 'Join')!;
    assert.equal(withSnippets.insertTextFormat, 2);
    assert.match(withSnippets.textEdit!.newText, /\$\{1:/);
    const plain = await completions(false);
    assert.ok(plain.length > 0);
    assert.ok(
      plain.every((i) => i.insertTextFormat !== 2),
      'no snippet items',
    );
    const join = plain.find((i) => i.label === 'Join')!;
    assert.doesNotMatch(join.textEdit!.newText, /\$\{|\$[0-9]/);
    assert.match(join.textEdit!.newText, /^Join\(/);
  });

  it('snippet text becomes the text of its placeholders', () => {
    assert.equal(snippetToPlainText('Join(${1:separator}, ${2:source})$0'), 'Join(separator, source)');
    assert.equal(snippetToPlainText('"^${1:pattern}\\$"'), '"^pattern$"');
    assert.equal(snippetToPlainText('${1|a,b|} \\} ${2}'), 'a } ');
    assert.equal(snippetToPlainText('${1:outer ${2:inner}}'), 'outer inner');
  });
});
