import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { codeActions, complete, documentSymbols, hover, semanticTokens, signatureHelp } from '../../server/src/service/features';
import { LineIndex, type Position } from '../../server/src/service/text/lineIndex';
import { createService, MAPPING_URI, opened } from './helpers';

const COUNT = 5000;

/** A mapping file with 5,000 user mappings (targets repeat; that is fine for timing). */
function bigFile(): string {
  const mappings: string[] = [];
  for (let i = 0; i < COUNT; i++) {
    mappings.push(
      `      { "target": "urn:ietf:params:scim:schemas:extension:enterprise:2.0:User:department", "source": "Join(\\" \\", [givenName], ToLower(Replace([surname], \\"-\\", , , \\"_\\", , )), \\"#${i}\\")" }`,
    );
  }
  return [
    '{',
    '  "target": "aws-iam-identity-center",',
    '  "user": {',
    '    "mappings": [',
    mappings.join(',\n'),
    '    ]',
    '  }',
    '}',
    '',
  ].join('\n');
}

/*
 * Timings belong to `npm run bench`; this suite checks that the features answer on a large file
 * from the cached model without re-parsing it, which is what keeps them fast.
 */
describe('features on a 5,000-mapping file', () => {
  const text = bigFile();
  const lines = new LineIndex(text);
  const service = createService();
  const model = service.getDocument(MAPPING_URI, text)!;
  // Positions in the middle of the file.
  const line = 4 + Math.floor(COUNT / 2);
  const lineText = lines.lineText(line);
  const at = (needle: string, delta = 0): Position => ({ line, character: lineText.indexOf(needle) + delta });

  const cases: Array<[string, () => unknown]> = [
    ['complete: target', () => complete(...opened(service, MAPPING_URI, text), at('urn:', 3))],
    ['complete: attribute', () => complete(...opened(service, MAPPING_URI, text), at('[givenName]', 4))],
    ['complete: function', () => complete(...opened(service, MAPPING_URI, text), at('ToLower', 3))],
    ['complete: key', () => complete(...opened(service, MAPPING_URI, text), at('{ "target"', 1))],
    ['hover: function', () => hover(...opened(service, MAPPING_URI, text), at('Replace', 2))],
    ['hover: target', () => hover(...opened(service, MAPPING_URI, text), at('urn:', 5))],
    ['signature help', () => signatureHelp(...opened(service, MAPPING_URI, text), at('[surname]', 2))],
  ];

  for (const [name, fn] of cases) {
    it(`${name} answers from the cached model`, () => {
      assert.ok(fn(), 'expected a result');
      assert.equal(service.getDocument(MAPPING_URI, text), model, 'the cached model is reused');
    });
  }

  it('whole-document features answer on the large file', () => {
    assert.ok(documentSymbols(...opened(service, MAPPING_URI, text)).length > 0);
    assert.ok(semanticTokens(...opened(service, MAPPING_URI, text)).data.length > 0);
    const diagnostics = service.validate(MAPPING_URI, text).filter((d) => d.data);
    assert.ok(diagnostics.length > 0);
    assert.ok(codeActions(...opened(service, MAPPING_URI, text), diagnostics[0].range, [diagnostics[0]]).length > 0);
    assert.equal(service.getDocument(MAPPING_URI, text), model, 'the cached model is reused');
  });
});
