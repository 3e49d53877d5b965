/**
 * Issue 14: the failure modes of aws/failure-modes.md that checks catch. The diagnostic fixtures
 * show what each rule reports; this file covers what they cannot: the cases that must stay
 * silent, and that the quick fixes do what they say.
 */
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { describe, it } from 'node:test';
import { parse } from 'jsonc-parser';
import { codeActions, complete, hover } from '../server/src/service/features';
import { convertMappingToGraph } from '../server/src/service/graph/convert';
import { defaultCatalog } from '../server/src/service/catalog';
import type { Diagnostic } from '../server/src/service/languageService';
import { fromRoot } from './util/paths';
import { applyTextEdits, createService, mappingFile, MAPPING_URI, opened, SCOPE_URI, withCursor } from './features/helpers';

const BASE = [
  '{ "target": "active", "source": "Switch([IsSoftDeleted], , \\"False\\", \\"True\\", \\"True\\", \\"False\\")" }',
  '{ "target": "displayName", "source": "[displayName]" }',
  '{ "target": "name.givenName", "source": "[givenName]" }',
  '{ "target": "name.familyName", "source": "[surname]" }',
];

function codes(uri: string, text: string, code: string): Diagnostic[] {
  return createService()
    .validate(uri, text)
    .filter((d) => d.code === code);
}

function applyFix(uri: string, text: string, diagnostic: Diagnostic, title: RegExp): string {
  const service = createService();
  const action = codeActions(...opened(service, uri, text), diagnostic.range, [diagnostic]).find((a) => title.test(a.title));
  assert.ok(action, `no action matching ${title}`);
  return applyTextEdits(text, action.edit.changes[uri]);
}

function withSso(text: string, nameId: string): string {
  return text.replace(
    '"target": "aws-iam-identity-center",',
    `"target": "aws-iam-identity-center",\n  "sso": { "nameId": ${JSON.stringify(nameId)} },`,
  );
}

describe('saml-nameid-mismatch', () => {
  it('is silent when userName comes from the NameID source, spelled differently', () => {
    assert.deepEqual(
      codes(
        MAPPING_URI,
        mappingFile(['{ "target": "userName", "source": "[userPrincipalName]", "matchingPrecedence": 1 }', ...BASE]),
        'saml-nameid-mismatch',
      ),
      [],
    );
    const declared = withSso(
      mappingFile(['{ "target": "userName", "source": "toLower( [mail] )", "matchingPrecedence": 1 }', ...BASE]),
      'ToLower([mail])',
    );
    assert.deepEqual(codes(MAPPING_URI, declared, 'saml-nameid-mismatch'), []);
  });

  it('the bundled gallery mapping passes', () => {
    const text = readFileSync(fromRoot('examples', 'aws-iam-identity-center.mapping.jsonc'), 'utf8');
    assert.deepEqual(codes(MAPPING_URI, text, 'saml-nameid-mismatch'), []);
  });

  it('fix 1 maps userName from the NameID source; fix 2 declares the NameID source', () => {
    const text = mappingFile(['{ "target": "userName", "source": "[mail]", "matchingPrecedence": 1 }', ...BASE]);
    const [diagnostic] = codes(MAPPING_URI, text, 'saml-nameid-mismatch');
    const mapped = applyFix(MAPPING_URI, text, diagnostic, /^Map userName/);
    assert.equal(parse(mapped).user.mappings[0].source, '[userPrincipalName]');
    assert.deepEqual(codes(MAPPING_URI, mapped, 'saml-nameid-mismatch'), []);
    const declared = applyFix(MAPPING_URI, text, diagnostic, /^Declare/);
    assert.deepEqual(parse(declared).sso, { nameId: '[mail]' });
    assert.deepEqual(codes(MAPPING_URI, declared, 'saml-nameid-mismatch'), []);
  });

  it('on-create userName: the fix makes it apply always', () => {
    const text = mappingFile([
      '{ "target": "userName", "source": "[userPrincipalName]", "matchingPrecedence": 1, "apply": "on-create" }',
      ...BASE,
    ]);
    const [diagnostic] = codes(MAPPING_URI, text, 'saml-nameid-mismatch');
    assert.match(diagnostic.message, /only on create/);
    const fixed = applyFix(MAPPING_URI, text, diagnostic, /always/);
    assert.equal(parse(fixed).user.mappings[0].apply, undefined);
    assert.deepEqual(codes(MAPPING_URI, fixed, 'saml-nameid-mismatch'), []);
  });

  it('converting to Graph says that "sso" is not part of a synchronization schema', () => {
    const text = withSso(
      mappingFile(['{ "target": "userName", "source": "[mail]", "matchingPrecedence": 1 }', ...BASE]),
      '[mail]',
    );
    const result = convertMappingToGraph(createService(), MAPPING_URI, text);
    assert.ok(
      result.problems.some((p) => p.severity === 'warning' && /"sso" is not part of a synchronization schema/.test(p.message)),
    );
    assert.ok(!result.text.includes('nameId'));
  });

  it('"sso" is part of the mapping file schema', () => {
    const text = withSso(
      mappingFile(['{ "target": "userName", "source": "[mail]", "matchingPrecedence": 1 }', ...BASE]),
      '[mail]',
    );
    assert.deepEqual(codes(MAPPING_URI, text, 'schema'), []);
    const wrong = text.replace('"nameId"', '"nameID"');
    assert.equal(codes(MAPPING_URI, wrong, 'schema').length, 1);
  });
});

describe('scope-null-excluded', () => {
  it('is silent when the IS NULL alternative exists, or the filter demands a value', () => {
    const text = JSON.stringify({
      filters: [
        { clauses: [{ attribute: 'department', operator: 'NOT EQUALS', value: 'Sales' }] },
        { clauses: [{ attribute: 'department', operator: 'IS NULL' }] },
        {
          clauses: [
            { attribute: 'jobTitle', operator: 'IS NOT NULL' },
            { attribute: 'jobTitle', operator: 'NOT REGEX MATCH', value: '^Intern' },
          ],
        },
        { clauses: [{ attribute: 'city', operator: 'EQUALS', value: 'Oslo' }] },
      ],
    });
    assert.deepEqual(codes(SCOPE_URI, text, 'scope-null-excluded'), []);
  });

  it('the fix adds a filter group with the other clauses and IS NULL', () => {
    const text = JSON.stringify(
      {
        filters: [
          {
            clauses: [
              { attribute: 'accountEnabled', operator: 'IS TRUE' },
              { attribute: 'employeeType', operator: 'NOT EQUALS', value: 'Contractor' },
            ],
          },
        ],
      },
      null,
      2,
    );
    const [diagnostic] = codes(SCOPE_URI, text, 'scope-null-excluded');
    assert.equal(diagnostic.severity, 'information');
    const fixed = applyFix(SCOPE_URI, text, diagnostic, /IS NULL/);
    assert.deepEqual(parse(fixed).filters[1], {
      clauses: [
        { attribute: 'accountEnabled', operator: 'IS TRUE' },
        { attribute: 'employeeType', operator: 'IS NULL' },
      ],
    });
    assert.deepEqual(codes(SCOPE_URI, fixed, 'scope-null-excluded'), []);
  });
});

describe('scope-null-excluded in an inline scope', () => {
  it("the fix appends the IS NULL filter to the mapping file's inline filters", () => {
    const text = readFileSync(
      fromRoot('test', 'fixtures', 'diagnostics', 'scope-null-excluded', 'not-regex-match-inline.mapping.jsonc'),
      'utf8',
    );
    const [diagnostic] = codes(MAPPING_URI, text, 'scope-null-excluded');
    const fixed = applyFix(MAPPING_URI, text, diagnostic, /IS NULL/);
    assert.deepEqual(parse(fixed).user.scope.filters[1], { clauses: [{ attribute: 'jobTitle', operator: 'IS NULL' }] });
    assert.deepEqual(codes(MAPPING_URI, fixed, 'scope-null-excluded'), []);
  });
});

describe('scope-null-excluded in a Graph schema', () => {
  it("the fix adds a scoping group in Graph's shape", () => {
    const uri = 'file:///p/x.synchronization.json';
    const text = readFileSync(
      fromRoot('test', 'fixtures', 'diagnostics', 'scope-null-excluded', 'graph-not-equals.synchronization.json'),
      'utf8',
    );
    const [diagnostic] = codes(uri, text, 'scope-null-excluded');
    const fixed = applyFix(uri, text, diagnostic, /IS NULL/);
    const groups = parse(fixed).synchronizationRules[0].objectMappings.find((o: { scope?: unknown }) => o.scope).scope.groups;
    assert.deepEqual(groups[1], {
      clauses: [{ operatorName: 'IS NULL', sourceOperandName: 'employeeType', targetOperand: { values: [] } }],
    });
    assert.deepEqual(codes(uri, fixed, 'scope-null-excluded'), []);
  });
});

describe('target-unsupported under unsupported attributes', () => {
  for (const target of [
    'photos[type eq \\"photo\\"].value',
    'ims[type eq \\"work\\"].value',
    'x509Certificates[primary eq \\"True\\"].value',
    'entitlements[type eq \\"x\\"].value',
    'roles[primary eq \\"True\\"].display',
    'roles[type eq \\"x\\"].display',
    'manager.displayName',
    'urn:ietf:params:scim:schemas:extension:enterprise:2.0:User:manager.displayName',
    'groups',
    'groups[type eq \\"direct\\"].value',
  ]) {
    it(target, () => {
      const text = mappingFile([
        '{ "target": "userName", "source": "[userPrincipalName]", "matchingPrecedence": 1 }',
        ...BASE,
        `{ "target": "${target}", "source": "[mail]" }`,
      ]);
      const all = createService().validate(MAPPING_URI, text);
      assert.equal(all.filter((d) => d.code === 'target-unsupported').length, 1, JSON.stringify(all.map((d) => d.code)));
      assert.deepEqual(
        all.filter((d) => d.code === 'target-unknown'),
        [],
      );
    });
  }
  it('the hover of such a path documents the unsupported attribute', () => {
    const doc = mappingFile([
      '{ "target": "userName", "source": "[userPrincipalName]", "matchingPrecedence": 1 }',
      '{ "target": "ims[type eq \\"work\\"].value", "source": "[mail]" }',
    ]);
    const { text, position } = withCursor(doc.replace('"ims[', '"im|s['));
    const result = hover(...opened(createService(), MAPPING_URI, text), position);
    assert.ok(result);
    assert.match(result.contents.value, /is part of `ims`/);
    assert.match(result.contents.value, /Not supported/);
  });

  it('supported paths are untouched', () => {
    const text = mappingFile([
      '{ "target": "userName", "source": "[userPrincipalName]", "matchingPrecedence": 1 }',
      ...BASE,
      '{ "target": "urn:ietf:params:scim:schemas:extension:enterprise:2.0:User:manager", "source": "[manager]" }',
    ]);
    assert.deepEqual(codes(MAPPING_URI, text, 'target-unsupported'), []);
  });
});

describe('failure modes: catalog and hovers', () => {
  it('every failure mode cites known sources, and its codes are real codes', () => {
    const modes = defaultCatalog.catalogs.failureModes ?? [];
    assert.ok(modes.length >= 10);
    const readme = readFileSync(fromRoot('README.md'), 'utf8');
    for (const mode of modes) {
      assert.ok(mode.sources.length > 0, mode.id);
      for (const key of mode.sources) assert.ok(Object.hasOwn(defaultCatalog.catalogs.sources, key), `${mode.id} cites ${key}`);
      assert.ok(
        mode.confidence === 'high' || mode.confidence === 'medium',
        `${mode.id}: only high and medium confidence are used`,
      );
      for (const code of mode.codes) assert.ok(readme.includes(`\`${code}\``), `${mode.id}: ${code} is documented`);
      if (mode.confidence === 'medium') assert.ok(mode.note, `${mode.id}: a medium-confidence mode says what is unsure`);
    }
  });

  it('the provisioning target hover notes token expiry and quotas, with sources and the caveat', () => {
    const { text, position } = withCursor(
      mappingFile(['{ "target": "userName", "source": "[userPrincipalName]", "matchingPrecedence": 1 }']).replace(
        '"aws-iam-identity-center"',
        '"aws-iam-|identity-center"',
      ),
    );
    const result = hover(...opened(createService(), MAPPING_URI, text), position);
    assert.ok(result);
    const value = result.contents.value;
    assert.match(value, /valid for one year/);
    assert.match(value, /50,000 users/);
    assert.match(value, /may be outdated/);
    assert.match(value, /_Sources: /);
  });
});

describe('sso.nameId in the editor', () => {
  it('completes Entra attributes and hovers like a source expression', () => {
    const base = withSso(
      mappingFile(['{ "target": "userName", "source": "[mail]", "matchingPrecedence": 1 }', ...BASE]),
      '[mai]',
    );
    const { text, position } = withCursor(base.replace('"[mai]"', '"[mai|]"'));
    const items = complete(...opened(createService(), MAPPING_URI, text), position).items;
    assert.ok(
      items.some((i) => i.label === 'mail'),
      JSON.stringify(items.slice(0, 5).map((i) => i.label)),
    );
    const hovered = withCursor(
      withSso(mappingFile(['{ "target": "userName", "source": "[mail]", "matchingPrecedence": 1 }', ...BASE]), '[mail]').replace(
        '"[mail]" }',
        '"[ma|il]" }',
      ),
    );
    const result = hover(...opened(createService(), MAPPING_URI, hovered.text), hovered.position);
    assert.ok(result && /mail/.test(result.contents.value));
  });
});
