import assert from 'node:assert/strict';
import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, it } from 'node:test';
import { fileSystemHost, toUri } from '../server/src/cli/files';
import { catalogs } from '../server/src/service/catalog';
import { LanguageService, type Diagnostic } from '../server/src/service/languageService';
import { parseDocument } from '../server/src/service/model/parse';
import { RULES } from '../server/src/service/rules';
import { fromRoot } from './util/paths';
import { matchSnapshot } from './util/snapshot';

const fixtures = fromRoot('test', 'fixtures', 'diagnostics');
/** Mapping, scope and Graph synchronization schema fixtures; the snapshot replaces this suffix. */
const FIXTURE_NAME = /\.(mapping|scope|synchronization|sync-schema)\.jsonc?$/;

function render(d: Diagnostic): Record<string, unknown> {
  const { start, end } = d.range;
  return {
    code: d.code,
    severity: d.severity,
    range: `${start.line + 1}:${start.character + 1}-${end.line + 1}:${end.character + 1}`,
    message: d.message,
    ...(d.data ? { fixes: d.data.fixes.map((f) => f.title) } : {}),
  };
}

/** A fixed "today" for token-expiring: the service reads only the clock it is given. */
export const FIXTURE_NOW = Date.UTC(2026, 11, 1);

function validateFile(path: string): Diagnostic[] {
  const service = new LanguageService({ host: fileSystemHost, catalogs, clock: () => FIXTURE_NOW });
  return service.validate(toUri(path), readFileSync(path, 'utf8'));
}

describe('diagnostics: one fixture per case', () => {
  for (const code of readdirSync(fixtures).sort()) {
    for (const name of readdirSync(join(fixtures, code))
      .filter((n) => FIXTURE_NAME.test(n))
      .sort()) {
      it(`${code}/${name}`, () => {
        const path = join(fixtures, code, name);
        const diagnostics = validateFile(path);
        if (code === 'clean') {
          assert.deepEqual(diagnostics.map(render), []);
          return;
        }
        const mine = diagnostics.filter((d) => d.code === code);
        assert.ok(mine.length > 0, `expected ${code}; got ${JSON.stringify(diagnostics.map(render), null, 2)}`);
        // Apart from the rule under test, a fixture must not trip structural errors that would hide it.
        const structural = diagnostics.filter((d) => d.code !== code && (d.code === 'json-syntax' || d.code === 'schema'));
        assert.deepEqual(structural.map(render), []);
        matchSnapshot(path.replace(FIXTURE_NAME, '.expected.json'), mine.map(render));
      });
    }
  }

  it('has a fixture directory for every rule', () => {
    const dirs = new Set(readdirSync(fixtures));
    assert.deepEqual(
      RULES.map((r) => r.code).filter((c) => !dirs.has(c)),
      [],
    );
  });
});

describe('diagnostics: ranges map through JSON escapes', () => {
  it('underlines exactly the unknown attribute inside an escaped expression', () => {
    const text =
      '{ "target": "aws-iam-identity-center", "user": { "mappings": [ { "target": "name.formatted", "source": "Join(\\" \\", [givenNme], [surname])" } ] } }';
    const service = new LanguageService({ host: { readFile: () => undefined }, catalogs });
    const found = service.validate('file:///x.mapping.json', text).find((d) => d.code === 'expr-unknown-attribute');
    assert.ok(found);
    assert.equal(text.slice(found.range.start.character, found.range.end.character), '[givenNme]');
  });

  it('underlines the regex error offset inside an escaped pattern', () => {
    const text = '{ "filters": [ { "clauses": [ { "attribute": "mail", "operator": "REGEX MATCH", "value": "\\\\d+(" } ] } ] }';
    const service = new LanguageService({ host: { readFile: () => undefined }, catalogs });
    const found = service.validate('file:///x.scope.json', text).find((d) => d.code === 'scope-invalid-regex');
    assert.ok(found);
    assert.ok(found.range.start.character > text.indexOf('\\\\d+('), 'points inside the pattern');
  });
});

describe('diagnostics: the bundled examples', () => {
  it('the gallery mapping and its scope are clean', () => {
    for (const name of ['aws-iam-identity-center.mapping.jsonc', 'engineering.scope.jsonc']) {
      assert.deepEqual(validateFile(fromRoot('examples', name)).map(render), [], name);
    }
  });

  it('the broken example shows every diagnostic code', () => {
    const dir = fromRoot('examples', 'broken');
    const codes = new Set(
      readdirSync(dir)
        .filter((n) => parseDocument(n, '') !== undefined)
        .flatMap((n) => validateFile(join(dir, n)).map((d) => d.code)),
    );
    assert.deepEqual(
      RULES.map((r) => r.code).filter((c) => !codes.has(c)),
      [],
    );
  });

  it('severity overrides apply per rule, and off silences a rule', () => {
    const path = fromRoot('examples', 'broken', 'broken.mapping.jsonc');
    const service = new LanguageService({
      host: fileSystemHost,
      catalogs,
      settings: { rules: { 'target-duplicate': 'hint', 'expr-syntax': 'off' } },
    });
    const diagnostics = service.validate(toUri(path), readFileSync(path, 'utf8'));
    assert.ok(diagnostics.some((d) => d.code === 'target-duplicate' && d.severity === 'hint'));
    assert.ok(!diagnostics.some((d) => d.code === 'expr-syntax'));
  });
});

describe('diagnostics: documentation', () => {
  it('the README documents every rule code', () => {
    const readme = readFileSync(fromRoot('README.md'), 'utf8');
    assert.deepEqual(
      RULES.map((r) => r.code).filter((code) => !readme.includes(`| \`${code}\` |`)),
      [],
    );
  });
});
