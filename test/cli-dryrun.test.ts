import assert from 'node:assert/strict';
import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, it } from 'node:test';
import type { CliIo } from '../server/src/cli/io';
import { main } from '../server/src/cli/main';
import { fromRoot } from './util/paths';

interface Captured {
  code: number;
  out: string;
  err: string;
}

async function cli(...argv: string[]): Promise<Captured> {
  let out = '';
  let err = '';
  const io: CliIo = { out: (t) => void (out += t), err: (t) => void (err += t), colour: false };
  const code = await main(argv, io);
  return { code, out, err };
}

const MAPPING = fromRoot('examples', 'aws-iam-identity-center.mapping.jsonc');
const ex = (...parts: string[]) => fromRoot('examples', ...parts);
const FIXED = ['--now', '2025-01-31T12:00:00Z', '--seed', '1'];

function temp(name: string, text: string): string {
  const dir = mkdtempSync(join(tmpdir(), 'scim-dryrun-'));
  const path = join(dir, name);
  writeFileSync(path, text);
  return path;
}

/** JSON Lines: one value per line. */
// eslint-disable-next-line @typescript-eslint/no-explicit-any -- JSON read back from the CLI's output
function jsonLines(text: string): any[] {
  return text
    .split('\n')
    .filter((line) => line.trim() !== '')
    .map((line) => JSON.parse(line));
}

const CONTRACT_KEYS = ['object', 'inScope', 'scope', 'matching', 'requests', 'attributes', 'problems'];
const STATUSES = new Set(['set', 'default', 'skipped-null', 'ignored', 'error']);

function assertContract(result: Record<string, unknown>): void {
  for (const key of CONTRACT_KEYS) assert.ok(key in result, `has ${key}`);
  assert.ok(result.object === 'user' || result.object === 'group');
  assert.ok(result.inScope === true || result.inScope === false || result.inScope === null);
  const scope = result.scope as { filters: Array<{ result: unknown; clauses: Array<Record<string, unknown>> }> } | null;
  if (scope) {
    for (const filter of scope.filters) {
      assert.ok('result' in filter && Array.isArray(filter.clauses));
      for (const clause of filter.clauses)
        for (const key of ['attribute', 'operator', 'value', 'actual', 'result']) assert.ok(key in clause, `clause has ${key}`);
    }
  }
  const matching = result.matching as Record<string, unknown> | null;
  if (matching) for (const key of ['target', 'value', 'request']) assert.ok(key in matching, `matching has ${key}`);
  for (const request of result.requests as Array<Record<string, unknown>>) {
    assert.ok(['GET', 'POST', 'PATCH', 'DELETE'].includes(request.method as string));
    assert.equal(typeof request.path, 'string');
  }
  for (const attribute of result.attributes as Array<Record<string, unknown>>) {
    for (const key of ['target', 'source', 'value', 'status']) assert.ok(key in attribute, `attribute has ${key}`);
    assert.ok(STATUSES.has(attribute.status as string), `status ${String(attribute.status)}`);
  }
  for (const problem of result.problems as Array<Record<string, unknown>>) {
    for (const key of ['code', 'severity', 'target', 'message']) assert.ok(key in problem, `problem has ${key}`);
  }
}

describe('cli: dry-run', () => {
  it('one user, JSON: the contract object, exit 0', async () => {
    const r = await cli('dry-run', MAPPING, '--user', ex('users', 'alice.user.json'), '--format', 'json', ...FIXED);
    assert.equal(r.code, 0, r.err);
    const result = JSON.parse(r.out);
    assert.ok(!Array.isArray(result), 'one object for a file holding one object');
    assertContract(result);
    assert.equal(result.object, 'user');
    assert.equal(result.inScope, true);
    assert.deepEqual(result.scope.filters[0].clauses[0], {
      attribute: 'department',
      operator: 'EQUALS',
      value: 'Engineering',
      actual: 'Engineering',
      result: true,
    });
    assert.deepEqual(result.matching, {
      target: 'userName',
      value: 'alice@contoso.com',
      request: 'GET /Users?filter=userName eq "alice@contoso.com"',
      precedence: 1,
    });
    assert.equal(result.requests[0].method, 'POST');
    assert.equal(result.requests[0].path, '/Users');
    assert.equal(result.requests[0].body.userName, 'alice@contoso.com');
    assert.deepEqual(result.attributes[0], {
      target: 'userName',
      source: '[userPrincipalName]',
      value: 'alice@contoso.com',
      status: 'set',
      mapping: 1,
      sent: true,
    });
    assert.equal(result.action, 'create');
    assert.deepEqual(result.problems, []);
  });

  it('a CSV batch, JSON: one result per line and the summary last, exit 1 when a user has an error-level problem', async () => {
    const r = await cli('dry-run', MAPPING, '--user', ex('users', 'people.users.csv'), '--format', 'json', ...FIXED);
    assert.equal(r.code, 1);
    const lines = jsonLines(r.out);
    const summary = lines.pop();
    assert.deepEqual(Object.keys(summary), [
      'total',
      'inScope',
      'outOfScope',
      'actions',
      'failing',
      'problemsByCode',
      'examples',
    ]);
    assert.equal(summary.total, 4);
    assert.deepEqual(summary.examples, { 'required-missing': ['erin@contoso.com'] });
    const results = lines;
    assert.equal(results.length, 4);
    results.forEach(assertContract);
    assert.deepEqual(
      results.map((x: { action: string }) => x.action),
      ['create', 'none', 'create', 'create'],
    );
    assert.equal(results[1].inScope, false);
    assert.deepEqual(results[1].requests, []);
    assert.equal(results[2].problems[0].code, 'required-missing');
    assert.equal(results[2].problems[0].target, 'name.familyName');
  });

  it('a CSV batch, text: reports and a summary line', async () => {
    const r = await cli('dry-run', MAPPING, '--user', ex('users', 'people.users.csv'), ...FIXED);
    assert.equal(r.code, 1);
    assert.match(
      r.out,
      /4 users: 3 in scope, 1 out of scope; would create 3, update 0, disable 0, delete 0, leave 1; 1 would fail\./,
    );
    assert.match(r.out, /Problems by code: required-missing 1/);
    assert.ok(!r.out.includes('\u001b['), 'no colour when not a terminal');
    const brief = await cli('dry-run', MAPPING, '--user', ex('users', 'people.users.csv'), '--brief', ...FIXED);
    assert.equal(brief.out.split('\n').filter((l) => /contoso\.com/.test(l)).length, 4);
  });

  it('one user, text: the Provision-on-demand steps', async () => {
    const r = await cli('dry-run', MAPPING, '--user', ex('users', 'alice.user.json'), ...FIXED);
    assert.equal(r.code, 0);
    const order = [
      '1 Scope',
      '2 Matching',
      '3 Action',
      '4 Attributes',
      'Requests\n                POST /Users',
      '5 Problems',
    ].map((s) => r.out.indexOf(s));
    assert.ok(
      order.every((i) => i >= 0),
      r.out,
    );
    assert.deepEqual(
      [...order].sort((a, b) => a - b),
      order,
    );
  });

  it('a Graph user: fields mapped and ignored are reported', async () => {
    const r = await cli('dry-run', MAPPING, '--user', ex('users', 'bob.graph-user.json'), '--format', 'json', ...FIXED);
    assert.equal(r.code, 0);
    const result = JSON.parse(r.out);
    assert.equal(result.sample.format, 'graph');
    assert.ok(result.sample.mapped.some((m: { from: string; to: string }) => m.from === 'id' && m.to === 'objectId'));
    const text = await cli('dry-run', MAPPING, '--user', ex('users', 'bob.graph-user.json'), ...FIXED);
    assert.match(text.out, /Read as Microsoft Graph JSON\. Mapped: id → objectId/);
  });

  it('--existing: the update PATCH', async () => {
    const r = await cli(
      'dry-run',
      MAPPING,
      '--user',
      ex('users', 'alice.user.json'),
      '--existing',
      ex('existing', 'alice.aws-user.json'),
      '--format',
      'json',
      ...FIXED,
    );
    assert.equal(r.code, 0, r.err);
    const result = JSON.parse(r.out);
    assert.equal(result.action, 'update');
    assert.equal(result.requests[0].method, 'PATCH');
    assert.deepEqual(
      result.requests[0].body.Operations.map((o: { op: string; path: string }) => `${o.op} ${o.path}`),
      [
        'Replace title',
        'Replace phoneNumbers[type eq "work"].value',
        'Add urn:ietf:params:scim:schemas:extension:enterprise:2.0:User:department',
      ],
    );
  });

  it('a group: POST, then PATCH members', async () => {
    const r = await cli('dry-run', MAPPING, '--group', ex('groups', 'engineering.group.json'), '--format', 'json', ...FIXED);
    assert.equal(r.code, 0, r.err);
    const result = JSON.parse(r.out);
    assertContract(result);
    assert.equal(result.scope, null, 'the group mapping has no scope');
    assert.deepEqual(
      result.requests.map((q: { method: string; path: string }) => `${q.method} ${q.path}`),
      ['POST /Groups', 'PATCH /Groups/{id}'],
    );
  });

  it('bad input: broken JSON → exit 2 with file:line:col', async () => {
    const path = temp('broken.user.json', '{\n  "userPrincipalName": "a@b.c",\n  "givenName": \n}');
    const r = await cli('dry-run', MAPPING, '--user', path, '--format', 'json');
    assert.equal(r.code, 2);
    assert.match(r.err, /broken\.user\.json:4:1: Invalid JSON: a value is expected\./);
  });

  it('bad input: a broken CSV row → exit 2, the other rows still run', async () => {
    const path = temp(
      'rows.csv',
      'userPrincipalName,givenName,surname,displayName,department,accountEnabled\na@contoso.com,A,Aa,A Aa,Engineering,true\nb@contoso.com,B\nc@contoso.com,C,Cc,C Cc,Engineering,true\n',
    );
    const r = await cli('dry-run', MAPPING, '--user', path, '--format', 'json', ...FIXED);
    assert.equal(r.code, 2);
    assert.match(r.err, /rows\.csv:3: This row has 2 cells but the header has 6 columns\./);
    const results = jsonLines(r.out).slice(0, -1);
    assert.deepEqual(
      results.map((x: { sample: { label: string } }) => x.sample.label),
      ['a@contoso.com', 'c@contoso.com'],
    );
  });

  it('bad usage → exit 2', async () => {
    assert.equal((await cli('dry-run', MAPPING)).code, 2);
    assert.equal(
      (await cli('dry-run', MAPPING, '--user', ex('users', 'alice.user.json'), '--group', ex('groups', 'engineering.group.json')))
        .code,
      2,
    );
    assert.equal((await cli('dry-run', MAPPING, '--user', ex('users', 'alice.user.json'), '--format', 'xml')).code, 2);
    assert.equal((await cli('dry-run', MAPPING, '--user', ex('users', 'alice.user.json'), '--now', 'yesterday')).code, 2);
    assert.equal((await cli('dry-run', MAPPING, '--user', ex('users', 'nope.json'))).code, 2);
    assert.equal((await cli('dry-run', ex('nope.mapping.jsonc'), '--user', ex('users', 'alice.user.json'))).code, 2);
    const broken = await cli('dry-run', ex('broken', 'syntax-error.mapping.json'), '--user', ex('users', 'alice.user.json'));
    assert.equal(broken.code, 2);
    assert.match(broken.err, /syntax-error\.mapping\.json:\d+:\d+:/);
  });

  it('help lists the commands', async () => {
    const r = await cli('help');
    assert.match(r.out, /dry-run MAPPING/);
    assert.match(r.out, /eval 'EXPRESSION'/);
    assert.equal((await cli('dry-run', '--help')).code, 0);
  });
});

describe('cli: eval', () => {
  it('prints a string as one JSON line, exit 0', async () => {
    const r = await cli('eval', 'Join(" ", [givenName], [surname])', '--user', ex('users', 'alice.user.json'));
    assert.deepEqual(r, { code: 0, out: '"Alice Smith"\n', err: '' });
  });

  it('null as null, a multi-valued value as an array', async () => {
    assert.equal((await cli('eval', '[mail]')).out, 'null\n');
    assert.equal(
      (await cli('eval', '[proxyAddresses]', '--user', ex('users', 'alice.user.json'))).out,
      '["SMTP:alice.smith@contoso.com","smtp:alice@contoso.com"]\n',
    );
    assert.equal((await cli('eval', 'Split([department], ",")', '--set', 'department=a,b')).out, '["a","b"]\n');
  });

  it('--set sets attributes and IsSoftDeleted facts', async () => {
    assert.equal((await cli('eval', 'ToUpper([givenName])', '--set', 'givenName=ada')).out, '"ADA"\n');
    assert.equal(
      (await cli('eval', 'Switch([IsSoftDeleted], , "False", "True", "True", "False")', '--set', 'accountEnabled=false')).out,
      '"False"\n',
    );
    assert.equal((await cli('eval', 'Switch([IsSoftDeleted], , "False", "True", "True", "False")')).out, '"True"\n');
    assert.equal(
      (await cli('eval', 'Switch([IsSoftDeleted], , "False", "True", "True", "False")', '--set', 'IsSoftDeleted=true')).out,
      '"False"\n',
    );
  });

  it('--now and --seed make the result repeatable', async () => {
    assert.equal(
      (await cli('eval', 'FormatDateTime(Now(), , "M/d/yyyy h:mm:ss tt", "yyyy-MM-dd")', '--now', '2025-01-31T12:00:00Z')).out,
      '"2025-01-31"\n',
    );
    const a = await cli('eval', 'Guid()', '--seed', '5');
    const b = await cli('eval', 'Guid()', '--seed', '5');
    assert.equal(a.out, b.out);
  });

  it('a parse error goes to stderr with its position, exit 1', async () => {
    const r = await cli('eval', 'Join(" ", [givenName]');
    assert.equal(r.code, 1);
    assert.equal(r.out, '');
    assert.match(r.err, /syntax error at character \d+:/);
    assert.match(r.err, /\^/);
  });

  it('an evaluation error goes to stderr with its position, exit 1', async () => {
    const r = await cli('eval', 'Mid([mail], "x", 2)', '--set', 'mail=a@b.c');
    assert.equal(r.code, 1);
    assert.match(r.err, /evaluation error at character 13:/);
  });

  it('bad usage → exit 2', async () => {
    assert.equal((await cli('eval')).code, 2);
    assert.equal((await cli('eval', '[mail]', '--set', 'novalue')).code, 2);
    assert.equal((await cli('eval', '[mail]', '--set', 'accountEnabled=maybe')).code, 2);
    assert.equal((await cli('eval', '[mail]', '--user', ex('users', 'people.users.csv'))).code, 2, 'eval takes one user');
  });
});
