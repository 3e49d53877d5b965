import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { describe, it } from 'node:test';
import { applyEdits, parse } from 'jsonc-parser';
import { codeActions, editsFor, inferFormatting, type CodeAction } from '../../server/src/service/features';
import type { Diagnostic, LanguageService } from '../../server/src/service/languageService';
import type { FixData } from '../../server/src/service/rules/types';
import { fromRoot } from '../util/paths';
import { applyTextEdits, createService, opened, parseErrors, MAPPING_URI, SCOPE_URI } from './helpers';

function actionsFor(service: LanguageService, uri: string, text: string, diagnostic: Diagnostic): CodeAction<Diagnostic>[] {
  return codeActions(...opened(service, uri, text), diagnostic.range, [diagnostic]);
}

function applyAction(text: string, uri: string, action: CodeAction<Diagnostic>): string {
  return applyTextEdits(text, action.edit.changes[uri]);
}

/** Validates `text`, takes the diagnostic with `code` (and fix variant), applies its fix and returns the new text. */
function fixOnce(
  text: string,
  code: string,
  variant: FixData['fix'],
  uri = MAPPING_URI,
  pick = 0,
): { after: string; service: LanguageService; diagnostic: Diagnostic; action: CodeAction<Diagnostic> } {
  const service = createService();
  const diagnostics = service.validate(uri, text).filter((d) => d.code === code && d.data?.fixes.some((f) => f.fix === variant));
  assert.ok(
    diagnostics[pick],
    `no ${code} diagnostic with a ${variant} fix; got ${JSON.stringify(service.validate(uri, text).map((d) => d.code))}`,
  );
  const diagnostic = diagnostics[pick];
  const actions = actionsFor(service, uri, text, diagnostic).filter(
    (a) => a.title === diagnostic.data!.fixes.find((f) => f.fix === variant)!.title,
  );
  assert.equal(actions.length, 1);
  const action = actions[0];
  assert.equal(action.kind, 'quickfix');
  assert.deepEqual(action.diagnostics, [diagnostic]);
  const after = applyAction(text, uri, action);
  assert.deepEqual(parseErrors(after), [], `the fix left invalid JSON:\n${after}`);
  // The same (now stale) diagnostic again: nothing to do.
  assert.deepEqual(actionsFor(service, uri, after, diagnostic), []);
  return { after, service, diagnostic, action };
}

const lines = (...l: string[]) => l.join('\n') + '\n';

describe('code actions: one per FixData variant', () => {
  it('replace: a span of the file', () => {
    const text = lines(
      '{',
      '  "target": "aws-iam-identity-center",',
      '  "user": { "mappings": [',
      '    { "target": "title", "source": "Joinn(\\", \\", [jobTitle], [department])" } // keep me',
      '  ] }',
      '}',
    );
    const { after, service } = fixOnce(text, 'expr-unknown-function', 'replace');
    assert.equal(
      after,
      lines(
        '{',
        '  "target": "aws-iam-identity-center",',
        '  "user": { "mappings": [',
        '    { "target": "title", "source": "Join(\\", \\", [jobTitle], [department])" } // keep me',
        '  ] }',
        '}',
      ),
    );
    assert.equal(service.validate(MAPPING_URI, after).filter((d) => d.code === 'expr-unknown-function').length, 0);
  });

  it('remove-mapping: a middle mapping goes with its line and trailing comment', () => {
    const text = lines(
      '{',
      '  "target": "aws-iam-identity-center",',
      '  "user": {',
      '    "mappings": [',
      '      { "target": "title", "source": "[jobTitle]" },',
      '      // the duplicate:',
      '      { "target": "title", "source": "[department]" },   // remove me',
      '      { "target": "userName", "source": "[userPrincipalName]" }',
      '    ]',
      '  }',
      '}',
    );
    const { after } = fixOnce(text, 'target-duplicate', 'remove-mapping');
    assert.equal(
      after,
      lines(
        '{',
        '  "target": "aws-iam-identity-center",',
        '  "user": {',
        '    "mappings": [',
        '      { "target": "title", "source": "[jobTitle]" },',
        '      // the duplicate:',
        '      { "target": "userName", "source": "[userPrincipalName]" }',
        '    ]',
        '  }',
        '}',
      ),
    );
  });

  it('remove-mapping: the last mapping also takes the comma before it', () => {
    const text = lines(
      '{',
      '  "target": "aws-iam-identity-center",',
      '  "user": {',
      '    "mappings": [',
      '      { "target": "title", "source": "[jobTitle]" }, // first',
      '      { "target": "password", "source": "[mail]" }',
      '    ]',
      '  }',
      '}',
    );
    const { after } = fixOnce(text, 'target-unsupported', 'remove-mapping');
    assert.equal(
      after,
      lines(
        '{',
        '  "target": "aws-iam-identity-center",',
        '  "user": {',
        '    "mappings": [',
        '      { "target": "title", "source": "[jobTitle]" } // first',
        '    ]',
        '  }',
        '}',
      ),
    );
  });

  it('remove-mapping: mappings written on one line', () => {
    const text =
      '{ "target": "aws-iam-identity-center", "user": { "mappings": [{ "target": "password", "source": "[mail]" }, { "target": "title", "source": "[jobTitle]" }] } }';
    assert.equal(
      fixOnce(text, 'target-unsupported', 'remove-mapping').after,
      '{ "target": "aws-iam-identity-center", "user": { "mappings": [{ "target": "title", "source": "[jobTitle]" }] } }',
    );
    const last =
      '{ "target": "aws-iam-identity-center", "user": { "mappings": [{ "target": "title", "source": "[jobTitle]" }, { "target": "password", "source": "[mail]" }] } }';
    assert.equal(
      fixOnce(last, 'target-unsupported', 'remove-mapping').after,
      '{ "target": "aws-iam-identity-center", "user": { "mappings": [{ "target": "title", "source": "[jobTitle]" }] } }',
    );
    const only =
      '{ "target": "aws-iam-identity-center", "user": { "mappings": [ { "target": "password", "source": "[mail]" } ] } }';
    assert.equal(
      fixOnce(only, 'target-unsupported', 'remove-mapping').after,
      '{ "target": "aws-iam-identity-center", "user": { "mappings": [] } }',
    );
  });

  it("add-mapping: appended after the last mapping and its comment, in the file's indentation", () => {
    const text = lines(
      '{',
      '  "target": "aws-iam-identity-center",',
      '  "group": {',
      '    "mappings": [',
      '      { "target": "externalId", "source": "[objectId]" }   // the only one',
      '    ]',
      '  }',
      '}',
    );
    const { after, service } = fixOnce(text, 'required-missing', 'add-mapping');
    assert.equal(
      after,
      lines(
        '{',
        '  "target": "aws-iam-identity-center",',
        '  "group": {',
        '    "mappings": [',
        '      { "target": "externalId", "source": "[objectId]" },   // the only one',
        '      { "target": "displayName", "source": "[displayName]" }',
        '    ]',
        '  }',
        '}',
      ),
    );
    assert.equal(service.validate(MAPPING_URI, after).filter((d) => d.code === 'required-missing').length, 0);
  });

  it('add-mapping: tabs, CRLF and an empty mappings array', () => {
    const text = ['{', '\t"target": "aws-iam-identity-center",', '\t"user": {', '\t\t"mappings": []', '\t}', '}', ''].join(
      '\r\n',
    );
    const { after } = fixOnce(text, 'active-not-soft-delete', 'add-mapping');
    assert.equal(
      after,
      [
        '{',
        '\t"target": "aws-iam-identity-center",',
        '\t"user": {',
        '\t\t"mappings": [',
        '\t\t\t{ "target": "active", "source": "Switch([IsSoftDeleted], , \\"False\\", \\"True\\", \\"True\\", \\"False\\")" }',
        '\t\t]',
        '\t}',
        '}',
        '',
      ].join('\r\n'),
    );
  });

  it('add-mapping: multi-line mapping objects get a multi-line mapping', () => {
    const text = lines(
      '{',
      '    "target": "aws-iam-identity-center",',
      '    "group": {',
      '        "mappings": [',
      '            {',
      '                "target": "externalId",',
      '                "source": "[objectId]"',
      '            }',
      '        ]',
      '    }',
      '}',
    );
    const { after } = fixOnce(text, 'required-missing', 'add-mapping');
    assert.equal(
      after,
      lines(
        '{',
        '    "target": "aws-iam-identity-center",',
        '    "group": {',
        '        "mappings": [',
        '            {',
        '                "target": "externalId",',
        '                "source": "[objectId]"',
        '            },',
        '            {',
        '                "target": "displayName",',
        '                "source": "[displayName]"',
        '            }',
        '        ]',
        '    }',
        '}',
      ),
    );
  });

  it('add-mapping: a file that ends every mapping with a comma keeps doing so around the new one', () => {
    const text = lines(
      '{',
      '  "target": "aws-iam-identity-center",',
      '  "group": {',
      '    "mappings": [',
      '      { "target": "externalId", "source": "[objectId]" }, // trailing comma',
      '    ],',
      '  },',
      '}',
    );
    assert.equal(
      fixOnce(text, 'required-missing', 'add-mapping').after,
      lines(
        '{',
        '  "target": "aws-iam-identity-center",',
        '  "group": {',
        '    "mappings": [',
        '      { "target": "externalId", "source": "[objectId]" }, // trailing comma',
        '      { "target": "displayName", "source": "[displayName]" }',
        '    ],',
        '  },',
        '}',
      ),
    );
  });

  it('remove-mapping: CRLF line endings and the last element', () => {
    const text = [
      '{',
      '  "target": "aws-iam-identity-center",',
      '  "user": {',
      '    "mappings": [',
      '      { "target": "title", "source": "[jobTitle]" },',
      '      { "target": "id", "source": "[objectId]" }',
      '    ]',
      '  }',
      '}',
      '',
    ].join('\r\n');
    assert.equal(
      fixOnce(text, 'target-unsupported', 'remove-mapping').after,
      [
        '{',
        '  "target": "aws-iam-identity-center",',
        '  "user": {',
        '    "mappings": [',
        '      { "target": "title", "source": "[jobTitle]" }',
        '    ]',
        '  }',
        '}',
        '',
      ].join('\r\n'),
    );
  });

  it('move-matching: to an existing mapping', () => {
    const text = mappingLines([
      '{ "target": "displayName", "source": "[displayName]", "matchingPrecedence": 1 },',
      '{ "target": "userName", "source": "[userPrincipalName]" }',
    ]);
    const { after, service } = fixOnce(text, 'matching-not-filterable', 'move-matching');
    assert.equal(
      after,
      mappingLines([
        '{ "target": "displayName", "source": "[displayName]" },',
        '{ "target": "userName", "source": "[userPrincipalName]", "matchingPrecedence": 1 }',
      ]),
    );
    const codes = service.validate(MAPPING_URI, after).map((d) => d.code);
    assert.ok(!codes.includes('matching-not-filterable') && !codes.includes('matching-missing'));
  });

  it('move-matching: the target mapping is added with the gallery default when absent', () => {
    const text = mappingLines(['{ "target": "displayName", "source": "[displayName]", "matchingPrecedence": 2 } // matching']);
    const { after } = fixOnce(text, 'matching-not-filterable', 'move-matching');
    assert.equal(
      after,
      mappingLines([
        '{ "target": "displayName", "source": "[displayName]" }, // matching',
        '{ "target": "userName", "source": "[userPrincipalName]", "matchingPrecedence": 2 }',
      ]),
    );
  });

  it('add-matching: matchingPrecedence on the existing mapping', () => {
    const text = lines(
      '{',
      '  "target": "aws-iam-identity-center",',
      '  "group": {',
      '    "mappings": [',
      '      { "target": "displayName", "source": "[displayName]" },',
      '      { "target": "externalId", "source": "[objectId]" }',
      '    ]',
      '  }',
      '}',
    );
    const { after, service } = fixOnce(text, 'matching-missing', 'add-matching');
    assert.equal(
      after,
      lines(
        '{',
        '  "target": "aws-iam-identity-center",',
        '  "group": {',
        '    "mappings": [',
        '      { "target": "displayName", "source": "[displayName]", "matchingPrecedence": 1 },',
        '      { "target": "externalId", "source": "[objectId]" }',
        '    ]',
        '  }',
        '}',
      ),
    );
    assert.equal(service.validate(MAPPING_URI, after).filter((d) => d.code === 'matching-missing').length, 0);
  });

  it('add-matching: a multi-line mapping gets a new line', () => {
    const text = lines(
      '{',
      '  "target": "aws-iam-identity-center",',
      '  "group": {',
      '    "mappings": [',
      '      {',
      '        "target": "displayName",',
      '        "source": "[displayName]" // name',
      '      }',
      '    ]',
      '  }',
      '}',
    );
    const { after } = fixOnce(text, 'matching-missing', 'add-matching');
    assert.equal(
      after,
      lines(
        '{',
        '  "target": "aws-iam-identity-center",',
        '  "group": {',
        '    "mappings": [',
        '      {',
        '        "target": "displayName",',
        '        "source": "[displayName]", // name',
        '        "matchingPrecedence": 1',
        '      }',
        '    ]',
        '  }',
        '}',
      ),
    );
  });

  it('remove-property: the value of a unary clause', () => {
    const text = lines(
      '{',
      '  "object": "group",',
      '  "filters": [',
      '    { "clauses": [',
      '      { "attribute": "securityEnabled", "operator": "IS TRUE", "value": "true" }, // value',
      '      {',
      '        "attribute": "mailEnabled",',
      '        "operator": "IS FALSE",',
      '        "value": false',
      '      }',
      '    ] }',
      '  ]',
      '}',
    );
    const first = fixOnce(text, 'scope-operator-value', 'remove-property', SCOPE_URI);
    assert.equal(
      first.after,
      lines(
        '{',
        '  "object": "group",',
        '  "filters": [',
        '    { "clauses": [',
        '      { "attribute": "securityEnabled", "operator": "IS TRUE" }, // value',
        '      {',
        '        "attribute": "mailEnabled",',
        '        "operator": "IS FALSE",',
        '        "value": false',
        '      }',
        '    ] }',
        '  ]',
        '}',
      ),
    );
    const second = fixOnce(first.after, 'scope-operator-value', 'remove-property', SCOPE_URI);
    assert.equal(
      second.after,
      lines(
        '{',
        '  "object": "group",',
        '  "filters": [',
        '    { "clauses": [',
        '      { "attribute": "securityEnabled", "operator": "IS TRUE" }, // value',
        '      {',
        '        "attribute": "mailEnabled",',
        '        "operator": "IS FALSE"',
        '      }',
        '    ] }',
        '  ]',
        '}',
      ),
    );
    assert.equal(second.service.validate(SCOPE_URI, second.after).filter((d) => d.code === 'scope-operator-value').length, 0);
  });

  it('set-property: an integer for Greater_Than, a string for a one-element array', () => {
    const text = lines(
      '{',
      '  "filters": [',
      '    { "clauses": [{ "attribute": "extensionAttribute1", "operator": "Greater_Than", "value": "5.5" }] },',
      '    { "clauses": [{ "attribute": "department", "operator": "EQUALS", "value": ["Sales"] }] }',
      '  ]',
      '}',
    );
    const first = fixOnce(text, 'scope-operator-value', 'set-property', SCOPE_URI);
    assert.equal(
      first.after,
      lines(
        '{',
        '  "filters": [',
        '    { "clauses": [{ "attribute": "extensionAttribute1", "operator": "Greater_Than", "value": "5" }] },',
        '    { "clauses": [{ "attribute": "department", "operator": "EQUALS", "value": ["Sales"] }] }',
        '  ]',
        '}',
      ),
    );
    const second = fixOnce(first.after, 'scope-operator-value', 'set-property', SCOPE_URI);
    assert.equal(
      second.after,
      lines(
        '{',
        '  "filters": [',
        '    { "clauses": [{ "attribute": "extensionAttribute1", "operator": "Greater_Than", "value": "5" }] },',
        '    { "clauses": [{ "attribute": "department", "operator": "EQUALS", "value": "Sales" }] }',
        '  ]',
        '}',
      ),
    );
  });
});

/** A user section with these mapping lines (already comma-separated as written). */
function mappingLines(mappings: string[]): string {
  return lines(
    '{',
    '  "target": "aws-iam-identity-center",',
    '  "user": {',
    '    "mappings": [',
    ...mappings.map((m) => `      ${m}`),
    '    ]',
    '  }',
    '}',
  );
}

describe('code actions: every fix of examples/broken/broken.mapping.jsonc', () => {
  const path = fromRoot('examples', 'broken', 'broken.mapping.jsonc');
  const uri = 'file://' + path;
  const text = readFileSync(path, 'utf8');
  const service = createService();
  const diagnostics = service.validate(uri, text);
  const fixable = diagnostics.filter((d) => d.data?.fixes.length);

  it('the example parses and has fixes of most variants', () => {
    assert.deepEqual(parseErrors(text), []);
    const variants = new Set(fixable.flatMap((d) => d.data!.fixes.map((f) => f.fix)));
    for (const variant of ['replace', 'remove-mapping', 'add-mapping', 'move-matching', 'remove-property'] as const)
      assert.ok(variants.has(variant), variant);
  });

  /** Fixes that do not make their own diagnostic disappear, and why. */
  const stays: Record<string, string> = {};

  for (const diagnostic of fixable) {
    for (const fix of diagnostic.data!.fixes) {
      it(`${diagnostic.code} (line ${diagnostic.range.start.line + 1}): ${fix.title}`, () => {
        const actions = actionsFor(service, uri, text, diagnostic).filter((a) => a.title === fix.title);
        assert.equal(actions.length, 1);
        const after = applyAction(text, uri, actions[0]);
        assert.notEqual(after, text);
        assert.deepEqual(parseErrors(after), [], 'the fix must keep the file valid JSONC');
        // Only the lines around the problem change: the rest of the file (comments included) is kept.
        const before = text.split('\n');
        const changed = after.split('\n');
        let head = 0;
        while (before[head] === changed[head]) head++;
        let tail = 0;
        while (tail < before.length - head && before[before.length - 1 - tail] === changed[changed.length - 1 - tail]) tail++;
        assert.ok(
          before.length - head - tail <= 2 && changed.length - head - tail <= 2,
          `the fix touched ${before.length - head - tail} lines`,
        );
        // Re-validating: this diagnostic is gone.
        const count = (t: string) =>
          createService()
            .validate(uri, t)
            .filter((d) => d.code === diagnostic.code).length;
        if (!stays[fix.title]) assert.ok(count(after) < count(text), `${diagnostic.code} is still reported after "${fix.title}"`);
        // Applying the same fix again is a no-op.
        assert.deepEqual(actionsFor(service, uri, after, diagnostic), []);
      });
    }
  }

  it('actions are offered only for diagnostics in the requested range', () => {
    const first = fixable[0];
    const elsewhere = { start: { line: 0, character: 0 }, end: { line: 0, character: 1 } };
    assert.deepEqual(codeActions(...opened(service, uri, text), elsewhere, [first]), []);
    assert.ok(codeActions(...opened(service, uri, text), first.range, fixable).length >= 1);
  });

  it('a diagnostic without fixes, or from another tool, gives no action', () => {
    const plain = diagnostics.find((d) => !d.data)!;
    assert.deepEqual(codeActions(...opened(service, uri, text), plain.range, [plain]), []);
    const foreign = { code: 'other-tool', range: plain.range, data: { something: 1 } };
    assert.deepEqual(codeActions(...opened(service, uri, text), plain.range, [foreign]), []);
  });

  it('a quick fix with several choices prefers none of them', () => {
    const several = fixable.find((d) => d.data!.fixes.length > 1)!;
    const actions = codeActions(...opened(service, uri, text), several.range, [several]);
    assert.ok(actions.length > 1);
    assert.ok(actions.every((a) => !a.isPreferred));
    const single = fixable.find((d) => d.data!.fixes.length === 1)!;
    assert.ok(codeActions(...opened(service, uri, text), single.range, [single]).every((a) => a.isPreferred));
  });
});

describe('code actions: editsFor on data the rules do not emit today', () => {
  const service = createService();
  const run = (text: string, fix: FixData): string => {
    const document = service.getDocument(MAPPING_URI, text)!;
    const after = applyEdits(text, editsFor(service.catalog, document, fix, inferFormatting(text)));
    assert.deepEqual(parseErrors(after), [], after);
    return after;
  };
  const base = mappingLines(['{ "target": "title", "source": "[jobTitle]" }']);

  it('add-matching adds the target mapping (gallery default, precedence 1) when absent', () => {
    assert.equal(
      run(base, { fix: 'add-matching', object: 'user', toTarget: 'userName', title: 't' }),
      mappingLines([
        '{ "target": "title", "source": "[jobTitle]" },',
        '{ "target": "userName", "source": "[userPrincipalName]", "matchingPrecedence": 1 }',
      ]),
    );
  });

  it('add-mapping: a bare gallery name becomes an attribute reference; an optional matchingPrecedence is written', () => {
    const fix = {
      fix: 'add-mapping',
      object: 'user',
      target: 'name.familyName',
      source: 'surname',
      title: 't',
      matchingPrecedence: 2,
    } as FixData;
    assert.equal(
      run(base, fix),
      mappingLines([
        '{ "target": "title", "source": "[jobTitle]" },',
        '{ "target": "name.familyName", "source": "[surname]", "matchingPrecedence": 2 }',
      ]),
    );
    // Already there: nothing to do.
    assert.deepEqual(
      editsFor(
        service.catalog,
        service.getDocument(MAPPING_URI, base)!,
        { fix: 'add-mapping', object: 'user', target: 'title', source: '[x]', title: 't' },
        inferFormatting(base),
      ),
      [],
    );
  });

  it('add-mapping creates the mappings array or the whole section', () => {
    const noMappings = '{\n  "target": "aws-iam-identity-center",\n  "user": {\n    "scope": "./a.scope.json"\n  }\n}\n';
    assert.equal(
      run(noMappings, { fix: 'add-mapping', object: 'user', target: 'userName', source: '[userPrincipalName]', title: 't' }),
      '{\n  "target": "aws-iam-identity-center",\n  "user": {\n    "scope": "./a.scope.json",\n    "mappings": [\n      { "target": "userName", "source": "[userPrincipalName]" }\n    ]\n  }\n}\n',
    );
    const noGroup = '{\n  "target": "aws-iam-identity-center"\n}\n';
    const after = run(noGroup, {
      fix: 'add-mapping',
      object: 'group',
      target: 'displayName',
      source: '[displayName]',
      title: 't',
    });
    assert.deepEqual(JSON.parse(after), {
      target: 'aws-iam-identity-center',
      group: { mappings: [{ target: 'displayName', source: '[displayName]' }] },
    });
  });

  it('set-property appends a missing property; below a missing object it falls back to jsonc-parser', () => {
    const text = '{\n  "filters": []\n}\n';
    const document = service.getDocument(SCOPE_URI, text)!;
    const after = applyEdits(
      text,
      editsFor(
        service.catalog,
        document,
        { fix: 'set-property', path: ['object'], value: 'group', title: 't' },
        inferFormatting(text),
      ),
    );
    assert.equal(after, '{\n  "filters": [],\n  "object": "group"\n}\n');
    const deep = run(base, { fix: 'set-property', path: ['group', 'enabled'], value: false, title: 't' });
    assert.deepEqual(parse(deep).group, { enabled: false });
    // Everything before the user section's closing brace is kept; that brace only gains a comma.
    const userEnd = base.lastIndexOf('  }');
    assert.ok(deep.startsWith(base.slice(0, userEnd) + '  },'), deep);
  });

  it('no-ops: an absent property, a missing mapping, a replacement already made', () => {
    const document = service.getDocument(MAPPING_URI, base)!;
    const format = inferFormatting(base);
    assert.deepEqual(
      editsFor(service.catalog, document, { fix: 'remove-property', path: ['user', 'mappings', 0, 'apply'], title: 't' }, format),
      [],
    );
    assert.deepEqual(
      editsFor(service.catalog, document, { fix: 'remove-mapping', object: 'user', index: 7, title: 't' }, format),
      [],
    );
    assert.deepEqual(
      editsFor(service.catalog, document, { fix: 'remove-mapping', object: 'group', index: 0, title: 't' }, format),
      [],
    );
    const at = base.indexOf('[jobTitle]');
    assert.deepEqual(
      editsFor(
        service.catalog,
        document,
        { fix: 'replace', span: { start: at, end: at + 10 }, newText: '[jobTitle]', title: 't' },
        format,
      ),
      [],
    );
    assert.deepEqual(
      editsFor(
        service.catalog,
        document,
        { fix: 'set-property', path: ['user', 'mappings', 0, 'source'], value: '[jobTitle]', title: 't' },
        format,
      ),
      [],
    );
  });
});
