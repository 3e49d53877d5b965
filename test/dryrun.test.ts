import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { describe, it } from 'node:test';
import { fileSystemHost, toUri } from '../server/src/cli/files';
import { catalogs, defaultCatalog } from '../server/src/service/catalog';
import type { ObjectKind } from '../server/src/service/catalog/types';
import {
  compileScope,
  computeIsSoftDeleted,
  createExistingStore,
  evaluateScope,
  prepareDryRun,
  readExisting,
  readSamples,
  sampleEnvironment,
  type DryRunResult,
  type ExistingObject,
  type JsonObject,
  type RunOptions,
  type Sample,
} from '../server/src/service/dryrun';
import { codePointLength } from '../server/src/service/dryrun/validate';
import { LanguageService } from '../server/src/service/languageService';
import { describeCharacter, rejectedCharacters } from '../server/src/service/aws/constraints';
import { int, pick, rng } from './robustness/generate';
import { parseScopeDocument } from '../server/src/service/model/parse';
import type { MappingDocument } from '../server/src/service/model/types';
import { fromRoot } from './util/paths';
import { matchSnapshot } from './util/snapshot';
import { renderResultMarkdown } from '../server/src/service/dryrun/markdown';

// A fixed clock and seed: results must not depend on when or in which order tests run.
const NOW = Date.parse('2025-01-31T12:00:00Z');
const RUN: RunOptions = { clock: () => NOW, seed: 42 };

const MAPPING_PATH = fromRoot('examples', 'aws-iam-identity-center.mapping.jsonc');

function service(): LanguageService {
  return new LanguageService({ host: fileSystemHost, catalogs });
}

function mappingFromFile(path = MAPPING_PATH): { svc: LanguageService; doc: MappingDocument } {
  const svc = service();
  return { svc, doc: svc.getDocument(toUri(path), readFileSync(path, 'utf8'), 'mapping') as MappingDocument };
}

/** A mapping document from text; its scope path (if any) resolves next to the examples. */
function mappingFromText(text: string): { svc: LanguageService; doc: MappingDocument } {
  const svc = service();
  return { svc, doc: svc.getDocument(toUri(fromRoot('examples', 'inline.mapping.jsonc')), text, 'mapping') as MappingDocument };
}

function samplesFrom(text: string, object: ObjectKind = 'user', file = 'sample.json'): Sample[] {
  const parsed = readSamples(text, { object, catalog: defaultCatalog, file });
  assert.deepEqual(parsed.errors, [], 'sample errors');
  return parsed.samples;
}

function sample(attributes: Record<string, unknown>, object: ObjectKind = 'user'): Sample {
  return samplesFrom(JSON.stringify(attributes), object)[0];
}

function existingStore(...bodies: JsonObject[]) {
  const objects: ExistingObject[] = bodies.map((body) => ({
    object: Array.isArray(body.members) || !('userName' in body) ? 'group' : 'user',
    body,
  }));
  return createExistingStore(objects);
}

function runExample(object: ObjectKind, s: Sample, options: RunOptions = {}): DryRunResult {
  const { svc, doc } = mappingFromFile();
  return prepareDryRun(svc, doc, object).run(s, { ...RUN, ...options });
}

function codes(result: DryRunResult): string[] {
  return result.problems.map((p) => p.code);
}

const ALICE = {
  objectId: '5f8c2e1a-7b3d-4c6e-9a10-2b4d6f8a0c1e',
  userPrincipalName: 'alice@contoso.com',
  displayName: 'Alice Smith',
  givenName: 'Alice',
  surname: 'Smith',
  mail: 'alice.smith@contoso.com',
  jobTitle: 'Senior Engineer',
  department: 'Engineering',
  accountEnabled: true,
};

const ALICE_AWS: JsonObject = {
  id: 'aws-alice',
  schemas: ['urn:ietf:params:scim:schemas:core:2.0:User'],
  userName: 'alice@contoso.com',
  externalId: ALICE.objectId,
  displayName: 'Alice Smith',
  title: 'Senior Engineer',
  active: true,
  name: { givenName: 'Alice', familyName: 'Smith', formatted: 'Alice Smith' },
  emails: [{ value: 'alice.smith@contoso.com', type: 'work', primary: true }],
  'urn:ietf:params:scim:schemas:extension:enterprise:2.0:User': { department: 'Engineering' },
};

// ---------------------------------------------------------------------------------------------

describe('dryrun: scope clause evaluation table', () => {
  type Row = [
    attribute: string,
    operator: string,
    value: unknown,
    actual: unknown,
    expected: boolean | null,
    mode?: 'search' | 'whole',
  ];
  const rows: Row[] = [
    // EQUALS / NOT EQUALS: case-sensitive, null/empty false
    ['department', 'EQUALS', 'Engineering', 'Engineering', true],
    ['department', 'EQUALS', 'Engineering', 'engineering', false],
    ['department', 'EQUALS', 'Engineering', null, false],
    ['department', 'EQUALS', 'Engineering', '', false],
    ['department', 'NOT EQUALS', 'Sales', 'Engineering', true],
    ['department', 'NOT EQUALS', 'Sales', 'Sales', false],
    ['department', 'NOT EQUALS', 'Sales', 'sales', true],
    ['department', 'NOT EQUALS', 'Sales', null, false],
    ['department', 'NOT EQUALS', 'Sales', '', false],
    // booleans: true/false or "True"/"False", either side
    ['accountEnabled', 'IS TRUE', undefined, true, true],
    ['accountEnabled', 'IS TRUE', undefined, false, false],
    ['accountEnabled', 'IS TRUE', undefined, 'True', true],
    ['accountEnabled', 'IS TRUE', undefined, null, false],
    ['accountEnabled', 'IS FALSE', undefined, false, true],
    ['accountEnabled', 'IS FALSE', undefined, 'False', true],
    ['accountEnabled', 'IS FALSE', undefined, true, false],
    ['accountEnabled', 'IS FALSE', undefined, null, false],
    ['dirSyncEnabled', 'EQUALS', 'True', true, true],
    ['dirSyncEnabled', 'EQUALS', 'true', true, true],
    ['dirSyncEnabled', 'EQUALS', true, true, true],
    ['dirSyncEnabled', 'EQUALS', 'False', true, false],
    ['dirSyncEnabled', 'EQUALS', 'False', 'false', true],
    ['dirSyncEnabled', 'EQUALS', 'yes', true, false],
    ['dirSyncEnabled', 'NOT EQUALS', 'True', false, true],
    // IS NULL / IS NOT NULL: empty counts as null
    ['jobTitle', 'IS NULL', undefined, null, true],
    ['jobTitle', 'IS NULL', undefined, '', true],
    ['jobTitle', 'IS NULL', undefined, 'Dev', false],
    ['proxyAddresses', 'IS NULL', undefined, [], true],
    ['jobTitle', 'IS NOT NULL', undefined, 'Dev', true],
    ['jobTitle', 'IS NOT NULL', undefined, null, false],
    ['jobTitle', 'IS NOT NULL', undefined, '', false],
    ['proxyAddresses', 'IS NOT NULL', undefined, ['smtp:a@b.c'], true],
    // REGEX MATCH: .NET search semantics by default, case-sensitive
    ['userPrincipalName', 'REGEX MATCH', '.*\\@domain.com', 'a@domain.com', true],
    ['userPrincipalName', 'REGEX MATCH', '.*\\@domain.com', 'a@other.com', false],
    ['jobTitle', 'REGEX MATCH', '^(Dev|SRE)', 'Senior Dev', false],
    ['jobTitle', 'REGEX MATCH', 'Dev', 'Senior Dev', true],
    ['jobTitle', 'REGEX MATCH', '^dev', 'Developer', false],
    ['jobTitle', 'REGEX MATCH', '(?i)^dev', 'Developer', true],
    ['jobTitle', 'REGEX MATCH', 'Dev', null, false],
    ['employeeId', 'REGEX MATCH', '([1-9][0-9])', '123', true],
    ['employeeId', 'REGEX MATCH', '([1-9][0-9])', '123', false, 'whole'],
    ['employeeId', 'REGEX MATCH', '([1-9][0-9])', '42', true, 'whole'],
    ['jobTitle', 'NOT REGEX MATCH', '^Dev', 'Manager', true],
    ['jobTitle', 'NOT REGEX MATCH', '^Dev', 'Developer', false],
    ['jobTitle', 'NOT REGEX MATCH', '^Dev', null, false],
    ['jobTitle', 'NOT REGEX MATCH', '^Dev', '', false],
    // Integers only
    ['employeeId', 'Greater_Than', '100', '101', true],
    ['employeeId', 'Greater_Than', '100', '100', false],
    ['employeeId', 'Greater_Than', 100, '101', true],
    ['employeeId', 'Greater_Than', '-10', '-5', true],
    ['employeeId', 'Greater_Than', '12345678901234567889', '12345678901234567890', true],
    ['employeeId', 'Greater_Than', '100', 'E101', false],
    ['employeeId', 'Greater_Than', '1.5', '2', false],
    ['employeeId', 'Greater_Than', '100', null, false],
    ['employeeId', 'Greater_Than_OR_EQUALS', '100', '100', true],
    ['employeeId', 'Greater_Than_OR_EQUALS', '100', '99', false],
    ['employeeId', 'GREATER_THAN_OR_EQUALS', '100', '100', true],
    // Includes / ENDS_WITH: case-sensitive
    ['department', 'Includes', 'gin', 'Engineering', true],
    ['department', 'Includes', 'ENG', 'Engineering', false],
    ['department', 'Includes', 'gin', null, false],
    ['userPrincipalName', 'ENDS_WITH', '@contoso.com', 'alice@contoso.com', true],
    ['userPrincipalName', 'ENDS_WITH', '@CONTOSO.COM', 'alice@contoso.com', false],
    ['userPrincipalName', 'ENDS_WITH', '@contoso.com', null, false],
    // Undocumented semantics and unsupported cases: unknown, never guessed
    ['extensionAttribute1', '&', '2', '3', null],
    ['extensionAttribute1', '!&', '2', '3', null],
    ['proxyAddresses', 'EQUALS', 'smtp:a@b.c', ['smtp:a@b.c'], null],
    ['department', 'LIKE', 'x', 'x', null],
    ['jobTitle', 'REGEX MATCH', '(unclosed', 'x', null],
    // Operator names are read case-insensitively
    ['jobTitle', 'regex match', 'Dev', 'Dev', true],
    ['jobTitle', 'Regex_Match', 'Dev', 'Dev', true],
  ];

  for (const [attribute, operator, value, actual, expected, mode] of rows) {
    const label = `${attribute} ${operator}${value === undefined ? '' : ` ${JSON.stringify(value)}`} on ${JSON.stringify(actual)}${mode ? ` (${mode})` : ''} → ${expected}`;
    it(label, () => {
      const clause: Record<string, unknown> = { attribute, operator };
      if (value !== undefined) clause.value = value;
      const doc = parseScopeDocument('file:///t.scope.json', JSON.stringify({ filters: [{ clauses: [clause] }] }));
      const scope = compileScope(doc.filters, 'user', defaultCatalog, mode);
      const outcome = evaluateScope(scope, (name) => (name === attribute ? actual : undefined));
      const trace = outcome.trace.filters[0].clauses[0];
      assert.equal(trace.result, expected);
      assert.deepEqual(trace.actual, actual ?? null, 'the trace records the actual value');
      assert.equal(outcome.inScope, expected);
      if (expected === null) assert.ok(trace.note, 'an unknown result says why');
    });
  }

  it('filters are OR-ed, clauses AND-ed, and every clause is traced', () => {
    const doc = parseScopeDocument(
      'file:///t.scope.json',
      JSON.stringify({
        filters: [
          {
            name: 'A',
            clauses: [
              { attribute: 'department', operator: 'EQUALS', value: 'Sales' },
              { attribute: 'accountEnabled', operator: 'IS TRUE' },
            ],
          },
          { name: 'B', clauses: [{ attribute: 'jobTitle', operator: 'REGEX MATCH', value: '^Dev' }] },
        ],
      }),
    );
    const scope = compileScope(doc.filters, 'user', defaultCatalog);
    const attrs: Record<string, unknown> = { department: 'Engineering', accountEnabled: true, jobTitle: 'Developer' };
    const outcome = evaluateScope(scope, (n) => attrs[n]);
    assert.equal(outcome.inScope, true);
    assert.deepEqual(
      outcome.trace.filters.map((f) => f.result),
      [false, true],
    );
    assert.deepEqual(
      outcome.trace.filters[0].clauses.map((c) => c.result),
      [false, true],
      'no short cut: the second clause is evaluated',
    );
    attrs.jobTitle = 'Manager';
    const out = evaluateScope(scope, (n) => attrs[n]);
    assert.equal(out.inScope, false);
    assert.match(out.explanation, /filter 1 "A": department EQUALS "Sales" is false \(actual "Engineering"\)/);
    assert.match(out.explanation, /filter 2 "B": jobTitle REGEX MATCH "\^Dev" is false/);
  });

  it('an unknown clause next to a false one makes the filter false; alone it makes the scope unknown', () => {
    const make = (clauses: object[]) =>
      compileScope(
        parseScopeDocument('file:///t.scope.json', JSON.stringify({ filters: [{ clauses }] })).filters,
        'user',
        defaultCatalog,
      );
    const unknown = { attribute: 'extensionAttribute1', operator: '&', value: '4' };
    const attrs: Record<string, unknown> = { extensionAttribute1: '6', department: 'Sales' };
    assert.equal(
      evaluateScope(make([unknown, { attribute: 'department', operator: 'EQUALS', value: 'Engineering' }]), (n) => attrs[n])
        .inScope,
      false,
    );
    const alone = evaluateScope(make([unknown]), (n) => attrs[n]);
    assert.equal(alone.inScope, null);
    assert.match(alone.trace.filters[0].clauses[0].note!, /not documented/);
  });

  it('an unknown clause in a filter that does not decide the scope is reported as information', () => {
    const { svc, doc } = mappingFromText(
      JSON.stringify({
        target: 'aws-iam-identity-center',
        user: {
          scope: {
            filters: [
              { clauses: [{ attribute: 'extensionAttribute1', operator: '!&', value: '2' }] },
              { clauses: [{ attribute: 'department', operator: 'EQUALS', value: 'Eng' }] },
            ],
          },
          mappings: [{ target: 'userName', source: '[userPrincipalName]', matchingPrecedence: 1 }],
        },
      }),
    );
    const result = prepareDryRun(svc, doc, 'user').run(
      sample({ userPrincipalName: 'a@b.c', extensionAttribute1: '3', department: 'Eng' }),
      RUN,
    );
    assert.equal(result.inScope, true);
    const problem = result.problems.find((p) => p.code === 'scope-not-evaluable')!;
    assert.equal(problem.severity, 'information');
  });

  it('a clause on IsSoftDeleted sees the facts known before the scope', () => {
    const { svc, doc } = mappingFromText(
      JSON.stringify({
        target: 'aws-iam-identity-center',
        user: {
          scope: { filters: [{ clauses: [{ attribute: 'IsSoftDeleted', operator: 'IS FALSE' }] }] },
          mappings: [{ target: 'userName', source: '[userPrincipalName]', matchingPrecedence: 1 }],
        },
      }),
    );
    const prepared = prepareDryRun(svc, doc, 'user');
    assert.equal(prepared.run(sample({ userPrincipalName: 'a@b.c', accountEnabled: true }), RUN).inScope, true);
    assert.equal(prepared.run(sample({ userPrincipalName: 'a@b.c', accountEnabled: false }), RUN).inScope, false);
  });

  it('a mapping whose scope uses & reports scope-not-evaluable and leaves inScope null', () => {
    const { svc, doc } = mappingFromText(
      JSON.stringify({
        target: 'aws-iam-identity-center',
        user: {
          scope: { filters: [{ clauses: [{ attribute: 'extensionAttribute1', operator: '&', value: '2' }] }] },
          mappings: [{ target: 'userName', source: '[userPrincipalName]', matchingPrecedence: 1 }],
        },
      }),
    );
    const result = prepareDryRun(svc, doc, 'user').run(sample({ userPrincipalName: 'a@b.c', extensionAttribute1: '3' }), RUN);
    assert.equal(result.inScope, null);
    assert.ok(codes(result).includes('scope-not-evaluable'));
    assert.equal(result.scope!.filters[0].clauses[0].result, null);
  });
});

// ---------------------------------------------------------------------------------------------

describe('dryrun: samples', () => {
  it('maps Microsoft Graph GET /users JSON to Entra attribute names and says what it did', () => {
    const text = readFileSync(fromRoot('examples', 'users', 'bob.graph-user.json'), 'utf8');
    const [bob] = samplesFrom(text);
    assert.equal(bob.info.format, 'graph');
    assert.equal(bob.attributes.objectId, '7d1e3f5a-9b2c-4d6e-8f01-a3b5c7d9e1f2');
    assert.equal(bob.attributes.telephoneNumber, '+1 425 555 0111');
    assert.equal(bob.attributes.mobile, '+1 425 555 0199');
    assert.equal(bob.attributes.physicalDeliveryOfficeName, 'Building 40');
    assert.equal(bob.attributes.extensionAttribute1, 'cost-center-7');
    assert.equal(bob.attributes.extensionAttribute2, undefined, 'nulls are absent');
    assert.equal(bob.attributes.id, undefined);
    const mapped = bob.info.mapped.map((m) => `${m.from}>${m.to}`);
    for (const m of [
      'id>objectId',
      'businessPhones[0]>telephoneNumber',
      'mobilePhone>mobile',
      'officeLocation>physicalDeliveryOfficeName',
      'onPremisesExtensionAttributes.extensionAttribute1>extensionAttribute1',
    ]) {
      assert.ok(mapped.includes(m), `mapped ${m}`);
    }
    assert.deepEqual(bob.info.ignored.map((i) => i.field).sort(), ['@odata.context', 'createdDateTime']);
  });

  it('maps the rest of the Graph shape: fax, sync flag, org data, deletion, extra phones', () => {
    const [u] = samplesFrom(
      JSON.stringify({
        id: 'x1',
        businessPhones: ['+1 1', '+1 2'],
        faxNumber: '+1 3',
        onPremisesSyncEnabled: true,
        employeeOrgData: { costCenter: 'CC1', division: 'D1' },
        deletedDateTime: '2025-01-01T00:00:00Z',
        identities: [],
      }),
    );
    assert.equal(u.attributes.facsimileTelephoneNumber, '+1 3');
    assert.equal(u.attributes.dirSyncEnabled, true);
    assert.equal(u.attributes['employeeOrgData.costCenter'], 'CC1');
    assert.equal(u.attributes['employeeOrgData.division'], 'D1');
    assert.equal(u.softDeleted, true);
    assert.equal(u.attributes.telephoneNumber, '+1 1');
    assert.match(u.info.warnings[0], /2 numbers/);
    assert.ok(u.info.ignored.some((i) => i.field === 'identities'));
  });

  it('reads a sample in Entra names, with control fields, references and app roles', () => {
    const [u] = samplesFrom(
      JSON.stringify({
        userPrincipalName: 'a@b.c',
        accountEnabled: 'False',
        proxyAddresses: 'smtp:a@b.c',
        assigned: false,
        deleted: 'soft',
        manager: { objectId: 'm1', userPrincipalName: 'boss@b.c', awsId: 'aws-m1' },
        appRoleAssignments: [{ value: 'Admin', displayName: 'Administrator' }],
        takenValues: ['a', 'b'],
      }),
    );
    assert.equal(u.info.format, 'entra');
    assert.equal(u.attributes.accountEnabled, false);
    assert.deepEqual(u.attributes.proxyAddresses, ['smtp:a@b.c']);
    assert.equal(u.assigned, false);
    assert.equal(u.softDeleted, true);
    assert.equal(u.attributes.manager, 'm1');
    assert.equal(u.references.get('m1')!.awsId, 'aws-m1');
    assert.deepEqual(u.appRoleAssignments, [{ value: 'Admin', displayName: 'Administrator' }]);
    assert.deepEqual(u.takenValues, ['a', 'b']);
  });

  it('warns about attribute names it does not know, with a suggestion', () => {
    const [u] = samplesFrom(JSON.stringify({ userPrincipalName: 'a@b.c', surename: 'X', Department: 'Y' }));
    assert.equal(u.attributes.surename, 'X', 'kept as given');
    assert.ok(u.info.warnings.some((w) => /"surename".*did you mean "surname"/.test(w)));
    assert.ok(u.info.warnings.some((w) => /"Department".*did you mean "department"/.test(w)));
  });

  it('reports bad input with its line and keeps reading the rest of an array', () => {
    const text =
      '[\n  {"userPrincipalName": "a@b.c"},\n  42,\n  {"userPrincipalName": "c@d.e",\n   "accountEnabled": "yes"},\n  {"givenName": {"x": 1}},\n  {"userPrincipalName": "ok@b.c"}\n]';
    const parsed = readSamples(text, { object: 'user', catalog: defaultCatalog, file: 'u.json' });
    assert.deepEqual(
      parsed.samples.map((s) => s.info.label),
      ['a@b.c', 'ok@b.c'],
    );
    assert.deepEqual(
      parsed.errors.map((e) => e.location!.line),
      [3, 5, 6],
    );
    assert.match(parsed.errors[0].message, /must be a JSON object, not the number 42/);
    assert.match(parsed.errors[1].message, /accountEnabled.*true or false/);
    assert.match(parsed.errors[2].message, /givenName.*not a string/);
  });

  it('reports broken JSON with line and column', () => {
    const parsed = readSamples('{\n  "userPrincipalName": "a@b.c"\n  "givenName": "A"\n}', {
      object: 'user',
      catalog: defaultCatalog,
      file: 'u.json',
    });
    assert.equal(parsed.samples.length, 0);
    assert.equal(parsed.errors[0].location!.file, 'u.json');
    assert.equal(parsed.errors[0].location!.line, 3);
    assert.match(parsed.errors[0].message, /"," is expected/);
  });

  it('reads CSV: quotes, embedded line breaks, multi-valued cells, empty cells, broken rows', () => {
    const csv =
      'userPrincipalName,displayName,proxyAddresses,accountEnabled,surname\n' +
      'a@b.c,"Smith, Alice","smtp:a@b.c;SMTP:x@b.c",true,Smith\n' +
      'b@b.c,"Two\nLines",,false,\n' +
      'c@b.c,too,many,cells,here,x\n' +
      'd@b.c,"Say ""hi""",,TRUE,D\n' +
      'e@b.c,E,,maybe,E\n';
    const parsed = readSamples(csv, { object: 'user', catalog: defaultCatalog, file: 'p.csv' });
    assert.deepEqual(
      parsed.samples.map((s) => s.info.label),
      ['a@b.c', 'b@b.c', 'd@b.c'],
    );
    const [a, b, d] = parsed.samples;
    assert.equal(a.attributes.displayName, 'Smith, Alice');
    assert.deepEqual(a.attributes.proxyAddresses, ['smtp:a@b.c', 'SMTP:x@b.c']);
    assert.equal(a.attributes.accountEnabled, true);
    assert.equal(b.attributes.displayName, 'Two\nLines');
    assert.equal(b.attributes.surname, undefined, 'an empty cell is a missing attribute');
    assert.equal(b.info.location!.line, 3);
    assert.equal(d.attributes.displayName, 'Say "hi"');
    assert.equal(d.info.location!.line, 6);
    assert.deepEqual(
      parsed.errors.map((e) => e.location!.line),
      [5, 7],
    );
    assert.match(parsed.errors[0].message, /6 cells but the header has 5 columns/);
  });

  it('reports an unterminated quote in CSV and keeps the rows before it', () => {
    const parsed = readSamples('userPrincipalName,displayName\na@b.c,A\nb@b.c,"B\n', {
      object: 'user',
      catalog: defaultCatalog,
      file: 'p.csv',
    });
    assert.equal(parsed.samples.length, 1);
    assert.equal(parsed.errors[0].location!.line, 3);
    assert.match(parsed.errors[0].message, /not closed/);
  });

  it('reads groups with members given as user objects, ids, Graph directory objects and nested groups', () => {
    const [g] = samplesFrom(
      JSON.stringify({
        id: 'g1',
        displayName: 'Eng',
        members: [
          'u1',
          { objectId: 'u2', awsId: 'aws-u2' },
          { '@odata.type': '#microsoft.graph.user', id: 'u3' },
          { '@odata.type': '#microsoft.graph.group', id: 'g2', displayName: 'Nested' },
        ],
      }),
      'group',
    );
    assert.equal(g.info.format, 'graph');
    assert.equal(g.attributes.objectId, 'g1');
    assert.deepEqual(g.attributes.members, ['u1', 'u2', 'u3', 'g2']);
    assert.equal(g.references.get('u2')!.awsId, 'aws-u2');
    assert.equal(g.references.get('g2')!.isGroup, true);
  });

  it('reads existing AWS objects: one resource, an array, or a ListResponse', () => {
    const one = readExisting(JSON.stringify(ALICE_AWS), 'e.json');
    assert.equal(one.objects[0].object, 'user');
    const list = readExisting(
      JSON.stringify({
        schemas: ['urn:ietf:params:scim:api:messages:2.0:ListResponse'],
        Resources: [ALICE_AWS, { id: 'g', displayName: 'G', meta: { resourceType: 'Group' } }],
      }),
    );
    assert.deepEqual(
      list.objects.map((o) => o.object),
      ['user', 'group'],
    );
    const bad = readExisting('[{"userName": "x"}]', 'e.json');
    assert.match(bad.errors[0].message, /no "id"/);
  });
});

// ---------------------------------------------------------------------------------------------

describe('dryrun: IsSoftDeleted', () => {
  const cases: Array<[string, Record<string, unknown>, boolean | null, boolean, RegExp]> = [
    [
      'assigned, in scope, enabled',
      { accountEnabled: true },
      true,
      false,
      /false: assigned, in scope, not deleted, accountEnabled true/,
    ],
    ['accountEnabled missing', {}, true, false, /accountEnabled not given/],
    ['unassigned', { assigned: false }, true, true, /not assigned/],
    ['out of scope', { accountEnabled: true }, false, true, /fails the scoping filter/],
    ['soft-deleted', { softDeleted: true }, true, true, /soft-deleted/],
    ['disabled', { accountEnabled: false }, true, true, /accountEnabled is false/],
    ['disabled as a string', { accountEnabled: 'False' }, true, true, /accountEnabled is false/],
    [
      'several reasons',
      { assigned: false, accountEnabled: false },
      false,
      true,
      /not assigned.*, it fails the scoping filter and accountEnabled is false/,
    ],
    ['explicit false wins', { IsSoftDeleted: false, accountEnabled: false }, false, false, /given in the sample/],
    ['explicit true wins', { IsSoftDeleted: 'True' }, true, true, /given in the sample/],
    ['scope undetermined', {}, null, false, /as far as the dry run can tell/],
  ];
  for (const [label, fields, inScope, expected, reason] of cases) {
    it(label, () => {
      const s = sample(fields);
      const trace = computeIsSoftDeleted(s, inScope, s.attributes.accountEnabled);
      assert.equal(trace.value, expected);
      assert.match(trace.reason, reason);
    });
  }

  it('flows into active: an out-of-scope user gets active "False" and the trace says why', () => {
    const result = runExample('user', sample({ ...ALICE, department: 'Sales', jobTitle: 'Account Executive' }), {
      existing: existingStore(ALICE_AWS),
    });
    assert.equal(result.inScope, false);
    assert.equal(result.isSoftDeleted!.value, true);
    assert.match(result.isSoftDeleted!.reason, /scoping filter/);
    assert.equal(result.attributes.find((a) => a.target === 'active')!.value, 'False');
  });
});

// ---------------------------------------------------------------------------------------------

describe('dryrun: payload snapshots of the examples', () => {
  const cases: Array<{ name: string; file: string; object: ObjectKind; existing?: string }> = [
    { name: 'alice-create', file: 'examples/users/alice.user.json', object: 'user' },
    {
      name: 'alice-update',
      file: 'examples/users/alice.user.json',
      object: 'user',
      existing: 'examples/existing/alice.aws-user.json',
    },
    { name: 'bob-graph-create', file: 'examples/users/bob.graph-user.json', object: 'user' },
    { name: 'people-csv', file: 'examples/users/people.users.csv', object: 'user' },
    { name: 'engineering-group-create', file: 'examples/groups/engineering.group.json', object: 'group' },
    {
      name: 'stale-value-update',
      file: 'examples/broken/dry-run/alice-cleared.user.json',
      object: 'user',
      existing: 'examples/existing/alice.aws-user.json',
    },
    { name: 'group-member-kinds', file: 'examples/broken/dry-run/platform.group.json', object: 'group' },
  ];
  for (const c of cases) {
    it(c.name, () => {
      const { svc, doc } = mappingFromFile();
      const parsed = readSamples(readFileSync(fromRoot(c.file), 'utf8'), {
        object: c.object,
        catalog: defaultCatalog,
        file: c.file,
      });
      assert.deepEqual(parsed.errors, []);
      const existing = c.existing ? readExisting(readFileSync(fromRoot(c.existing), 'utf8'), c.existing) : undefined;
      const prepared = prepareDryRun(svc, doc, c.object);
      const results = parsed.samples.map((s) =>
        prepared.run(s, { ...RUN, existing: existing ? createExistingStore(existing.objects) : undefined }),
      );
      matchSnapshot(fromRoot('test', 'snapshots', 'dryrun', `${c.name}.json`), parsed.single ? results[0] : results);
    });
  }

  it('alice: the POST body has core + enterprise schemas, nested name, one primary work email and a boolean active', () => {
    const [alice] = samplesFrom(readFileSync(fromRoot('examples', 'users', 'alice.user.json'), 'utf8'));
    const result = runExample('user', alice);
    assert.equal(result.action, 'create');
    assert.deepEqual(result.problems, []);
    const body = result.requests[0].body!;
    assert.deepEqual(body.schemas, [
      'urn:ietf:params:scim:schemas:core:2.0:User',
      'urn:ietf:params:scim:schemas:extension:enterprise:2.0:User',
    ]);
    assert.equal(body.active, true);
    assert.deepEqual(body.emails, [{ primary: true, type: 'work', value: 'alice.smith@contoso.com' }]);
    assert.deepEqual(body.name, { givenName: 'Alice', familyName: 'Smith', formatted: 'Alice Smith' });
    assert.deepEqual((body['urn:ietf:params:scim:schemas:extension:enterprise:2.0:User'] as JsonObject).manager, {
      value: '9067729b3d-1a2b3c4d-5e6f-7a8b-9c0d-1e2f3a4b5c6d',
    });
    assert.equal(result.matching!.request, 'GET /Users?filter=userName eq "alice@contoso.com"');
  });

  it('the people CSV: one out of scope (named clause, no request) and one missing surname', () => {
    const parsed = readSamples(readFileSync(fromRoot('examples', 'users', 'people.users.csv'), 'utf8'), {
      object: 'user',
      catalog: defaultCatalog,
      file: 'people.users.csv',
    });
    const { svc, doc } = mappingFromFile();
    const prepared = prepareDryRun(svc, doc, 'user');
    const [carol, dave, erin] = parsed.samples.map((s) => prepared.run(s, RUN));
    assert.equal(carol.action, 'create');
    assert.equal(dave.inScope, false);
    assert.equal(dave.action, 'none');
    assert.deepEqual(dave.requests, []);
    assert.match(dave.actionReason, /department EQUALS "Engineering" is false \(actual "Sales"\)/);
    const missing = erin.problems.find((p) => p.code === 'required-missing')!;
    assert.equal(missing.target, 'name.familyName');
    assert.equal(missing.severity, 'error');
    assert.equal(missing.mapping!.number, 8);
    assert.equal(missing.mapping!.source, '[surname]');
    assert.equal(erin.attributes.find((a) => a.target === 'name.familyName')!.status, 'skipped-null');
  });
});

// ---------------------------------------------------------------------------------------------

const CUSTOM_MAPPING = {
  target: 'aws-iam-identity-center',
  user: {
    mappings: [
      { target: 'userName', source: '[userPrincipalName]', matchingPrecedence: 1 },
      { target: 'active', source: 'Switch([IsSoftDeleted], , "False", "True", "True", "False")' },
      { target: 'displayName', source: '[displayName]' },
      { target: 'name.givenName', source: '[givenName]' },
      { target: 'name.familyName', source: '[surname]' },
      { target: 'emails[type eq "work"].value', source: '[mail]' },
      { target: 'title', source: '[jobTitle]', default: 'Staff' },
      { target: 'nickName', source: '[mailNickname]', apply: 'on-create' },
      { target: 'locale', source: 'IgnoreFlowIfNullOrEmpty([preferredLanguage])' },
    ],
  },
  group: {
    mappings: [
      { target: 'displayName', source: '[displayName]', matchingPrecedence: 1 },
      { target: 'externalId', source: '[objectId]' },
      { target: 'members', source: '[members]' },
    ],
  },
};

function runCustom(
  s: Sample,
  options: RunOptions = {},
  mapping: object = CUSTOM_MAPPING,
  object: ObjectKind = s.object,
): DryRunResult {
  const { svc, doc } = mappingFromText(JSON.stringify(mapping));
  return prepareDryRun(svc, doc, object).run(s, { ...RUN, ...options });
}

const BASE_USER = {
  userPrincipalName: 'u@contoso.com',
  displayName: 'U Ser',
  givenName: 'U',
  surname: 'Ser',
  mail: 'u@contoso.com',
  mailNickname: 'user',
  accountEnabled: true,
};
const BASE_AWS: JsonObject = {
  id: 'aws-u',
  userName: 'u@contoso.com',
  displayName: 'U Ser',
  active: true,
  title: 'Staff',
  nickName: 'old-nick',
  name: { givenName: 'U', familyName: 'Ser' },
  emails: [{ value: 'u@contoso.com', type: 'work', primary: true }],
};

describe('dryrun: life cycle', () => {
  it('create: default applies when the source is null; on-create mappings are sent; IgnoreFlowIfNullOrEmpty drops', () => {
    const result = runCustom(sample(BASE_USER));
    assert.equal(result.action, 'create');
    const byTarget = Object.fromEntries(result.attributes.map((a) => [a.target, a]));
    assert.equal(byTarget.title.status, 'default');
    assert.equal(byTarget.title.value, 'Staff');
    assert.equal(byTarget.locale.status, 'ignored');
    const body = result.requests[0].body!;
    assert.equal(body.title, 'Staff');
    assert.equal(body.nickName, 'user');
    assert.equal('locale' in body, false);
    assert.deepEqual(
      body.schemas,
      ['urn:ietf:params:scim:schemas:core:2.0:User'],
      'no enterprise schema when no enterprise attribute is used',
    );
  });

  it('update: a PATCH with only the changed attributes, capitalised ops, no on-create mappings, no defaults', () => {
    const result = runCustom(sample({ ...BASE_USER, displayName: 'U. Ser', surname: 'Serr', preferredLanguage: 'de-DE' }), {
      existing: existingStore(BASE_AWS),
    });
    assert.equal(result.action, 'update');
    assert.equal(result.existingId, 'aws-u');
    assert.equal(result.requests.length, 1);
    assert.equal(result.requests[0].method, 'PATCH');
    assert.equal(result.requests[0].path, '/Users/aws-u');
    assert.deepEqual(result.requests[0].body, {
      schemas: ['urn:ietf:params:scim:api:messages:2.0:PatchOp'],
      Operations: [
        { op: 'Replace', path: 'displayName', value: 'U. Ser' },
        { op: 'Replace', path: 'name.familyName', value: 'Serr' },
        { op: 'Add', path: 'locale', value: 'de-DE' },
      ],
    });
    const byTarget = Object.fromEntries(result.attributes.map((a) => [a.target, a]));
    assert.equal(byTarget.nickName.sent, false);
    assert.match(byTarget.nickName.note!, /on create only/);
    assert.equal(byTarget.title.status, 'skipped-null', 'the default is not applied on update');
  });

  it('update with nothing changed: action none', () => {
    const result = runCustom(sample(BASE_USER), { existing: existingStore(BASE_AWS) });
    assert.equal(result.action, 'none');
    assert.deepEqual(result.requests, []);
    assert.match(result.actionReason, /nothing to update/);
  });

  it('update reactivates an inactive user with active "True"', () => {
    const result = runCustom(sample(BASE_USER), { existing: existingStore({ ...BASE_AWS, active: false }) });
    assert.equal(result.action, 'update');
    assert.deepEqual((result.requests[0].body!.Operations as JsonObject[])[0], { op: 'Replace', path: 'active', value: 'True' });
  });

  const disableCases: Array<[string, Record<string, unknown>]> = [
    ['unassigned', { assigned: false }],
    ['soft-deleted in Entra', { softDeleted: true }],
    ['disabled in Entra', { accountEnabled: false }],
    ['IsSoftDeleted given', { IsSoftDeleted: true }],
  ];
  for (const [label, extra] of disableCases) {
    it(`disable: ${label} and existing in AWS → PATCH active "False"`, () => {
      const result = runCustom(sample({ ...BASE_USER, ...extra }), { existing: existingStore(BASE_AWS) });
      assert.equal(result.action, 'disable');
      assert.deepEqual(result.requests, [
        {
          method: 'PATCH',
          path: '/Users/aws-u',
          body: {
            schemas: ['urn:ietf:params:scim:api:messages:2.0:PatchOp'],
            Operations: [{ op: 'Replace', path: 'active', value: 'False' }],
          },
        },
      ]);
    });
    it(`nothing: ${label} and not in AWS`, () => {
      const result = runCustom(sample({ ...BASE_USER, ...extra }));
      assert.equal(result.action, 'none');
      assert.deepEqual(result.requests, []);
    });
  }

  it('disable: out of scope while existing in AWS (example mapping)', () => {
    const result = runExample('user', sample({ ...ALICE, department: 'Sales', jobTitle: 'Account Executive' }), {
      existing: existingStore(ALICE_AWS),
    });
    assert.equal(result.action, 'disable');
    assert.match(result.actionReason, /no longer passes the scoping filter/);
  });

  it('nothing: out of scope and not in AWS, and the reason names the clause', () => {
    const result = runExample('user', sample({ ...ALICE, department: 'Sales', jobTitle: 'Account Executive' }));
    assert.equal(result.action, 'none');
    assert.deepEqual(result.requests, []);
    assert.deepEqual(result.problems, []);
    assert.match(result.actionReason, /department EQUALS "Engineering" is false \(actual "Sales"\)/);
  });

  it('nothing: an already inactive user that should be disabled', () => {
    const result = runCustom(sample({ ...BASE_USER, assigned: false }), {
      existing: existingStore({ ...BASE_AWS, active: false }),
    });
    assert.equal(result.action, 'none');
    assert.match(result.actionReason, /already inactive/);
  });

  it('delete: hard-deleted in Entra and existing in AWS → DELETE', () => {
    const result = runCustom(sample({ ...BASE_USER, deleted: true }), { existing: existingStore(BASE_AWS) });
    assert.equal(result.action, 'delete');
    assert.deepEqual(result.requests, [{ method: 'DELETE', path: '/Users/aws-u' }]);
    assert.equal(runCustom(sample({ ...BASE_USER, deleted: true })).action, 'none');
  });

  it('no DELETE for a user that was unassigned before it was deleted (Entra known limitation)', () => {
    const result = runCustom(sample({ ...BASE_USER, deleted: true, assigned: false }), { existing: existingStore(BASE_AWS) });
    assert.equal(result.action, 'disable');
  });

  it('a disable without an IsSoftDeleted-driven active mapping warns and sends nothing', () => {
    const mapping = { ...CUSTOM_MAPPING, user: { mappings: CUSTOM_MAPPING.user.mappings.filter((m) => m.target !== 'active') } };
    const result = runCustom(sample({ ...BASE_USER, assigned: false }), { existing: existingStore(BASE_AWS) }, mapping);
    assert.equal(result.action, 'none');
    assert.ok(codes(result).includes('active-not-soft-delete'));
  });

  it('lookup is case-insensitive on userName; externalId links a renamed user', () => {
    const upper = runCustom(sample({ ...BASE_USER, userPrincipalName: 'U@CONTOSO.COM' }), { existing: existingStore(BASE_AWS) });
    assert.equal(upper.action, 'update');
    const mapping = {
      ...CUSTOM_MAPPING,
      user: { mappings: [...CUSTOM_MAPPING.user.mappings, { target: 'externalId', source: '[objectId]' }] },
    };
    const renamed = runCustom(
      sample({ ...BASE_USER, userPrincipalName: 'new@contoso.com', objectId: 'oid-1' }),
      { existing: existingStore({ ...BASE_AWS, externalId: 'oid-1' }) },
      mapping,
    );
    assert.equal(renamed.action, 'update');
    assert.deepEqual((renamed.requests[0].body!.Operations as JsonObject[])[0], {
      op: 'Replace',
      path: 'userName',
      value: 'new@contoso.com',
    });
  });

  it('groups: POST without members, then PATCH Add in batches of at most 100', () => {
    const members = Array.from({ length: 250 }, (_, i) => ({ objectId: `u${i}`, awsId: `aws-u${i}` }));
    const result = runCustom(sample({ objectId: 'g1', displayName: 'Big', members }, 'group'));
    assert.equal(result.action, 'create');
    assert.equal(result.matching!.request, 'GET /Groups?excludedAttributes=members&filter=displayName eq "Big"');
    assert.deepEqual(result.requests[0], {
      method: 'POST',
      path: '/Groups',
      body: {
        schemas: ['urn:ietf:params:scim:schemas:core:2.0:Group'],
        displayName: 'Big',
        externalId: 'g1',
        meta: { resourceType: 'Group' },
      },
    });
    const batches = result.requests.slice(1).map((r) => ((r.body!.Operations as JsonObject[])[0].value as JsonValueArray).length);
    assert.deepEqual(batches, [100, 100, 50]);
    assert.ok(
      result.requests.slice(1).every((r) => r.method === 'PATCH' && (r.body!.Operations as JsonObject[])[0].op === 'Add'),
    );
    assert.ok(!codes(result).includes('reference-unresolved'));
  });

  it('groups: nested groups are skipped, unknown AWS ids become placeholders', () => {
    const result = runCustom(
      sample(
        {
          objectId: 'g1',
          displayName: 'G',
          members: ['u1', { '@odata.type': '#microsoft.graph.group', id: 'g2', displayName: 'Nested' }],
        },
        'group',
      ),
    );
    assert.ok(codes(result).includes('member-nested-group'));
    assert.ok(codes(result).includes('reference-unresolved'));
    assert.deepEqual((result.requests[1].body!.Operations as JsonObject[])[0].value, [{ value: 'aws-id-of:u1' }]);
  });

  it('groups: a single member given as an id', () => {
    const result = runCustom(sample({ objectId: 'g1', displayName: 'G', members: ['u1'] }, 'group'));
    assert.deepEqual((result.requests[1].body!.Operations as JsonObject[])[0].value, [{ value: 'aws-id-of:u1' }]);
  });

  it('groups: members the user scope excludes are left out', () => {
    const mapping = {
      ...CUSTOM_MAPPING,
      user: {
        ...CUSTOM_MAPPING.user,
        scope: { filters: [{ clauses: [{ attribute: 'department', operator: 'EQUALS', value: 'Eng' }] }] },
      },
    };
    const s = sample(
      {
        objectId: 'g1',
        displayName: 'G',
        members: [
          { objectId: 'a', department: 'Eng', awsId: 'aws-a' },
          { objectId: 'b', department: 'Sales', awsId: 'aws-b' },
        ],
      },
      'group',
    );
    const result = runCustom(s, {}, mapping);
    assert.ok(codes(result).includes('member-out-of-scope'));
    assert.deepEqual((result.requests[1].body!.Operations as JsonObject[])[0].value, [{ value: 'aws-a' }]);
  });

  it('groups: update diffs displayName and members; delete when deleted', () => {
    const existing: JsonObject = {
      id: 'aws-g',
      displayName: 'Old',
      externalId: 'g1',
      members: [{ value: 'aws-a' }, { value: 'aws-b' }],
    };
    const s = sample(
      {
        objectId: 'g1',
        displayName: 'New',
        members: [
          { objectId: 'a', awsId: 'aws-a' },
          { objectId: 'c', awsId: 'aws-c' },
        ],
      },
      'group',
    );
    const result = runCustom(s, { existing: existingStore(existing) });
    assert.equal(result.action, 'update');
    assert.deepEqual(
      result.requests.map((r) => [r.path, r.body!.Operations]),
      [
        ['/Groups/aws-g', [{ op: 'Replace', path: 'displayName', value: 'New' }]],
        ['/Groups/aws-g', [{ op: 'Add', path: 'members', value: [{ value: 'aws-c' }] }]],
        ['/Groups/aws-g', [{ op: 'Remove', path: 'members', value: [{ value: 'aws-b' }] }]],
      ],
    );
    const deleted = runCustom(sample({ objectId: 'g1', displayName: 'New', deleted: true }, 'group'), {
      existing: existingStore(existing),
    });
    assert.deepEqual(deleted.requests, [{ method: 'DELETE', path: '/Groups/aws-g' }]);
  });
});

type JsonValueArray = unknown[];

// ---------------------------------------------------------------------------------------------

describe('dryrun: AWS validation', () => {
  const withMappings = (mappings: object[]) => ({ target: 'aws-iam-identity-center', user: { mappings } });
  const BASIC = [
    { target: 'userName', source: '[userPrincipalName]', matchingPrecedence: 1 },
    { target: 'displayName', source: '[displayName]' },
    { target: 'name.givenName', source: '[givenName]' },
    { target: 'name.familyName', source: '[surname]' },
  ];

  it('two phone numbers: target-multi-valued on the second mapping', () => {
    const result = runCustom(
      sample({ ...BASE_USER, telephoneNumber: '1', mobile: '2' }),
      {},
      withMappings([
        ...BASIC,
        { target: 'phoneNumbers[type eq "work"].value', source: '[telephoneNumber]' },
        { target: 'phoneNumbers[type eq "mobile"].value', source: '[mobile]' },
      ]),
    );
    const problem = result.problems.find((p) => p.code === 'target-multi-valued')!;
    assert.equal(problem.target, 'phoneNumbers[type eq "mobile"].value');
    assert.equal(problem.mapping!.number, 6);
    assert.equal((result.requests[0].body!.phoneNumbers as unknown[]).length, 2, 'the body shows what Entra sends');
  });

  it('a multi-valued source into a single-valued target', () => {
    const result = runCustom(
      sample({ ...BASE_USER, proxyAddresses: ['a', 'b'] }),
      {},
      withMappings([...BASIC, { target: 'title', source: '[proxyAddresses]' }]),
    );
    assert.ok(codes(result).includes('target-multi-valued'));
  });

  it('characters, lengths, risky characters and empty values', () => {
    const long = 'a'.repeat(129);
    const r1 = runCustom(sample({ ...BASE_USER, userPrincipalName: 'u ser@x.com' }), {}, withMappings(BASIC));
    assert.ok(codes(r1).includes('invalid-characters'));
    assert.equal(r1.problems.find((p) => p.code === 'invalid-characters')!.target, 'userName');
    const r2 = runCustom(sample({ ...BASE_USER, userPrincipalName: long }), {}, withMappings(BASIC));
    assert.ok(codes(r2).includes('value-too-long'));
    assert.ok(
      !codes(runCustom(sample({ ...BASE_USER, userPrincipalName: 'é'.repeat(128) }), {}, withMappings(BASIC))).includes(
        'value-too-long',
      ),
      'length counts characters',
    );
    const r3 = runCustom(sample({ ...BASE_USER, displayName: 'U <Ser>' }), {}, withMappings(BASIC));
    // BASIC maps no active: the check's active-not-soft-delete comes first in every result.
    assert.deepEqual(
      r3.problems.map((p) => [p.code, p.severity]),
      [
        ['active-not-soft-delete', 'warning'],
        ['risky-characters', 'warning'],
      ],
    );
    const r4 = runCustom(sample({ ...BASE_USER, surname: '' }), {}, withMappings(BASIC));
    assert.deepEqual(
      r4.problems.map((p) => [p.code, p.target]),
      [
        ['active-not-soft-delete', null],
        ['required-missing', 'name.familyName'],
      ],
    );
    const r5 = runCustom(sample({ ...BASE_USER, displayName: 'a\u200bb' }), {}, withMappings(BASIC));
    assert.ok(codes(r5).includes('invalid-characters'));
  });

  it('unsupported targets, unmapped required targets and expression errors', () => {
    const result = runCustom(
      sample(BASE_USER),
      {},
      withMappings([
        { target: 'userName', source: '[userPrincipalName]', matchingPrecedence: 1 },
        { target: 'displayName', source: '[displayName]' },
        { target: 'name.givenName', source: 'Mid([givenName], "x", 1)' },
        { target: 'emails[type eq "work"].display', source: '[mail]' },
      ]),
    );
    const found = result.problems.map((p) => `${p.code}:${p.target}`);
    assert.ok(found.includes('target-unsupported:emails[type eq "work"].display'));
    // Unmapped: the check's finding (on the section), in the check's words.
    assert.ok(
      result.problems.some(
        (p) => p.code === 'required-missing' && p.severity === 'error' && p.message.includes('"name.familyName"'),
      ),
    );
    assert.ok(found.includes('required-missing:name.givenName'));
    assert.ok(found.includes('expression-error:name.givenName'));
    assert.equal(result.attributes.find((a) => a.target === 'name.givenName')!.status, 'error');
  });

  it('matching value missing, and the lookup escapes quotes', () => {
    const missing = runCustom(sample({ ...BASE_USER, userPrincipalName: null }), {}, withMappings(BASIC));
    assert.ok(codes(missing).includes('matching-value-missing'));
    assert.equal(missing.matching!.request, null);
    assert.equal(missing.action, 'none', 'Entra cannot create what it cannot look up');
    assert.deepEqual(missing.requests, []);
    const quoted = runCustom(sample({ ...BASE_USER, userPrincipalName: 'a"b\\c@x.com' }), {}, withMappings(BASIC));
    assert.equal(quoted.matching!.request, 'GET /Users?filter=userName eq "a\\"b\\\\c@x.com"');
  });

  it('app roles: AppRoleAssignmentsComplex elements carry display (rejected) and more than one role is too many', () => {
    const s = sample({ ...BASE_USER, appRoleAssignments: [{ value: 'Admin' }, { value: 'Reader' }] });
    const result = runCustom(
      s,
      {},
      withMappings([
        ...BASIC,
        { target: 'roles[primary eq "True"].value', source: 'AppRoleAssignmentsComplex([appRoleAssignments])' },
      ]),
    );
    assert.equal((result.requests[0].body!.roles as unknown[]).length, 2);
    assert.ok(codes(result).includes('target-unsupported'));
    assert.ok(codes(result).includes('target-multi-valued'));
  });

  it('reserved group names', () => {
    const result = runCustom(sample({ objectId: 'g', displayName: 'AWSAdministrators' }, 'group'));
    assert.ok(codes(result).includes('reserved-name'));
  });

  it('the Markdown report shows an update as old → new', () => {
    const existing = readExisting(
      readFileSync(fromRoot('examples', 'existing', 'alice.aws-user.json'), 'utf8'),
      'alice.aws-user.json',
    );
    const [alice] = samplesFrom(readFileSync(fromRoot('examples', 'broken', 'dry-run', 'alice-cleared.user.json'), 'utf8'));
    const result = runExample('user', alice, { existing: createExistingStore(existing.objects) });
    const report = renderResultMarkdown(result, { mappingUri: 'file:///m.mapping.jsonc', mappingLines: new Map() });
    assert.match(report, /\| "Engineer" → null \|/);
    assert.match(report, /\| "alice@contoso.com" → "alice@contoso.com" \|/);
    assert.match(report, /stale-value/);
  });

  it('reserved user names (AWS reserves the same names for users and groups)', () => {
    const result = runCustom(sample({ ...BASE_USER, userPrincipalName: 'Administrator' }), {}, withMappings(BASIC));
    assert.ok(codes(result).includes('reserved-name'));
    assert.ok(!codes(runCustom(sample(BASE_USER), {}, withMappings(BASIC))).includes('reserved-name'));
  });

  it('stale-value: only on updates, only when AWS holds a value; current is set on every attribute of an update', () => {
    const existing = { id: 'u1', userName: BASE_USER.userPrincipalName as string, title: 'Engineer', displayName: 'X' };
    const store = createExistingStore([{ object: 'user', body: existing }]);
    const mappings = [...BASIC, { target: 'title', source: '[jobTitle]' }, { target: 'nickName', source: '[mailNickname]' }];
    const update = runCustom(
      sample({ ...BASE_USER, jobTitle: null, mailNickname: null }),
      { existing: store },
      withMappings(mappings),
    );
    const stale = update.problems.filter((p) => p.code === 'stale-value');
    assert.deepEqual(
      stale.map((p) => p.target),
      ['title'],
      'nickName is empty in AWS too: nothing is stale',
    );
    assert.equal(stale[0].severity, 'warning');
    assert.match(stale[0].message, /"Engineer"/);
    assert.match(stale[0].message, /AWS: "If an attribute is removed/);
    assert.match(
      stale[0].message,
      /Microsoft: "The Microsoft Entra provisioning service doesn't support provisioning null values\."/,
    );
    for (const a of update.attributes) assert.ok('current' in a, `${a.target} has current`);
    assert.equal(update.attributes.find((a) => a.target === 'title')!.current, 'Engineer');
    const create = runCustom(sample({ ...BASE_USER, jobTitle: null }), {}, withMappings(mappings));
    assert.ok(!codes(create).includes('stale-value'));
    for (const a of create.attributes) assert.ok(!('current' in a), 'a create has no current values');
  });

  it('a missing scope file is reported and the scope is undetermined', () => {
    const { svc, doc } = mappingFromText(
      JSON.stringify({ target: 'aws-iam-identity-center', user: { scope: './nope.scope.jsonc', mappings: BASIC } }),
    );
    const result = prepareDryRun(svc, doc, 'user').run(sample(BASE_USER), RUN);
    assert.equal(result.inScope, null);
    assert.ok(codes(result).includes('scope-file-missing'));
  });
});

// ---------------------------------------------------------------------------------------------

describe('dryrun: determinism', () => {
  const mapping = {
    target: 'aws-iam-identity-center',
    user: {
      mappings: [
        { target: 'userName', source: '[userPrincipalName]', matchingPrecedence: 1 },
        { target: 'nickName', source: 'Guid()' },
        { target: 'title', source: 'FormatDateTime(Now(), , "M/d/yyyy h:mm:ss tt", "yyyy-MM-dd")' },
      ],
    },
  };
  it('the same seed gives the same Guid() for the same user, a different one for another user', () => {
    const a1 = runCustom(sample({ userPrincipalName: 'a@b.c' }), {}, mapping);
    const a2 = runCustom(sample({ userPrincipalName: 'a@b.c' }), {}, mapping);
    const b = runCustom(sample({ userPrincipalName: 'b@b.c' }), {}, mapping);
    const guid = (r: DryRunResult) => r.attributes.find((x) => x.target === 'nickName')!.value;
    assert.equal(guid(a1), guid(a2));
    assert.notEqual(guid(a1), guid(b));
    assert.equal(a1.attributes.find((x) => x.target === 'title')!.value, '2025-01-31', 'Now() reads the fixed clock');
  });
});

// ---------------------------------------------------------------------------------------------

describe('dryrun: fast paths agree with the rules they stand in for', () => {
  it('an attribute is read by exact name, else case-insensitively (the last of several casings wins)', () => {
    const read = (attributes: Record<string, unknown>, name: string): unknown =>
      sampleEnvironment(sample(attributes), false).attribute(name);
    assert.equal(read({ CostCode: 'a' }, 'costcode'), 'a');
    assert.equal(read({ CostCode: 'a', COSTCODE: 'b' }, 'costCode'), 'b', 'as a lowercase index of the sample would find it');
    assert.equal(read({ CostCode: 'a', costcode: 'c' }, 'costcode'), 'c', 'the exact name first');
    assert.equal(read({ CostCode: 'a' }, 'costcodes'), undefined);
    // Lowercasing İ gives two characters: the only name whose lowercase is longer.
    assert.equal(read({ İd: 'x' }, 'i\u0307d'), 'x');
    assert.equal(read({ isoftdeleted: 'no' }, 'isSoftDeleted'), false, 'IsSoftDeleted in any casing is the computed fact');
    // What a lowercase index of the sample gives (Kelvin sign K lowercases to k).
    const attributes = sample({ Surname: 'a', K: 'b', givenName: 'c', '\u212a': 'd' }).attributes;
    const index = new Map(Object.entries(attributes).map(([k, v]) => [k.toLowerCase(), v]));
    for (const name of ['surname', 'Surname', 'SURNAME', 'sn', 'k', 'K', '\u212a', 'GIVENNAME']) {
      const env = sampleEnvironment({ ...sample({}), attributes }, false);
      assert.equal(env.attribute(name), Object.hasOwn(attributes, name) ? attributes[name] : index.get(name.toLowerCase()), name);
    }
  });

  it('rejected characters and code point lengths: the ASCII tables give what the patterns give', () => {
    const random = rng(7);
    const alphabet = [
      'a',
      'Z',
      '0',
      ' ',
      '\t',
      '\n',
      '\r',
      '"',
      '<',
      '|',
      ';',
      '%',
      '\u0000',
      '\u001f',
      '\u007f',
      'é',
      '\u00a0',
      '\u3000',
      '\u200b',
      '😀',
      '\ud800',
      '\udc00',
      '-',
      '_',
      '@',
    ];
    const targets = defaultCatalog.awsTargetsFor('user').filter((t) => t.pattern);
    assert.ok(targets.length > 3);
    for (let n = 0; n < 3000; n++) {
      const value = Array.from({ length: int(random, 0, 8) }, () => pick(random, alphabet)).join('');
      const target = pick(random, targets);
      const test = new RegExp(`^${target.pattern!.replace(/^\^/, '').replace(/\+\$$/, '')}$`, 'u');
      const expected = [...new Set([...value].filter((ch) => !test.test(ch)).map(describeCharacter))];
      assert.deepEqual(rejectedCharacters(target, value), expected, `${target.path} ${JSON.stringify(value)}`);
      assert.equal(codePointLength(value), [...value].length, JSON.stringify(value));
    }
  });
});
