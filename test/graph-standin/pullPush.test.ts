/**
 * pull and push against the Graph stand-in: the pinned contract (issue 12), including every
 * refusal (no PUT recorded) and the token never appearing in any output.
 */
import assert from 'node:assert/strict';
import { existsSync, mkdtempSync, readdirSync, readFileSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { createServer } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, before, beforeEach, describe, it } from 'node:test';
import { runCli, type CliRun } from './run';
import { exampleSchema, graphError, GraphStandin, type StandinJob } from './standin';

const SP = '11111111-2222-3333-4444-555555555555';
let standin: GraphStandin;
let job: StandinJob;
let work: string;
const outputs: string[] = [];

async function run(args: string[], options: Parameters<typeof runCli>[2] = {}): Promise<CliRun> {
  const result = await runCli(standin, args, options);
  outputs.push(result.out, result.err);
  return result;
}

/** A port nothing listens on (just closed). */
async function closedPort(): Promise<number> {
  const server = createServer();
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const port = (server.address() as { port: number }).port;
  await new Promise<void>((resolve) => server.close(() => resolve()));
  return port;
}

function puts(): number {
  return standin.sent('PUT').length + standin.sent('PATCH').length;
}

before(async () => {
  standin = await new GraphStandin().start();
  work = mkdtempSync(join(tmpdir(), 'scim-mapper-pullpush-'));
});
after(async () => {
  await standin.close();
  // Over every run of this file: the token never appeared.
  assert.ok(outputs.length > 20);
  for (const text of outputs) assert.ok(!text.includes(standin.token), 'the token was printed');
  for (const name of readdirSync(work, { recursive: true }) as string[]) {
    const full = join(work, name);
    if (statSync(full).isFile())
      assert.ok(!readFileSync(full, 'utf8').includes(standin.token), `the token was written to ${name}`);
  }
  rmSync(work, { recursive: true, force: true });
});
beforeEach(() => {
  standin.servicePrincipals.clear();
  standin.requests.length = 0;
  standin.forbidden = false;
  job = standin.addJob(SP);
});

describe('pull', () => {
  it('--to graph (default): the schema exactly as Graph returned it, with where it came from', async () => {
    const result = await run(['pull', '--service-principal', SP]);
    assert.equal(result.code, 0, result.err);
    const pulled = JSON.parse(result.out) as Record<string, unknown>;
    const record = pulled['@scimMapper.pulledFrom'] as Record<string, string>;
    assert.equal(record.servicePrincipalId, SP);
    assert.equal(record.jobId, job.id);
    assert.equal(record.schemaVersion, job.schema.version);
    assert.equal(record.graphUrl, standin.url);
    const { ['@scimMapper.pulledFrom']: _record, ['@odata.context']: context, ...rest } = pulled;
    void _record;
    assert.match(String(context), /\/schema\/\$entity$/);
    assert.deepEqual(rest, job.schema);
    assert.ok(Array.isArray(rest.directories), 'directories included');
    assert.match(result.out, /^\{\n {2}"@scimMapper\.pulledFrom"/, 'pretty-printed');
    assert.deepEqual(
      standin.requests.map((r) => `${r.method} ${r.pathname}`),
      [`GET /servicePrincipals/${SP}/synchronization/jobs`, `GET /servicePrincipals/${SP}/synchronization/jobs/${job.id}/schema`],
    );
  });

  it('finds the AWS job on a later page of the jobs list', async () => {
    standin.servicePrincipals.clear();
    standin.addJob(SP, { templateId: 'slack' });
    standin.addJob(SP, { templateId: 'gitHub' });
    const aws = standin.addJob(SP);
    const result = await run(['pull', '--service-principal', SP]);
    assert.equal(result.code, 0, result.err);
    assert.equal((JSON.parse(result.out)['@scimMapper.pulledFrom'] as { jobId: string }).jobId, aws.id);
    assert.ok(
      standin.requests.some((r) => r.query.has('$skiptoken')),
      'followed @odata.nextLink',
    );
  });

  it('several AWS jobs or none: exit 2 listing the jobs; --job picks one', async () => {
    const second = standin.addJob(SP);
    const several = await run(['pull', '--service-principal', SP]);
    assert.equal(several.code, 2);
    assert.match(several.err, /has 2 AWS IAM Identity Center jobs; pick one with --job ID/);
    assert.ok(several.err.includes(job.id) && several.err.includes(second.id));
    const picked = await run(['pull', '--service-principal', SP, '--job', second.id]);
    assert.equal(picked.code, 0, picked.err);
    standin.servicePrincipals.clear();
    standin.addJob(SP, { templateId: 'slack', id: 'slack.job' });
    const none = await run(['pull', '--service-principal', SP]);
    assert.equal(none.code, 2);
    assert.match(none.err, /has no AWS IAM Identity Center provisioning job/);
    assert.match(none.err, /slack\.job {2}template slack/);
  });

  it('--to mapping --out: a mapping file with its record and scope file, which check accepts', async () => {
    const out = join(work, 'aws.mapping.jsonc');
    const result = await run(['pull', '--service-principal', SP, '--to', 'mapping', '--out', out]);
    assert.equal(result.code, 0, result.err);
    assert.equal(result.out, '');
    const text = readFileSync(out, 'utf8');
    assert.match(
      text,
      /"pulledFrom": \{ "servicePrincipalId": "11111111-2222-3333-4444-555555555555", "jobId": "aWSSingleSignon\./,
    );
    assert.match(text, /"scope": "\.\/aws\.user\.scope\.jsonc"/);
    assert.ok(existsSync(join(work, 'aws.user.scope.jsonc')));
    const check = await run(['check', out, join(work, 'aws.user.scope.jsonc')]);
    assert.equal(check.code, 0, check.out);
    assert.match(check.out, /0 errors, 0 warnings/);
  });

  it('needs --service-principal; rejects a bad --to', async () => {
    assert.equal((await run(['pull'])).code, 2);
    assert.equal((await run(['pull', '--service-principal', SP, '--to', 'yaml'])).code, 2);
    assert.equal(standin.requests.length, 0);
  });
});

async function pulledMapping(name = 'people.mapping.jsonc'): Promise<string> {
  const out = join(work, name);
  const result = await run(['pull', '--service-principal', SP, '--to', 'mapping', '--out', out]);
  assert.equal(result.code, 0, result.err);
  standin.requests.length = 0;
  return out;
}

function edit(path: string, from: string, to: string): void {
  const text = readFileSync(path, 'utf8');
  assert.ok(text.includes(from), `${from} in ${path}`);
  writeFileSync(path, text.replace(from, to));
}

describe('push', () => {
  it('--dry-run: the semantic diff and the consequences, nothing sent', async () => {
    const file = await pulledMapping();
    edit(file, '"source": "[jobTitle]"', '"source": "Coalesce([jobTitle], \\"Staff\\")"');
    edit(file, '{ "target": "preferredLanguage", "source": "[preferredLanguage]" },\n', '');
    const result = await run(['push', file, '--dry-run']);
    assert.equal(result.code, 0, result.err);
    assert.match(result.out, /~ title: source \[jobTitle\] → Coalesce\(\[jobTitle\], "Staff"\)/);
    assert.match(result.out, /- preferredLanguage: removed \(\[preferredLanguage\]\)/);
    assert.match(result.out, /initial cycle/);
    assert.match(result.out, /leave scope get disabled/);
    assert.match(result.out, /Dry run: nothing was sent/);
    assert.equal(puts(), 0);
    assert.deepEqual(
      standin.requests.map((r) => r.method),
      ['GET'],
      'the record found the job: one GET',
    );
  });

  it('--impact USERS: the change impact of the new file over the live schema on an export, before sending', async () => {
    const file = await pulledMapping();
    const users = join(work, 'impact-users.jsonl');
    writeFileSync(
      users,
      [
        {
          userPrincipalName: 'eng@contoso.com',
          givenName: 'E',
          surname: 'Ng',
          displayName: 'E Ng',
          jobTitle: 'Engineer',
          department: 'Engineering',
          accountEnabled: true,
          objectId: 'o-1',
        },
        {
          userPrincipalName: 'staff@contoso.com',
          givenName: 'S',
          surname: 'Al',
          displayName: 'S Al',
          department: 'Engineering',
          accountEnabled: true,
          objectId: 'o-2',
        },
      ]
        .map((u) => JSON.stringify(u))
        .join('\n'),
    );
    edit(file, '"source": "[jobTitle]"', '"source": "Coalesce([jobTitle], \\"Staff\\")"');
    const result = await run(['push', file, '--dry-run', '--impact', users]);
    assert.equal(result.code, 0, result.err);
    assert.match(result.out, /Impact on .*impact-users\.jsonl \(live schema → /);
    assert.match(result.out, /2 users: /);
    assert.match(
      result.out,
      /Change impact: 0 newly in scope \(created\), 0 newly out of scope \(disabled\), 1 with changed values, 0 new failures\./,
    );
    assert.match(result.out, /Changed values by target: title 1/, 'the user without a jobTitle now gets "Staff"');
    assert.match(result.out, /Dry run: nothing was sent/);
    assert.equal(puts(), 0);
  });

  it('--yes: backup, re-GET, plain PUT of the live schema with the change; the record follows the new version', async () => {
    const file = await pulledMapping();
    const before = structuredClone(job.schema);
    edit(file, '"source": "[jobTitle]"', '"source": "Coalesce([jobTitle], \\"Staff\\")"');
    const backup = join(work, 'backup.json');
    const result = await run(['push', file, '--yes', '--backup', backup]);
    assert.equal(result.code, 0, result.err);
    assert.deepEqual(
      standin.requests.map((r) => r.method),
      ['GET', 'GET', 'PUT', 'GET'],
    );
    assert.equal(standin.sent('PATCH').length, 0);
    const put = standin.sent('PUT')[0];
    assert.equal(put.headers['content-type'], 'application/json');
    const body = put.body as Record<string, unknown>;
    assert.equal(body.id, before.id, 'ids kept');
    assert.deepEqual(body.directories, before.directories, 'directories kept');
    assert.ok(!Object.keys(body).some((k) => k.startsWith('@')), 'no annotations sent');
    assert.match(JSON.stringify(job.schema), /Coalesce\(\[jobTitle\], \\"Staff\\"\)/);
    assert.notEqual(job.schema.version, before.version, 'the stand-in changed the version');
    const saved = JSON.parse(readFileSync(backup, 'utf8')) as Record<string, unknown>;
    assert.deepEqual(saved.synchronizationRules, before.synchronizationRules);
    assert.match(result.out, /Saved the live schema to .*backup\.json/);
    assert.match(readFileSync(file, 'utf8'), new RegExp(`"schemaVersion": "${String(job.schema.version)}"`));
    // A second push of the same file: nothing to change, nothing sent.
    standin.requests.length = 0;
    const again = await run(['push', file, '--yes']);
    assert.equal(again.code, 0, again.err);
    assert.match(again.out, /Nothing to change/);
    assert.equal(puts(), 0);
  });

  it('without --backup the live schema is saved beside the file, path printed', async () => {
    const dir = mkdtempSync(join(work, 'beside-'));
    const out = join(dir, 'aws.mapping.jsonc');
    assert.equal((await run(['pull', '--service-principal', SP, '--to', 'mapping', '--out', out])).code, 0);
    edit(out, '"source": "[jobTitle]"', '"source": "[department]"');
    const result = await run(['push', out, '--yes']);
    assert.equal(result.code, 0, result.err);
    const backups = readdirSync(dir).filter((n) => /^aws\.live-\d{8}T\d{6}Z\.synchronization\.json$/.test(n));
    assert.equal(backups.length, 1, readdirSync(dir).join(', '));
    assert.ok(result.out.includes(backups[0]));
  });

  it('refuses when the live schema changed since the pull (exit 1, no PUT); --force overrides', async () => {
    const file = await pulledMapping();
    // Someone edits the schema in the portal.
    const live = job.schema.synchronizationRules as Array<{
      objectMappings: Array<{ attributeMappings: Array<{ targetAttributeName: string; source: Record<string, unknown> }> }>;
    }>;
    live[0].objectMappings[0].attributeMappings.find((m) => m.targetAttributeName === 'displayName')!.source = {
      expression: '[mailNickname]',
      name: 'mailNickname',
      parameters: [],
      type: 'Attribute',
    };
    job.schema.version = 'date:2026-02-02T00:00:00Z';
    edit(file, '"source": "[jobTitle]"', '"source": "[department]"');
    const refused = await run(['push', file, '--yes']);
    assert.equal(refused.code, 1);
    assert.match(
      refused.err,
      /the live schema changed since .* was pulled \(version date:2026-01-01T00:00:00Z then, date:2026-02-02T00:00:00Z now\)/,
    );
    assert.match(refused.err, /displayName: source \[displayName\] → \[mailNickname\]/);
    assert.equal(puts(), 0);
    const forced = await run(['push', file, '--yes', '--force']);
    assert.equal(forced.code, 0, forced.err);
    assert.equal(standin.sent('PUT').length, 1);
  });

  it('aborts when the schema changes between the diff and the PUT (re-GET)', async () => {
    const file = await pulledMapping();
    edit(file, '"source": "[jobTitle]"', '"source": "[department]"');
    let gets = 0;
    const remove = standin.route('GET', '/servicePrincipals/{sp}/synchronization/jobs/{job}/schema', () => {
      gets++;
      // The second read (right before the PUT) sees a change made meanwhile.
      const schema = gets === 1 ? job.schema : { ...job.schema, version: 'date:2026-03-03T00:00:00Z' };
      return { status: 200, body: schema };
    });
    try {
      const result = await run(['push', file, '--yes', '--backup', join(work, 'race.json')]);
      assert.equal(result.code, 1);
      assert.match(result.err, /changed while pushing/);
      assert.equal(puts(), 0);
    } finally {
      remove();
    }
  });

  it('check errors: exit 1 before any request; --force sends anyway', async () => {
    const file = await pulledMapping();
    edit(file, '"source": "[jobTitle]"', '"source": "[noSuchAttribute]"');
    const refused = await run(['push', file, '--yes']);
    assert.equal(refused.code, 1);
    assert.match(refused.err, /error .*source-unknown-attribute|error/);
    assert.match(refused.err, /nothing was sent \(--force pushes anyway\)/);
    assert.equal(standin.requests.length, 0);
  });

  it('no --dry-run/--yes: exit 2 off a terminal (nothing sent); on a terminal it asks', async () => {
    const file = await pulledMapping();
    edit(file, '"source": "[jobTitle]"', '"source": "[department]"');
    const noTerminal = await run(['push', file]);
    assert.equal(noTerminal.code, 2);
    assert.match(noTerminal.err, /needs --dry-run .* or --yes/);
    assert.equal(standin.requests.length, 0);
    const declined = await run(['push', file, '--backup', join(work, 'declined.json')], { answers: ['no'] });
    assert.equal(declined.code, 1);
    assert.equal(declined.asked.length, 1);
    assert.match(declined.out, /Not confirmed: nothing was sent/);
    assert.equal(puts(), 0);
    assert.ok(!existsSync(join(work, 'declined.json')));
    const confirmed = await run(['push', file, '--backup', join(work, 'confirmed.json')], { answers: ['yes'] });
    assert.equal(confirmed.code, 0, confirmed.err);
    assert.equal(standin.sent('PUT').length, 1);
  });

  it('a pulled Graph file: edited and pushed as is, without our annotation', async () => {
    const file = join(work, 'live.synchronization.json');
    assert.equal((await run(['pull', '--service-principal', SP, '--out', file])).code, 0);
    standin.requests.length = 0;
    edit(file, '"expression": "[jobTitle]"', '"expression": "[department]"');
    edit(file, '"name": "jobTitle"', '"name": "department"');
    const dry = await run(['push', file, '--dry-run']);
    assert.equal(dry.code, 0, dry.err);
    assert.match(dry.out, /~ title: source \[jobTitle\] → \[department\]/);
    const result = await run(['push', file, '--yes', '--backup', join(work, 'graph-backup.json')]);
    assert.equal(result.code, 0, result.err);
    const body = standin.sent('PUT')[0].body as Record<string, unknown>;
    assert.ok(!('@scimMapper.pulledFrom' in body) && !('@odata.context' in body));
    assert.equal(JSON.parse(readFileSync(file, 'utf8'))['@scimMapper.pulledFrom'].schemaVersion, job.schema.version);
  });

  it('a file without a record needs --service-principal', async () => {
    const file = join(work, 'plain.mapping.jsonc');
    writeFileSync(
      file,
      readFileSync(join(__dirname, '..', '..', '..', 'examples', 'aws-iam-identity-center.mapping.jsonc'), 'utf8').replace(
        './engineering.scope.jsonc',
        '../../nonexistent',
      ),
    );
    const noSp = await run(['push', file, '--dry-run', '--force']);
    assert.equal(noSp.code, 2);
    assert.match(noSp.err, /needs --service-principal/);
  });
});

describe('Graph errors, retries and the connection', () => {
  it("401: Graph's code, message and request-id, the permissions, exit 2, no token", async () => {
    const result = await runCli(standin, ['pull', '--service-principal', SP], {
      env: { SCIM_MAPPER_GRAPH_TOKEN: 'wrong-token-value-1234' },
    });
    outputs.push(result.out, result.err);
    assert.equal(result.code, 2);
    assert.match(result.err, /401 Unauthorized InvalidAuthenticationToken: Access token validation failure/);
    assert.match(result.err, /request-id [0-9a-f-]{36}/);
    assert.match(result.err, /Synchronization\.ReadWrite\.All/);
    assert.ok(!result.err.includes('wrong-token-value-1234'));
    assert.doesNotMatch(result.err, /\n\s+at /, 'no stack trace');
  });

  it('403: explains the delegated and app-only permissions and the Azure CLI limitation', async () => {
    standin.forbidden = true;
    const result = await run(['pull', '--service-principal', SP]);
    assert.equal(result.code, 2);
    assert.match(result.err, /403 Forbidden Authorization_RequestDenied/);
    assert.match(result.err, /Application Administrator or Cloud Application Administrator/);
    assert.match(result.err, /Application\.ReadWrite\.OwnedBy/);
    assert.match(result.err, /AuditLog\.Read\.All and Directory\.Read\.All/);
    assert.match(result.err, /Azure CLI's own \(first-party\) client cannot be granted Synchronization/);
  });

  it('429 and 503 with Retry-After are retried with a message', async () => {
    standin.failNext(
      'GET',
      '/servicePrincipals/{sp}/synchronization/jobs',
      graphError(429, 'TooManyRequests', 'Too many requests.', { 'Retry-After': '0' }),
      graphError(503, 'ServiceUnavailable', 'Try later.', { 'Retry-After': '0' }),
    );
    const result = await run(['pull', '--service-principal', SP]);
    assert.equal(result.code, 0, result.err);
    assert.match(result.err, /answered 429 \(too many requests\) .* retrying in 0 s \(retry 1 of 4\)/);
    assert.match(result.err, /answered 503/);
  });

  it('gives up on a Retry-After longer than it waits, and after the bounded retries', async () => {
    standin.failNext(
      'GET',
      '/servicePrincipals/{sp}/synchronization/jobs',
      graphError(429, 'TooManyRequests', 'Slow down.', { 'Retry-After': '86400' }),
    );
    const long = await run(['pull', '--service-principal', SP]);
    assert.equal(long.code, 2);
    assert.match(long.err, /asks to wait 86400 s \(Retry-After\), longer than SCIM Mapper waits/);
    const busy = Array.from({ length: 5 }, () => graphError(504, 'GatewayTimeout', 'Gateway timeout.', { 'Retry-After': '0' }));
    standin.failNext('GET', '/servicePrincipals/{sp}/synchronization/jobs', ...busy);
    const gaveUp = await run(['pull', '--service-principal', SP]);
    assert.equal(gaveUp.code, 2);
    assert.match(gaveUp.err, /Gave up after 4 retries/);
  });

  it('never follows an @odata.nextLink off the Graph base (the token would go with it)', async () => {
    const remove = standin.route('GET', '/servicePrincipals/{sp}/synchronization/jobs', () => ({
      status: 200,
      body: { value: [], '@odata.nextLink': 'https://evil.example/v1.0/next?$skiptoken=1' },
    }));
    try {
      const result = await run(['pull', '--service-principal', SP]);
      assert.equal(result.code, 2);
      assert.match(result.err, /link off the Graph base .*evil\.example/);
      assert.equal(standin.requests.length, 1);
    } finally {
      remove();
    }
  });

  it('--graph-url wins over SCIM_MAPPER_GRAPH_URL; http only on loopback; unreachable → exit 2', async () => {
    const viaFlag = await runCli(standin, ['pull', '--service-principal', SP, '--graph-url', standin.url], {
      env: { SCIM_MAPPER_GRAPH_URL: 'https://graph.invalid/v1.0' },
    });
    assert.equal(viaFlag.code, 0, viaFlag.err);
    const plain = await runCli(standin, ['pull', '--service-principal', SP, '--graph-url', 'http://graph.example.com/v1.0']);
    assert.equal(plain.code, 2);
    assert.match(plain.err, /must use https/);
    const port = await closedPort();
    const closed = await runCli(standin, ['pull', '--service-principal', SP, '--graph-url', `http://127.0.0.1:${port}/v1.0`]);
    assert.equal(closed.code, 2);
    assert.ok(closed.err.includes(`Cannot reach Microsoft Graph at http://127.0.0.1:${port}/v1.0`), closed.err);
    assert.match(closed.err, /ECONNREFUSED/);
    outputs.push(viaFlag.err, plain.err, closed.err);
  });

  it('a request Graph never answers times out with a message (SCIM_MAPPER_GRAPH_TIMEOUT)', async () => {
    const remove = standin.route(
      'GET',
      '/servicePrincipals/{sp}/synchronization/jobs/{job}/schema',
      () => new Promise(() => undefined),
    );
    try {
      const result = await runCli(standin, ['pull', '--service-principal', SP, '--job', job.id], {
        env: { SCIM_MAPPER_GRAPH_TIMEOUT: '1' },
      });
      outputs.push(result.out, result.err);
      assert.equal(result.code, 2);
      assert.match(result.err, /did not answer GET \/servicePrincipals\/.*\/schema within 1 s/);
    } finally {
      remove();
    }
  });

  it('the stand-in answers PATCH on the schema with 404, like the real service', async () => {
    const response = await fetch(`${standin.url}/servicePrincipals/${SP}/synchronization/jobs/${job.id}/schema`, {
      method: 'PATCH',
      headers: { Authorization: `Bearer ${standin.token}`, 'Content-Type': 'application/json' },
      body: JSON.stringify(exampleSchema()),
    });
    assert.equal(response.status, 404);
    assert.match(((await response.json()) as { error: { message: string } }).error.message, /No HTTP resource was found/);
  });
});
