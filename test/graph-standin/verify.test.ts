/** verify: Entra's parseExpression (the stand-in) as a second opinion. */
import assert from 'node:assert/strict';
import { after, before, beforeEach, describe, it } from 'node:test';
import { fromRoot } from '../util/paths';
import { runCli, type CliRun } from './run';
import { GraphStandin, type StandinJob } from './standin';

const MAPPING = fromRoot('examples', 'aws-iam-identity-center.mapping.jsonc');
const ALICE = fromRoot('examples', 'users', 'alice.user.json');
const SP = 'sp-verify';
let standin: GraphStandin;
let job: StandinJob;
const outputs: string[] = [];

async function run(args: string[]): Promise<CliRun> {
  const result = await runCli(standin, args);
  outputs.push(result.out, result.err);
  return result;
}

before(async () => {
  standin = await new GraphStandin().start();
  job = standin.addJob(SP);
});
after(async () => {
  await standin.close();
  for (const text of outputs) assert.ok(!text.includes(standin.token), 'the token was printed');
});
beforeEach(() => {
  standin.requests.length = 0;
  standin.parseExpression = undefined;
});

const parseRequests = (): Array<{
  expression: string;
  testInputObject?: { properties: Array<{ key: string; value: unknown }> };
}> => standin.sent('POST', /\/schema\/parseExpression$/).map((r) => r.body as never);

describe('verify', () => {
  it('sends every expression to parseExpression; when Entra agrees: a table, exit 0', async () => {
    const result = await run(['verify', MAPPING, '--service-principal', SP]);
    assert.equal(result.code, 0, result.err);
    const sent = parseRequests();
    assert.equal(sent.length, 23, 'every user and group mapping');
    assert.ok(
      sent.every((b) => b.testInputObject === undefined),
      'no sample: no testInputObject',
    );
    assert.ok(
      standin
        .sent('POST')
        .every((r) => r.pathname === `/servicePrincipals/${SP}/synchronization/jobs/${job.id}/schema/parseExpression`),
    );
    assert.match(result.out, /^object +target +ours +Entra +verdict/);
    assert.match(result.out, /23 expressions checked with Entra's parser .*: Entra agrees on all/);
  });

  it('--user: the sample goes as testInputObject and values are compared', async () => {
    const result = await run(['verify', MAPPING, '--service-principal', SP, '--user', ALICE, '--format', 'json']);
    assert.equal(result.code, 0, result.err);
    const userRequests = parseRequests().filter((b) => b.testInputObject);
    assert.equal(userRequests.length, 20, 'user mappings only');
    const properties = userRequests[0].testInputObject!.properties;
    assert.ok(properties.some((p) => p.key === 'department' && p.value === 'Engineering'));
    const report = JSON.parse(result.out) as {
      checked: number;
      differ: number;
      rows: Array<{ target: string; ours: { value?: string[] }; entra: { value?: string[] } }>;
    };
    assert.equal(report.differ, 0);
    const title = report.rows.find((r) => r.target === 'title')!;
    assert.deepEqual(title.ours.value, ['Senior Engineer']);
    assert.deepEqual(title.entra.value, ['Senior Engineer']);
  });

  it('reports where Entra differs (value, parse), exit 1, table and JSON', async () => {
    standin.parseExpression = (request) => {
      if (request.expression === '[jobTitle]')
        return {
          parsingSucceeded: true,
          evaluationSucceeded: true,
          evaluationResult: ['SENIOR ENGINEER'],
          parsedExpression: { expression: '[jobTitle]', name: 'jobTitle', type: 'Attribute', parameters: [] },
          error: null,
        };
      if (request.expression.startsWith('Join('))
        return {
          parsingSucceeded: false,
          evaluationSucceeded: false,
          evaluationResult: null,
          parsedExpression: null,
          error: { code: 'ParseError', message: 'Unexpected token' },
        };
      return undefined;
    };
    const text = await run(['verify', MAPPING, '--service-principal', SP, '--user', ALICE]);
    assert.equal(text.code, 1);
    assert.match(text.out, /title .*DIFFERS: value \["Senior Engineer"\] \(ours\) vs \["SENIOR ENGINEER"\] \(Entra\)/);
    assert.match(text.out, /name\.formatted .*DIFFERS: Entra does not parse it: Unexpected token/);
    assert.match(text.out, /2 differ/);
    assert.match(text.out, /Please report each difference/);
    const json = await run(['verify', MAPPING, '--service-principal', SP, '--user', ALICE, '--format', 'json']);
    assert.equal(json.code, 1);
    const report = JSON.parse(json.out) as { differ: number; rows: Array<{ target: string; differences: string[] }> };
    assert.equal(report.differ, 2);
    assert.deepEqual(
      report.rows
        .filter((r) => r.differences.length > 0)
        .map((r) => r.target)
        .sort(),
      ['name.formatted', 'title'],
    );
  });

  it('a different parse tree counts as a difference', async () => {
    standin.parseExpression = (request) =>
      request.expression === '[mail]'
        ? {
            parsingSucceeded: true,
            evaluationSucceeded: false,
            evaluationResult: null,
            parsedExpression: { expression: '[userPrincipalName]', name: 'userPrincipalName', type: 'Attribute', parameters: [] },
            error: null,
          }
        : undefined;
    const result = await run(['verify', MAPPING, '--service-principal', SP]);
    assert.equal(result.code, 1);
    assert.match(result.out, /emails\[type eq "work"\]\.value .*DIFFERS: Entra parses it into a different tree/);
  });

  it('needs a service principal (flag or record); Graph errors exit 2', async () => {
    assert.equal((await run(['verify', MAPPING])).code, 2);
    standin.forbidden = true;
    try {
      const denied = await run(['verify', MAPPING, '--service-principal', SP, '--job', job.id]);
      assert.equal(denied.code, 2);
      assert.match(denied.err, /403/);
    } finally {
      standin.forbidden = false;
    }
  });
});
