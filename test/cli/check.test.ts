import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { main } from '../../server/src/cli/main';
import type { CliIo } from '../../server/src/cli/io';
import { fromRoot } from '../util/paths';

async function run(args: string[]): Promise<{ code: number; out: string; err: string }> {
  let out = '';
  let err = '';
  const io: CliIo = { out: (t) => void (out += t), err: (t) => void (err += t), colour: false };
  const code = await main(args, io);
  return { code, out, err };
}

describe('cli: scim-mapper check', () => {
  it('exits 0 on the clean gallery example', async () => {
    const result = await run([
      'check',
      fromRoot('examples', 'aws-iam-identity-center.mapping.jsonc'),
      fromRoot('examples', 'engineering.scope.jsonc'),
    ]);
    assert.equal(result.code, 0, result.out + result.err);
    assert.match(result.out, /2 files checked: 0 errors, 0 warnings\./);
  });

  it('exits 1 with compiler-style lines on the broken example', async () => {
    const result = await run(['check', fromRoot('examples', 'broken')]);
    assert.equal(result.code, 1);
    assert.match(result.out, /broken\.mapping\.jsonc:\d+:\d+ error expr-unknown-function Unknown function "Joinn"/);
  });

  it('prints the JSON contract with 0-based LSP positions', async () => {
    const result = await run([
      'check',
      '--format',
      'json',
      fromRoot('test', 'fixtures', 'diagnostics', 'expr-unknown-function', 'typo.mapping.jsonc'),
    ]);
    assert.equal(result.code, 1);
    const rows = JSON.parse(result.out) as Array<Record<string, unknown>>;
    assert.ok(Array.isArray(rows) && rows.length === 1);
    assert.deepEqual(Object.keys(rows[0]).sort(), ['code', 'file', 'message', 'range', 'severity']);
    assert.equal(rows[0].code, 'expr-unknown-function');
    assert.equal(rows[0].severity, 'error');
    assert.deepEqual(rows[0].range, { start: { line: 9, character: 38 }, end: { line: 9, character: 43 } });
    assert.match(String(rows[0].file), /typo\.mapping\.jsonc$/);
  });

  it('--rule overrides a severity, and a downgraded error no longer fails the run', async () => {
    const path = fromRoot('test', 'fixtures', 'diagnostics', 'expr-unknown-function', 'typo.mapping.jsonc');
    const result = await run(['check', '--rule', 'expr-unknown-function=warning', path]);
    assert.equal(result.code, 0);
    assert.match(result.out, / warning expr-unknown-function /);
  });

  it('exits 2 on bad usage and unreadable input, with a message', async () => {
    for (const args of [
      ['check', '--format', 'xml'],
      ['check', '--rule', 'nope=error'],
      ['check', '--bogus'],
      ['frobnicate'],
      ['check', fromRoot('no', 'such', 'file.mapping.json')],
    ]) {
      const result = await run(args);
      assert.equal(result.code, 2, args.join(' '));
      assert.match(result.err, /^scim-mapper: /, args.join(' '));
    }
  });
});
