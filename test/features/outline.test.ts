import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { describe, it } from 'node:test';
import {
  definition,
  documentLinks,
  documentSymbols,
  foldingRanges,
  format,
  semanticTokens,
  SEMANTIC_TOKENS_LEGEND,
  type DocumentSymbol,
} from '../../server/src/service/features';
import { LineIndex } from '../../server/src/service/text/lineIndex';
import { fromRoot } from '../util/paths';
import { applyTextEdits, createService, mappingFile, MAPPING_URI, opened, parseErrors, SCOPE_URI, withCursor } from './helpers';

const examples = fromRoot('examples');
const exampleUri = (name: string) => 'file://' + fromRoot('examples', name);
const read = (name: string) => readFileSync(fromRoot('examples', name), 'utf8');

function outline(symbols: DocumentSymbol[], depth = 0): string[] {
  return symbols.flatMap((s) => [
    `${'  '.repeat(depth)}${s.name} (${s.kind})${s.detail ? ` ${s.detail}` : ''}`,
    ...outline(s.children ?? [], depth + 1),
  ]);
}

/** Every symbol's selection range lies inside its range, and children inside their parent. */
function checkNesting(symbols: DocumentSymbol[], lines: LineIndex, parent?: { start: number; end: number }): void {
  for (const s of symbols) {
    const range = { start: lines.offsetAt(s.range.start), end: lines.offsetAt(s.range.end) };
    const selection = { start: lines.offsetAt(s.selectionRange.start), end: lines.offsetAt(s.selectionRange.end) };
    assert.ok(range.start <= selection.start && selection.end <= range.end, `${s.name}: selection outside range`);
    if (parent) assert.ok(parent.start <= range.start && range.end <= parent.end, `${s.name}: outside its parent`);
    checkNesting(s.children ?? [], lines, range);
  }
}

describe('document symbols', () => {
  it('mapping file: user/group → mappings named by target, scope path', () => {
    const text = read('aws-iam-identity-center.mapping.jsonc');
    const symbols = documentSymbols(...opened(createService(), exampleUri('aws-iam-identity-center.mapping.jsonc'), text));
    const lines = outline(symbols);
    assert.deepEqual(lines.slice(0, 5), [
      'target (property) aws-iam-identity-center',
      'user (module) 20 mappings',
      '  scope (file) ./engineering.scope.jsonc',
      '  userName (field) [userPrincipalName]',
      '  active (field) Switch([IsSoftDeleted], , "False", "True", "True", "False")',
    ]);
    assert.deepEqual(lines.slice(-4), [
      'group (module) 3 mappings',
      '  displayName (field) [displayName]',
      '  externalId (field) [objectId]',
      '  members (field) [members]',
    ]);
    checkNesting(symbols, new LineIndex(text));
  });

  it('inline scope: scope → filters → clauses', () => {
    const text = read('broken/broken.mapping.jsonc');
    const symbols = documentSymbols(...opened(createService(), exampleUri('broken/broken.mapping.jsonc'), text));
    const lines = outline(symbols);
    const start = lines.indexOf('group (module) 1 mapping');
    assert.deepEqual(lines.slice(start, start + 6), [
      'group (module) 1 mapping',
      '  scope (namespace) 1 filter (OR)',
      '    Filter 1 (object) 7 clauses (AND)',
      '      displayname EQUALS "Engineering" (operator)',
      '      members IS NOT NULL (operator)',
      '      mail STARTS WITH "eng" (operator)',
    ]);
    checkNesting(symbols, new LineIndex(text));
  });

  it('scope file: filters named by their name', () => {
    const text = read('engineering.scope.jsonc');
    const symbols = documentSymbols(...opened(createService(), exampleUri('engineering.scope.jsonc'), text));
    assert.deepEqual(outline(symbols), [
      'filters (array) 2 filters (OR) · users',
      '  Enabled engineering staff (object) 2 clauses (AND)',
      '    department EQUALS "Engineering" (operator)',
      '    accountEnabled IS TRUE (operator)',
      '  Developers and SREs by title (object) 1 clause (AND)',
      '    jobTitle REGEX MATCH "^(Dev|SRE)" (operator)',
    ]);
    checkNesting(symbols, new LineIndex(text));
  });

  it('a mapping without a target is still listed', () => {
    const text = mappingFile(['{ "source": "[mail]" }']);
    assert.deepEqual(outline(documentSymbols(...opened(createService(), MAPPING_URI, text))).slice(1), [
      'user (module) 1 mapping',
      '  (mapping 1) (field) [mail]',
    ]);
  });
});

describe('folding ranges', () => {
  it('objects and arrays on several lines, comment blocks, regions', () => {
    const text = [
      '// one', //                                   0
      '// two', //                                   1
      '{', //                                        2
      '  "target": "aws-iam-identity-center",', //   3
      '  // #region users', //                       4
      '  "user": {', //                              5
      '    "mappings": [', //                        6
      '      { "target": "userName", "source": "[userPrincipalName]" },', // 7
      '      { "target": "title",', //               8
      '        "source": "[jobTitle]" }', //         9
      '    ]', //                                    10
      '  }', //                                      11
      '  // #endregion', //                          12
      '  /* a', //                                   13
      '     b */', //                                14
      '}', //                                        15
    ].join('\n');
    assert.deepEqual(foldingRanges(...opened(createService(), MAPPING_URI, text)), [
      { startLine: 0, endLine: 1, kind: 'comment' },
      { startLine: 2, endLine: 14 },
      { startLine: 4, endLine: 12, kind: 'region' },
      { startLine: 5, endLine: 10 },
      { startLine: 6, endLine: 9 },
      { startLine: 8, endLine: 9 },
      { startLine: 13, endLine: 14, kind: 'comment' },
    ]);
  });
});

describe('formatting', () => {
  it('the mapping examples are already formatted; formatting never moves lines', () => {
    const name = 'aws-iam-identity-center.mapping.jsonc';
    assert.deepEqual(format(...opened(createService(), exampleUri(name), read(name)), { tabSize: 2, insertSpaces: true }), []);
    // The scope example writes `[{ ... }]` and the broken one aligns its comments: the formatter
    // changes whitespace only (spaces inside brackets and before comments, indentation).
    for (const other of ['engineering.scope.jsonc', 'broken/broken.mapping.jsonc']) {
      const text = read(other);
      const edits = format(...opened(createService(), exampleUri(other), text), { tabSize: 2, insertSpaces: true });
      assert.ok(edits.length > 0 && edits.every((e) => e.newText.trim() === ''), other);
      const after = applyTextEdits(text, edits);
      assert.equal(after.split('\n').length, text.split('\n').length);
      assert.equal(after.replace(/\s+/g, ''), text.replace(/\s+/g, ''));
    }
  });

  it('re-indents with the given options and keeps one-line mappings', () => {
    const text =
      '{\n"target": "aws-iam-identity-center",\n    "user": {\n "mappings": [\n{ "target":"userName","source":"[userPrincipalName]" }\n]\n}\n}\n';
    const edits = format(...opened(createService(), MAPPING_URI, text), { tabSize: 2, insertSpaces: true });
    assert.equal(
      applyTextEdits(text, edits),
      '{\n  "target": "aws-iam-identity-center",\n  "user": {\n    "mappings": [\n      { "target": "userName", "source": "[userPrincipalName]" }\n    ]\n  }\n}\n',
    );
    const tabs = applyTextEdits(text, format(...opened(createService(), MAPPING_URI, text), { tabSize: 4, insertSpaces: false }));
    assert.match(tabs, /\n\t\t\t\{ "target": "userName"/);
  });

  it('keepLines: false puts every property on its own line; CRLF is kept', () => {
    const text = '{ "target": "aws-iam-identity-center", "user": { "mappings": [] } }\r\n';
    const out = applyTextEdits(
      text,
      format(...opened(createService(), MAPPING_URI, text), { tabSize: 2, insertSpaces: true, keepLines: false }),
    );
    assert.equal(out, '{\r\n  "target": "aws-iam-identity-center",\r\n  "user": {\r\n    "mappings": []\r\n  }\r\n}\r\n');
  });

  it('a range formats only what it covers', () => {
    const text = '{\n  "target":"aws-iam-identity-center",\n  "user": {"mappings":[]}\n}\n';
    const edits = format(
      ...opened(createService(), MAPPING_URI, text),
      { tabSize: 2, insertSpaces: true },
      { start: { line: 1, character: 0 }, end: { line: 1, character: 37 } },
    );
    assert.equal(applyTextEdits(text, edits), '{\n  "target": "aws-iam-identity-center",\n  "user": {"mappings":[]}\n}\n');
    assert.deepEqual(parseErrors(applyTextEdits(text, edits)), []);
  });

  it('insertFinalNewline: true adds one, and an existing one is kept by default', () => {
    const text = '{ "target": "aws-iam-identity-center" }';
    assert.equal(
      applyTextEdits(
        text,
        format(...opened(createService(), MAPPING_URI, text), { tabSize: 2, insertSpaces: true, insertFinalNewline: true }),
      ),
      text + '\n',
    );
    assert.equal(
      applyTextEdits(text, format(...opened(createService(), MAPPING_URI, text), { tabSize: 2, insertSpaces: true })),
      text,
    );
  });
});

describe('document links and definition', () => {
  it('scope paths link to the resolved file', () => {
    const text = read('aws-iam-identity-center.mapping.jsonc');
    const uri = exampleUri('aws-iam-identity-center.mapping.jsonc');
    const links = documentLinks(...opened(createService(), uri, text));
    assert.equal(links.length, 1);
    assert.equal(links[0].target, 'file://' + examples + '/engineering.scope.jsonc');
    const lines = new LineIndex(text);
    assert.equal(
      text.slice(lines.offsetAt(links[0].range.start), lines.offsetAt(links[0].range.end)),
      './engineering.scope.jsonc',
    );
  });

  it('definition jumps to an existing scope file only', () => {
    const scopeUri = 'file:///home/user/project/scopes/eng.scope.jsonc';
    const service = createService({ [scopeUri]: '{ "filters": [] }' });
    const doc = (path: string) =>
      withCursor(`{ "target": "aws-iam-identity-center", "user": { "scope": "${path}", "mappings": [] } }`);
    const found = doc('./scopes/e|ng.scope.jsonc');
    assert.deepEqual(definition(...opened(service, MAPPING_URI, found.text), found.position), {
      uri: scopeUri,
      range: { start: { line: 0, character: 0 }, end: { line: 0, character: 0 } },
    });
    const missing = doc('./scopes/miss|ing.scope.jsonc');
    assert.equal(definition(...opened(service, MAPPING_URI, missing.text), missing.position), null);
    const elsewhere = withCursor('{ "target": "aws-iam-ide|ntity-center" }');
    assert.equal(definition(...opened(service, MAPPING_URI, elsewhere.text), elsewhere.position), null);
  });
});

describe('semantic tokens', () => {
  /** Decodes the LSP integer array into [file text, token type] pairs. */
  function decode(text: string, data: number[]): Array<[string, string]> {
    const lines = new LineIndex(text);
    const out: Array<[string, string]> = [];
    let line = 0;
    let character = 0;
    for (let i = 0; i < data.length; i += 5) {
      line += data[i];
      character = data[i] === 0 ? character + data[i + 1] : data[i + 1];
      const start = lines.offsetAt({ line, character });
      out.push([text.slice(start, start + data[i + 2]), SEMANTIC_TOKENS_LEGEND.tokenTypes[data[i + 3]]]);
    }
    return out;
  }

  it('exact file ranges through JSON escapes', () => {
    const text = mappingFile([
      '{ "target": "name.formatted", "source": "Join(\\", \\", [givenName], \\"a\\\\\\\\b\\", 10, &HFF)" }',
      '{ "target": "title", "source": "IIF([mail] = \\"x\\", InStr([mail], \\"@\\", 1, vbTextCompare), \\"\\")" }',
    ]);
    const result = semanticTokens(...opened(createService(), MAPPING_URI, text));
    assert.deepEqual(decode(text, result.data), [
      ['Join', 'function'],
      ['\\", \\"', 'string'],
      ['[givenName]', 'variable'],
      ['\\"a\\\\\\\\b\\"', 'string'],
      ['10', 'number'],
      ['&HFF', 'number'],
      ['IIF', 'function'],
      ['[mail]', 'variable'],
      ['=', 'operator'],
      ['\\"x\\"', 'string'],
      ['InStr', 'function'],
      ['[mail]', 'variable'],
      ['\\"@\\"', 'string'],
      ['1', 'number'],
      ['vbTextCompare', 'enumMember'],
      ['\\"\\"', 'string'],
    ]);
    assert.deepEqual(result.legend.tokenTypes, ['function', 'variable', 'string', 'number', 'operator', 'enumMember']);
  });

  it('tokens are in file order when group comes before user', () => {
    const text =
      '{ "target": "aws-iam-identity-center",\n "group": { "mappings": [{ "target": "displayName", "source": "[displayName]" }] },\n "user": { "mappings": [{ "target": "userName", "source": "ToLower([mail])" }] } }';
    assert.deepEqual(decode(text, semanticTokens(...opened(createService(), MAPPING_URI, text)).data), [
      ['[displayName]', 'variable'],
      ['ToLower', 'function'],
      ['[mail]', 'variable'],
    ]);
  });

  it('scope files have no expression tokens', () => {
    assert.deepEqual(semanticTokens(...opened(createService(), SCOPE_URI, '{ "filters": [] }')).data, []);
  });
});
