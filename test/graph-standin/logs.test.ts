/**
 * scim-mapper logs --service-principal against the Graph stand-in: the audit-log route with the
 * case-sensitive $filter, paging through @odata.nextLink, and 403 explained (issue 13).
 */
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { after, before, beforeEach, describe, it } from 'node:test';
import type { ExplainedLogEntry } from '../../server/src/service/logs';
import { fromRoot } from '../util/paths';
import { runCli } from './run';
import { graphError, GraphStandin, type StandinJob } from './standin';

const SP = '22222222-3333-4444-5555-666666666666';
const MAPPING = fromRoot('examples', 'aws-iam-identity-center.mapping.jsonc');
const ENTRIES = JSON.parse(readFileSync(fromRoot('test', 'fixtures', 'logs', 'entries.json'), 'utf8')) as Record<string, unknown>;
let standin: GraphStandin;
let job: StandinJob;
const filters: string[] = [];

before(async () => {
  standin = await new GraphStandin().start();
});
after(async () => {
  await standin.close();
});
beforeEach(() => {
  standin.servicePrincipals.clear();
  standin.requests.length = 0;
  standin.forbidden = false;
  filters.length = 0;
  job = standin.addJob(SP);
  // Two pages: the first links to the second with $skiptoken, as Graph does.
  standin.route('GET', '/auditLogs/provisioning', (request) => {
    filters.push(request.query.get('$filter') ?? '');
    if (request.query.get('$skiptoken') === '2') return { status: 200, body: { value: [ENTRIES.conflict] } };
    const next = new URL(`${standin.env().SCIM_MAPPER_GRAPH_URL}/auditLogs/provisioning`);
    next.searchParams.set('$filter', request.query.get('$filter') ?? '');
    next.searchParams.set('$skiptoken', '2');
    return {
      status: 200,
      body: {
        '@odata.context': 'https://graph.microsoft.com/v1.0/$metadata#auditLogs/provisioning',
        value: [ENTRIES.requiredMissing, ENTRIES.success],
        '@odata.nextLink': next.toString(),
      },
    };
  });
});

describe('scim-mapper logs --service-principal (Graph stand-in)', () => {
  it('filters by the job and time, follows every page and explains the entries', async () => {
    const r = await runCli(standin, [
      'logs',
      '--mapping',
      MAPPING,
      '--service-principal',
      SP,
      '--since',
      '2026-12-05T00:00:00Z',
      '--format',
      'json',
    ]);
    assert.equal(r.code, 1, r.err);
    assert.equal(filters[0], `jobId eq '${job.id}' and activityDateTime ge 2026-12-05T00:00:00.000Z`);
    assert.equal(filters.length, 2, 'the second page was read');
    const entries = JSON.parse(r.out) as ExplainedLogEntry[];
    assert.deepEqual(
      entries.map((e) => e.cause?.code),
      ['required-missing', 'value-conflict'],
    );
  });

  it('explains 403 with the permissions the logs need (exit 2)', async () => {
    standin.route('GET', '/auditLogs/provisioning', () =>
      graphError(403, 'Authorization_RequestDenied', 'Insufficient privileges to complete the operation.'),
    );
    const r = await runCli(standin, ['logs', '--mapping', MAPPING, '--service-principal', SP, '--job', job.id]);
    assert.equal(r.code, 2);
    assert.match(r.err, /AuditLog\.Read\.All and Directory\.Read\.All/);
    assert.ok(!r.err.includes(standin.token) && !r.out.includes(standin.token));
  });
});
