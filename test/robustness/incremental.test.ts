/**
 * Re-checking a file after an edit reuses what did not change (server/src/service/mappingChecks.ts):
 * the per-mapping findings of unchanged mappings, moved with the text, and what the per-expression
 * rules found in each distinct expression. These tests check that the reuse never shows: a service
 * that has seen every earlier version of a file gives exactly the diagnostics (and quick fixes) of a
 * fresh service that sees only the last one, over seeded sequences of edits. They also check that
 * the reuse happens, by counting rule runs.
 */
import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { catalogs } from '../../server/src/service/catalog';
import { codeActions } from '../../server/src/service/features';
import { LanguageService, type ServiceSettings } from '../../server/src/service/languageService';
import { runMappingChecks, type MappingCheckState } from '../../server/src/service/mappingChecks';
import { parseMappingDocument } from '../../server/src/service/model/parse';
import type { Finding, Rule, RuleContext } from '../../server/src/service/rules/types';
import { mutate, randomMapping } from './fuzzGen';
import { int, pick, rng, scaledMapping, type Random } from './generate';
import { opened } from '../features/helpers';

const SEED = 20250214;
const URI = 'file:///incremental/doc.mapping.jsonc';

function service(settings?: ServiceSettings): LanguageService {
  return new LanguageService({ host: { readFile: () => undefined }, catalogs, settings });
}

/** Mapping lines with findings of the per-mapping rules; many have the same length, so that a mapping reused at the wrong place would show. */
const LINES = [
  '{ "target": "password", "source": "[mail]" }', // target-unsupported, its fix names the index
  '{ "target": "nickName", "source": "Joinn([mail])" }', // expr-unknown-function
  '{ "target": "nickName", "source": "[Mail]" }', // expr-unknown-attribute (case)
  '{ "target": "title", "source": "SelectUniqueValue([mail], [upn])" }', // expr-usage unless on-create
  '{ "target": "title", "source": "\\"a\\u200bb\\"" }', // invalid-characters
  '{ "target": "title", "source": "[jobTitle]" }',
  '{ "target": "locale", "source": "[mail]" }',
  '{ "target": "displayName", "source": "[displayName]" }',
];

/** A document of LINES, one mapping a line. */
function linesDocument(random: Random): string {
  const lines = Array.from({ length: int(random, 4, 30) }, () => pick(random, LINES));
  return `{ "target": "aws-iam-identity-center", "user": { "mappings": [\n      ${lines.join(',\n      ')}\n    ] } }\n`;
}

/** What one keystroke or paste does: mostly inside a `source` or `target` string, sometimes anywhere. */
function edit(random: Random, text: string): string {
  const r = random();
  if (r < 0.05) return mutate(random, text, 1); // anything, including broken JSON
  const lines = text.split('\n');
  const mappingLines = lines.map((line, i) => (/^\s*\{ "target"/.test(line) ? i : -1)).filter((i) => i >= 0);
  if (r < 0.15 && mappingLines.length > 0) {
    // A whole mapping added or removed: the later ones change index (and many keep their length).
    const at = pick(random, mappingLines);
    if (random() < 0.5 && mappingLines.length > 1) lines.splice(at, 1);
    else lines.splice(at, 0, `      ${pick(random, LINES)},`);
    return lines.join('\n');
  }
  if (r < 0.3 && mappingLines.length > 0) {
    // A property typed or removed at the end of a mapping, just before its closing brace.
    const at = pick(random, mappingLines);
    const line = lines[at];
    const close = line.lastIndexOf('}');
    const added = pick(random, [', "apply": "on-create" ', ', "matchingPrecedence": 1 ', ' ']);
    lines[at] = line.includes(added) ? line.replace(added, '') : line.slice(0, close) + added + line.slice(close);
    return lines.join('\n');
  }
  // Somewhere inside a string value: type, delete or paste.
  // Scoping clauses too: their findings are reused per inline scope.
  const strings = [...text.matchAll(/"(?:source|target|default|apply|attribute|operator|value)": "((?:[^"\\\n]|\\.)*)"/g)];
  if (strings.length === 0) return text;
  const match = pick(random, strings);
  const start = match.index! + match[0].length - match[1].length - 1;
  const at = start + int(random, 0, match[1].length);
  const typed = pick(random, [
    'x',
    'A',
    ' ',
    '(',
    ')',
    ',',
    '[',
    ']',
    '\\"',
    '\\\\',
    'é',
    'Join(',
    '[mail]',
    '"',
    '\\u0041',
    'ToLower([givenName])',
    '\\t',
    ' REGEX MATCH',
    'NOT ',
    '(',
  ]);
  const deleted = random() < 0.3 ? int(random, 1, 4) : 0;
  return text.slice(0, at) + typed + text.slice(Math.min(at + deleted, start + match[1].length));
}

function documentFor(random: Random): string {
  const r = random();
  if (r < 0.3) return randomMapping(random);
  if (r < 0.5) return scaledMapping(int(random, 20, 120), { seed: int(random, 1, 1000), clauses: int(random, 0, 12) });
  if (r < 0.85) return linesDocument(random);
  // The same expressions in several mappings, written with and without escapes.
  const lines = Array.from({ length: int(random, 3, 12) }, (_, i) => {
    const expression = pick(random, [
      '[mail]',
      'Join(" ", [givenName], [sn])',
      'joinn([x])',
      'Switch([IsSoftDeleted], , "False", "True")',
    ]);
    const written = random() < 0.5 ? JSON.stringify(expression) : JSON.stringify(expression).replace(/a/g, '\\u0061');
    return `{ "target": "${pick(random, ['displayName', 'title', 'emails[type eq \\"work\\"].value', 'nickName'])}", "source": ${written}${i % 3 === 0 ? ', "apply": "on-create"' : ''} }`;
  });
  return `{ "target": "aws-iam-identity-center", "user": { "mappings": [\n      ${lines.join(',\n      ')}\n    ] } }\n`;
}

describe('incremental validation: an edit sequence gives the diagnostics of a fresh check', () => {
  it('over seeded documents and edits, with the settings changing now and then', () => {
    const SEQUENCES = 40;
    const STEPS = 20;
    let compared = 0;
    for (let n = 0; n < SEQUENCES; n++) {
      const random = rng(SEED + n);
      let text = documentFor(random);
      let settings: ServiceSettings | undefined;
      const kept = service();
      for (let step = 0; step < STEPS; step++) {
        text = edit(random, text);
        if (random() < 0.05) {
          settings = random() < 0.5 ? { rules: { 'expr-unknown-attribute': 'off', 'target-duplicate': 'hint' } } : undefined;
          kept.updateSettings(settings ?? {});
        }
        const where = `sequence ${n} (seed ${SEED + n}), step ${step}`;
        const expected = service(settings).validate(URI, text);
        const actual = kept.validate(URI, text);
        assert.deepEqual(actual, expected, where);
        // Quick fixes compare a diagnostic's fixes with what the rules find now: they must agree too.
        for (const diagnostic of actual.filter((d) => d.data).slice(0, 3)) {
          assert.deepEqual(
            codeActions(...opened(kept, URI, text), diagnostic.range, [diagnostic]).map((a) => a.title),
            codeActions(...opened(service(settings), URI, text), diagnostic.range, [diagnostic]).map((a) => a.title),
            `${where}: quick fixes of ${diagnostic.code}`,
          );
        }
        compared++;
      }
    }
    assert.equal(compared, SEQUENCES * STEPS);
  });

  it('a file switched between kinds, broken and fixed again, and forgotten', () => {
    const kept = service();
    const good = scaledMapping(30);
    const broken = good.replace('"source": "[givenName]"', '"source": "[givenName]'); // an unclosed string
    for (const text of [good, broken, good, good.replace('[mail]', '[Mail]'), good]) {
      assert.deepEqual(kept.validate(URI, text), service().validate(URI, text));
    }
    kept.forget(URI);
    assert.deepEqual(kept.validate(URI, good), service().validate(URI, good));
    // The same text read as a scope file is not a mapping file: nothing is reused.
    assert.deepEqual(kept.validate(URI, good, 'scope'), service().validate(URI, good, 'scope'));
    assert.deepEqual(kept.validate(URI, good, 'mapping'), service().validate(URI, good, 'mapping'));
  });
});

/** Test rules that count their runs; one finding each, on every mapping's source and every expression's first node. */
function countingRules(): { rules: Rule[]; mappingRuns: () => number; expressionRuns: () => number } {
  let mappingRuns = 0;
  let expressionRuns = 0;
  const perMapping: Rule = {
    code: 'test-mapping',
    defaultSeverity: 'hint',
    documents: ['mapping'],
    description: 'counts mapping checks',
    checkMapping(context) {
      mappingRuns++;
      const source = context.mapping.source;
      if (source)
        context.report({
          code: this.code,
          message: `mapping ${context.mapping.index}`,
          span: source.span,
          fixes: [{ fix: 'replace', span: source.span, newText: 'x', title: 'x' }],
        });
    },
  };
  const perExpression: Rule = {
    code: 'test-expression',
    defaultSeverity: 'hint',
    documents: ['mapping'],
    description: 'counts expression checks',
    checkExpression(context) {
      expressionRuns++;
      const root = context.parsed.root;
      if (root) context.report({ code: this.code, message: context.parsed.text, span: { start: root.start, end: root.end } });
    },
  };
  return { rules: [perExpression, perMapping], mappingRuns: () => mappingRuns, expressionRuns: () => expressionRuns };
}

/** A test rule that counts its runs over filter lists; one finding, with a fix, on every clause's operator. */
function countingFilterRule(): { rule: Rule; runs: () => number } {
  let runs = 0;
  const rule: Rule = {
    code: 'test-filters',
    defaultSeverity: 'hint',
    documents: ['mapping'],
    description: 'counts filter checks',
    checkFilters(context) {
      runs++;
      for (const filter of context.filters)
        for (const clause of filter.clauses)
          if (clause.operator)
            context.report({
              code: this.code,
              message: `${context.object} ${clause.operator.value}`,
              span: clause.operator.span,
              fixes: [{ fix: 'replace', span: clause.operator.span, newText: '"x"', title: 'x' }],
            });
    },
  };
  return { rule, runs: () => runs };
}

/** One catalog for these checks: findings are reused only with the catalog they were found with. */
const CATALOG = service().catalog;

function check(
  rules: Rule[],
  text: string,
  previous?: MappingCheckState,
  catalog = CATALOG,
): { byRule: Finding[][]; state: MappingCheckState | undefined } {
  const document = parseMappingDocument(URI, text);
  const base: RuleContext = {
    document,
    catalog,
    scopeObject: 'user',
    resolveScope: () => ({ status: 'missing', uri: '' }),
    report: () => undefined,
    targetsAws: true,
  };
  return runMappingChecks(rules, document, base, previous);
}

describe('incremental validation: what is reused', () => {
  const text = scaledMapping(200);
  const edited = text.replace('"source": "[givenName]"', '"source": "[givenNamex]"');

  it('an edit inside one mapping re-checks that mapping only, and moves the findings after it', () => {
    const { rules, mappingRuns } = countingRules();
    const first = check(rules, text);
    const before = mappingRuns();
    assert.equal(before, 203, 'every mapping is checked the first time');
    const second = check(rules, edited, first.state);
    assert.equal(mappingRuns() - before, 1, 'only the edited mapping is checked again');
    // The findings are those of a check from scratch, spans moved by the one inserted character.
    const fresh = check(countingRules().rules, edited);
    assert.deepEqual(second.byRule[1], fresh.byRule[1]);
    assert.deepEqual(second.byRule[0], fresh.byRule[0]);
  });

  it('a mapping inserted before others re-checks the ones whose index changed', () => {
    const { rules, mappingRuns } = countingRules();
    const first = check(rules, text);
    const lines = text.split('\n');
    const at = lines.findIndex((line) => line.includes('"target": "nickName"'));
    lines.splice(at, 0, '      { "target": "title", "source": "[jobTitle]" },');
    const before = mappingRuns();
    check(rules, lines.join('\n'), first.state);
    const rechecked = mappingRuns() - before;
    assert.ok(rechecked > 100 && rechecked < 204, `${rechecked} mappings re-checked`);
  });

  it('an expression is checked once per object kind, wherever it appears, and placed at each mapping', () => {
    const { rules, expressionRuns } = countingRules();
    // The same expression three times: plain, with an escaped "a", and in a group mapping.
    const doc = `{ "target": "aws-iam-identity-center", "user": { "mappings": [
      { "target": "title", "source": "[mail]" },
      { "target": "nickName", "source": "[m\\u0061il]" }
    ] }, "group": { "mappings": [ { "target": "displayName", "source": "[mail]" } ] } }`;
    const { byRule } = check(rules, doc);
    assert.equal(expressionRuns(), 2, 'one run for users, one for groups');
    const spans = byRule[0].map((f) => doc.slice(f.span.start, f.span.end));
    assert.deepEqual(spans, ['[mail]', '[m\\u0061il]', '[mail]']);
  });

  it("an edit in a mapping keeps the inline scope's filter findings; an edit in the scope checks it again", () => {
    const { rule, runs } = countingFilterRule();
    const first = check([rule], text);
    assert.equal(runs(), 1, 'one inline scope');
    assert.ok(first.byRule[0].length > 0);
    const second = check([rule], edited, first.state);
    assert.equal(runs(), 1, 'an edit after the scope does not check it again');
    assert.deepEqual(second.byRule[0], check([countingFilterRule().rule], edited).byRule[0]);
    // One character typed before the scope moves it: kept, and its findings and fixes moved.
    const shifted = edited.replace('"target": "aws-iam-identity-center"', '"target": "aws-iam-identity-centerx"');
    const third = check([rule], shifted, second.state);
    assert.equal(runs(), 1, 'a moved scope is not checked again');
    assert.deepEqual(third.byRule[0], check([countingFilterRule().rule], shifted).byRule[0]);
    const inScope = shifted.replace('"operator": "IS TRUE"', '"operator": "IS FALSE"');
    assert.notEqual(inScope, shifted);
    const fourth = check([rule], inScope, third.state);
    assert.equal(runs(), 2, 'an edit inside the scope checks it again');
    assert.deepEqual(fourth.byRule[0], check([countingFilterRule().rule], inScope).byRule[0]);
  });

  it('duplicate keys inside mappings and outside them are found after edits as from scratch', () => {
    const kept = service();
    const base = scaledMapping(40);
    const versions = [
      base,
      base.replace('"source": "[givenName]"', '"source": "[givenName]", "source": "[mail]"'),
      base
        .replace('"source": "[givenName]"', '"source": "[givenName]", "source": "[mail]"')
        .replace('"user": {', '"user": { "x": 1, "x": 2,'),
      base.replace('"user": {', '"user": { "x": 1, "x": 2,'),
      base,
    ];
    for (const version of versions) {
      const actual = kept.validate(URI, version);
      assert.deepEqual(actual, service().validate(URI, version));
    }
    const codes = kept.validate(URI, versions[2]).filter((d) => d.code === 'json-duplicate-key');
    assert.equal(codes.length, 2, 'one in a mapping, one in the section');
  });

  it('nothing is reused across a syntax error, a different rule list or another catalog', () => {
    const { rules, mappingRuns } = countingRules();
    const first = check(rules, text);
    const broken = check(rules, text.replace('"source": "[givenName]"', '"source": [givenName]"'), first.state);
    assert.equal(broken.state, undefined, 'a broken file leaves nothing to reuse');
    let before = mappingRuns();
    check([rules[1]], text, first.state);
    assert.equal(mappingRuns() - before, 203, 'another rule list checks every mapping');
    before = mappingRuns();
    check(rules, text, first.state, service().catalog);
    assert.equal(mappingRuns() - before, 203, 'another catalog checks every mapping');
    before = mappingRuns();
    check(rules, text, first.state);
    assert.equal(mappingRuns() - before, 0, 'the same text, rules and catalog check nothing again');
  });
});
