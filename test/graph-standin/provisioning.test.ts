/**
 * push with a "provisioning" section (issue 17) against the Graph stand-in: the order (Test
 * Connection, settings, schema, on/off), nothing sent after a failed step, the token read from the
 * environment and never appearing in any output, file or error.
 */
import assert from 'node:assert/strict';
import { mkdtempSync, readdirSync, readFileSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, before, beforeEach, describe, it } from 'node:test';
import { applyEdits, modify } from 'jsonc-parser';
import { runCli, type CliRun } from './run';
import { GraphStandin, type StandinJob } from './standin';

const SP = '99999999-2222-3333-4444-555555555555';
let standin: GraphStandin;
let job: StandinJob;
let work: string;
const outputs: string[] = [];

async function run(args: string[], options: Parameters<typeof runCli>[2] = {}): Promise<CliRun> {
  const result = await runCli(standin, args, options);
  outputs.push(result.out, result.err);
  return result;
}

before(async () => {
  standin = await new GraphStandin().start();
  work = mkdtempSync(join(tmpdir(), 'scim-mapper-provisioning-'));
});
after(async () => {
  await standin.close();
  assert.ok(outputs.length >= 10);
  for (const text of outputs) {
    assert.ok(!text.includes(standin.aws.token), 'the AWS token was printed');
    assert.ok(!text.includes(standin.token), 'the Graph token was printed');
  }
  for (const name of readdirSync(work, { recursive: true }) as string[]) {
    const full = join(work, name);
    if (statSync(full).isFile())
      assert.ok(!readFileSync(full, 'utf8').includes(standin.aws.token), `the AWS token was written to ${name}`);
  }
  rmSync(work, { recursive: true, force: true });
});
beforeEach(() => {
  standin.servicePrincipals.clear();
  standin.secrets.clear();
  standin.requests.length = 0;
  job = standin.addJob(SP, { status: { code: 'Paused' } });
});

const SECTION = {
  tenantUrl: '',
  secretToken: { env: 'AWS_SCIM_TOKEN' },
  secretTokenCreated: '2026-03-02',
  notificationEmail: 'idp-alerts@contoso.com',
  notifyOnFailure: true,
  scope: 'assigned',
  accidentalDeletionThreshold: 500,
  state: 'on',
};

/** A pulled mapping file with a provisioning section (and, optionally, a schema change). */
async function mappingWith(name: string, section: Record<string, unknown>, changeSchema: boolean): Promise<string> {
  const path = join(work, name);
  const pulled = await run(['pull', '--service-principal', SP, '--to', 'mapping', '--out', path]);
  assert.equal(pulled.code, 0, pulled.err);
  let text = readFileSync(path, 'utf8');
  text = applyEdits(
    text,
    modify(
      text,
      ['provisioning'],
      { ...SECTION, tenantUrl: standin.aws.endpoint, ...section },
      { formattingOptions: { insertSpaces: true, tabSize: 2 } },
    ),
  );
  if (changeSchema) {
    const before = text;
    text = text.replace(/("target": "title", "source": )"\[jobTitle\]"/, '$1"Join(\\" \\", [jobTitle], [department])"');
    assert.notEqual(text, before, 'the schema change applies');
  }
  writeFileSync(path, text);
  standin.requests.length = 0;
  return path;
}

function writes(): string[] {
  return standin.requests
    .filter((r) => r.method !== 'GET')
    .map((r) => `${r.method} ${r.pathname.replace(`/servicePrincipals/${SP}/synchronization`, '').replace(job.id, 'JOB')}`);
}

const env = () => ({ AWS_SCIM_TOKEN: standin.aws.token });

describe('push: the provisioning section', () => {
  it('applies Test Connection, the settings, the schema, then start, in that order', async () => {
    const path = await mappingWith('order.mapping.jsonc', {}, true);
    const result = await run(['push', path, '--yes'], { env: env() });
    assert.equal(result.code, 0, result.err);
    assert.deepEqual(writes(), [
      'POST /jobs/JOB/validateCredentials',
      'PUT /secrets',
      'PUT /jobs/JOB/schema',
      'POST /jobs/JOB/start',
    ]);
    const test = standin.sent('POST', /validateCredentials$/)[0].body as {
      useSavedCredentials: boolean;
      credentials: Array<{ key: string; value: string }>;
    };
    assert.equal(test.useSavedCredentials, false);
    assert.deepEqual(test.credentials, [
      { key: 'BaseAddress', value: standin.aws.endpoint },
      { key: 'SecretToken', value: standin.aws.token },
    ]);
    const secrets = new Map(
      (standin.sent('PUT', /secrets$/)[0].body as { value: Array<{ key: string; value: string }> }).value.map((p) => [
        p.key,
        p.value,
      ]),
    );
    assert.equal(secrets.get('BaseAddress'), standin.aws.endpoint);
    assert.equal(secrets.get('SecretToken'), standin.aws.token);
    assert.equal(secrets.get('SyncAll'), 'false');
    assert.deepEqual(JSON.parse(secrets.get('SyncNotificationSettings')!), {
      Enabled: true,
      Recipients: 'idp-alerts@contoso.com',
      DeleteThresholdEnabled: true,
      DeleteThresholdValue: 500,
    });
    assert.equal(job.status?.code, 'Active');
  });

  it('"state": "off" pauses; an unchanged schema is not sent', async () => {
    job.status = { code: 'Active' };
    const path = await mappingWith('off.mapping.jsonc', { state: 'off', scope: 'all', accidentalDeletionThreshold: null }, false);
    const result = await run(['push', path, '--yes'], { env: env() });
    // scope "all" without a user filter is a warning, not an error: push goes on.
    assert.equal(result.code, 0, result.err);
    assert.deepEqual(writes(), ['POST /jobs/JOB/validateCredentials', 'PUT /secrets', 'POST /jobs/JOB/pause']);
    const secrets = new Map(
      (standin.sent('PUT', /secrets$/)[0].body as { value: Array<{ key: string; value: string }> }).value.map((p) => [
        p.key,
        p.value,
      ]),
    );
    assert.equal(secrets.get('SyncAll'), 'true');
    assert.equal(JSON.parse(secrets.get('SyncNotificationSettings')!).DeleteThresholdEnabled, false);
    assert.equal(job.status?.code, 'Paused');
  });

  it("a failed Test Connection: exit 1 with Entra's message, nothing sent after it", async () => {
    const path = await mappingWith('wrong.mapping.jsonc', {}, true);
    const result = await run(['push', path, '--yes'], { env: { AWS_SCIM_TOKEN: 'not-the-token-123' } });
    assert.equal(result.code, 1, result.err);
    assert.match(result.err, /Test Connection failed; nothing else was sent/);
    assert.match(result.err, /invalid credentials/);
    assert.ok(!result.err.includes('not-the-token-123') && !result.out.includes('not-the-token-123'));
    assert.deepEqual(writes(), ['POST /jobs/JOB/validateCredentials']);
    assert.equal(
      standin.requests[standin.requests.length - 1].pathname.endsWith('/validateCredentials'),
      true,
      'no request of any kind after the failed test',
    );
    assert.equal(job.status?.code, 'Paused');
  });

  it('the wrong endpoint fails the test too', async () => {
    const path = await mappingWith(
      'endpoint.mapping.jsonc',
      { tenantUrl: 'https://scim.eu-west-1.amazonaws.com/ffffffffffff/scim/v2/' },
      false,
    );
    const result = await run(['push', path, '--yes'], { env: env() });
    assert.equal(result.code, 1);
    assert.match(result.err, /Tenant URL/);
    assert.deepEqual(writes(), ['POST /jobs/JOB/validateCredentials']);
  });

  it('a missing token variable: exit 2 before anything is sent', async () => {
    const path = await mappingWith('noenv.mapping.jsonc', {}, true);
    for (const args of [
      ['push', path, '--yes'],
      ['push', path, '--dry-run'],
    ]) {
      const result = await run(args, { env: { AWS_SCIM_TOKEN: '' } });
      assert.equal(result.code, 2, result.err);
      assert.match(result.err, /AWS_SCIM_TOKEN .*is not set/);
      assert.equal(standin.requests.length, 0);
    }
  });

  it('--dry-run lists the steps and changes, the token as •••• with its length, and sends nothing', async () => {
    standin.secrets.set(SP, [
      { key: 'BaseAddress', value: 'https://scim.us-east-1.amazonaws.com/old/scim/v2/' },
      { key: 'SyncAll', value: 'true' },
    ]);
    const path = await mappingWith('dry.mapping.jsonc', {}, true);
    const result = await run(['push', path, '--dry-run'], { env: env() });
    assert.equal(result.code, 0, result.err);
    assert.match(result.out, /1\. Test Connection: validateCredentials/);
    assert.match(result.out, /2\. Settings: PUT synchronization\/secrets/);
    assert.match(result.out, /tenantUrl \(BaseAddress\): "https:\/\/scim\.us-east-1\.amazonaws\.com\/old\/scim\/v2\/" → /);
    assert.match(result.out, /scope \(SyncAll\): "all" → "assigned"/);
    assert.ok(result.out.includes(`•••• (${standin.aws.token.length} characters)`));
    assert.match(result.out, /3\. Schema: replace/);
    assert.match(result.out, /4\. Provisioning On: start the job \(now Paused\)/);
    assert.deepEqual(writes(), []);
  });

  it('the confirmation question names the steps; "no" sends nothing', async () => {
    const path = await mappingWith('ask.mapping.jsonc', {}, false);
    const result = await run(['push', path], { env: env(), answers: ['no'] });
    assert.equal(result.code, 1);
    assert.match(result.asked[0], /Apply these 4 steps/);
    assert.deepEqual(writes(), []);
  });

  it('a token written into the file is refused by the check (secret-in-file) and never echoed', async () => {
    const path = await mappingWith('inline.mapping.jsonc', {}, false);
    const text = readFileSync(path, 'utf8');
    writeFileSync(
      path,
      applyEdits(
        text,
        modify(text, ['provisioning', 'secretToken'], 'inline-token-value-xyz', {
          formattingOptions: { insertSpaces: true, tabSize: 2 },
        }),
      ),
    );
    standin.requests.length = 0;
    for (const args of [
      ['push', path, '--yes'],
      ['push', path, '--yes', '--force'],
    ]) {
      const result = await run(args, { env: env() });
      assert.notEqual(result.code, 0);
      assert.ok(!(result.out + result.err).includes('inline-token-value-xyz'));
      assert.deepEqual(writes(), []);
    }
    writeFileSync(path, text);
  });
});

describe('pull --to mapping: the provisioning section', () => {
  it('writes the settings it can read and never a secret (a placeholder with a comment)', async () => {
    standin.secrets.set(SP, [
      { key: 'BaseAddress', value: standin.aws.endpoint },
      { key: 'SecretToken', value: standin.aws.token },
      {
        key: 'SyncNotificationSettings',
        value: JSON.stringify({
          Enabled: true,
          Recipients: 'ops@contoso.com',
          DeleteThresholdEnabled: true,
          DeleteThresholdValue: 250,
        }),
      },
      { key: 'SyncAll', value: 'false' },
    ]);
    const out = join(work, 'pulled-provisioning.mapping.jsonc');
    const result = await run(['pull', '--service-principal', SP, '--to', 'mapping', '--out', out]);
    assert.equal(result.code, 0, result.err);
    const text = readFileSync(out, 'utf8');
    assert.ok(!text.includes(standin.aws.token));
    assert.match(text, /"tenantUrl": "https:\/\/scim\.us-east-1\.amazonaws\.com\/a1b2c3d4e5f6\/scim\/v2\/"/);
    assert.match(
      text,
      /"secretToken": \{\s*"env": "AWS_SCIM_TOKEN"\s*\},? \/\/ the AWS access token is never pulled: set AWS_SCIM_TOKEN/,
    );
    assert.match(text, /"notificationEmail": "ops@contoso\.com"/);
    assert.match(text, /"accidentalDeletionThreshold": 250/);
    assert.match(text, /"scope": "assigned"/);
    assert.match(text, /"state": "off"/);
    const check = await run(['check', out]);
    assert.equal(check.code, 0, check.out);
    // Pushed back unchanged (token set): only Test Connection and the token are sent; the rest already matches.
    standin.requests.length = 0;
    const push = await run(['push', out, '--dry-run'], { env: env() });
    assert.equal(push.code, 0, push.err);
    assert.match(push.out, /4\. Provisioning Off: already Paused, nothing to send/);
    assert.deepEqual(writes(), []);
  });
});
