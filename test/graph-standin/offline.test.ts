/**
 * The network invariant (ARCHITECTURE.md): check, eval, convert and a dry run without tenant flags
 * never open a connection and never even load the Graph client. The shipped CLI (bin/ → dist/) runs
 * with a preload that makes every way of connecting throw; a tenant command under the same preload
 * fails, which shows the preload works.
 */
import assert from 'node:assert/strict';
import { spawn } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, describe, it } from 'node:test';
import { fromRoot } from '../util/paths';
import { GraphStandin } from './standin';

const PRELOAD = fromRoot('test', 'graph-standin', 'no-network.cjs');
const BIN = fromRoot('bin', 'scim-mapper.js');
const work = mkdtempSync(join(tmpdir(), 'scim-mapper-offline-'));
after(() => rmSync(work, { recursive: true, force: true }));

function cli(
  args: string[],
  env: Record<string, string> = {},
  preload = true,
): Promise<{ code: number | null; out: string; err: string }> {
  return new Promise((resolve, reject) => {
    const child = spawn(process.execPath, [...(preload ? ['--require', PRELOAD] : []), BIN, ...args], {
      cwd: fromRoot(),
      env: { ...process.env, ...env, NO_COLOR: '1' },
    });
    let out = '';
    let err = '';
    child.stdout.on('data', (d: Buffer) => (out += d.toString()));
    child.stderr.on('data', (d: Buffer) => (err += d.toString()));
    child.on('error', reject);
    child.on('close', (code) => resolve({ code, out, err }));
  });
}

const MAPPING = 'examples/aws-iam-identity-center.mapping.jsonc';
// Even with a Graph URL and token in the environment, these commands stay offline.
const TENANT_ENV = { SCIM_MAPPER_GRAPH_URL: 'https://graph.microsoft.com/v1.0', SCIM_MAPPER_GRAPH_TOKEN: 'offline-test-token' };

describe('offline commands never open a connection nor load the Graph client', () => {
  const runs: Array<[string, string[]]> = [
    ['check', ['check', 'examples']],
    ['eval', ['eval', 'Join(" ", [givenName], [surname])', '--user', 'examples/users/alice.user.json']],
    ['convert --to graph', ['convert', MAPPING, '--to', 'graph', '--out', join(work, 'out.synchronization.json')]],
    ['convert --to mapping', ['convert', 'examples/graph/aws-iam-identity-center.synchronization.json', '--to', 'mapping']],
    ['dry-run (sample file)', ['dry-run', MAPPING, '--user', 'examples/users/people.users.csv', '--brief']],
    ['dry-run (group)', ['dry-run', MAPPING, '--group', 'examples/groups/engineering.group.json']],
    ['help', ['help']],
  ];
  for (const [name, args] of runs) {
    it(name, async () => {
      const result = await cli(args, TENANT_ENV);
      assert.doesNotMatch(result.err, /NETWORK-ATTEMPT|GRAPH-CLIENT-LOADED/, result.err);
      assert.ok(result.code === 0 || result.code === 1, `${name} exited ${result.code}: ${result.err}`);
    });
  }

  it('the preload works: a tenant command under it is stopped, with a message and exit 2', async () => {
    const result = await cli(['pull', '--service-principal', 'x'], TENANT_ENV);
    assert.match(result.err, /GRAPH-CLIENT-LOADED/);
    assert.match(result.err, /NETWORK-ATTEMPT: fetch/);
    assert.equal(result.code, 2);
    assert.doesNotMatch(result.err, /offline-test-token/);
    assert.doesNotMatch(result.err, /\n\s+at /, 'no stack trace');
  });
});

describe('the shipped CLI loads the Graph client bundle for tenant commands', () => {
  it('pull through bin/ and dist/graph-client.js against the stand-in', async () => {
    const standin = await new GraphStandin().start();
    try {
      const job = standin.addJob('sp-bundle');
      const result = await cli(['pull', '--service-principal', 'sp-bundle'], standin.env() as Record<string, string>, false);
      assert.equal(result.code, 0, result.err);
      assert.equal(JSON.parse(result.out)['@scimMapper.pulledFrom'].jobId, job.id);
      assert.ok(!result.out.includes(standin.token) && !result.err.includes(standin.token));
    } finally {
      await standin.close();
    }
  });
});
