/**
 * One verdict: `check`, the dry run, `eval` and `convert` never disagree about the same input.
 * Generated files and expressions (the fuzzer's seeded generators) and the examples of issue 10.
 */
import assert from 'node:assert/strict';
import { existsSync, mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, it } from 'node:test';
import type { CliIo } from '../server/src/cli/io';
import { main } from '../server/src/cli/main';
import { runEval } from '../server/src/cli/eval';
import { catalogs } from '../server/src/service/catalog';
import { emptySample, prepareDryRun, DRY_RUN_CODES } from '../server/src/service/dryrun';
import { staticRefusals } from '../server/src/service/evaluate/evaluate';
import { parseExpression } from '../server/src/service/expression/parser';
import { LanguageService } from '../server/src/service/languageService';
import type { MappingLikeDocument } from '../server/src/service/model/types';
import { RULES_BY_CODE } from '../server/src/service/rules';
import { checkExpression, checkWithScopeFiles } from '../server/src/service/verdict';
import { randomExpression, randomMapping, randomScope } from './robustness/fuzzGen';
import { rng } from './robustness/generate';

function capture(): { io: CliIo; out: () => string; err: () => string } {
  let out = '';
  let err = '';
  return { io: { out: (t) => void (out += t), err: (t) => void (err += t), colour: false }, out: () => out, err: () => err };
}

async function cli(...argv: string[]): Promise<{ code: number; out: string; err: string }> {
  const c = capture();
  const code = await main(argv, c.io);
  return { code, out: c.out(), err: c.err() };
}

/**
 * Rule codes the dry run also uses for what one sample's values do (a required value that is null,
 * two values for a single-valued target, characters AWS rejects in an evaluated value). Every other
 * rule code in a dry run comes from the check.
 */
const VALUE_CODES = new Set([
  'required-missing',
  'target-multi-valued',
  'invalid-characters',
  'risky-characters',
  'target-unsupported',
]);

describe('agreement over generated files', () => {
  const SEEDS = 160;

  it('every check finding (mapping and scope files) is a dry-run problem with the same code, severity and message; errors fail both', () => {
    let withErrors = 0;
    let clean = 0;
    for (let seed = 1; seed <= SEEDS; seed++) {
      const random = rng(seed);
      // Scope files are generated per URI, so a mapping that names one finds it.
      const scopes = new Map<string, string>();
      const service = new LanguageService({
        catalogs,
        host: {
          readFile: (uri) => {
            if (!scopes.has(uri)) scopes.set(uri, randomScope(rng(seed * 7919 + uri.length)));
            return scopes.get(uri);
          },
        },
      });
      let text = randomMapping(random);
      // Half of the files reference a scope file.
      if (random() < 0.5) text = text.replace('"user": {', '"user": {\n    "scope": "./people.scope.jsonc",');
      const doc = service.getDocument('file:///project/app.mapping.jsonc', text, 'mapping') as MappingLikeDocument;
      if (doc.syntaxErrors.length > 0 || !doc.objects.some((o) => o.object === 'user')) continue;
      const verdict = checkWithScopeFiles(service, doc);
      const checked = verdict.flatMap((c) => c.findings);
      const checkErrors = checked.filter((f) => f.severity === 'error');
      const result = prepareDryRun(service, doc, 'user').run(emptySample('user'), {
        clock: () => Date.UTC(2025, 0, 31),
        seed: 1,
      });
      // Every check finding, first and in order.
      assert.deepEqual(
        result.problems.slice(0, checked.length).map((p) => [p.code, p.severity, p.message]),
        checked.map((f) => [f.code, f.severity, f.message]),
        `seed ${seed}: check findings lead the dry-run problems`,
      );
      const runErrors = result.problems.slice(checked.length).filter((p) => p.severity === 'error');
      if (checkErrors.length > 0) {
        withErrors++;
        // Check errors ⇒ the dry run fails with those codes.
        const codes = new Set(result.problems.filter((p) => p.severity === 'error').map((p) => p.code));
        for (const f of checkErrors) assert.ok(codes.has(f.code), `seed ${seed}: ${f.code} is a dry-run error`);
      } else {
        clean++;
        // No check error ⇒ no dry-run error under a rule code, except for what the sample's values do.
        for (const p of runErrors) {
          assert.ok(
            !RULES_BY_CODE.has(p.code) || VALUE_CODES.has(p.code),
            `seed ${seed}: the dry run reports ${p.code} (${p.message}) which check does not`,
          );
        }
      }
      // A mapping whose expression check rejects (a rule on the expression alone) is never evaluated.
      for (const trace of result.attributes) {
        const mapping = doc.objects.find((o) => o.object === 'user')!.mappings[trace.mapping! - 1];
        const source = mapping?.source;
        if (!source) continue;
        const rejected = verdict[0].findings.some(
          (f) =>
            f.severity === 'error' &&
            RULES_BY_CODE.get(f.code)?.checkExpression !== undefined &&
            f.span.start >= source.span.start &&
            f.span.end <= source.span.end,
        );
        if (rejected) assert.equal(trace.status, 'error', `seed ${seed}: mapping ${trace.mapping} is not evaluated`);
      }
    }
    // The generators make both kinds of file.
    // The generators make files with check errors; clean files are covered by the examples below.
    assert.ok(withErrors > 10, `files with check errors: ${withErrors}, without: ${clean}`);
  });

  it('for every expression: a check error ⇔ eval refuses it before reading a value', () => {
    const service = new LanguageService({ catalogs, host: { readFile: () => undefined } });
    let rejected = 0;
    for (let seed = 1; seed <= 1500; seed++) {
      const text = randomExpression(rng(seed));
      const errors = checkExpression(service, text).filter((f) => f.severity === 'error');
      const parsed = parseExpression(text);
      // What the evaluator refuses whatever the object: syntax errors and its static refusals.
      const refused = parsed.errors.length > 0 || !parsed.root || staticRefusals(parsed.root, service.catalog).length > 0;
      if (refused) assert.ok(errors.length > 0, `seed ${seed}: eval refuses ${JSON.stringify(text)} but check accepts it`);
      const c = capture();
      const code = runEval([text, '--now', '2025-01-31T12:00:00Z', '--seed', '1'], c.io, service);
      if (errors.length > 0) {
        rejected++;
        assert.equal(code, 1, `seed ${seed}: check rejects ${JSON.stringify(text)}, so eval fails`);
        assert.ok(c.err().includes(errors[0].code), `seed ${seed}: eval names ${errors[0].code}`);
        assert.equal(c.out(), '', `seed ${seed}: nothing evaluated`);
      }
    }
    assert.ok(rejected > 100, `expressions check rejects: ${rejected}`);
  });
});

describe('the examples of issue 10', () => {
  const dir = mkdtempSync(join(tmpdir(), 'scim-agreement-'));
  const mapping = join(dir, 'app.mapping.jsonc');
  const scope = join(dir, 'app.scope.jsonc');
  const user = join(dir, 'user.json');
  const GOOD = [
    '{ "target": "userName", "source": "[userPrincipalName]", "matchingPrecedence": 1 }',
    '{ "target": "displayName", "source": "[displayName]" }',
    '{ "target": "active", "source": "Switch([IsSoftDeleted], , \\"False\\", \\"True\\", \\"True\\", \\"False\\")" }',
  ];
  const write = (mappings: string[], scopeText?: string): void => {
    writeFileSync(
      mapping,
      `{\n  "target": "aws-iam-identity-center",\n  "user": {\n    ${scopeText !== undefined ? '"scope": "./app.scope.jsonc",\n    ' : ''}"mappings": [\n      ${[...GOOD, ...mappings].join(',\n      ')}\n    ]\n  }\n}\n`,
    );
    if (scopeText !== undefined) writeFileSync(scope, scopeText);
  };
  writeFileSync(
    user,
    JSON.stringify({
      userPrincipalName: 'ada@example.com',
      displayName: 'Ada',
      givenName: 'Ada',
      surname: 'L',
      jobTitle: 'Dev (Contractor)',
      department: 'R',
    }),
  );
  const FIXED = ['--now', '2025-01-31T12:00:00Z', '--seed', '1'];
  const NAMES = [
    '{ "target": "name.givenName", "source": "[givenName]" }',
    '{ "target": "name.familyName", "source": "[surname]" }',
  ];

  for (const [label, scopeText, code] of [
    [
      'truncated JSON',
      '{ "filters": [ { "clauses": [ { "attribute": "department", "operator": "EQUALS", "value": "R" } ] } ]',
      'json-syntax',
    ],
    [
      'an unknown operator',
      '{ "filters": [ { "clauses": [ { "attribute": "department", "operator": "EQUAL", "value": "R" } ] } ] }',
      'scope-unknown-operator',
    ],
    [
      'an invalid regex',
      '{ "filters": [ { "clauses": [ { "attribute": "department", "operator": "REGEX MATCH", "value": "(R" } ] } ] }',
      'scope-invalid-regex',
    ],
  ] as const) {
    it(`a scope file with ${label}: check, dry-run and convert all refuse`, async () => {
      write(NAMES, scopeText);
      const checked = await cli('check', mapping, '--format', 'json');
      assert.equal(checked.code, 1);
      const rows = JSON.parse(checked.out) as Array<{ file: string; code: string }>;
      assert.ok(
        rows.some((r) => r.code === code && r.file.endsWith('app.scope.jsonc')),
        checked.out,
      );
      // Named too: reported once.
      const both = JSON.parse((await cli('check', mapping, scope, '--format', 'json')).out) as Array<{
        file: string;
        code: string;
      }>;
      assert.equal(both.filter((r) => r.code === code).length, rows.filter((r) => r.code === code).length);
      const run = await cli('dry-run', mapping, '--user', user, '--format', 'json', ...FIXED);
      assert.equal(run.code, 1);
      const result = JSON.parse(run.out) as { problems: Array<{ code: string; severity: string; file?: string }> };
      assert.ok(
        result.problems.some((p) => p.code === code && p.severity === 'error' && p.file?.endsWith('app.scope.jsonc')),
        run.out,
      );
      const out = join(dir, 'schema.json');
      const converted = await cli('convert', mapping, '--to', 'graph', '--out', out);
      assert.equal(converted.code, 1);
      assert.equal(converted.out, '');
      assert.equal(existsSync(out), false, 'nothing written to --out');
      assert.match(converted.err, /--force/);
    });
  }

  it('[GivenName] is an error everywhere: check, eval and the dry run (not read case-insensitively)', async () => {
    write(['{ "target": "name.givenName", "source": "[GivenName]" }', '{ "target": "name.familyName", "source": "[surname]" }']);
    assert.equal((await cli('check', mapping)).code, 1);
    const evaluated = await cli('eval', '[GivenName]', '--set', 'givenName=Ada');
    assert.equal(evaluated.code, 1);
    assert.equal(evaluated.out, '');
    assert.match(evaluated.err, /expr-unknown-attribute/);
    const run = await cli('dry-run', mapping, '--user', user, '--format', 'json', ...FIXED);
    assert.equal(run.code, 1);
    const result = JSON.parse(run.out) as {
      problems: Array<{ code: string }>;
      attributes: Array<{ target: string; status: string; value: unknown }>;
      requests: Array<{ body?: Record<string, unknown> }>;
    };
    assert.ok(result.problems.some((p) => p.code === 'expr-unknown-attribute'));
    const given = result.attributes.find((a) => a.target === 'name.givenName')!;
    assert.equal(given.status, 'error');
    assert.equal(given.value, null);
    assert.doesNotMatch(JSON.stringify(result.requests), /"givenName":"Ada"/);
  });

  it('a mis-cased target is reported, not sent under its right name', async () => {
    write(['{ "target": "name.givenName", "source": "[givenName]" }', '{ "target": "name.familyname", "source": "[surname]" }']);
    const run = await cli('dry-run', mapping, '--user', user, '--format', 'json', ...FIXED);
    assert.equal(run.code, 1);
    const result = JSON.parse(run.out) as { problems: Array<{ code: string }>; requests: unknown[] };
    assert.ok(result.problems.some((p) => p.code === 'target-unknown'));
    assert.doesNotMatch(JSON.stringify(result.requests), /familyName/);
  });

  it('Replace([jobTitle], "(Contractor)", "") fails check as eval refuses it, with the same reason', async () => {
    const expression = 'Replace([jobTitle], "(Contractor)", "")';
    write([...NAMES, `{ "target": "title", "source": ${JSON.stringify(expression)} }`]);
    const checked = await cli('check', mapping);
    assert.equal(checked.code, 1);
    assert.match(checked.out, /expr-unsupported Replace: the documented modes/);
    const evaluated = await cli('eval', expression);
    assert.equal(evaluated.code, 1);
    assert.match(evaluated.err, /error at character 1: Replace: the documented modes.*\(expr-unsupported\)/);
  });

  it('convert refuses a mapping with errors; --force converts and says so', async () => {
    write(['{ "target": "name.givenName", "source": "[GivenName]" }', '{ "target": "name.familyName", "source": "[surname]" }']);
    const refused = await cli('convert', mapping, '--to', 'graph');
    assert.equal(refused.code, 1);
    assert.equal(refused.out, '');
    const forced = await cli('convert', mapping, '--to', 'graph', '--force');
    assert.ok(forced.out.includes('synchronizationRules'));
    assert.match(forced.err, /converting despite 1 error \(--force\)/);
    // A clean mapping converts as before.
    write(NAMES);
    const clean = await cli('convert', mapping, '--to', 'graph');
    assert.equal(clean.code, 0, clean.err);
    assert.doesNotMatch(clean.err, /--force/);
  });

  it('a dry run of a clean mapping reports no check problem', async () => {
    write(NAMES);
    const run = await cli('dry-run', mapping, '--user', user, '--format', 'json', ...FIXED);
    assert.equal(run.code, 0, run.out);
    const result = JSON.parse(run.out) as { problems: Array<{ code: string; severity: string }> };
    assert.deepEqual(
      result.problems.filter((p) => p.severity === 'error'),
      [],
    );
    assert.ok(Object.values(DRY_RUN_CODES).length > 0);
  });
});
