import assert from 'node:assert/strict';
import { mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, it } from 'node:test';
import { fileSystemHost, toUri } from '../server/src/cli/files';
import type { CliIo } from '../server/src/cli/io';
import { runLogs } from '../server/src/cli/logs';
import type { GraphClient } from '../server/src/cli/graph/client';
import { provisioningLogsPath } from '../server/src/cli/logsTenant';
import { explainLogs } from '../server/src/lsp/explainLogs';
import { main } from '../server/src/cli/main';
import { catalogs } from '../server/src/service/catalog';
import { LanguageService } from '../server/src/service/languageService';
import { seededRandom } from '../server/src/service/dryrun';
import {
  createLogExplainer,
  CsvRecordReader,
  ENTRA_ERROR_FACTS,
  LogInputError,
  LogJsonReader,
  LogSummary,
  readLogEntry,
  type ExplainedLogEntry,
} from '../server/src/service/logs';
import type { MappingLikeDocument } from '../server/src/service/model/types';
import { fromRoot } from './util/paths';
import { matchSnapshot } from './util/snapshot';

const MAPPING = fromRoot('examples', 'aws-iam-identity-center.mapping.jsonc');
const fx = (name: string) => fromRoot('test', 'fixtures', 'logs', name);
const ENTRIES = JSON.parse(readFileSync(fx('entries.json'), 'utf8')) as Record<string, unknown>;

async function cli(...argv: string[]): Promise<{ code: number; out: string; err: string }> {
  let out = '';
  let err = '';
  const io: CliIo = { out: (t) => void (out += t), err: (t) => void (err += t), colour: false };
  const code = await main(argv, io);
  return { code, out, err };
}

function explainer() {
  const service = new LanguageService({ host: fileSystemHost, catalogs });
  const doc = service.getDocument(toUri(MAPPING), readFileSync(MAPPING, 'utf8'), 'mapping') as MappingLikeDocument;
  return createLogExplainer(service, doc, { displayName: (uri) => uri.slice(uri.lastIndexOf('/') + 1) });
}

function temp(name: string, text: string): string {
  const dir = mkdtempSync(join(tmpdir(), 'scim-logs-'));
  const path = join(dir, name);
  writeFileSync(path, text);
  return path;
}

/** What each fixture entry must be explained as: cause code, file, 1-based line, target. */
const EXPECTED: Record<string, { code: string | null; file?: string; line?: number; target?: string | null }> = {
  success: { code: null },
  requiredMissing: {
    code: 'required-missing',
    file: 'aws-iam-identity-center.mapping.jsonc',
    line: 17,
    target: 'name.familyName',
  },
  multiValued: {
    code: 'target-multi-valued',
    file: 'aws-iam-identity-center.mapping.jsonc',
    line: 14,
    target: 'emails[type eq "work"].value',
  },
  invalidCharacters: { code: 'invalid-characters', file: 'aws-iam-identity-center.mapping.jsonc', line: 10, target: 'userName' },
  conflict: {
    code: 'value-conflict',
    file: 'aws-iam-identity-center.mapping.jsonc',
    line: 14,
    target: 'emails[type eq "work"].value',
  },
  outOfScope: { code: 'out-of-scope', file: 'engineering.scope.jsonc', line: 10, target: 'department' },
  notAssigned: { code: 'not-assigned' },
  importSkipped: { code: 'matching-value-missing', file: 'aws-iam-identity-center.mapping.jsonc', line: 10, target: 'userName' },
  duplicateTarget: { code: 'matching-ambiguous', file: 'aws-iam-identity-center.mapping.jsonc', line: 34, target: 'displayName' },
  invalidAnchor: { code: 'matching-anchor-lost', file: 'aws-iam-identity-center.mapping.jsonc', line: 10, target: 'userName' },
  throttled: { code: 'throttled' },
  reservedGroup: { code: 'reserved-name', file: 'aws-iam-identity-center.mapping.jsonc', line: 34, target: 'displayName' },
  unknown: { code: null },
  unexplained400: { code: null },
};

describe('logs: each cause is explained with its location', () => {
  const explain = explainer();
  for (const [key, expected] of Object.entries(EXPECTED)) {
    it(key, () => {
      const entry = readLogEntry(ENTRIES[key]);
      assert.ok(typeof entry !== 'string', String(entry));
      const { entry: out } = explain.explain(entry);
      assert.equal(out.cause?.code ?? null, expected.code, JSON.stringify(out.cause));
      if (expected.file) {
        assert.ok(out.location, 'has a location');
        assert.equal(out.location.file, expected.file);
        assert.equal(out.location.range.start.line + 1, expected.line);
        assert.equal(out.location.target, expected.target);
      } else {
        assert.equal(out.location, null);
      }
      if (out.cause) {
        assert.ok(out.cause.message.length > 20 && out.cause.fix.length > 10, 'message and fix');
      }
    });
  }

  it('lists an unknown code as unexplained with its raw code and reason', () => {
    const entry = readLogEntry(ENTRIES.unknown);
    assert.ok(typeof entry !== 'string');
    const { entry: out, detail } = explain.explain(entry);
    assert.equal(out.cause, null);
    assert.equal(out.errorCode, 'SomeFutureErrorCode');
    assert.equal(out.reason, 'Something Entra has not documented happened.');
    assert.equal(detail.headline, 'unexplained SomeFutureErrorCode');
  });

  it('does not guess a cause for a 400 whose logged values pass the checks', () => {
    const entry = readLogEntry(ENTRIES.unexplained400);
    assert.ok(typeof entry !== 'string');
    const { entry: out, detail } = explain.explain(entry);
    assert.equal(out.cause, null);
    assert.match(detail.audience, /pass SCIM Mapper's checks/);
  });

  it('names a 409 candidate list with case-insensitive userName and the matching attribute', () => {
    const entry = readLogEntry(ENTRIES.conflict);
    assert.ok(typeof entry !== 'string');
    const { entry: out } = explain.explain(entry);
    assert.match(out.cause!.message, /userName "erin@contoso.com" \(compared case-insensitively\)/);
    assert.match(out.cause!.message, /shared-mailbox@contoso.com/);
    assert.match(out.cause!.message, /matching looks only at userName/);
  });

  it('reads the older beta names (action, statusInfo) of portal exports', () => {
    const raw = JSON.parse(JSON.stringify(ENTRIES.requiredMissing)) as Record<string, unknown>;
    raw.action = raw.provisioningAction;
    raw.statusInfo = raw.provisioningStatusInfo;
    delete raw.provisioningAction;
    delete raw.provisioningStatusInfo;
    const entry = readLogEntry(raw);
    assert.ok(typeof entry !== 'string');
    assert.equal(explain.explain(entry).entry.cause?.code, 'required-missing');
  });

  it('explains documented codes the same way: MandatoryFieldsMissing, a group 409, SchemaAttributeNotFound', () => {
    const missing = JSON.parse(JSON.stringify(ENTRIES.success)) as {
      provisioningStatusInfo: unknown;
      modifiedProperties: Array<{ displayName: string }>;
    };
    missing.provisioningStatusInfo = {
      status: 'failure',
      errorInformation: {
        errorCode: 'MandatoryFieldsMissing',
        reason: 'The user could not be created because required values are missing.',
      },
    };
    missing.modifiedProperties = missing.modifiedProperties.filter((p) => p.displayName !== 'name.givenName');
    const a = readLogEntry(missing);
    assert.ok(typeof a !== 'string');
    const out = explain.explain(a).entry;
    assert.deepEqual(
      [out.cause?.code, out.location?.target, out.location?.range.start.line],
      ['required-missing', 'name.givenName', 15],
    );

    const group = JSON.parse(JSON.stringify(ENTRIES.reservedGroup)) as {
      provisioningStatusInfo: unknown;
      modifiedProperties: Array<{ displayName: string; newValue: string }>;
    };
    group.provisioningStatusInfo = {
      status: 'failure',
      errorInformation: { errorCode: 'EntryConflict', reason: 'Refused to create a new, duplicate resource.' },
    };
    group.modifiedProperties[0].newValue = 'Platform Team';
    const b = readLogEntry(group);
    assert.ok(typeof b !== 'string');
    const conflict = explain.explain(b).entry;
    assert.equal(conflict.cause?.code, 'value-conflict');
    assert.match(conflict.cause!.message, /displayName "Platform Team", externalId/);
    assert.equal(conflict.location?.target, 'externalId', 'the unique attribute beside the matching one');

    const unknownTarget = JSON.parse(JSON.stringify(ENTRIES.success)) as {
      provisioningStatusInfo: unknown;
      modifiedProperties: unknown[];
    };
    unknownTarget.provisioningStatusInfo = {
      status: 'failure',
      errorInformation: { errorCode: 'SchemaAttributeNotFound', reason: 'An attribute was specified that does not exist.' },
    };
    unknownTarget.modifiedProperties.push({ displayName: 'password', oldValue: null, newValue: 'x' });
    const c = readLogEntry(unknownTarget);
    assert.ok(typeof c !== 'string');
    assert.equal(explain.explain(c).entry.cause?.code, 'target-unsupported');
  });

  it('EntrySynchronizationSkipped: the skip reason when the log has one, else the documented meaning', () => {
    const skipped = (details: Record<string, string>) => {
      const raw = JSON.parse(JSON.stringify(ENTRIES.notAssigned)) as {
        provisioningStatusInfo: unknown;
        provisioningSteps: Array<{ details: Record<string, string> }>;
      };
      raw.provisioningStatusInfo = {
        status: 'skipped',
        errorInformation: { errorCode: 'EntrySynchronizationSkipped', reason: 'The user was skipped.' },
      };
      raw.provisioningSteps[1].details = details;
      const entry = readLogEntry(raw);
      assert.ok(typeof entry !== 'string');
      return explain.explain(entry).entry;
    };
    assert.equal(skipped({ SkipReason: 'NotEffectivelyEntitled' }).cause?.code, 'not-assigned');
    const plain = skipped({});
    assert.equal(plain.cause?.code, 'skipped');
    assert.equal(plain.location, null);
    assert.match(plain.cause!.message, /does not say which/);
  });

  it('an unknown code on a failed export is explained only by an error the payload has; reserved user names', () => {
    const raw = JSON.parse(JSON.stringify(ENTRIES.requiredMissing)) as {
      provisioningStatusInfo: unknown;
      modifiedProperties: Array<{ displayName: string; newValue: string }>;
    };
    raw.provisioningStatusInfo = {
      status: 'failure',
      errorInformation: { errorCode: 'SomethingUndocumented', reason: 'Failed.' },
    };
    const a = readLogEntry(raw);
    assert.ok(typeof a !== 'string');
    assert.equal(explain.explain(a).entry.cause?.code, 'required-missing');
    raw.modifiedProperties.push({ displayName: 'name.familyName', newValue: 'Jones' });
    raw.modifiedProperties.find((p) => p.displayName === 'userName')!.newValue = 'Administrator';
    const b = readLogEntry(raw);
    assert.ok(typeof b !== 'string');
    assert.equal(explain.explain(b).entry.cause?.code, 'reserved-name');
    raw.modifiedProperties.find((p) => p.displayName === 'userName')!.newValue = 'bob@contoso.com';
    const c = readLogEntry(raw);
    assert.ok(typeof c !== 'string');
    assert.equal(explain.explain(c).entry.cause, null, 'nothing wrong in the payload: unexplained');
  });

  it('refuses objects that are not log entries', () => {
    assert.equal(typeof readLogEntry({ hello: 1 }), 'string');
    assert.equal(typeof readLogEntry([1]), 'string');
  });
});

describe('logs: the explanations of the fixture log (reviewed snapshot)', () => {
  it('matches test/snapshots/logs/fixtures.json', () => {
    const explain = explainer();
    const out = Object.entries(ENTRIES).map(([key, raw]) => {
      const entry = readLogEntry(raw);
      assert.ok(typeof entry !== 'string');
      const { entry: explained, detail } = explain.explain(entry);
      return { fixture: key, ...explained, headline: detail.headline, audience: detail.audience };
    });
    matchSnapshot(fromRoot('test', 'snapshots', 'logs', 'fixtures.json'), out);
  });
});

describe('logs: against a Graph synchronization schema', () => {
  it('points at the attribute mapping and the scoping clause inside the schema', async () => {
    const schema = fromRoot('examples', 'graph', 'aws-iam-identity-center.synchronization.json');
    const r = await cli('logs', fx('array.json'), '--mapping', schema, '--format', 'json');
    assert.equal(r.code, 1, r.err);
    const entries = JSON.parse(r.out) as ExplainedLogEntry[];
    const lines = readFileSync(schema, 'utf8').split('\n');
    const lineOf = (code: string) => {
      const e = entries.find((x) => x.cause?.code === code)!;
      return lines[e.location!.range.start.line];
    };
    assert.match(lineOf('required-missing'), /name\.familyName/);
    assert.match(lineOf('out-of-scope'), /department/);
    assert.match(lineOf('matching-ambiguous'), /displayName/);
  });
});

describe('logs: the error-code catalog', () => {
  it('gives every code a meaning, a fix and sources, once', () => {
    const seen = new Set<string>();
    for (const fact of ENTRA_ERROR_FACTS) {
      assert.ok(fact.meaning && fact.fix && fact.sources.length > 0, fact.codes.join());
      for (const code of fact.codes) {
        assert.ok(!seen.has(code.toLowerCase()), `${code} once`);
        seen.add(code.toLowerCase());
      }
    }
  });
});

const SIGNATURE = (e: ExplainedLogEntry) =>
  `${e.id} ${e.status} ${e.cause?.code ?? '-'} ${e.location ? `${e.location.file}:${e.location.range.start.line}:${e.location.target}` : '-'}`;

describe('scim-mapper logs: inputs', () => {
  const formats: Record<string, string[]> = {
    'Graph pages (two files, with and without @odata.nextLink)': [fx('page1.json'), fx('page2.json')],
    'a plain JSON array (the portal JSON download)': [fx('array.json')],
    'JSON Lines': [fx('entries.jsonl')],
    "the portal's three CSV files": [
      fx('ProvisioningLogs_ProvisioningSteps.csv'),
      fx('ProvisioningLogs.csv'),
      fx('ProvisioningLogs_ModifiedProperties.csv'),
    ],
  };
  let reference: string[] | undefined;
  for (const [name, files] of Object.entries(formats)) {
    it(`reads ${name} to the same explanations`, async () => {
      const r = await cli('logs', ...files, '--mapping', MAPPING, '--format', 'json', '--all');
      assert.equal(r.code, 1, r.err);
      const entries = JSON.parse(r.out) as ExplainedLogEntry[];
      assert.equal(entries.length, Object.keys(ENTRIES).length);
      const signatures = entries.map(SIGNATURE);
      reference ??= signatures;
      assert.deepEqual(signatures, reference);
    });
  }

  it('reads pages saved in one array and concatenated pages', async () => {
    const page1 = readFileSync(fx('page1.json'), 'utf8');
    const page2 = readFileSync(fx('page2.json'), 'utf8');
    for (const text of [`[${page1},${page2}]`, `${page1}\n${page2}`]) {
      const r = await cli('logs', temp('pages.json', text), '--mapping', MAPPING, '--format', 'json');
      assert.equal((JSON.parse(r.out) as unknown[]).length, Object.keys(ENTRIES).length - 1, r.err);
    }
  });
});

describe('scim-mapper logs: the JSON contract', () => {
  it('prints one array of the pinned keys, 0-based ranges like check', async () => {
    const r = await cli('logs', fx('array.json'), '--mapping', MAPPING, '--format', 'json');
    assert.equal(r.code, 1);
    const entries = JSON.parse(r.out) as Array<Record<string, unknown>>;
    assert.equal(entries.length, Object.keys(ENTRIES).length - 1, 'successes are left out without --all');
    for (const e of entries) {
      assert.deepEqual(Object.keys(e), [
        'id',
        'activityDateTime',
        'action',
        'status',
        'object',
        'errorCode',
        'reason',
        'cause',
        'location',
      ]);
      assert.notEqual(e.status, 'success');
      if (e.cause !== null) assert.deepEqual(Object.keys(e.cause as object), ['code', 'message', 'fix']);
      if (e.location !== null) {
        assert.deepEqual(Object.keys(e.location as object), ['file', 'target', 'range']);
        const range = (
          e.location as { range: { start: { line: number; character: number }; end: { line: number; character: number } } }
        ).range;
        assert.ok(Number.isInteger(range.start.line) && Number.isInteger(range.end.character));
      }
    }
    const missing = entries.find((e) => (e.cause as { code?: string } | null)?.code === 'required-missing')!;
    // Line 17 of the file (0-based 16), at the "name.familyName" string, as check would point.
    assert.deepEqual((missing.location as { range: unknown }).range, {
      start: { line: 16, character: 18 },
      end: { line: 16, character: 35 },
    });
    assert.match((missing.location as { file: string }).file, /(^|\/)examples\/aws-iam-identity-center\.mapping\.jsonc$/);
  });

  it('exits 0 when every listed entry is a success', async () => {
    const path = temp('ok.json', JSON.stringify({ value: [ENTRIES.success] }));
    const json = await cli('logs', path, '--mapping', MAPPING, '--format', 'json', '--all');
    assert.equal(json.code, 0);
    assert.equal((JSON.parse(json.out) as unknown[]).length, 1);
    const text = await cli('logs', path, '--mapping', MAPPING);
    assert.equal(text.code, 0);
    assert.match(text.out, /^0 failures\.\n1 success \(not listed; --all lists them\)\n/);
    const empty = await cli('logs', temp('empty.json', '{"value": []}'), '--mapping', MAPPING, '--format', 'json');
    assert.deepEqual([empty.code, empty.out], [0, '[]\n']);
  });

  it('exits 2 on bad usage and unreadable input, with a location', async () => {
    assert.equal((await cli('logs', fx('array.json'))).code, 2, 'no --mapping');
    assert.equal((await cli('logs', '--mapping', MAPPING)).code, 2, 'no input');
    assert.equal(
      (await cli('logs', fx('array.json'), '--mapping', MAPPING, '--job', 'x')).code,
      2,
      '--job without --service-principal',
    );
    assert.equal((await cli('logs', fx('array.json'), '--mapping', MAPPING, '--format', 'xml')).code, 2);
    assert.equal((await cli('logs', '/nonexistent/logs.json', '--mapping', MAPPING)).code, 2);
    assert.equal((await cli('logs', fromRoot('test'), '--mapping', MAPPING)).code, 2, 'a directory');
    const broken = await cli(
      'logs',
      temp('broken.json', '{"value": [\n{"id": "1", "provisioningStatusInfo": {"status": "failure"}},\n{"id": 2,,}\n]}'),
      '--mapping',
      MAPPING,
    );
    assert.equal(broken.code, 2);
    assert.match(broken.err, /broken\.json:3: not valid JSON/);
    const notEntry = await cli('logs', temp('other.json', '[\n{"hello": "world"}\n]'), '--mapping', MAPPING);
    assert.equal(notEntry.code, 2);
    assert.match(notEntry.err, /other\.json:2: the object has no provisioningStatusInfo\.status/);
    const truncated = await cli('logs', temp('cut.json', '{"value": [{"id": "1"'), '--mapping', MAPPING);
    assert.equal(truncated.code, 2);
    assert.match(truncated.err, /ends inside/);
    const scopeAsMapping = await cli('logs', fx('array.json'), '--mapping', fromRoot('examples', 'engineering.scope.jsonc'));
    assert.equal(scopeAsMapping.code, 2);
    assert.match(scopeAsMapping.err, /has no "user" or "group" section/);
    const csv = await cli('logs', temp('x.csv', 'a,b\n1,2\n'), '--mapping', MAPPING);
    assert.equal(csv.code, 2);
    assert.match(csv.err, /not a provisioning log CSV/);
  });
});

describe('scim-mapper logs: the text report', () => {
  it('summarises by cause with counts, then lists the entries', async () => {
    const copies = [1, 2, 3].map((i) => ({ ...(ENTRIES.requiredMissing as object), id: `copy-${i}` }));
    const path = temp('many.json', JSON.stringify({ value: [...copies, ENTRIES.throttled, ENTRIES.unknown] }));
    const r = await cli('logs', path, '--mapping', MAPPING);
    assert.equal(r.code, 1);
    const [headline] = r.out.split('\n');
    assert.match(
      headline,
      /^5 failures: 3 × required-missing name\.familyName ← \[surname\] \(examples\/aws-iam-identity-center\.mapping\.jsonc:17\) — users without a surname; 1 × throttled — /,
    );
    assert.match(headline, /; 1 × unexplained SomeFutureErrorCode — Something Entra has not documented happened\.$/);
    // Then every entry, with its cause and fix.
    assert.equal(r.out.match(/^2026-\S+ {2}create {2}failure/gm)?.length, 5);
    assert.match(r.out, /\n {4}fix: Give these users a surname in Entra/);
    assert.match(r.out, /\n {4}unexplained: SomeFutureErrorCode — Something Entra has not documented happened\./);
  });

  it('never prints control characters from a log raw', async () => {
    const hostile = {
      ...(ENTRIES.unknown as object),
      id: 'evil',
      provisioningStatusInfo: {
        status: 'failure',
        errorInformation: { errorCode: 'X\u001b[31m', reason: 'bad\u001b]0;title\u0007 reason' },
      },
    };
    const r = await cli('logs', temp('evil.json', JSON.stringify([hostile])), '--mapping', MAPPING);
    assert.equal(r.code, 1);
    assert.ok(!/[\u001b\u0007]/.test(r.out), r.out);
    assert.match(r.out, /\\u001b/);
  });
});

/** A compact failing entry: required-missing (no surname). */
function compactEntry(i: number): string {
  return JSON.stringify({
    id: `e${i}`,
    activityDateTime: '2026-12-06T08:00:00Z',
    provisioningAction: 'create',
    provisioningStatusInfo: {
      status: i % 10 === 0 ? 'success' : 'failure',
      errorInformation: {
        errorCode: 'SystemForCrossDomainIdentityManagementBadRequest',
        reason: 'Request is unparsable, syntactically incorrect, or violates schema.',
      },
    },
    sourceIdentity: { id: `s${i}`, displayName: `User ${i}`, identityType: 'User' },
    modifiedProperties: [
      { displayName: 'userName', oldValue: null, newValue: `user${i}@contoso.com` },
      { displayName: 'displayName', oldValue: null, newValue: `User ${i}` },
      { displayName: 'name.givenName', oldValue: null, newValue: 'User' },
      { displayName: 'active', oldValue: null, newValue: 'True' },
    ],
  });
}

describe('logs: large inputs are streamed', () => {
  it('reads 100,000 entries holding one at a time', () => {
    let count = 0;
    let failures = 0;
    let maxBuffered = 0;
    const reader = new LogJsonReader((raw) => {
      const entry = readLogEntry(raw);
      assert.ok(typeof entry !== 'string');
      assert.equal(entry.id, `e${count}`);
      if (entry.status === 'failure') failures++;
      count++;
    });
    // Chunks of an odd size split entries, strings and escapes anywhere.
    let pending = '{"@odata.context": "https://graph.microsoft.com/v1.0/$metadata#auditLogs/provisioning", "value": [';
    const feed = (text: string, flush = false): void => {
      pending += text;
      while (pending.length >= 4093 || (flush && pending.length > 0)) {
        reader.push(pending.slice(0, 4093));
        pending = pending.slice(4093);
        maxBuffered = Math.max(maxBuffered, reader.bufferedChars);
      }
    };
    for (let i = 0; i < 100_000; i++) feed(`${i === 0 ? '' : ','}\n  ${compactEntry(i)}`);
    feed('], "@odata.nextLink": "https://graph.microsoft.com/v1.0/auditLogs/provisioning?$skiptoken=x"}', true);
    reader.end();
    assert.equal(count, 100_000);
    assert.ok(maxBuffered < 2 * 4093, `held at most about one chunk (${maxBuffered} characters)`);
    assert.equal(failures, 90_000);
  });

  it('streams a JSON Lines file through the command, printing as it reads', async () => {
    const lines: string[] = [];
    for (let i = 0; i < 20_000; i++) lines.push(compactEntry(i));
    const path = temp('big.jsonl', lines.join('\n') + '\n');
    lines.length = 0;
    let listed = 0;
    let out = '';
    const io: CliIo = {
      out: (t) => {
        // Count entries instead of keeping them.
        listed += t.split('\n  {"id"').length - 1;
        if (out.length < 200) out += t;
      },
      err: () => undefined,
      colour: false,
    };
    const service = new LanguageService({ host: fileSystemHost, catalogs });
    let progress = '';
    io.err = (t) => void (progress += t);
    const code = await runLogs([path, '--mapping', MAPPING, '--format', 'json'], io, service, { progress: true });
    // A progress line on stderr (the CLI turns it on only for a terminal), cleared at the end.
    assert.match(progress, /\r20,000 entries read…/);
    assert.ok(progress.endsWith('\r\u001b[K'));
    assert.equal(code, 1);
    assert.equal(listed, 18_000);
    assert.ok(out.startsWith('[\n  {"id":"e1"'));
    // The summary of the same entries, as the text report starts.
    const summary = new LogSummary();
    const explain = explainer();
    for (let i = 0; i < 20; i++) {
      const entry = readLogEntry(JSON.parse(compactEntry(i)));
      assert.ok(typeof entry !== 'string');
      summary.add(explain.explain(entry));
    }
    assert.match(summary.headline(), /^18 failures: 18 × required-missing name\.familyName ← \[surname\]/);
  });
});

describe('scim-mapper logs --service-principal', () => {
  const pages = [
    {
      value: [ENTRIES.requiredMissing, ENTRIES.success],
      '@odata.nextLink': 'https://graph.microsoft.com/v1.0/auditLogs/provisioning?$skiptoken=2',
    },
    { value: [ENTRIES.conflict] },
  ];
  function fakeClient(requests: string[], fail?: { status: number }): GraphClient {
    return {
      baseUrl: 'https://graph.example/v1.0',
      async get<T>(path: string): Promise<T> {
        requests.push(path);
        throw new Error(`unexpected GET ${path}`);
      },
      async *getPages<T>(path: string): AsyncIterable<T> {
        requests.push(path);
        if (path.includes('/synchronization/jobs')) {
          yield { id: 'aWSSingleSignon.abc.123', templateId: 'aWSSingleSignon' } as T;
          return;
        }
        if (fail) throw Object.assign(new Error(`Graph answered ${fail.status}`), fail);
        // The client follows @odata.nextLink and yields each item of every page's value.
        for (const page of pages) for (const item of page.value) yield item as T;
      },
      post: () => Promise.reject(new Error('logs never POSTs')),
      put: () => Promise.reject(new Error('logs never PUTs')),
    };
  }
  const service = () => new LanguageService({ host: fileSystemHost, catalogs });
  const capture = () => {
    const o = { out: '', err: '' };
    const io: CliIo = { out: (t) => void (o.out += t), err: (t) => void (o.err += t), colour: false };
    return { o, io };
  };

  it('filters by job and time (case-sensitive property names) and reads every page', async () => {
    const requests: string[] = [];
    const { o, io } = capture();
    const code = await runLogs(
      ['--mapping', MAPPING, '--service-principal', 'sp-1', '--since', '2026-12-05T00:00:00Z', '--format', 'json'],
      io,
      service(),
      { createClient: async () => fakeClient(requests) },
    );
    assert.equal(code, 1, o.err);
    assert.equal(requests[0], '/servicePrincipals/sp-1/synchronization/jobs');
    assert.equal(
      decodeURIComponent(requests[1]),
      "/auditLogs/provisioning?$filter=jobId eq 'aWSSingleSignon.abc.123' and activityDateTime ge 2026-12-05T00:00:00.000Z&$top=500",
    );
    assert.deepEqual(
      (JSON.parse(o.out) as ExplainedLogEntry[]).map((e) => e.cause?.code),
      ['required-missing', 'value-conflict'],
    );
  });

  it('builds the filter with --job, --until and --top', () => {
    const path = decodeURIComponent(
      provisioningLogsPath("job'1", {
        servicePrincipal: 'sp',
        job: "job'1",
        since: '2026-12-01T00:00:00Z',
        until: '2026-12-02T00:00:00Z',
        top: 20,
      }),
    );
    assert.equal(
      path,
      "/auditLogs/provisioning?$filter=jobId eq 'job''1' and activityDateTime ge 2026-12-01T00:00:00.000Z and activityDateTime le 2026-12-02T00:00:00.000Z&$top=20",
    );
  });

  it('explains 403 with the permissions the logs need', async () => {
    const forbidden = capture();
    await assert.rejects(
      runLogs(['--mapping', MAPPING, '--service-principal', 'sp-1', '--job', 'j'], forbidden.io, service(), {
        createClient: async () => fakeClient([], { status: 403 }),
      }),
      /AuditLog\.Read\.All and Directory\.Read\.All/,
    );
  });
});

describe('the language server: explain logs for VS Code', () => {
  it('groups the failures with their locations, last-24-hour counts and a Markdown report', async () => {
    const service = new LanguageService({ host: fileSystemHost, catalogs });
    const log = toUri(fromRoot('examples', 'logs', 'provisioning-logs.json'));
    const response = await explainLogs(service, (uri) => fileSystemHost.readFile(uri), {
      mappingUri: toUri(MAPPING),
      logUris: [log],
      now: Date.parse('2026-12-06T12:00:00Z'),
    });
    assert.deepEqual([response.failures, response.successes, response.errors], [13, 1, []]);
    const surname = response.groups.find((g) => g.causeCode === 'required-missing')!;
    assert.equal(surname.location?.uri, toUri(MAPPING));
    assert.equal(surname.location?.range.start.line, 16);
    assert.deepEqual([surname.count, surname.lastDay, surname.examples], [1, 1, ['bob@contoso.com']]);
    const scope = response.groups.find((g) => g.causeCode === 'out-of-scope')!;
    assert.match(scope.location!.uri, /engineering\.scope\.jsonc$/);
    assert.match(response.markdown, /\[aws-iam-identity-center\.mapping\.jsonc:17\]\(file:[^)]+#L17\)/);
    const later = await explainLogs(service, (uri) => fileSystemHost.readFile(uri), {
      mappingUri: toUri(MAPPING),
      logUris: [log],
      now: Date.parse('2026-12-09T12:00:00Z'),
    });
    assert.equal(later.groups.find((g) => g.causeCode === 'required-missing')!.lastDay, 0);
  });

  it('explains entries the client read from the tenant', async () => {
    const service = new LanguageService({ host: fileSystemHost, catalogs });
    const entriesText = JSON.stringify([ENTRIES.requiredMissing, ENTRIES.success]);
    const response = await explainLogs(service, (uri) => fileSystemHost.readFile(uri), {
      mappingUri: toUri(MAPPING),
      logUris: [],
      entriesText,
      entriesName: 'job-1 (last 24 h)',
    });
    assert.deepEqual([response.failures, response.successes, response.groups[0].causeCode], [1, 1, 'required-missing']);
    assert.match(response.markdown, /^# Provisioning logs: job-1 \\\(last 24 h\\\)/);
  });

  it('says which input cannot be read', async () => {
    const service = new LanguageService({ host: fileSystemHost, catalogs });
    const response = await explainLogs(service, (uri) => fileSystemHost.readFile(uri), {
      mappingUri: toUri(MAPPING),
      logUris: [toUri(temp('bad.json', '[{"id": 1,'))],
    });
    assert.match(response.errors[0], /bad\.json:1: /);
  });
});

describe('logs: hostile input', () => {
  it('random mutations of a log, split anywhere: entries or a LogInputError, never anything else', () => {
    const random = seededRandom(13);
    const explain = explainer();
    const base = readFileSync(fx('page1.json'), 'utf8');
    const pieces = ['{', '}', '[', ']', '"', '\\', ',', ':', '\n', 'value', '"value":[', '\u001b', 'null', '1e999', '\uFEFF'];
    for (let round = 0; round < 300; round++) {
      let text = base;
      const edits = 1 + Math.floor(random() * 6);
      for (let e = 0; e < edits; e++) {
        const at = Math.floor(random() * text.length);
        const cut = Math.floor(random() * 20);
        text = text.slice(0, at) + pieces[Math.floor(random() * pieces.length)] + text.slice(at + cut);
      }
      const reader = new LogJsonReader((raw) => {
        const entry = readLogEntry(raw);
        if (typeof entry !== 'string') explain.explain(entry);
      });
      const csv = new CsvRecordReader(() => undefined);
      try {
        for (let i = 0; i < text.length;) {
          const size = 1 + Math.floor(random() * 2000);
          reader.push(text.slice(i, i + size));
          csv.push(text.slice(i, i + size));
          i += size;
        }
        reader.end();
        csv.end();
      } catch (error) {
        assert.ok(error instanceof LogInputError, `round ${round}: ${String(error)}`);
      }
    }
  });
});
