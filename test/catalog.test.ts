import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { catalogs, defaultCatalog } from '../server/src/service/catalog';
import type { ObjectKind } from '../server/src/service/catalog/types';

const awsTarget = (object: ObjectKind, path: string) => defaultCatalog.awsTarget(object, path);
const awsTargetsFor = (object: ObjectKind) => defaultCatalog.awsTargetsFor(object);
/** Exact names only: pattern attributes (directory extensions) are matched by matchEntraAttribute. */
const entraAttribute = (object: ObjectKind, name: string) => {
  const found = defaultCatalog.entraAttribute(object, name);
  return found?.pattern ? undefined : found;
};
const matchEntraAttribute = (object: ObjectKind, name: string) => defaultCatalog.entraAttribute(object, name);
const entraAttributeIgnoreCase = (object: ObjectKind, name: string) => defaultCatalog.entraAttributeIgnoreCase(object, name);
const entraAttributesFor = (object: ObjectKind) => catalogs.entraAttributes.filter((a) => a.object === object);
const functionByName = (name: string) => defaultCatalog.functionByName(name);
const scopeOperator = (name: string) => defaultCatalog.scopeOperator(name);
const sourceCitation = (key: string) => (Object.hasOwn(catalogs.sources, key) ? catalogs.sources[key] : undefined);

const ENTERPRISE = 'urn:ietf:params:scim:schemas:extension:enterprise:2.0:User';

function target(object: 'user' | 'group', path: string) {
  const t = awsTarget(object, path);
  assert.ok(t, `missing AWS target ${object}:${path}`);
  return t;
}

function fn(name: string) {
  const f = functionByName(name);
  assert.ok(f, `missing function ${name}`);
  return f;
}

describe('catalog: AWS targets', () => {
  it('userName is required, filterable, 1-128 and allows no whitespace', () => {
    const t = target('user', 'userName');
    assert.equal(t.supported, true);
    assert.equal(t.required, true);
    assert.equal(t.filterable, true);
    assert.equal(t.minLength, 1);
    assert.equal(t.maxLength, 128);
    assert.equal(t.allowsWhitespace, false);
    assert.ok(t.pattern);
    const re = new RegExp(t.pattern, 'u');
    assert.ok(re.test('alice@contoso.com'));
    assert.ok(!re.test('alice smith'));
    assert.ok(!re.test('alice\u00a0smith'));
    assert.ok(!re.test(''));
    assert.ok(!re.test('a\u200bb'), 'zero-width space (Cf) is rejected');
    assert.ok(re.test('ünïcödé-😀'), 'letters with marks and emoji (So) pass');
    assert.equal(t.inGalleryDefaults, true);
    assert.equal(t.galleryDefaultSource, 'userPrincipalName');
  });

  it('externalId is filterable, 1-256, no whitespace, with the tutorial caveat', () => {
    for (const object of ['user', 'group'] as const) {
      const t = target(object, 'externalId');
      assert.equal(t.filterable, true);
      assert.equal(t.maxLength, 256);
      assert.equal(t.allowsWhitespace, false);
      assert.ok(
        t.notes?.some((n) => /tutorial.* does not tick/.test(n)),
        `${object} externalId keeps the filter caveat`,
      );
      assert.ok(
        t.notes?.some((n) => /isn't allowing some other characters/.test(n)),
        `${object} externalId keeps the character warning`,
      );
    }
  });

  it('name.givenName, name.familyName and displayName are required and allow spaces', () => {
    for (const path of ['name.givenName', 'name.familyName', 'displayName']) {
      const t = target('user', path);
      assert.equal(t.required, true, path);
      assert.equal(t.maxLength, 1024, path);
      assert.equal(t.allowsWhitespace, true, path);
      assert.ok(new RegExp(t.pattern ?? '', 'u').test('Mary Ann\u3000O\u2019Neil'), path);
    }
    assert.equal(target('user', 'name.formatted').required, false);
  });

  it('collection targets carry collection, type filter and sub-attribute', () => {
    const work = target('user', 'emails[type eq "work"].value');
    assert.equal(work.collection, 'emails');
    assert.equal(work.collectionType, 'work');
    assert.equal(work.subAttribute, 'value');
    assert.equal(work.supported, true);
    assert.equal(work.galleryDefaultSource, 'mail');
    for (const type of ['home', 'other']) assert.equal(target('user', `emails[type eq "${type}"].value`).supported, true);
    for (const type of ['work', 'mobile', 'fax', 'home', 'pager', 'other']) {
      const phone = target('user', `phoneNumbers[type eq "${type}"].value`);
      assert.equal(phone.collection, 'phoneNumbers');
      assert.equal(phone.collectionType, type);
    }
    for (const type of ['work', 'home']) {
      for (const sub of ['formatted', 'streetAddress', 'locality', 'region', 'postalCode', 'country']) {
        const a = target('user', `addresses[type eq "${type}"].${sub}`);
        assert.equal(a.collection, 'addresses');
        assert.equal(a.subAttribute, sub);
        assert.equal(a.supported, true);
      }
    }
    assert.equal(target('user', 'roles[primary eq "True"].value').supported, true);
    assert.equal(target('user', 'roles[primary eq "True"].type').supported, true);
  });

  it('unsupported targets are present with a reason', () => {
    const unsupported = [
      'password',
      'ims',
      'photos',
      'entitlements',
      'x509Certificates',
      'groups',
      'id',
      'meta.version',
      'emails[type eq "work"].display',
      'phoneNumbers[type eq "mobile"].display',
      'addresses[type eq "work"].display',
      'roles[primary eq "True"].display',
      `${ENTERPRISE}:manager.displayName`,
    ];
    for (const path of unsupported) {
      const t = target('user', path);
      assert.equal(t.supported, false, path);
      assert.ok(t.unsupportedReason && t.unsupportedReason.length > 10, `${path} has a reason`);
    }
    assert.equal(target('group', 'id').supported, false);
    assert.equal(target('group', 'description').supported, false);
  });

  it('enterprise attributes use the full URN and are supported', () => {
    for (const name of ['employeeNumber', 'costCenter', 'organization', 'division', 'department']) {
      const t = target('user', `${ENTERPRISE}:${name}`);
      assert.equal(t.supported, true);
      assert.equal(t.maxLength, 1024, 'GEN heuristic');
      assert.ok(
        t.notes?.some((n) => /heuristic/.test(n)),
        `${name} says the limit is a heuristic`,
      );
    }
    const manager = target('user', `${ENTERPRISE}:manager`);
    assert.equal(manager.supported, true);
    assert.equal(manager.type, 'reference');
    assert.equal(manager.filterable, false);
  });

  it('group displayName and members', () => {
    const dn = target('group', 'displayName');
    assert.equal(dn.required, true);
    assert.equal(dn.filterable, true);
    assert.equal(dn.allowsWhitespace, true);
    assert.ok(!new RegExp(dn.pattern ?? '', 'u').test('a\u3000b'), 'group names exclude U+3000');
    assert.ok(new RegExp(target('user', 'displayName').pattern ?? '', 'u').test('a\u3000b'), 'user names allow U+3000');
    const members = target('group', 'members');
    assert.equal(members.type, 'reference');
    assert.equal(members.supported, true);
    assert.equal(members.inGalleryDefaults, true);
  });

  it('every gallery default target is in the catalog, and lookups are per object', () => {
    const gallery = catalogs.awsTargets.filter((t) => t.inGalleryDefaults);
    assert.equal(gallery.filter((t) => t.object === 'user').length, 25);
    assert.equal(gallery.filter((t) => t.object === 'group').length, 3);
    assert.equal(awsTarget('group', 'userName'), undefined);
    assert.equal(awsTarget('user', 'USERNAME'), undefined, 'awsTarget is exact');
    assert.ok(awsTargetsFor('user').length > awsTargetsFor('group').length);
    assert.equal(awsTargetsFor('user').length + awsTargetsFor('group').length, catalogs.awsTargets.length);
  });

  it('every target is well-formed', () => {
    const seen = new Set<string>();
    for (const t of catalogs.awsTargets) {
      const key = `${t.object}:${t.path}`;
      assert.ok(!seen.has(key), `duplicate ${key}`);
      seen.add(key);
      assert.ok(['user', 'group'].includes(t.object), key);
      assert.ok(['string', 'boolean', 'reference', 'complex', 'integer', 'dateTime'].includes(t.type), key);
      assert.equal(typeof t.supported, 'boolean', key);
      assert.equal(typeof t.required, 'boolean', key);
      assert.equal(typeof t.filterable, 'boolean', key);
      assert.equal(typeof t.inGalleryDefaults, 'boolean', key);
      assert.ok(t.description.length > 0, key);
      assert.ok(t.sources.length > 0, key);
      if (!t.supported) assert.ok(t.unsupportedReason, key);
      if (t.pattern !== undefined) {
        assert.doesNotThrow(() => new RegExp(t.pattern ?? '', 'u'), key);
        assert.ok(t.pattern.startsWith('^') && t.pattern.endsWith('$'), `${key} pattern is anchored`);
        assert.equal(typeof t.allowsWhitespace, 'boolean', key);
      }
      if (t.minLength !== undefined && t.maxLength !== undefined) assert.ok(t.minLength <= t.maxLength, key);
    }
  });
});

describe('catalog: Entra source attributes', () => {
  it('lookups are exact or case-insensitive on request', () => {
    assert.equal(entraAttribute('user', 'userPrincipalName')?.name, 'userPrincipalName');
    assert.equal(entraAttribute('user', 'UserPrincipalName'), undefined);
    assert.equal(entraAttributeIgnoreCase('user', 'UserPrincipalName')?.name, 'userPrincipalName');
    assert.equal(entraAttributeIgnoreCase('user', 'issoftdeleted')?.name, 'IsSoftDeleted');
    assert.equal(entraAttribute('group', 'userPrincipalName'), undefined);
    assert.equal(entraAttribute('group', 'members')?.multiValued, true);
    assert.equal(entraAttributesFor('user').length + entraAttributesFor('group').length, catalogs.entraAttributes.length);
  });

  it('IsSoftDeleted is computed; proxyAddresses is multi-valued', () => {
    assert.equal(entraAttribute('user', 'IsSoftDeleted')?.computed, true);
    assert.equal(entraAttribute('user', 'IsSoftDeleted')?.type, 'Boolean');
    const proxy = entraAttribute('user', 'proxyAddresses');
    assert.equal(proxy?.multiValued, true);
    assert.equal(proxy?.scopable, false);
  });

  it('manager, appRoleAssignments, userType, members and dates are not scopable', () => {
    for (const name of ['manager', 'appRoleAssignments', 'userType', 'employeeHireDate', 'IsMemberOf']) {
      const a = entraAttribute('user', name);
      assert.ok(a, name);
      assert.equal(a.scopable, false, name);
      assert.ok(a.scopeUnsupportedReason, name);
    }
    assert.equal(entraAttribute('group', 'members')?.scopable, false);
    assert.equal(entraAttribute('group', 'appRoleAssignments')?.scopable, false);
    assert.equal(entraAttribute('user', 'department')?.scopable, true);
    assert.equal(entraAttribute('user', 'dirSyncEnabled')?.scopable, true);
  });

  it('grades are kept: likely and unavailable names', () => {
    assert.equal(entraAttribute('user', 'employeeType')?.status, 'likely');
    assert.equal(entraAttribute('user', 'userType')?.status, 'unavailable');
    assert.equal(entraAttribute('user', 'onPremisesSamAccountName')?.status, 'unavailable');
    assert.equal(entraAttribute('user', 'mail')?.status, 'confirmed');
    assert.equal(entraAttribute('group', 'securityEnabled')?.status, 'confirmed');
  });

  it('name patterns match concrete names', () => {
    const ext = catalogs.entraAttributes.find((a) => a.object === 'user' && a.name.startsWith('extension_'));
    assert.ok(ext?.pattern);
    const concrete = 'extension_0123456789abcdef0123456789abcdef_costCenter';
    assert.ok(new RegExp(ext.pattern).test(concrete));
    assert.equal(matchEntraAttribute('user', concrete), ext);
    assert.equal(matchEntraAttribute('user', 'mail')?.name, 'mail');
    assert.equal(matchEntraAttribute('user', 'extension_nothex_x'), undefined);
    const csa = catalogs.entraAttributes.find((a) => a.name.startsWith('CustomSecurityAttributes.'));
    assert.ok(csa?.pattern);
    assert.ok(new RegExp(csa.pattern).test('CustomSecurityAttributes.HR_CostCenter'));
  });

  it('every attribute is well-formed', () => {
    const seen = new Set<string>();
    for (const a of catalogs.entraAttributes) {
      const key = `${a.object}:${a.name}`;
      assert.ok(!seen.has(key), `duplicate ${key}`);
      seen.add(key);
      assert.ok(['String', 'Boolean', 'Integer', 'DateTime', 'Reference', 'Binary'].includes(a.type), key);
      assert.ok(['confirmed', 'likely', 'unavailable'].includes(a.status), key);
      assert.equal(typeof a.multiValued, 'boolean', key);
      assert.equal(typeof a.scopable, 'boolean', key);
      if (!a.scopable) assert.ok(a.scopeUnsupportedReason, key);
      if (a.multiValued || a.type === 'DateTime') assert.equal(a.scopable, false, key);
      assert.ok(a.description.length > 0, key);
      assert.ok(a.sources.length > 0, key);
    }
  });
});

describe('catalog: functions', () => {
  it('has the 54 reference functions with consistent arities and Graph keys', () => {
    assert.equal(catalogs.functions.length, 54);
    for (const f of catalogs.functions) {
      assert.ok(f.minArgs <= f.maxArgs, `${f.name}: minArgs <= maxArgs`);
      assert.ok(f.minArgs >= 0, f.name);
      const repeats = f.parameters.some((p) => p.repeats);
      assert.equal(f.maxArgs === Infinity, repeats, `${f.name}: maxArgs is Infinity exactly when a parameter repeats`);
      if (!repeats) assert.equal(f.maxArgs, f.parameters.length, f.name);
      const keys = f.parameters.filter((p) => !p.repeats).map((p) => p.graphKey);
      assert.equal(new Set(keys).size, keys.length, `${f.name}: graph keys are unique except for repeats`);
      assert.ok(['documented', 'elsewhere-only'].includes(f.status), f.name);
      assert.ok(f.statusDetail.length > 0, f.name);
      assert.equal(f.status === 'documented', f.statusDetail === 'app-provisioning-reference', f.name);
      for (const p of f.parameters) {
        assert.ok(
          ['String', 'Integer', 'Boolean', 'DateTime', 'Reference', 'Binary', 'Any', 'Enum'].includes(p.type),
          `${f.name}.${p.name}`,
        );
        if (p.type === 'Enum') assert.ok(p.enumValues && p.enumValues.length > 0, `${f.name}.${p.name} enum values`);
        assert.ok(p.graphKey.length > 0, `${f.name}.${p.name}`);
      }
      for (const ex of f.examples) {
        assert.equal(typeof ex.kind, 'string', f.name);
        assert.equal(typeof ex.expression, 'string', f.name);
        assert.ok('input' in ex && 'output' in ex, f.name);
      }
    }
  });

  it('Replace has the seven Graph keys', () => {
    const replace = fn('Replace');
    assert.deepEqual(
      replace.parameters.map((p) => p.graphKey),
      ['source', 'Find', 'RegularExpression', 'RegularExpressionGroupName', 'Replacement', 'ReplacementPropertyName', 'Template'],
    );
    assert.ok(replace.parameters.every((p) => p.graphKeyConfirmed));
    assert.equal(replace.minArgs, 1);
    assert.equal(replace.maxArgs, 7);
  });

  it('Switch, Join, Coalesce and SelectUniqueValue repeat', () => {
    const sw = fn('Switch');
    assert.deepEqual(
      sw.parameters.map((p) => [p.name, p.graphKey, p.repeats ?? false]),
      [
        ['source', 'source', false],
        ['defaultValue', 'defaultValue', false],
        ['key', 'switchValue', true],
        ['value', 'switchValue', true],
      ],
    );
    assert.equal(sw.minArgs, 4);
    assert.equal(sw.maxArgs, Infinity);
    const join = fn('Join');
    assert.equal(join.maxArgs, Infinity);
    assert.equal(join.minArgs, 2);
    assert.deepEqual(
      join.parameters.map((p) => p.graphKey),
      ['separator', 'source'],
    );
    assert.ok(join.parameters[1].repeats);
    const coalesce = fn('Coalesce');
    assert.equal(coalesce.maxArgs, Infinity);
    assert.ok(coalesce.parameters[0].repeats);
    const suv = fn('SelectUniqueValue');
    assert.equal(suv.minArgs, 2);
    assert.equal(suv.maxArgs, Infinity);
  });

  it('lookups are case-insensitive and return the canonical entry', () => {
    assert.equal(functionByName('instr')?.name, 'InStr');
    assert.equal(functionByName('switch')?.name, 'Switch');
    assert.equal(functionByName('IIF')?.name, 'IIF');
    assert.equal(functionByName('NoSuchFunction'), undefined);
  });

  it('statuses, enums, multi-valued results and Graph-key confirmation', () => {
    assert.equal(fn('Trim').status, 'elsewhere-only');
    assert.equal(fn('Trim').statusDetail, 'cloud-sync-reference-only');
    assert.equal(fn('Len').status, 'elsewhere-only');
    assert.equal(fn('AssertiveAppRoleAssignmentsComplex').status, 'elsewhere-only');
    assert.equal(fn('Append').status, 'documented');
    const compareType = fn('InStr').parameters.find((p) => p.name === 'compareType');
    assert.deepEqual(compareType?.enumValues, ['vbBinaryCompare', 'vbTextCompare']);
    const encoding = fn('ConvertFromBase64').parameters.find((p) => p.type === 'Enum');
    assert.deepEqual(encoding?.enumValues, ['Unicode', 'ASCII', 'UTF8']);
    for (const name of [
      'Split',
      'RemoveDuplicates',
      'AppRoleAssignmentsComplex',
      'AssertiveAppRoleAssignmentsComplex',
      'AppRoleAssignments',
    ]) {
      assert.equal(fn(name).returnsMultiValued, true, name);
    }
    for (const name of ['Join', 'Item', 'SingleAppRoleAssignment', 'Switch'])
      assert.equal(fn(name).returnsMultiValued, false, name);
    // Confirmed by Graph's function-schema sample.
    assert.equal(fn('Mid').parameters[0].graphKeyConfirmed, true);
    // dateTimeStyles postdates the Graph sample; the key is a guess.
    const styles = fn('FormatDateTime').parameters.find((p) => p.name === 'dateTimeStyles');
    assert.equal(styles?.graphKeyConfirmed, false);
    // AppRoleAssignmentsComplex's 'source' key is inferred, not documented.
    assert.equal(fn('AppRoleAssignmentsComplex').parameters[0].graphKeyConfirmed, false);
    assert.equal(fn('FormatDateTime').minArgs, 4);
  });

  it('keeps every example and the NormalizeDiacritics table', () => {
    const total = catalogs.functions.reduce((n, f) => n + f.examples.length, 0);
    assert.equal(total, 121);
    const join = fn('Join').examples.find((e) => e.details && 'docSuspect' in e.details);
    assert.ok(join?.details?.computedOutput, 'suspect example keeps its computed oracle');
    assert.deepEqual(fn('NormalizeDiacritics').characterMap?.ss, ['ß']);
    assert.ok(fn('Replace').docUrl?.startsWith('https://learn.microsoft.com/'));
  });
});

describe('catalog: scope operators', () => {
  it('has 14 operators; & and !& have unknown semantics', () => {
    assert.equal(catalogs.scopeOperators.length, 14);
    for (const name of ['&', '!&']) {
      const op = scopeOperator(name);
      assert.equal(op?.semanticsUnknown, true, name);
      assert.equal(op?.valueType, 'unknown', name);
    }
    assert.equal(catalogs.scopeOperators.filter((o) => o.semanticsUnknown).length, 2);
  });

  it('lookups tolerate case and _ vs space', () => {
    assert.equal(scopeOperator('REGEX Match')?.name, 'REGEX MATCH');
    assert.equal(scopeOperator('GREATER_THAN')?.name, 'Greater_Than');
    assert.equal(scopeOperator('Greater_Than')?.name, 'Greater_Than');
    assert.equal(scopeOperator('greater than or equals')?.name, 'Greater_Than_OR_EQUALS');
    assert.equal(scopeOperator('INCLUDES')?.name, 'Includes');
    assert.equal(scopeOperator('Ends With')?.name, 'ENDS_WITH');
    assert.equal(scopeOperator('not_equals')?.name, 'NOT EQUALS');
    assert.equal(scopeOperator('LESS_THAN'), undefined);
  });

  it('arity, value types, case sensitivity and Graph-name confirmation', () => {
    const expect: Record<string, [string, string]> = {
      EQUALS: ['binary', 'string'],
      'NOT EQUALS': ['binary', 'string'],
      'IS TRUE': ['unary', 'none'],
      'IS FALSE': ['unary', 'none'],
      'IS NULL': ['unary', 'none'],
      'IS NOT NULL': ['unary', 'none'],
      'REGEX MATCH': ['binary', 'regex'],
      'NOT REGEX MATCH': ['binary', 'regex'],
      Greater_Than: ['binary', 'integer'],
      Greater_Than_OR_EQUALS: ['binary', 'integer'],
      Includes: ['binary', 'string'],
      ENDS_WITH: ['binary', 'string'],
    };
    for (const [name, [arity, valueType]] of Object.entries(expect)) {
      const op = scopeOperator(name);
      assert.equal(op?.arity, arity, name);
      assert.equal(op?.valueType, valueType, name);
    }
    assert.equal(scopeOperator('EQUALS')?.caseSensitive, true);
    assert.equal(scopeOperator('Includes')?.caseSensitive, true);
    assert.equal(scopeOperator('ENDS_WITH')?.caseSensitive, 'unknown');
    assert.deepEqual(scopeOperator('IS TRUE')?.attributeTypes, ['Boolean']);
    const confirmed = catalogs.scopeOperators.filter((o) => o.graphNameConfirmed).map((o) => o.name);
    assert.equal(confirmed.length, 8);
    assert.ok(!confirmed.includes('Greater_Than'));
  });
});

describe('catalog: sources', () => {
  it('every cited source key exists in sources.json', () => {
    const used = new Set<string>();
    for (const t of catalogs.awsTargets) t.sources.forEach((s) => used.add(s));
    for (const a of catalogs.entraAttributes) a.sources.forEach((s) => used.add(s));
    for (const f of catalogs.functions) {
      f.sources.forEach((s) => used.add(s));
      for (const ex of f.examples) ex.sources?.forEach((s) => used.add(s));
    }
    for (const o of catalogs.scopeOperators) o.sources.forEach((s) => used.add(s));
    for (const key of used) assert.ok(sourceCitation(key), `unknown source key ${key}`);
    assert.ok(used.size > 20);
  });

  it('citations name the repository and path', () => {
    assert.match(
      sourceCitation('aws-dg-createuser') ?? '',
      /^c2hans\/aws-docs docs\/singlesignon\/latest\/developerguide\/createuser\.md/,
    );
    assert.match(
      sourceCitation('entra-tutorial-aws') ?? '',
      /MicrosoftDocs\/entra-docs docs\/identity\/saas-apps\/aws-single-sign-on-provisioning-tutorial\.md/,
    );
    assert.equal(sourceCitation('no-such-key'), undefined);
    assert.equal(sourceCitation('toString'), undefined);
  });
});
