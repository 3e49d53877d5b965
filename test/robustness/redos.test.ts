/**
 * Regular expressions from users cannot hang anything. Patterns from REGEX MATCH clauses and
 * Replace() run in the service's own engine with a step budget (server/src/service/regex), so a
 * catastrophic pattern on a long value ends with a "budget exceeded" answer. These tests prove it
 * end to end, in the service, the CLI and the language server, by the answer itself: the budget is
 * counted in steps, so the outcome is the same on any machine and nothing here measures time.
 */
import assert from 'node:assert/strict';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { pathToFileURL } from 'node:url';
import { after, before, describe, it } from 'node:test';
import { main } from '../../server/src/cli/main';
import { catalogs, defaultCatalog } from '../../server/src/service/catalog';
import { prepareDryRun, readSamples } from '../../server/src/service/dryrun';
import { evaluateText } from '../../server/src/service/evaluate';
import { LanguageService } from '../../server/src/service/languageService';
import type { MappingDocument } from '../../server/src/service/model/types';
import { compileRegex } from '../../server/src/service/regex';
import { TestClient } from '../lsp/client';

const LONG = 'a'.repeat(100_000) + '!';
/** Patterns that take exponential time in a backtracking engine on LONG (or a similar input). */
const CATASTROPHIC = ['(a+)+$', '(a|aa)+$', '(a*)*$', '^(a+)+b', '(\\w+)*!x', '^(([a-z])+.)+[A-Z]([a-z])+$', '(.*a){20}x'];

function mappingWith(pattern: string, source = '[userPrincipalName]'): string {
  return JSON.stringify({
    target: 'aws-iam-identity-center',
    user: {
      scope: { filters: [{ clauses: [{ attribute: 'jobTitle', operator: 'REGEX MATCH', value: pattern }] }] },
      mappings: [
        { target: 'userName', source, matchingPrecedence: 1 },
        { target: 'displayName', source: '[displayName]' },
        { target: 'name.givenName', source: '[givenName]' },
        { target: 'name.familyName', source: '[surname]' },
      ],
    },
  });
}

const USER = {
  userPrincipalName: 'alice@contoso.com',
  displayName: 'Alice',
  givenName: 'Alice',
  surname: 'Smith',
  jobTitle: LONG,
};

describe('ReDoS: the regex engine', () => {
  for (const pattern of CATASTROPHIC) {
    it(`/${pattern}/ on ${LONG.length.toLocaleString('en-US')} characters ends with an answer, not a hang`, () => {
      const compiled = compileRegex(pattern);
      assert.ok(compiled.ok, `${pattern} compiles`);
      const outcome = compiled.regex.test(LONG);
      // Either a correct answer (the engine found a fast path) or the budget: never a hang.
      if (outcome.ok) assert.equal(outcome.value, false);
      else assert.equal(outcome.reason, 'budget-exceeded');
    });
  }
});

describe('ReDoS: a pattern that ran out of budget keeps working', () => {
  it('the next calls on the same compiled pattern answer correctly (each call has its own budget)', () => {
    const compiled = compileRegex('^(a+)+$');
    assert.ok(compiled.ok);
    const regex = compiled.regex;
    for (let round = 0; round < 3; round++) {
      assert.equal(regex.test(LONG).ok, false, 'budget exceeded');
      assert.deepEqual(regex.test('aaaa'), { ok: true, value: true });
      assert.deepEqual(regex.test('aab'), { ok: true, value: false });
      const match = regex.exec('aaa');
      assert.ok(match.ok && match.value?.groups[1] === 'aaa', JSON.stringify(match));
      assert.deepEqual(regex.replace('aa', 'x'), { ok: true, value: 'x' });
    }
  });
});

describe('ReDoS: the service', () => {
  const service = new LanguageService({ host: { readFile: () => undefined }, catalogs });

  it('a REGEX MATCH clause with (a+)+$ on a long value: the dry run answers, the clause is undetermined', () => {
    const doc = service.getDocument('file:///redos/scope.mapping.json', mappingWith('(a+)+$')) as MappingDocument;
    const sample = readSamples(JSON.stringify(USER), { object: 'user', catalog: defaultCatalog }).samples[0];
    const result = prepareDryRun(service, doc, 'user').run(sample, { clock: () => 0, seed: 1 });
    const clause = result.scope?.filters?.[0]?.clauses[0];
    assert.ok(clause, JSON.stringify(result.scope));
    assert.equal(clause.result, null, 'the clause cannot be decided');
    assert.match(clause.note ?? '', /steps|budget/i, 'and the report says why');
  });

  it('diagnostics on a scope with catastrophic patterns answer (they are valid .NET syntax)', () => {
    const text = JSON.stringify({
      filters: [{ clauses: CATASTROPHIC.map((value) => ({ attribute: 'jobTitle', operator: 'REGEX MATCH', value })) }],
    });
    const diagnostics = service.validate('file:///redos/catastrophic.scope.json', text);
    assert.deepEqual(
      diagnostics.filter((d) => d.code === 'scope-invalid-regex'),
      [],
    );
  });

  it('Replace() with a catastrophic pattern returns a regex-budget error', () => {
    const result = evaluateText('Replace([jobTitle], , "(a+)+$", , "x", , )', {
      attribute: (name) => (name === 'jobTitle' ? LONG : undefined),
      clock: () => 0,
      random: () => 0.5,
    });
    assert.equal(result.kind, 'error');
    assert.equal(result.kind === 'error' && result.error.reason, 'regex-budget');
  });

  it('the same Replace() in a mapping: the dry run reports the mapping, the rest still evaluates', () => {
    const doc = service.getDocument(
      'file:///redos/replace.mapping.json',
      mappingWith('.*', 'Replace([jobTitle], , "(a|aa)+$", , "x", , )'),
    ) as MappingDocument;
    const sample = readSamples(JSON.stringify(USER), { object: 'user', catalog: defaultCatalog }).samples[0];
    const result = prepareDryRun(service, doc, 'user').run(sample, { clock: () => 0, seed: 1 });
    const userName = result.attributes.find((a) => a.target === 'userName');
    assert.equal(userName?.status, 'error');
    assert.equal(result.attributes.find((a) => a.target === 'displayName')?.status, 'set');
  });
});

describe('ReDoS: the CLI', () => {
  let dir: string;
  before(() => {
    dir = mkdtempSync(join(tmpdir(), 'scim-mapper-redos-'));
    writeFileSync(join(dir, 'redos.mapping.json'), mappingWith('(a+)+$', 'Replace([jobTitle], , "(a|aa)+$", , "x", , )'));
    writeFileSync(
      join(dir, 'users.json'),
      JSON.stringify([USER, { ...USER, userPrincipalName: 'bob@contoso.com', jobTitle: 'Developer' }]),
    );
  });
  after(() => rmSync(dir, { recursive: true, force: true }));

  it('scim-mapper dry-run answers for every user and says which regex ran out of budget', async () => {
    let out = '';
    let err = '';
    const code = await main(
      [
        'dry-run',
        join(dir, 'redos.mapping.json'),
        '--user',
        join(dir, 'users.json'),
        '--format',
        'json',
        '--now',
        '2025-01-31T00:00:00Z',
        '--seed',
        '1',
      ],
      {
        out: (t) => void (out += t),
        err: (t) => void (err += t),
        colour: false,
      },
    );
    assert.ok(code === 0 || code === 1, `exit ${code}: ${err}`);
    // A batch prints JSON Lines: one result per line, then the summary.
    const results = out
      .split('\n')
      .filter((line) => line.trim() !== '')
      .slice(0, -1)
      .map(
        (line) =>
          JSON.parse(line) as { inScope: boolean | null; scope?: { filters?: Array<{ clauses: Array<{ note?: string }> }> } },
      );
    assert.equal(results.length, 2, 'both users are reported');
    assert.match(results[0].scope?.filters?.[0]?.clauses[0]?.note ?? '', /steps|budget/i);
    assert.match(out, /Replace/);
  });

  it('scim-mapper eval with a catastrophic Replace() answers with an error', async () => {
    let out = '';
    let err = '';
    const code = await main(['eval', 'Replace([jobTitle], , "(a+)+$", , "x", , )', '--set', `jobTitle=${'a'.repeat(50_000)}!`], {
      out: (t) => void (out += t),
      err: (t) => void (err += t),
      colour: false,
    });
    assert.notEqual(code, 2, err);
    assert.match(out + err, /steps|budget/i);
  });
});

describe('ReDoS: the language server', () => {
  let client: TestClient;
  before(async () => {
    client = new TestClient();
    await client.initialize();
  });
  after(() => client.kill());

  it('a dry run with (a+)+$ over a long value gets a response, and the server keeps answering', async () => {
    const uri = pathToFileURL(join(tmpdir(), 'redos-lsp.mapping.json')).href;
    const text = mappingWith('(a+)+$', 'Replace([jobTitle], , "(a|aa)+$", , "x", , )');
    const published = client.diagnostics(uri);
    await client.open(uri, 'scim-mapping', text);
    await published;
    const response = await client.request<{ markdown: string; results: unknown[] }>('scimMapper/dryRun', {
      mappingUri: uri,
      object: 'user',
      sample: { text: JSON.stringify(USER), name: 'long-title.user.json' },
    });
    assert.equal(response.results.length, 1);
    assert.match(response.markdown, /steps|budget/i);
    // The server is not stuck: an ordinary request after it is answered.
    const hover = await client.request<unknown>('textDocument/hover', {
      textDocument: { uri },
      position: { line: 0, character: text.indexOf('Replace') + 2 },
    });
    assert.ok(hover);
  });
});
