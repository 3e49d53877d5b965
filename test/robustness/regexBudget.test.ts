/**
 * One regex budget per run and per request (server/src/service/regex/budget.ts): 2,000 mappings
 * with a catastrophic Replace() on 5,000-character values must cost one bounded run, with one
 * clear "regex budget exhausted" problem. The bound is proven by counting steps, not by timing.
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
import { LanguageService } from '../../server/src/service/languageService';
import type { MappingDocument } from '../../server/src/service/model/types';
import {
  compileRegex,
  DEFAULT_RUN_STEP_BUDGET,
  RegexBudget,
  runWithRegexBudget,
  withRegexBudget,
} from '../../server/src/service/regex';
import { TestClient } from '../lsp/client';

const VALUE = 'a'.repeat(5_000) + '!';
const PATTERNS = 2_000;
const ENTERPRISE = 'urn:ietf:params:scim:schemas:extension:enterprise:2.0:User:';
/** Twenty string targets AWS accepts, so that check rejects none of the mappings and all are evaluated. */
const TARGETS = [
  'displayName',
  'title',
  'nickName',
  'profileUrl',
  'userType',
  'preferredLanguage',
  'locale',
  'timezone',
  'name.givenName',
  'name.familyName',
  'name.formatted',
  'name.middleName',
  'name.honorificPrefix',
  'name.honorificSuffix',
  `${ENTERPRISE}employeeNumber`,
  `${ENTERPRISE}costCenter`,
  `${ENTERPRISE}organization`,
  `${ENTERPRISE}division`,
  `${ENTERPRISE}department`,
  'addresses[type eq "work"].locality',
];

/** 2,000 catastrophic Replace() calls, each a different pattern (so none shares a compiled machine): 100 per mapping. */
function hostileMapping(): string {
  const perMapping = PATTERNS / TARGETS.length;
  const mappings: unknown[] = [
    { target: 'userName', source: '[userPrincipalName]', matchingPrecedence: 1 },
    { target: 'active', source: 'Switch([IsSoftDeleted], , "False", "True", "True", "False")' },
    { target: 'emails[type eq "work"].value', source: '[mail]' },
  ];
  TARGETS.forEach((target, t) => {
    const calls = Array.from(
      { length: perMapping },
      (_, i) => `Replace([jobTitle], , "(a+)+$${'|x'.repeat(i % 7)}z{0,${t * perMapping + i}}", , "x", , )`,
    );
    mappings.push({ target, source: `Join(" ", ${calls.join(', ')})` });
  });
  return JSON.stringify({ target: 'aws-iam-identity-center', user: { mappings } });
}

const USER = { userPrincipalName: 'alice@contoso.com', displayName: 'Alice', mail: 'alice@contoso.com', jobTitle: VALUE };

describe('regex budget: shared by every evaluation of one run', () => {
  it('the budget counts every call, and refuses calls once it is spent', () => {
    const regex = compileRegex('(a+)+$');
    assert.ok(regex.ok);
    const outcomes = runWithRegexBudget(3_000_000, (budget) => {
      const list = [];
      for (let i = 0; i < 50; i++) list.push(regex.regex.test(VALUE));
      assert.ok(budget.used <= 3_000_000, `used ${budget.used}`);
      assert.ok(budget.exhausted);
      return list;
    });
    // Three calls at most can run out their own million; everything after is refused at once.
    const refused = outcomes.filter((o) => !o.ok && o.exhausted);
    assert.ok(refused.length >= 46, `${refused.length} refused`);
    assert.match(refused[0].ok ? '' : refused[0].message, /regex budget exhausted/i);
    // Outside a run the pattern works again.
    assert.deepEqual(regex.regex.test('aaa'), { ok: true, value: true });
  });

  it('a nested run cannot spend more than its parent has left', () => {
    const regex = compileRegex('(a|aa)+$');
    assert.ok(regex.ok);
    runWithRegexBudget(1_500_000, (request) => {
      runWithRegexBudget(10_000_000, () => {
        for (let i = 0; i < 10; i++) regex.regex.test(VALUE);
      });
      assert.ok(request.used <= 1_500_000, `request used ${request.used}`);
      assert.ok(request.exhausted);
    });
  });

  it('a cancelled request refuses further evaluations', () => {
    const regex = compileRegex('a+');
    assert.ok(regex.ok);
    let cancelled = false;
    const budget = new RegexBudget(10_000_000, undefined, () => cancelled);
    assert.deepEqual(
      withRegexBudget(budget, () => regex.regex.test('aa')),
      { ok: true, value: true },
    );
    cancelled = true;
    const outcome = withRegexBudget(budget, () => regex.regex.test('aa'));
    assert.equal(outcome.ok, false);
  });

  it('the first-character skip counts as work: a long value the pattern cannot start in is bounded', () => {
    const regex = compileRegex('\\p{Lu}x');
    assert.ok(regex.ok);
    const outcome = regex.regex.replace('é'.repeat(2_000_000), 'y');
    assert.equal(outcome.ok, false, 'two million skipped positions exceed the per-call budget');
  });

  it('a class of many categories counts each category: 300 of them over non-ASCII text are bounded', () => {
    const categories = Array.from({ length: 300 }, (_, i) => ['\\p{Lu}', '\\p{Nd}', '\\p{Sm}', '\\p{Sc}', '\\p{Zs}'][i % 5]).join(
      '',
    );
    for (const pattern of [`[${categories}]x`, `[${categories}]+x`]) {
      const regex = compileRegex(pattern);
      assert.ok(regex.ok);
      // 1,000,000 code units × 300 tests would be 300 million tests; the budget stops it at one million steps.
      assert.equal(regex.regex.test('é'.repeat(1_000_000)).ok, false, pattern.slice(0, 20));
    }
  });
});

describe('regex budget: 2,000 catastrophic Replace() mappings', () => {
  const service = new LanguageService({ host: { readFile: () => undefined }, catalogs });
  const sample = readSamples(JSON.stringify(USER), { object: 'user', catalog: defaultCatalog }).samples[0];

  it('a dry run reports one regex-budget-exhausted problem and stays within the run budget', () => {
    const doc = service.getDocument('file:///budget/hostile.mapping.json', hostileMapping()) as MappingDocument;
    let used = 0;
    const result = runWithRegexBudget(Number.MAX_SAFE_INTEGER, (outer) => {
      const r = prepareDryRun(service, doc, 'user').run(sample, { clock: () => 0, seed: 1 });
      used = outer.used;
      return r;
    });
    assert.ok(used <= DEFAULT_RUN_STEP_BUDGET + 1, `the run used ${used} steps`);
    const exhausted = result.problems.filter((p) => p.code === 'regex-budget-exhausted');
    assert.equal(exhausted.length, 1);
    assert.match(exhausted[0].message, /regex budget exhausted/i);
    assert.equal(
      result.attributes.find((a) => a.target === 'userName')?.status,
      'set',
      'mappings without regexes still evaluate',
    );
  });

  it('each run of a batch gets its own budget: the second user is evaluated in full', () => {
    const doc = service.getDocument('file:///budget/hostile2.mapping.json', hostileMapping()) as MappingDocument;
    const prepared = prepareDryRun(service, doc, 'user');
    const calm = readSamples(JSON.stringify({ ...USER, jobTitle: 'aaa' }), { object: 'user', catalog: defaultCatalog })
      .samples[0];
    prepared.run(sample, { clock: () => 0, seed: 1 });
    const second = prepared.run(calm, { clock: () => 0, seed: 1 });
    assert.deepEqual(
      second.problems.filter((p) => p.code === 'regex-budget-exhausted'),
      [],
    );
  });
});

describe('regex budget: CLI and language server', () => {
  let dir: string;
  before(() => {
    dir = mkdtempSync(join(tmpdir(), 'scim-mapper-budget-'));
    writeFileSync(join(dir, 'hostile.mapping.json'), hostileMapping());
    writeFileSync(join(dir, 'alice.user.json'), JSON.stringify(USER));
  });
  after(() => rmSync(dir, { recursive: true, force: true }));

  it('scim-mapper dry-run prints the regex-budget-exhausted problem', async () => {
    let out = '';
    let err = '';
    const code = await main(
      [
        'dry-run',
        join(dir, 'hostile.mapping.json'),
        '--user',
        join(dir, 'alice.user.json'),
        '--format',
        'json',
        '--now',
        '2025-01-31T00:00:00Z',
      ],
      {
        out: (t) => void (out += t),
        err: (t) => void (err += t),
        colour: false,
      },
    );
    assert.equal(code, 1, err);
    const result = JSON.parse(out) as { problems: Array<{ code: string }> };
    assert.equal(result.problems.filter((p) => p.code === 'regex-budget-exhausted').length, 1);
  });

  it('inlay hints and the dry-run request answer, and the server keeps answering', async () => {
    const client = new TestClient();
    try {
      await client.initialize();
      const uri = pathToFileURL(join(dir, 'hostile.mapping.json')).href;
      const text = hostileMapping();
      const published = client.diagnostics(uri);
      await client.open(uri, 'scim-mapping', text);
      await published;
      const sample = { text: JSON.stringify(USER), name: 'alice.user.json' };
      const response = await client.request<{ results: Array<{ problems: Array<{ code: string }> }> }>('scimMapper/dryRun', {
        mappingUri: uri,
        object: 'user',
        sample,
      });
      assert.equal(response.results[0].problems.filter((p) => p.code === 'regex-budget-exhausted').length, 1);
      await client.connection.sendNotification('scimMapper/setSample', { sample });
      const hints = await client.request<Array<{ label: string }>>('textDocument/inlayHint', {
        textDocument: { uri },
        range: { start: { line: 0, character: 0 }, end: { line: 0, character: text.length } },
      });
      assert.ok(hints.length >= TARGETS.length, `${hints.length} hints`);
      assert.ok(hints.some((h) => h.label === '= error'));
    } finally {
      client.kill();
    }
  });
});
