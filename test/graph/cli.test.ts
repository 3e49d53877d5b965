import assert from 'node:assert/strict';
import { existsSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, describe, it } from 'node:test';
import { parse } from 'jsonc-parser';
import type { CliIo } from '../../server/src/cli/io';
import { main } from '../../server/src/cli/main';
import { fromRoot } from '../util/paths';
import { attribute, attributeMapping, awsSchema, requiredUserMappings, text } from './helpers';

async function run(args: string[]): Promise<{ code: number; out: string; err: string }> {
  let out = '';
  let err = '';
  const io: CliIo = { out: (t) => void (out += t), err: (t) => void (err += t), colour: false };
  const code = await main(args, io);
  return { code, out, err };
}

const MAPPING = fromRoot('examples', 'aws-iam-identity-center.mapping.jsonc');
const GRAPH = fromRoot('examples', 'graph', 'aws-iam-identity-center.synchronization.json');
const PUT_LINE =
  'PUT https://graph.microsoft.com/v1.0/servicePrincipals/{servicePrincipalId}/synchronization/jobs/{jobId}/schema';

const work = mkdtempSync(join(tmpdir(), 'scim-mapper-graph-'));
after(() => rmSync(work, { recursive: true, force: true }));

describe('cli: scim-mapper convert --to graph', () => {
  it('prints the schema on stdout and the Graph request (never sent) on stderr', async () => {
    const result = await run(['convert', MAPPING, '--to', 'graph']);
    assert.equal(result.code, 0, result.err);
    assert.equal(result.out, readFileSync(GRAPH, 'utf8'));
    assert.ok(result.err.includes(PUT_LINE));
    assert.ok(result.err.includes('Authorization: Bearer {token}'));
    assert.ok(result.err.includes('Content-Type: application/json'));
    assert.match(result.err, /warning: Without --base/);
  });

  it('--out writes the file and keeps stdout empty', async () => {
    const out = join(work, 'aws.synchronization.json');
    const result = await run(['convert', MAPPING, '--to', 'graph', '--out', out]);
    assert.equal(result.code, 0, result.err);
    assert.equal(result.out, '');
    assert.equal(readFileSync(out, 'utf8'), readFileSync(GRAPH, 'utf8'));
    assert.ok(result.err.includes(PUT_LINE));
  });

  it('--base updates an exported schema: its id and directories stay', async () => {
    const base = {
      ...awsSchema({ user: requiredUserMappings() }),
      id: 'aWSSingleSignon.tenant.app',
      directories: [{ id: 'd1', name: 'Azure Active Directory', objects: [] }],
    };
    const basePath = join(work, 'export.json');
    writeFileSync(basePath, JSON.stringify(base, null, 4));
    const result = await run(['convert', MAPPING, '--to', 'graph', '--base', basePath]);
    assert.equal(result.code, 0, result.err);
    const schema = JSON.parse(result.out);
    assert.equal(schema.id, 'aWSSingleSignon.tenant.app');
    assert.deepEqual(schema.directories, base.directories);
    assert.match(result.out, /^\{\n {4}"id"/, "the base's indentation");
    assert.doesNotMatch(result.err, /Without --base/);
  });

  it('exits 1 when something cannot be converted, and still writes the rest', async () => {
    const path = join(work, 'bad.mapping.jsonc');
    writeFileSync(
      path,
      '{ "target": "aws-iam-identity-center", "user": { "mappings": [ { "target": "title", "source": "Joinn([a])" }, { "target": "displayName", "source": "[displayName]" } ] } }',
    );
    // The check refuses it first; --force converts what it can.
    const refused = await run(['convert', path, '--to', 'graph']);
    assert.equal(refused.code, 1);
    assert.equal(refused.out, '');
    assert.match(refused.err, /expr-unknown-function/);
    const result = await run(['convert', path, '--to', 'graph', '--force']);
    assert.equal(result.code, 1);
    assert.match(result.err, /^scim-mapper: error: title: Unknown function "Joinn"/m);
    assert.equal(JSON.parse(result.out).synchronizationRules[0].objectMappings[0].attributeMappings.length, 2);
  });
});

describe('cli: scim-mapper convert --to mapping', () => {
  it('prints the mapping with its scoping filters inline', async () => {
    const result = await run(['convert', GRAPH, '--to', 'mapping']);
    assert.equal(result.code, 0, result.err);
    const mapping = parse(result.out);
    assert.equal(mapping.target, 'aws-iam-identity-center');
    assert.equal(mapping.user.scope.filters.length, 2);
    assert.equal(mapping.user.mappings[0].target, 'userName');
    assert.match(result.err, /--base/);
  });

  it('--out writes the mapping and a scope file per object next to it; they check clean', async () => {
    const dir = mkdtempSync(join(work, 'out-'));
    const out = join(dir, 'aws.mapping.jsonc');
    const result = await run(['convert', GRAPH, '--to', 'mapping', '--out', out]);
    assert.equal(result.code, 0, result.err);
    assert.equal(result.out, '');
    assert.equal(parse(readFileSync(out, 'utf8')).user.scope, './aws.user.scope.jsonc');
    assert.ok(existsSync(join(dir, 'aws.user.scope.jsonc')));
    const check = await run(['check', dir]);
    assert.equal(check.code, 0, check.out);
    assert.match(check.out, /2 files checked: 0 errors, 0 warnings\./);
  });

  it('exits 1 and names what cannot be represented (the broken Graph example)', async () => {
    const result = await run([
      'convert',
      fromRoot('examples', 'broken', 'broken.synchronization.jsonc'),
      '--to',
      'mapping',
      '--force',
    ]);
    assert.equal(result.code, 1);
    assert.match(result.err, /error: .*userType.*no source/);
    assert.match(result.err, /error: .*2 values/);
    assert.ok(parse(result.out).user.mappings.length > 0);
  });

  it('recognises a schema by content whatever its name (a templates response)', async () => {
    // The template's group section has no matching attribute (a check error), hence --force.
    const result = await run([
      'convert',
      fromRoot('test', 'fixtures', 'graph', 'default-schema.json'),
      '--to',
      'mapping',
      '--force',
    ]);
    assert.equal(result.code, 0, result.err);
    assert.match(result.out, /"target": "members"/);
  });
});

describe('cli: convert usage errors exit 2', () => {
  for (const args of [
    ['convert', MAPPING],
    ['convert', MAPPING, '--to', 'xml'],
    ['convert', GRAPH, '--to', 'mapping', '--base', GRAPH],
    ['convert', GRAPH, '--to', 'graph'],
    ['convert', MAPPING, '--to', 'mapping'],
    ['convert', fromRoot('examples', 'engineering.scope.jsonc'), '--to', 'graph'],
    ['convert', fromRoot('no', 'such.mapping.json'), '--to', 'graph'],
    ['convert', MAPPING, GRAPH, '--to', 'graph'],
    ['convert', MAPPING, '--to', 'graph', '--base', fromRoot('no', 'such.json')],
  ]) {
    it(
      args
        .slice(1)
        .map((a) => a.replace(/.*\//, ''))
        .join(' '),
      async () => {
        const result = await run(args);
        assert.equal(result.code, 2, result.err);
        assert.match(result.err, /^scim-mapper: /);
        assert.equal(result.out, '');
      },
    );
  }

  it('help lists convert', async () => {
    const result = await run(['help']);
    assert.match(result.out, /convert FILE/);
    assert.match(result.out, /--to graph\|mapping/);
  });
});

describe('cli: check and dry-run accept Graph schemas', () => {
  it('check finds *.synchronization.json in directories', async () => {
    const result = await run(['check', fromRoot('examples', 'graph')]);
    assert.equal(result.code, 0, result.out);
    assert.match(result.out, /1 file checked: 0 errors, 0 warnings\./);
  });

  it('check reports on the broken Graph example with Graph-located positions', async () => {
    const result = await run(['check', '--format', 'json', fromRoot('examples', 'broken', 'broken.synchronization.jsonc')]);
    assert.equal(result.code, 1);
    const codes = (JSON.parse(result.out) as Array<{ code: string }>).map((r) => r.code);
    for (const code of [
      'graph-not-aws',
      'graph-expression-mismatch',
      'graph-unknown-flow-type',
      'graph-parameter-key',
      'graph-clause-values',
      'graph-unrepresentable',
    ])
      assert.ok(codes.includes(code), code);
  });

  it('--graph-target aws applies the AWS rules to any schema; a bad value exits 2', async () => {
    const path = join(work, 'other.synchronization.json');
    writeFileSync(
      path,
      text(
        awsSchema({ id: 'x', targetDirectoryName: 'contoso', user: [attributeMapping('favouriteColour', attribute('mail'))] }),
      ),
    );
    const auto = await run(['check', path]);
    assert.equal(auto.code, 0, auto.out);
    assert.match(auto.out, /information graph-not-aws/);
    const aws = await run(['check', '--graph-target', 'aws', path]);
    assert.equal(aws.code, 1);
    assert.match(aws.out, /error target-unknown/);
    const bad = await run(['check', '--graph-target', 'azure', path]);
    assert.equal(bad.code, 2);
  });

  it('dry-run runs a Graph schema like a mapping file', async () => {
    const result = await run([
      'dry-run',
      GRAPH,
      '--user',
      fromRoot('examples', 'users', 'alice.user.json'),
      '--now',
      '2025-01-31T12:00:00Z',
      '--seed',
      '1',
      '--format',
      'json',
    ]);
    assert.equal(result.code, 0, result.err);
    const json = JSON.parse(result.out);
    assert.equal(json.action, 'create');
    assert.ok(
      json.attributes.some((a: { target: string; value: unknown }) => a.target === 'userName' && a.value === 'alice@contoso.com'),
    );
  });
});
