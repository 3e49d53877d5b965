import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { functionSnippet } from '../../server/src/service/features';
import { catalogs } from '../../server/src/service/catalog';
import { LineIndex } from '../../server/src/service/text/lineIndex';
import { completeAt, createService, mappingFile, MAPPING_URI, SCOPE_URI, withCursor, type CompletionResult } from './helpers';

/** Invariants every completion list must keep: documentation everywhere, single-line edits around the cursor. */
function checked(source: string, options: Parameters<typeof completeAt>[1] = {}): CompletionResult {
  const result = completeAt(source, options);
  const { text, position } = withCursor(source, options.marker);
  const lines = new LineIndex(text);
  const cursor = lines.offsetAt(position);
  for (const item of result.items) {
    assert.ok(
      item.documentation.kind === 'markdown' && item.documentation.value.trim().length > 0,
      `${item.label} has no documentation`,
    );
    const { start, end } = item.textEdit.range;
    assert.equal(start.line, end.line, `${item.label}: the edit spans lines`);
    assert.ok(
      lines.offsetAt(start) <= cursor && cursor <= lines.offsetAt(end),
      `${item.label}: the edit range does not contain the cursor`,
    );
  }
  return result;
}

/** A one-mapping user document; `mapping` is the JSON text of the mapping object (with the cursor). */
const user = (mapping: string, others: string[] = []) => mappingFile([...others, mapping]);
const group = (mapping: string) =>
  mappingFile(['{ "target": "userName", "source": "[userPrincipalName]", "matchingPrecedence": 1 }'], [mapping]);

interface Case {
  name: string;
  doc: string;
  uri?: string;
  /** Labels that must be offered (and visible for what is typed). */
  includes?: string[];
  excludes?: string[];
  /** Exactly these labels, in this order. */
  exactly?: string[];
  /** Apply the item with this label and expect the line of the cursor to become `line`. */
  apply?: { label: string; line: string };
  preselect?: string;
}

const cases: Case[] = [
  // ---- AWS targets
  {
    name: 'target: supported user targets only',
    doc: user('{ "target": "|", "source": "[mail]" }'),
    includes: [
      'userName',
      'name.givenName',
      'emails[type eq "work"].value',
      'urn:ietf:params:scim:schemas:extension:enterprise:2.0:User:department',
    ],
    excludes: ['password', 'id', 'groups', 'members', 'emails[type eq "work"].display'],
  },
  {
    name: 'target: group section offers group targets',
    doc: group('{ "target": "|", "source": "[mail]" }'),
    includes: ['displayName', 'members', 'externalId'],
    excludes: ['userName', 'description', 'name.givenName'],
  },
  {
    name: 'target: JSON-escaped insert replacing the whole content',
    doc: user('{ "target": "em|ails[x]", "source": "[mail]" }'),
    apply: {
      label: 'emails[type eq "work"].value',
      line: '      { "target": "emails[type eq \\"work\\"].value", "source": "[mail]" }',
    },
  },
  {
    name: 'target: partial name typed',
    doc: user('{ "target": "name.giv|", "source": "[givenName]" }'),
    preselect: 'name.givenName',
    apply: { label: 'name.givenName', line: '      { "target": "name.givenName", "source": "[givenName]" }' },
  },
  {
    name: 'target: unquoted value gets quotes',
    doc: user('{ "target": |, "source": "[mail]" }'),
    apply: { label: 'title', line: '      { "target": "title", "source": "[mail]" }' },
  },
  // ---- Attributes in expressions
  {
    name: 'source: attribute after [ in a half-typed Join',
    doc: user('{ "target": "name.formatted", "source": "Join(\\" \\", [giv|" }'),
    includes: ['givenName'],
    preselect: 'givenName',
    apply: { label: 'givenName', line: '      { "target": "name.formatted", "source": "Join(\\" \\", [givenName]" }' },
  },
  {
    name: 'source: the edit covers the partial name and an existing ]',
    doc: user('{ "target": "title", "source": "[jo|bT]" }'),
    apply: { label: 'jobTitle', line: '      { "target": "title", "source": "[jobTitle]" }' },
  },
  {
    name: 'source: Switch([IsSoft',
    doc: user('{ "target": "active", "source": "Switch([IsSoft|" }'),
    preselect: 'IsSoftDeleted',
    apply: { label: 'IsSoftDeleted', line: '      { "target": "active", "source": "Switch([IsSoftDeleted]" }' },
  },
  {
    name: 'source: unavailable attributes are excluded, likely ones kept',
    doc: user('{ "target": "title", "source": "[|" }'),
    includes: ['mail', 'employeeType', 'otherMails', 'extension_<appIdWithoutHyphens>_<attributeName>'],
    excludes: ['userType', 'onPremisesSamAccountName', 'thumbnailPhoto', 'IsMemberOf'],
  },
  {
    name: 'source: group mappings read group attributes',
    doc: group('{ "target": "displayName", "source": "[|]" }'),
    includes: ['displayName', 'members', 'securityEnabled', 'mailEnabled'],
    excludes: ['givenName', 'userPrincipalName'],
  },
  {
    name: 'source: a mis-cased attribute is offered with its right case',
    doc: user('{ "target": "name.givenName", "source": "[Givenn|]" }'),
    preselect: 'givenName',
    apply: { label: 'givenName', line: '      { "target": "name.givenName", "source": "[givenName]" }' },
  },
  {
    name: 'source: attribute inside a JSON string that is not closed',
    doc: user('{ "target": "name.formatted", "source": "Join(\\" \\", [giv|'),
    apply: { label: 'givenName', line: '      { "target": "name.formatted", "source": "Join(\\" \\", [givenName]' },
  },
  // ---- Functions
  {
    name: 'source: Repl → Replace with its seven positional slots',
    doc: user('{ "target": "title", "source": "Repl|" }'),
    preselect: 'Replace',
    apply: {
      label: 'Replace',
      line: '      { "target": "title", "source": "Replace(source, oldValue, , , replacementValue, , )" }',
    },
  },
  {
    name: 'source: functions in an argument slot, snippet with parameters',
    doc: user('{ "target": "title", "source": "Join(\\" \\", |)" }'),
    includes: ['ToLower', 'Join', 'Switch', 'IIF', 'Trim'],
    apply: { label: 'Join', line: '      { "target": "title", "source": "Join(\\" \\", Join(separator, source))" }' },
  },
  {
    name: 'source: a mis-cased function is offered with its right case',
    doc: user('{ "target": "title", "source": "instr|" }'),
    preselect: 'InStr',
    apply: { label: 'InStr', line: '      { "target": "title", "source": "InStr(value1, value2)" }' },
  },
  {
    name: 'source: a name already followed by ( is replaced alone',
    doc: user('{ "target": "locale", "source": "swi|tch([preferredLanguage], \\"en-US\\", \\"de\\", \\"de-DE\\")" }'),
    apply: {
      label: 'Switch',
      line: '      { "target": "locale", "source": "Switch([preferredLanguage], \\"en-US\\", \\"de\\", \\"de-DE\\")" }',
    },
  },
  {
    name: 'source: enum identifiers in InStr compareType',
    doc: user('{ "target": "title", "source": "InStr([mail], \\"a\\", 1, |)" }'),
    exactly: ['vbBinaryCompare', 'vbTextCompare'],
    apply: { label: 'vbTextCompare', line: '      { "target": "title", "source": "InStr([mail], \\"a\\", 1, vbTextCompare)" }' },
  },
  {
    name: 'source: half-typed enum identifier',
    doc: user('{ "target": "title", "source": "InStr([mail], \\"a\\", , vbT|" }'),
    exactly: ['vbBinaryCompare', 'vbTextCompare'],
    preselect: 'vbTextCompare',
  },
  {
    name: 'source: nothing inside a string constant',
    doc: user('{ "target": "title", "source": "Join(\\"[gi|\\", [mail])" }'),
    exactly: [],
  },
  { name: 'source: nothing after a complete value', doc: user('{ "target": "title", "source": "[mail] |" }'), exactly: [] },
  { name: 'source: nothing inside a number', doc: user('{ "target": "title", "source": "Left([mail], 1|2)" }'), exactly: [] },
  // ---- Keys and fixed values
  {
    name: 'keys: a mapping object offers the keys it lacks',
    doc: user('{ "target": "title", | }'),
    includes: ['source', 'matchingPrecedence', 'apply', 'default'],
    excludes: ['target'],
    apply: { label: 'source', line: '      { "target": "title", "source": "" }' },
  },
  {
    name: 'keys: a comma is added after the previous property',
    doc: user('{ "target": "title" | }'),
    apply: { label: 'apply', line: '      { "target": "title", "apply": "always" }' },
  },
  {
    name: 'keys: a comma is added before a following property',
    doc: user('{ | "target": "title" }'),
    apply: { label: 'source', line: '      { "source": "", "target": "title" }' },
  },
  {
    name: 'keys: inside a key string only the name is replaced',
    doc: user('{ "target": "title", "mat|": 1 }'),
    preselect: 'matchingPrecedence',
    apply: { label: 'matchingPrecedence', line: '      { "target": "title", "matchingPrecedence": 1 }' },
  },
  {
    name: 'keys: a key string without a colon becomes the whole property',
    doc: user('{ "target": "title", "sou|" }'),
    preselect: 'source',
    apply: { label: 'source', line: '      { "target": "title", "source": "" }' },
  },
  {
    name: 'values: apply is always or on-create',
    doc: user('{ "target": "title", "source": "[jobTitle]", "apply": "|" }'),
    exactly: ['always', 'on-create'],
    apply: { label: 'on-create', line: '      { "target": "title", "source": "[jobTitle]", "apply": "on-create" }' },
  },
  {
    name: 'values: apply without quotes',
    doc: user('{ "target": "title", "source": "[jobTitle]", "apply": | }'),
    apply: { label: 'always', line: '      { "target": "title", "source": "[jobTitle]", "apply": "always" }' },
  },
  {
    name: 'elements: a new mapping in the mappings array',
    doc: mappingFile(['{ "target": "title", "source": "[jobTitle]" }', '|']),
    apply: { label: '{ "target", "source" }', line: '      { "target": "", "source": "" }' },
  },
];

describe('completion', () => {
  for (const c of cases) {
    it(c.name, () => {
      const result = checked(c.doc, { uri: c.uri });
      const visible = result.visible();
      for (const label of c.includes ?? [])
        assert.ok(visible.includes(label), `${label} missing from ${JSON.stringify(visible)}`);
      for (const label of c.excludes ?? []) assert.ok(!result.labels.includes(label), `${label} should not be offered`);
      if (c.exactly) assert.deepEqual(result.labels, c.exactly);
      if (c.preselect) {
        assert.deepEqual(
          result.items.filter((i) => i.preselect).map((i) => i.label),
          [c.preselect],
        );
        assert.equal(visible[0] === c.preselect || visible.includes(c.preselect), true);
      }
      if (c.apply) {
        const after = result.apply(c.apply.label);
        const { position } = withCursor(c.doc);
        assert.equal(after.split('\n')[position.line], c.apply.line);
      }
    });
  }

  it('top-level keys and the target value', () => {
    const keys = checked('{ | }');
    assert.deepEqual([...keys.labels].sort(), [
      '$schema',
      'description',
      'group',
      'provisioning',
      'pulledFrom',
      'sso',
      'target',
      'user',
    ]);
    assert.equal(keys.apply('$schema'), '{ "$schema": "" }');
    const value = checked('{ "target": "|" }');
    assert.deepEqual(value.labels, ['aws-iam-identity-center']);
    assert.equal(value.apply('aws-iam-identity-center'), '{ "target": "aws-iam-identity-center" }');
  });

  it('already-mapped targets are ranked last and flagged', () => {
    const doc = user('{ "target": "|", "source": "[mail]" }', [
      '{ "target": "userName", "source": "[userPrincipalName]" }',
      '{ "target": "title", "source": "[jobTitle]" }',
    ]);
    const result = checked(doc);
    const visible = result.visible();
    assert.deepEqual(visible.slice(-2).sort(), ['title', 'userName']);
    assert.match(result.item('userName').detail ?? '', /^already mapped/);
    assert.doesNotMatch(result.item('displayName').detail ?? '', /already mapped/);
    // Required targets come first.
    assert.deepEqual(visible.slice(0, 3).sort(), ['displayName', 'name.familyName', 'name.givenName']);
    // The mapping being edited does not count as already mapped.
    const self = checked(user('{ "target": "title|", "source": "[jobTitle]" }'));
    assert.doesNotMatch(self.item('title').detail ?? '', /already mapped/);
  });

  it('function snippets are JSON- and snippet-escaped', () => {
    const signatures = new Map(catalogs.functions.map((f) => [f.name, f]));
    assert.equal(functionSnippet(signatures.get('Join')!), 'Join(${1:separator}, ${2:source})');
    assert.equal(functionSnippet(signatures.get('Switch')!), 'Switch(${1:source}, ${2:defaultValue}, ${3:key}, ${4:value})');
    assert.equal(functionSnippet(signatures.get('Guid')!), 'Guid()');
    assert.equal(
      functionSnippet(signatures.get('AppRoleAssignmentsComplex')!),
      'AppRoleAssignmentsComplex(${1:[appRoleAssignments]})',
    );
    const result = checked(user('{ "target": "title", "source": "|" }'));
    for (const item of result.items)
      assert.doesNotMatch(item.textEdit.newText, /(^|[^\\])"/, `${item.label} inserts a raw quote into the JSON string`);
    assert.equal(result.item('Join').command?.command, 'editor.action.triggerParameterHints');
  });

  it('the documentation of a function has its signature, example and status', () => {
    const doc = checked(user('{ "target": "title", "source": "|" }')).item('Join').documentation.value;
    assert.match(doc, /Join\(separator, source1, source2, …\)/);
    assert.match(doc, /\*\*Example\*\*/);
    assert.match(doc, /Doe, John/);
    assert.match(doc, /Status/);
    const trim = checked(user('{ "target": "title", "source": "|" }')).item('Trim');
    assert.match(trim.detail ?? '', /not in the provisioning reference/);
  });

  it('likely attributes are flagged', () => {
    const result = checked(user('{ "target": "title", "source": "[|]" }'));
    assert.match(result.item('employeeType').detail ?? '', /likely/);
    assert.doesNotMatch(result.item('mail').detail ?? '', /likely/);
    const visible = result.visible();
    assert.ok(visible.indexOf('mail') < visible.indexOf('employeeType'), 'confirmed attributes first');
  });

  it('directory extension attributes are a snippet', () => {
    const result = checked(user('{ "target": "title", "source": "[ext|]" }'));
    const item = result.item('extension_<appIdWithoutHyphens>_<attributeName>');
    assert.equal(item.insertTextFormat, 'snippet');
    assert.match(result.apply(item.label), /"\[extension_appIdWithoutHyphens_attributeName\]"/);
  });
});

describe('completion: scoping filters', () => {
  const inline = (clause: string) =>
    [
      '{',
      '  "target": "aws-iam-identity-center",',
      '  "group": {',
      '    "scope": { "filters": [{ "clauses": [',
      `      ${clause}`,
      '    ] }] },',
      '    "mappings": []',
      '  }',
      '}',
    ].join('\n');
  const scopeFile = (clause: string, object = 'user') => `{ "object": "${object}", "filters": [{ "clauses": [${clause}] }] }`;

  it("attribute names: scopable attributes of the section's object", () => {
    const result = checked(inline('{ "attribute": "|", "operator": "EQUALS", "value": "x" }'));
    for (const label of ['displayName', 'securityEnabled', 'mail']) assert.ok(result.labels.includes(label), label);
    for (const label of ['members', 'appRoleAssignments', 'givenName']) assert.ok(!result.labels.includes(label), label);
  });

  it('attribute names in a scope file follow its object', () => {
    const users = checked(scopeFile('{ "attribute": "|" }'), { uri: SCOPE_URI });
    assert.ok(users.labels.includes('department') && users.labels.includes('accountEnabled'));
    assert.ok(
      !users.labels.includes('manager') && !users.labels.includes('proxyAddresses') && !users.labels.includes('userType'),
    );
    const groups = checked(scopeFile('{ "attribute": "|" }', 'group'), { uri: SCOPE_URI });
    assert.ok(groups.labels.includes('securityEnabled') && !groups.labels.includes('department'));
  });

  it('operators: all fourteen, with arity and value type', () => {
    const result = checked(scopeFile('{ "attribute": "department", "operator": "|" }'), { uri: SCOPE_URI });
    assert.equal(result.labels.length, 14);
    assert.equal(result.item('IS TRUE').detail, 'unary · no value');
    assert.equal(result.item('REGEX MATCH').detail, 'binary · regex value');
    assert.equal(result.item('Greater_Than').detail, 'binary · integer value');
    assert.match(result.item('&').documentation.value, /not documented/);
    assert.match(result.item('EQUALS').documentation.value, /Case-sensitive: yes/);
    assert.equal(result.visible().at(-1), '!&');
    assert.equal(
      result.apply('REGEX MATCH'),
      '{ "object": "user", "filters": [{ "clauses": [{ "attribute": "department", "operator": "REGEX MATCH" }] }] }',
    );
  });

  const values: Array<[string, string, string[]]> = [
    ['a Boolean attribute', '{ "attribute": "accountEnabled", "operator": "EQUALS", "value": "|" }', ['True', 'False']],
    ['Greater_Than', '{ "attribute": "extensionAttribute1", "operator": "Greater_Than", "value": "|" }', ['0']],
    ['REGEX MATCH', '{ "attribute": "jobTitle", "operator": "REGEX MATCH", "value": "|" }', ['^…$']],
    ['a unary operator', '{ "attribute": "accountEnabled", "operator": "IS TRUE", "value": "|" }', []],
    ['a string attribute', '{ "attribute": "department", "operator": "EQUALS", "value": "|" }', []],
  ];
  for (const [name, clause, expected] of values) {
    it(`value hints for ${name}`, () => {
      assert.deepEqual(checked(scopeFile(clause), { uri: SCOPE_URI }).labels, expected);
    });
  }

  it('the regex hint is anchored', () => {
    const result = checked(scopeFile('{ "attribute": "jobTitle", "operator": "REGEX MATCH", "value": "|" }'), { uri: SCOPE_URI });
    assert.match(result.apply('^…$'), /"value": "\^pattern\$"/);
  });

  it('scope paths list scope files through the host', () => {
    const asked: string[] = [];
    const host = {
      listFiles(dir: string) {
        asked.push(dir);
        return dir.endsWith('/shared/')
          ? ['file:///home/user/project/shared/common.scope.json']
          : ['engineering.scope.jsonc', 'test.mapping.jsonc', 'notes.txt', 'shared/'];
      },
    };
    const doc = (path: string) => `{ "target": "aws-iam-identity-center", "user": { "scope": "${path}", "mappings": [] } }`;
    const top = checked(doc('|'), { host });
    assert.deepEqual(top.labels, ['./engineering.scope.jsonc', './shared/']);
    assert.equal(top.apply('./engineering.scope.jsonc'), doc('./engineering.scope.jsonc'));
    const nested = checked(doc('./shared/|'), { host });
    assert.deepEqual(nested.labels, ['./shared/common.scope.json']);
    assert.deepEqual(asked, ['file:///home/user/project/', 'file:///home/user/project/shared/']);
    assert.deepEqual(checked(doc('|')).labels, [], 'no host, no files');
  });

  it('a new clause in a clauses array', () => {
    const result = checked(scopeFile('{ "attribute": "department", "operator": "IS NOT NULL" }, |'), { uri: SCOPE_URI });
    assert.match(result.apply(result.labels[0]), /\{ "attribute": "", "operator": "", "value": "" \}/);
  });

  // Clients without snippet support get the same items, inserting what the snippet inserts with its defaults.
  for (const [name, source, uri] of [
    ['functions', user('{ "target": "title", "source": "Jo|" }')],
    ['directory extension patterns', user('{ "target": "title", "source": "[ext|" }')],
    ['new keys', user('{ "target": "title", | }')],
    ['a new mapping', mappingFile(['{ "target": "title", "source": "[jobTitle]" }', '|'])],
    ['an empty file', '|'],
    ['the anchored regex hint', scopeFile('{ "attribute": "department", "operator": "REGEX MATCH", "value": "|" }'), SCOPE_URI],
  ] as const) {
    it(`without snippet support: ${name} as plain text`, () => {
      const withSnippets = checked(source, { uri });
      const plain = checked(source, { uri, snippets: false });
      assert.ok(
        withSnippets.items.some((i) => i.insertTextFormat === 'snippet'),
        'the case has snippet items',
      );
      assert.deepEqual(plain.labels, withSnippets.labels);
      for (const item of plain.items) {
        assert.equal(item.insertTextFormat, 'plaintext', item.label);
        assert.equal(plain.apply(item.label), withSnippets.apply(item.label), item.label);
      }
    });
  }

  it('an empty file gets a skeleton', () => {
    const result = checked('|');
    assert.equal(result.labels.length, 1);
    const text = result.apply(result.labels[0]);
    assert.match(text, /"matchingPrecedence": 1/);
    assert.equal(
      createService()
        .validate(MAPPING_URI, text)
        .filter((d) => d.severity === 'error').length,
      0,
    );
  });
});
