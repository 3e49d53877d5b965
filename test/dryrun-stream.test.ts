/**
 * Whole-tenant batch dry runs through the CLI: streaming readers (JSON array, JSON Lines, Graph
 * pages over several files, CSV with another delimiter) give the same results; bad records are
 * reported with their location and the run goes on; --summary, JSON Lines output, --jobs (results
 * identical to --jobs 1), value-conflict, --compare and the progress line. No timings here: speed
 * lives in `npm run bench`.
 */
import assert from 'node:assert/strict';
import { copyFileSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, before, describe, it } from 'node:test';
import { CsvRecordScanner, JsonRecordScanner, type RawRecord } from '../server/src/host/recordScanners';
import { createContext, runRecord } from '../server/src/cli/dryRunContext';
import type { CliIo } from '../server/src/cli/io';
import { tenantRecords } from '../server/src/host/tenantRecords';
import { main } from '../server/src/cli/main';
import { fromRoot } from './util/paths';

interface Captured {
  code: number;
  out: string;
  err: string;
}

async function cli(argv: string[], options: { errIsTerminal?: boolean } = {}): Promise<Captured> {
  let out = '';
  let err = '';
  const io: CliIo = {
    out: (t) => void (out += t),
    err: (t) => void (err += t),
    colour: false,
    errIsTerminal: options.errIsTerminal,
  };
  const code = await main(argv, io);
  return { code, out, err };
}

// eslint-disable-next-line @typescript-eslint/no-explicit-any -- JSON read back from the CLI's output
function jsonLines(text: string): Array<Record<string, any>> {
  return text
    .split('\n')
    .filter((line) => line.trim() !== '')
    .map((line) => JSON.parse(line));
}

const MAPPING = fromRoot('examples', 'aws-iam-identity-center.mapping.jsonc');
const FIXED = ['--now', '2025-01-31T12:00:00Z', '--seed', '1'];
const SUMMARY_KEYS = ['total', 'inScope', 'outOfScope', 'actions', 'failing', 'problemsByCode', 'examples'];

/** `count` users; every 7th shares its email with the user before it, every 11th has no surname. */
function users(count: number): Array<Record<string, string | boolean>> {
  const out: Array<Record<string, string | boolean>> = [];
  for (let i = 0; i < count; i++) {
    const user: Record<string, string | boolean> = {
      userPrincipalName: `user${i}@contoso.com`,
      givenName: `Given${i}`,
      displayName: `Given${i} Surname${i}`,
      mail: i % 7 === 0 && i > 0 ? `user${i - 1}@contoso.com` : `user${i}@contoso.com`,
      jobTitle: i % 3 === 0 ? 'Developer' : 'Analyst',
      department: i % 2 === 0 ? 'Engineering' : 'Sales',
      accountEnabled: i % 13 !== 0,
      objectId: `00000000-0000-4000-8000-${String(i).padStart(12, '0')}`,
    };
    if (i % 11 !== 0) user.surname = `Surname${i}`;
    out.push(user);
  }
  return out;
}

function csvOf(rows: Array<Record<string, string | boolean>>, delimiter: string): string {
  const names = [
    'userPrincipalName',
    'givenName',
    'surname',
    'displayName',
    'mail',
    'jobTitle',
    'department',
    'accountEnabled',
    'objectId',
  ];
  const cell = (v: string | boolean | undefined): string =>
    v === undefined ? '' : /[",;\t\n]/.test(String(v)) ? `"${String(v).replace(/"/g, '""')}"` : String(v);
  return [names.join(delimiter), ...rows.map((r) => names.map((n) => cell(r[n])).join(delimiter))].join('\r\n') + '\r\n';
}

/** A result without where it was read from (that differs by format). */
// eslint-disable-next-line @typescript-eslint/no-explicit-any -- JSON read back from the CLI's output
function comparable(result: Record<string, any>): unknown {
  const { sample, problems, ...rest } = result;
  const where = (p: { message: string }) => ({ ...p, message: p.message.replace(/ \([^()]*:\d+\)/g, '') });
  return { ...rest, problems: problems.map(where), label: sample.label };
}

describe('dry-run batches: streaming input', () => {
  let dir: string;
  const rows = users(120);
  before(() => {
    dir = mkdtempSync(join(tmpdir(), 'scim-stream-'));
    writeFileSync(join(dir, 'users.json'), JSON.stringify(rows, null, 2));
    writeFileSync(join(dir, 'users.jsonl'), rows.map((r) => JSON.stringify(r)).join('\n') + '\n');
    writeFileSync(join(dir, 'users.csv'), csvOf(rows, ';'));
    // Graph GET /users pages, in two files.
    const graph = rows.map(({ objectId, surname, mobile: _m, ...rest }) => ({
      id: objectId,
      ...(surname !== undefined ? { surname } : {}),
      ...rest,
    }));
    writeFileSync(
      join(dir, 'page1.json'),
      JSON.stringify({
        '@odata.context': 'https://graph.microsoft.com/v1.0/$metadata#users',
        value: graph.slice(0, 50),
        '@odata.nextLink': 'https://graph.microsoft.com/v1.0/users?$skiptoken=x',
      }),
    );
    writeFileSync(join(dir, 'page2.json'), JSON.stringify({ value: graph.slice(50) }));
  });
  after(() => rmSync(dir, { recursive: true, force: true }));

  it('a JSON array, JSON Lines, CSV with ";" and Graph pages in two files give the same results and summary', async () => {
    const runs: Record<string, Captured> = {};
    for (const [name, files] of Object.entries({
      json: ['users.json'],
      jsonl: ['users.jsonl'],
      csv: ['users.csv'],
      graph: ['page1.json', 'page2.json'],
    })) {
      runs[name] = await cli([
        'dry-run',
        MAPPING,
        ...files.flatMap((f) => ['--user', join(dir, f)]),
        '--format',
        'json',
        '--jobs',
        '1',
        ...FIXED,
      ]);
      assert.equal(runs[name].code, 1, `${name}: ${runs[name].err}`);
      assert.equal(runs[name].err, '', name);
    }
    const json = jsonLines(runs.json.out);
    assert.equal(json.length, rows.length + 1);
    assert.deepEqual(Object.keys(json[json.length - 1]), SUMMARY_KEYS);
    for (const name of ['jsonl', 'csv', 'graph']) {
      const other = jsonLines(runs[name].out);
      assert.deepEqual(other[other.length - 1], json[json.length - 1], `${name}: summary`);
      // Graph's JSON is read with its own names: compare what it sends.
      if (name === 'graph')
        assert.deepEqual(
          other.slice(0, -1).map((r) => r.requests),
          json.slice(0, -1).map((r) => r.requests),
        );
      else assert.deepEqual(other.slice(0, -1).map(comparable), json.slice(0, -1).map(comparable), name);
    }
    const csv = jsonLines(runs.csv.out);
    assert.deepEqual(csv[1].sample.location, { file: csv[1].sample.location.file, line: 3 });
    assert.match(csv[1].sample.location.file, /users\.csv$/);
  });

  it('bad records are reported with their location and the run goes on (exit 2)', async () => {
    const path = join(dir, 'bad.jsonl');
    writeFileSync(
      path,
      [
        '{"userPrincipalName": "a@contoso.com", "givenName": "A", "surname": "Aa", "displayName": "A", "department": "Engineering", "accountEnabled": true}',
        '{"userPrincipalName": "broken@contoso.com", ',
        '42',
        '{"userPrincipalName": "b@contoso.com", "givenName": "B", "surname": "Bb", "displayName": "B", "department": "Engineering", "accountEnabled": true}',
        '{"userPrincipalName": "c@contoso.com", "accountEnabled": "maybe"}',
      ].join('\n'),
    );
    const r = await cli(['dry-run', MAPPING, '--user', path, '--format', 'json', ...FIXED]);
    assert.equal(r.code, 2);
    assert.match(r.err, /bad\.jsonl:2:1: Invalid JSON/);
    assert.match(r.err, /bad\.jsonl:3:1: Each user must be a JSON object, not the number 42\./);
    assert.match(r.err, /bad\.jsonl:5:1: "accountEnabled" must be true or false/);
    const lines = jsonLines(r.out);
    assert.deepEqual(
      lines.slice(0, -1).map((l) => l.sample.label),
      ['a@contoso.com', 'b@contoso.com'],
    );
    assert.equal(lines[lines.length - 1].unreadable, 3);
  });

  it('an array broken in the middle: the elements before still run, the error has a line', async () => {
    const path = join(dir, 'cut.json');
    writeFileSync(
      path,
      '[\n {"userPrincipalName": "a@contoso.com"},\n {"userPrincipalName": "b@contoso.com", "givenName": [1, \n',
    );
    const r = await cli(['dry-run', MAPPING, '--user', path, '--summary', '--format', 'json', ...FIXED]);
    assert.equal(r.code, 2);
    assert.match(r.err, /cut\.json:3:2: Invalid JSON/);
    assert.equal(JSON.parse(r.out).total, 1);
  });

  it('a tenant read page by page (any getPages source) runs like the same users from a file', async () => {
    const pages = [rows.slice(0, 70), rows.slice(70)];
    const source = {
      async *getPages<T>(path: string): AsyncIterable<T> {
        assert.match(path, /^\/users\?\$select=/);
        for (const page of pages) for (const user of page) yield user as T;
      },
    };
    const context = createContext({
      mappingPath: MAPPING,
      object: 'user',
      regex: 'search',
      now: Date.parse('2025-01-31T12:00:00Z'),
      seed: 1,
      taken: [],
      linkSingle: false,
    });
    const fromTenant: unknown[] = [];
    for await (const batch of tenantRecords(source, '/users?$select=id,userPrincipalName', 'tenant', 50)) {
      for (const record of batch) fromTenant.push(runRecord(context, record).result);
    }
    const file = jsonLines(
      (await cli(['dry-run', MAPPING, '--user', join(dir, 'users.json'), '--format', 'json', '--jobs', '1', ...FIXED])).out,
    ).slice(0, -1);
    // eslint-disable-next-line @typescript-eslint/no-explicit-any -- JSON read back from the CLI's output
    const withoutConflicts = (r: any) => ({
      ...(comparable(r) as object),
      problems: r.problems.filter((p: { code: string }) => p.code !== 'value-conflict'),
    });
    assert.equal(fromTenant.length, rows.length);
    assert.deepEqual(fromTenant.map(withoutConflicts), file.map(withoutConflicts));
    // eslint-disable-next-line @typescript-eslint/no-explicit-any -- JSON read back from the CLI's output
    assert.deepEqual((fromTenant[5] as any).sample.location, { file: 'tenant', line: 6 });
  });

  it('a record longer than the limit is reported and skipped; the next one is read', () => {
    const scanner = new JsonRecordScanner('big.json');
    const out: RawRecord[] = [];
    scanner.push('[{"a": "', out);
    const piece = 'x'.repeat(1024 * 1024);
    for (let i = 0; i < 17; i++) scanner.push(piece, out);
    scanner.push('"},\n {"b": 1}]', out);
    scanner.end(out);
    assert.equal(out.length, 2, JSON.stringify(out.map((r) => r.kind)));
    assert.equal(out[0].kind, 'error');
    assert.match(out[0].kind === 'error' ? out[0].error.message : '', /longer than 16 MB/);
    assert.deepEqual(out[1].kind === 'json' ? [out[1].text, out[1].location.line] : [], ['{"b": 1}', 2]);
  });

  it('the record scanners find the same records whatever the chunk boundaries', () => {
    const texts: Array<[string, () => JsonRecordScanner | CsvRecordScanner]> = [
      ['[\n {"a": "x]}\\"", "b": [1, {"c": 2}]}, // comment\n /* block */ {"d": null}\n]', () => new JsonRecordScanner('f')],
      [
        '{"@odata.context": "c", "value": [{"id": "1"}, {"id": "2"}], "@odata.nextLink": "n"}\n{"value": []}',
        () => new JsonRecordScanner('f'),
      ],
      ['{"a": 1}\n{"b": 2}\n', () => new JsonRecordScanner('f')],
      ['a\tb\r\n"x\r\ny"\t""""\r\n\r\n1\t2', () => new CsvRecordScanner('f', 'user')],
    ];
    for (const [text, make] of texts) {
      const whole: RawRecord[] = [];
      const scanner = make();
      scanner.push(text, whole);
      scanner.end(whole);
      assert.ok(whole.length >= 2 && whole.every((r) => r.kind !== 'error'), JSON.stringify(whole));
      for (const size of [1, 2, 3, 7]) {
        const pieces: RawRecord[] = [];
        const s = make();
        for (let i = 0; i < text.length; i += size) s.push(text.slice(i, i + size), pieces);
        s.end(pieces);
        assert.deepEqual(pieces, whole, `chunks of ${size}: ${text}`);
      }
    }
  });
});

describe('dry-run batches: --summary, --jobs, value-conflict, --compare, progress', () => {
  let dir: string;
  const rows = users(700);
  before(() => {
    dir = mkdtempSync(join(tmpdir(), 'scim-batch-'));
    writeFileSync(join(dir, 'users.jsonl'), rows.map((r) => JSON.stringify(r)).join('\n') + '\n');
    copyFileSync(fromRoot('examples', 'engineering.scope.jsonc'), join(dir, 'engineering.scope.jsonc'));
    const gallery = readFileSync(MAPPING, 'utf8').replace('"$schema": "../schemas/mapping.schema.json",', '');
    writeFileSync(join(dir, 'old.mapping.jsonc'), gallery);
    // A changed scope: no scoping filter at all (everyone assigned is in scope).
    writeFileSync(join(dir, 'noscope.mapping.jsonc'), gallery.replace('"scope": "./engineering.scope.jsonc",', ''));
    // A changed mapping: displayName from another expression, and a title that AWS rejects.
    writeFileSync(
      join(dir, 'changed.mapping.jsonc'),
      gallery
        .replace('"source": "[displayName]" }', '"source": "Join(\\", \\", [surname], [givenName])" }')
        .replace('"source": "[jobTitle]"', '"source": "Join(\\"\\", [jobTitle], \\"x\\")", "default": "y"'),
    );
  });
  after(() => rmSync(dir, { recursive: true, force: true }));

  it('--summary --format json prints exactly the summary object', async () => {
    const r = await cli(['dry-run', MAPPING, '--user', join(dir, 'users.jsonl'), '--summary', '--format', 'json', ...FIXED]);
    assert.equal(r.code, 1);
    const lines = jsonLines(r.out);
    assert.equal(lines.length, 1);
    const summary = lines[0];
    assert.deepEqual(Object.keys(summary), SUMMARY_KEYS);
    assert.deepEqual(Object.keys(summary.actions), ['create', 'update', 'disable', 'delete', 'none']);
    assert.equal(summary.total, 700);
    assert.equal(summary.inScope + summary.outOfScope, 700);
    assert.equal(
      Object.values(summary.actions as Record<string, number>).reduce((a, b) => a + b, 0),
      700,
    );
    for (const [code, labels] of Object.entries(summary.examples as Record<string, string[]>)) {
      assert.ok(labels.length >= 1 && labels.length <= 5, code);
      assert.ok(summary.problemsByCode[code] >= labels.length, code);
    }
    assert.ok(summary.problemsByCode['value-conflict'] > 0);
    assert.ok(summary.failing > 0);
  });

  it('--summary in text prints the summary lines only', async () => {
    const r = await cli(['dry-run', MAPPING, '--user', join(dir, 'users.jsonl'), '--summary', ...FIXED]);
    assert.match(r.out, /^700 users: \d+ in scope, \d+ out of scope; would create/);
    assert.equal(r.out.split('\n').filter((l) => l).length, 2);
  });

  it('--jobs 2 (worker threads) prints exactly what --jobs 1 prints, summary included', async () => {
    const one = await cli(['dry-run', MAPPING, '--user', join(dir, 'users.jsonl'), '--format', 'json', '--jobs', '1', ...FIXED]);
    const two = await cli(['dry-run', MAPPING, '--user', join(dir, 'users.jsonl'), '--format', 'json', '--jobs', '2', ...FIXED]);
    assert.equal(two.code, one.code);
    assert.equal(two.err, one.err);
    assert.equal(two.out, one.out);
    // --summary sends digests between threads, not results: the same summary.
    for (const jobs of ['1', '2']) {
      const summary = await cli([
        'dry-run',
        MAPPING,
        '--user',
        join(dir, 'users.jsonl'),
        '--summary',
        '--format',
        'json',
        '--jobs',
        jobs,
        ...FIXED,
      ]);
      assert.deepEqual(JSON.parse(summary.out), jsonLines(one.out).pop(), `--jobs ${jobs}`);
    }
    const compareOne = await cli([
      'dry-run',
      join(dir, 'changed.mapping.jsonc'),
      '--compare',
      join(dir, 'old.mapping.jsonc'),
      '--user',
      join(dir, 'users.jsonl'),
      '--summary',
      '--format',
      'json',
      '--jobs',
      '1',
      ...FIXED,
    ]);
    const compareTwo = await cli([
      'dry-run',
      join(dir, 'changed.mapping.jsonc'),
      '--compare',
      join(dir, 'old.mapping.jsonc'),
      '--user',
      join(dir, 'users.jsonl'),
      '--summary',
      '--format',
      'json',
      '--jobs',
      '2',
      ...FIXED,
    ]);
    assert.equal(compareTwo.out, compareOne.out);
  });

  it('value-conflict: every object after the first owner of an email, naming the owner, in input order', async () => {
    const r = await cli(['dry-run', MAPPING, '--user', join(dir, 'users.jsonl'), '--format', 'jsonl', ...FIXED]);
    const results = jsonLines(r.out).slice(0, -1);
    // user6 and user7 share user6's address; both are in scope (Engineering or Developer) only when created.
    const conflicted = results.filter((x) => x.problems.some((p: { code: string }) => p.code === 'value-conflict'));
    assert.ok(conflicted.length > 0);
    for (const result of conflicted) {
      const problem = result.problems.find((p: { code: string }) => p.code === 'value-conflict');
      assert.equal(problem.severity, 'error');
      assert.equal(problem.target, 'emails');
      const i = Number(/^user(\d+)@/.exec(result.sample.label)![1]);
      assert.equal(i % 7, 0, result.sample.label);
      assert.match(
        problem.message,
        new RegExp(
          `"user${i - 1}@contoso\\.com" in emails is already held by user "user${i - 1}@contoso\\.com" \\(.*users\\.jsonl:${i}\\)`,
        ),
      );
      const owner = results[i - 1];
      assert.ok(!owner.problems.some((p: { code: string }) => p.code === 'value-conflict'), 'the first owner has no conflict');
    }
  });

  it('value-conflict: userName case-insensitively, and against --existing objects (not against the object itself)', async () => {
    const path = join(dir, 'pair.json');
    const base = { givenName: 'A', surname: 'B', displayName: 'A B', department: 'Engineering', accountEnabled: true };
    writeFileSync(
      path,
      JSON.stringify([
        { ...base, userPrincipalName: 'Pat@contoso.com', mail: 'pat@contoso.com', objectId: 'id-1' },
        { ...base, userPrincipalName: 'pat@CONTOSO.com', mail: 'other@contoso.com', objectId: 'id-2' },
        { ...base, userPrincipalName: 'alice@contoso.com', mail: 'alice.smith@contoso.com', objectId: 'id-3' },
        { ...base, userPrincipalName: 'new@contoso.com', mail: 'alice.smith@contoso.com', objectId: 'id-4' },
      ]),
    );
    const r = await cli([
      'dry-run',
      MAPPING,
      '--user',
      path,
      '--existing',
      fromRoot('examples', 'existing', 'alice.aws-user.json'),
      '--format',
      'jsonl',
      ...FIXED,
    ]);
    const results = jsonLines(r.out).slice(0, -1);
    const codes = results.map((x) =>
      x.problems.filter((p: { code: string }) => p.code === 'value-conflict').map((p: { message: string }) => p.message),
    );
    assert.deepEqual(codes[0], []);
    assert.equal(codes[1].length, 1);
    assert.match(codes[1][0], /"pat@CONTOSO\.com" in userName is already held by user "Pat@contoso\.com".*case-insensitively/);
    assert.deepEqual(codes[2], [], 'alice updates the existing alice: her own values');
    assert.equal(results[2].action, 'update');
    assert.match(
      codes[3].join(' '),
      /"alice\.smith@contoso\.com" in emails is already held by the existing AWS user "alice@contoso\.com"/,
    );
  });

  it('--compare: a changed scope reports who leaves and enters scope; --deletion-threshold is compared', async () => {
    const args = [
      'dry-run',
      join(dir, 'old.mapping.jsonc'),
      '--compare',
      join(dir, 'noscope.mapping.jsonc'),
      '--user',
      join(dir, 'users.jsonl'),
      '--summary',
      '--format',
      'json',
      ...FIXED,
    ];
    const r = await cli(args);
    const impact = JSON.parse(r.out).impact;
    assert.ok(impact.newlyOutOfScope > 0, JSON.stringify(impact));
    assert.equal(impact.newlyInScope, 0);
    const reverse = JSON.parse(
      (
        await cli([
          'dry-run',
          join(dir, 'noscope.mapping.jsonc'),
          '--compare',
          join(dir, 'old.mapping.jsonc'),
          '--user',
          join(dir, 'users.jsonl'),
          '--summary',
          '--format',
          'json',
          ...FIXED,
        ])
      ).out,
    ).impact;
    assert.equal(reverse.newlyInScope, impact.newlyOutOfScope);
    const under = await cli([...args, '--deletion-threshold', String(impact.newlyOutOfScope)]);
    assert.equal(JSON.parse(under.out).impact.exceedsDeletionThreshold, false);
    const over = await cli([...args, '--deletion-threshold', String(impact.newlyOutOfScope - 1)]);
    assert.equal(JSON.parse(over.out).impact.exceedsDeletionThreshold, true);
    assert.equal(over.code, 1);
  });

  it('--compare: a changed mapping reports changed values by target and new failures, per object and in the summary', async () => {
    const r = await cli([
      'dry-run',
      join(dir, 'changed.mapping.jsonc'),
      '--compare',
      join(dir, 'old.mapping.jsonc'),
      '--user',
      join(dir, 'users.jsonl'),
      '--format',
      'jsonl',
      ...FIXED,
    ]);
    const lines = jsonLines(r.out);
    const summary = lines.pop()!;
    assert.ok(summary.impact.changedByTarget.displayName > 0);
    assert.ok(summary.impact.changedByTarget.title > 0);
    assert.equal(summary.impact.newlyInScope, 0);
    assert.equal(summary.impact.newlyOutOfScope, 0);
    const changed = lines.find((l) => l.inScope === true && l.action === 'create')!;
    const display = changed.impact.changes.find((c: { target: string }) => c.target === 'displayName');
    assert.match(display.new, /^Surname\d+, Given\d+$/);
    assert.match(display.old, /^Given\d+ Surname\d+$/);
    const text = await cli([
      'dry-run',
      join(dir, 'changed.mapping.jsonc'),
      '--compare',
      join(dir, 'old.mapping.jsonc'),
      '--user',
      join(dir, 'users.jsonl'),
      '--brief',
      ...FIXED,
    ]);
    assert.match(
      text.out,
      /Change impact: 0 newly in scope \(created\), 0 newly out of scope \(disabled\), \d+ with changed values/,
    );
    assert.match(text.out, /Changed values by target: .*displayName \d+/);
  });

  it('progress: a line on stderr only when it is a terminal, and not with --no-progress', async () => {
    const args = ['dry-run', MAPPING, '--user', join(dir, 'users.jsonl'), '--summary', '--format', 'json', ...FIXED];
    const terminal = await cli(args, { errIsTerminal: true });
    assert.match(terminal.err, /\r\u001b\[2K[\d,]+ users · [\d,]+\/s.* · [\d,]+ failing/);
    assert.equal((await cli(args, { errIsTerminal: false })).err, '');
    assert.equal((await cli([...args, '--no-progress'], { errIsTerminal: true })).err, '');
    assert.equal(terminal.out, (await cli(args)).out, 'stdout is the same');
  });
});
