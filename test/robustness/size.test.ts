/**
 * Hostile sizes: a 20 MB mapping file, a 100,000-character expression, 10,000 levels of nesting,
 * and bad sample users. Every entry point answers, with a clear diagnostic or error where the input
 * cannot be used, without running out of stack or memory. Nothing here measures time: the service
 * does not read a file above its size limit, so the 20 MB cases are cheap by construction.
 */
import assert from 'node:assert/strict';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { pathToFileURL } from 'node:url';
import { after, before, describe, it } from 'node:test';
import { main } from '../../server/src/cli/main';
import { toServiceSettings } from '../../server/src/lsp/settings';
import { catalogs, defaultCatalog } from '../../server/src/service/catalog';
import { prepareDryRun, readSamples, sampleEnvironment } from '../../server/src/service/dryrun';
import { evaluateText } from '../../server/src/service/evaluate';
import {
  codeActions,
  complete,
  documentLinks,
  documentSymbols,
  foldingRanges,
  format,
  hover,
  semanticTokens,
  signatureHelp,
} from '../../server/src/service/features';
import {
  DEFAULT_MAX_DOCUMENT_LENGTH,
  LanguageService,
  type Diagnostic,
  type ServiceSettings,
} from '../../server/src/service/languageService';
import type { MappingDocument } from '../../server/src/service/model/types';
import { MAX_JSON_DEPTH } from '../../server/src/service/text/jsonTree';
import { LineIndex } from '../../server/src/service/text/lineIndex';
import { TestClient } from '../lsp/client';
import { rangeProblem } from './fuzzHarness';
import { scaledMapping } from './generate';
import { opened } from '../features/helpers';

function service(settings?: ServiceSettings): LanguageService {
  return new LanguageService({ host: { readFile: () => undefined }, catalogs, settings });
}

/** Every editor feature at a few positions; returns nothing, throws on an exception or a range outside the text. */
function allFeatures(svc: LanguageService, uri: string, text: string): void {
  const lines = new LineIndex(text);
  const inside = (
    range: { start: { line: number; character: number }; end: { line: number; character: number } } | undefined,
  ) => {
    if (range) assert.equal(rangeProblem(lines, range), undefined);
  };
  for (const offset of [0, 1, Math.floor(text.length / 2), text.length - 1, text.length]) {
    const position = lines.positionAt(offset);
    for (const item of complete(...opened(svc, uri, text), position).items) inside(item.textEdit.range);
    inside(hover(...opened(svc, uri, text), position)?.range);
    signatureHelp(...opened(svc, uri, text), position);
  }
  const diagnostics = svc.validate(uri, text);
  for (const d of diagnostics) inside(d.range);
  for (const d of diagnostics.slice(0, 3)) codeActions(...opened(svc, uri, text), d.range, [d]);
  documentSymbols(...opened(svc, uri, text));
  foldingRanges(...opened(svc, uri, text));
  semanticTokens(...opened(svc, uri, text));
  documentLinks(...opened(svc, uri, text));
  for (const edit of format(...opened(svc, uri, text), { tabSize: 2, insertSpaces: true, keepLines: false })) inside(edit.range);
}

function codes(diagnostics: Diagnostic[]): string[] {
  return [...new Set(diagnostics.map((d) => d.code))].sort();
}

async function cli(args: string[]): Promise<{ code: number; out: string; err: string }> {
  let out = '';
  let err = '';
  const code = await main(args, { out: (t) => void (out += t), err: (t) => void (err += t), colour: false });
  return { code, out, err };
}

// ---------------------------------------------------------------------------------------------

describe('size: a 20 MB mapping file', () => {
  const huge = scaledMapping(155_000);
  const uri = 'file:///size/huge.mapping.jsonc';

  it('is larger than the default limit, which is documented in the message', () => {
    assert.ok(huge.length > 20_000_000, `${huge.length} characters`);
    assert.ok(huge.length > DEFAULT_MAX_DOCUMENT_LENGTH);
    const diagnostics = service().validate(uri, huge);
    assert.deepEqual(codes(diagnostics), ['document-too-large']);
    assert.equal(diagnostics.length, 1);
    assert.match(diagnostics[0].message, /characters/);
    assert.deepEqual(diagnostics[0].range, { start: { line: 0, character: 0 }, end: { line: 0, character: 1 } });
  });

  it('every editor feature answers on it, and memory stays bounded', () => {
    const before = process.memoryUsage().heapUsed;
    allFeatures(service(), uri, huge);
    // An order of magnitude, not a measurement: reading this file would take gigabytes.
    assert.ok(process.memoryUsage().heapUsed - before < 400 * 1024 * 1024, 'heap grew by less than 400 MB');
  });

  it('a scope file above the limit is reported as unusable by the mapping that uses it', () => {
    const svc = new LanguageService({ host: { readFile: () => ' '.repeat(DEFAULT_MAX_DOCUMENT_LENGTH + 1) }, catalogs });
    const diagnostics = svc.validate(
      'file:///size/uses-huge-scope.mapping.json',
      '{ "target": "aws-iam-identity-center", "user": { "scope": "./huge.scope.json", "mappings": [] } }',
    );
    assert.ok(
      diagnostics.some((d) => d.code === 'scope-file-missing' && /characters/.test(d.message)),
      JSON.stringify(diagnostics),
    );
  });

  it('the limit is a setting: a small limit stops a small file, a larger one lets a big file be checked', () => {
    const small = '{ "target": "aws-iam-identity-center", "user": { "mappings": [] } }';
    const stopped = service({ maxDocumentLength: 40 }).validate('file:///size/small.mapping.json', small);
    assert.deepEqual(codes(stopped), ['document-too-large']);
    assert.match(stopped[0].message, /\b40\b/);
    const big = scaledMapping(12_000); // about 1.5 MB
    const checked = service({ maxDocumentLength: 2_000_000 }).validate('file:///size/big.mapping.jsonc', big);
    assert.ok(checked.length > 0 && !checked.some((d) => d.code === 'document-too-large'));
  });

  it('editors set the limit with scimMapper.maxDocumentLength (other values are ignored)', () => {
    assert.equal(toServiceSettings({ maxDocumentLength: 8_000_000 }).maxDocumentLength, 8_000_000);
    for (const bad of [undefined, '8000000', -1, 0, Number.NaN, Infinity])
      assert.equal(toServiceSettings({ maxDocumentLength: bad }).maxDocumentLength, undefined, String(bad));
  });

  describe('through the CLI and the language server', () => {
    let dir: string;
    let client: TestClient;
    before(async () => {
      dir = mkdtempSync(join(tmpdir(), 'scim-mapper-size-'));
      writeFileSync(join(dir, 'huge.mapping.jsonc'), huge);
      client = new TestClient();
      await client.initialize();
    });
    after(() => {
      client.kill();
      rmSync(dir, { recursive: true, force: true });
    });

    it('scim-mapper check reports document-too-large and exits 1', async () => {
      const result = await cli(['check', join(dir, 'huge.mapping.jsonc')]);
      assert.equal(result.code, 1, result.err);
      assert.match(result.out, /huge\.mapping\.jsonc:1:1 error document-too-large /);
    });

    it('the language server publishes document-too-large and keeps answering', async () => {
      const fileUri = pathToFileURL(join(dir, 'huge.mapping.jsonc')).href;
      const published = client.diagnostics(fileUri);
      await client.open(fileUri, 'scim-mapping', huge);
      const { diagnostics } = await published;
      assert.deepEqual([...new Set(diagnostics.map((d) => d.code))], ['document-too-large']);
      const result = await client.request<{ items: unknown[] } | null>('textDocument/completion', {
        textDocument: { uri: fileUri },
        position: { line: 10, character: 10 },
      });
      assert.ok(result === null || Array.isArray(result.items));
    });
  });
});

// ---------------------------------------------------------------------------------------------

describe('size: a 100,000-character expression', () => {
  const args = Array.from({ length: 7_000 }, (_, i) =>
    i % 3 === 0 ? `"part ${i}"` : i % 3 === 1 ? '[givenName]' : 'ToLower([surname])',
  );
  const expression = `Join(" ", ${args.join(', ')})`;
  const text = JSON.stringify({
    target: 'aws-iam-identity-center',
    user: {
      mappings: [
        { target: 'userName', source: '[userPrincipalName]', matchingPrecedence: 1 },
        { target: 'displayName', source: expression },
      ],
    },
  });
  const uri = 'file:///size/long-expression.mapping.json';

  it('gets expr-too-long, with the length, and nothing else breaks', () => {
    assert.ok(expression.length >= 100_000, `${expression.length} characters`);
    const diagnostics = service().validate(uri, text);
    const tooLong = diagnostics.find((d) => d.code === 'expr-too-long');
    assert.ok(tooLong, JSON.stringify(codes(diagnostics)));
    assert.match(tooLong.message, /\d{3},\d{3} characters/);
    allFeatures(service(), uri, text);
  });

  it('evaluates, and dry-runs', () => {
    const sample = readSamples('{ "givenName": "Alice", "surname": "Smith", "userPrincipalName": "alice@contoso.com" }', {
      object: 'user',
      catalog: defaultCatalog,
    }).samples[0];
    const result = evaluateText(expression, sampleEnvironment(sample, false, { clock: () => 0, seed: 1 }));
    assert.equal(result.kind, 'value');
    const svc = service();
    const run = prepareDryRun(svc, svc.getDocument(uri, text) as MappingDocument, 'user').run(sample, {
      clock: () => 0,
      seed: 1,
    });
    assert.ok(run.attributes.some((a) => a.target === 'displayName'));
  });

  it('a 100,000-character constant, attribute name and deeply nested call answer too', () => {
    for (const source of [
      `"${'x'.repeat(100_000)}"`,
      `[${'a'.repeat(100_000)}]`,
      `${'Join(" ", '.repeat(10_000)}[mail]${')'.repeat(10_000)}`,
      '('.repeat(100_000),
      `"${'\\"'.repeat(50_000)}"`,
    ]) {
      const doc = JSON.stringify({ target: 'aws-iam-identity-center', user: { mappings: [{ target: 'displayName', source }] } });
      const diagnostics = service().validate(uri, doc);
      assert.ok(
        diagnostics.some((d) => d.code === 'expr-too-long'),
        source.slice(0, 20),
      );
      allFeatures(service(), uri, doc);
    }
  });
});

// ---------------------------------------------------------------------------------------------

describe('size: 10,000 levels of nesting', () => {
  const N = 10_000;
  const shapes: Record<string, string> = {
    arrays: `{ "target": "aws-iam-identity-center", "user": { "mappings": ${'['.repeat(N)}${']'.repeat(N)} } }`,
    objects: `{ "target": "aws-iam-identity-center", "user": ${'{ "a": '.repeat(N)}1${' }'.repeat(N)} }`,
    mixed: `{ "target": "aws-iam-identity-center", "group": { "mappings": ${'[{"x":'.repeat(N)}null${'}]'.repeat(N)} } }`,
    unclosed: `{ "target": "aws-iam-identity-center", "user": { "mappings": ${'['.repeat(N)}`,
    'broken inside': `{ "target": "aws-iam-identity-center" "user": ${'[1,'.repeat(N)}}}}`,
  };

  for (const [name, text] of Object.entries(shapes)) {
    it(`${name}: one document-too-large where the nesting passes ${MAX_JSON_DEPTH} levels; every feature answers`, () => {
      for (const uri of [
        'file:///size/deep.mapping.json',
        'file:///size/deep.scope.json',
        'file:///size/deep.synchronization.json',
      ]) {
        const diagnostics = service().validate(uri, text);
        assert.deepEqual(codes(diagnostics), ['document-too-large'], uri);
        assert.match(diagnostics[0].message, /256 levels/);
        allFeatures(service(), uri, text);
      }
    });
  }

  it('a deeply nested sample file is a clear error with a location', () => {
    const parsed = readSamples(`[{ "givenName": ${'['.repeat(N)}${']'.repeat(N)} }]`, {
      object: 'user',
      catalog: defaultCatalog,
      file: 'deep.json',
    });
    assert.equal(parsed.samples.length, 0);
    assert.match(parsed.errors[0].message, /levels deep/);
    assert.equal(parsed.errors[0].location?.line, 1);
  });

  it('scim-mapper check on it exits 1 with the diagnostic', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'scim-mapper-deep-'));
    try {
      writeFileSync(join(dir, 'deep.mapping.json'), shapes.arrays);
      const result = await cli(['check', join(dir, 'deep.mapping.json')]);
      assert.equal(result.code, 1);
      assert.match(result.out, /error document-too-large .*256 levels/);
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  });
});

// ---------------------------------------------------------------------------------------------

describe('size: bad sample users', () => {
  const good = { userPrincipalName: 'alice@contoso.com', givenName: 'Alice', surname: 'Smith', displayName: 'Alice Smith' };

  it('wrong types and huge arrays: an error with a location for each bad user, the others are read', () => {
    const text = JSON.stringify(
      [
        good,
        { ...good, userPrincipalName: 'wrong-types@contoso.com', accountEnabled: 'maybe' },
        { ...good, userPrincipalName: 'object@contoso.com', givenName: { first: 'A' } },
        {
          ...good,
          userPrincipalName: 'huge@contoso.com',
          proxyAddresses: Array.from({ length: 100_000 }, (_, i) => `smtp:user${i}@contoso.com`),
        },
        'not an object',
        { ...good, userPrincipalName: 'bob@contoso.com' },
      ],
      null,
      1,
    );
    const parsed = readSamples(text, { object: 'user', catalog: defaultCatalog, file: 'users.json' });
    const upns = parsed.samples.map((s) => s.attributes.userPrincipalName);
    assert.ok(upns.includes('alice@contoso.com') && upns.includes('bob@contoso.com'), JSON.stringify(upns));
    assert.ok(parsed.errors.length >= 3, JSON.stringify(parsed.errors));
    for (const error of parsed.errors) {
      assert.ok(error.message.length > 0);
      assert.equal(error.location?.file, 'users.json');
      assert.ok((error.location?.line ?? 0) > 1, `a line inside the file: ${JSON.stringify(error)}`);
    }
  });

  it('binary junk: one clear error with a location, no exception', () => {
    let binary = '';
    let text = '';
    for (let i = 0; i < 5_000; i++) {
      binary += String.fromCharCode((i * 7919) % 65_536); // includes NUL and every control character
      text += String.fromCharCode(0x20 + ((i * 7919) % 0x2fe0)); // printable junk, no line breaks
    }
    for (const junk of [binary, text]) {
      for (const file of ['junk.json', 'junk.csv', undefined]) {
        const parsed = readSamples(junk, { object: 'user', catalog: defaultCatalog, file });
        assert.equal(parsed.samples.length, 0, String(file));
        assert.ok(parsed.errors.length > 0, `an error for ${String(file)}`);
        for (const error of parsed.errors)
          assert.ok(error.message.length > 0 && (error.location?.line ?? 0) >= 1, JSON.stringify(error));
      }
    }
  });

  it('a CSV with a broken row: the row is reported with its line, the rest of the batch runs', async () => {
    const csv = [
      'userPrincipalName,givenName,surname,displayName',
      'alice@contoso.com,Alice,Smith,Alice Smith',
      'short@contoso.com,Short',
      'bob@contoso.com,Bob,Jones,Bob Jones',
      'wrong@contoso.com,Wrong,Types,Wrong,extra',
      'carol@contoso.com,Carol,King,Carol King',
      'broken@contoso.com,"Unterminated,Smith,X',
    ].join('\n');
    const parsed = readSamples(csv, { object: 'user', catalog: defaultCatalog, file: 'people.csv' });
    assert.deepEqual(
      parsed.errors.map((e) => e.location?.line),
      [3, 5, 7],
      JSON.stringify(parsed.errors),
    );
    assert.deepEqual(
      parsed.samples.map((s) => s.attributes.userPrincipalName),
      ['alice@contoso.com', 'bob@contoso.com', 'carol@contoso.com'],
    );

    const dir = mkdtempSync(join(tmpdir(), 'scim-mapper-samples-'));
    try {
      writeFileSync(join(dir, 'people.csv'), csv);
      const result = await cli([
        'dry-run',
        join(__dirname, '..', '..', '..', 'examples', 'aws-iam-identity-center.mapping.jsonc'),
        '--user',
        join(dir, 'people.csv'),
        '--format',
        'json',
        '--now',
        '2025-01-31T00:00:00Z',
        '--seed',
        '1',
      ]);
      // Exit status 2 says some input could not be read; the readable users still ran.
      assert.equal(result.code, 2, result.err);
      assert.match(result.err, /people\.csv:3\b/);
      assert.match(result.err, /people\.csv:7\b/);
      // A batch prints JSON Lines: one result per line, then the summary.
      const lines = result.out
        .split('\n')
        .filter((line) => line.trim() !== '')
        .map((line) => JSON.parse(line) as Record<string, unknown>);
      assert.equal(lines.length - 1, 3, 'the three readable users ran');
      assert.equal(lines[lines.length - 1].unreadable, 3);
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  });
});
