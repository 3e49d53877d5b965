/** dry-run --tenant-user / --tenant-group against the Graph stand-in. */
import assert from 'node:assert/strict';
import { after, before, beforeEach, describe, it } from 'node:test';
import { attributesUsed, graphSelection } from '../../server/src/service/dryrun/graphSelect';
import { catalogs, defaultCatalog } from '../../server/src/service/catalog';
import { LanguageService } from '../../server/src/service/languageService';
import { fileSystemHost, readText, toUri } from '../../server/src/cli/files';
import { fromRoot } from '../util/paths';
import { runCli, type CliRun } from './run';
import { GraphStandin } from './standin';

const MAPPING = fromRoot('examples', 'aws-iam-identity-center.mapping.jsonc');
const ALICE = '5f8c2e1a-7b3d-4c6e-9a10-2b4d6f8a0c1e';
const GRACE = '0c9e4b7a-1d2f-4a3b-8c5d-6e7f8a9b0c1d';
const GROUP = 'c0ffee00-1234-4abc-9def-00000000e001';
let standin: GraphStandin;
const outputs: string[] = [];

async function run(args: string[]): Promise<CliRun> {
  const result = await runCli(standin, args);
  outputs.push(result.out, result.err);
  return result;
}

before(async () => {
  standin = await new GraphStandin().start();
  standin.users.push(
    {
      id: ALICE,
      userPrincipalName: 'alice@contoso.com',
      displayName: 'Alice Smith',
      givenName: 'Alice',
      surname: 'Smith',
      mail: 'alice.smith@contoso.com',
      jobTitle: 'Senior Engineer',
      department: 'Engineering',
      employeeId: 'E1001',
      accountEnabled: true,
      preferredLanguage: 'en-US',
      businessPhones: ['+1 425 555 0100'],
      mobilePhone: '+1 425 555 0199',
      officeLocation: 'Building 25',
      streetAddress: '1 Microsoft Way',
      city: 'Redmond',
      state: 'WA',
      postalCode: '98052',
      country: 'US',
      managerId: GRACE,
    },
    {
      id: GRACE,
      userPrincipalName: 'grace@contoso.com',
      displayName: 'Grace Hopper',
      givenName: 'Grace',
      surname: 'Hopper',
      department: 'Engineering',
      accountEnabled: true,
      businessPhones: [],
    },
    {
      id: 'd00d0000-0000-4000-8000-000000000003',
      userPrincipalName: 'carol@contoso.com',
      displayName: 'Carol',
      givenName: 'Carol',
      surname: 'King',
      department: 'Sales',
      accountEnabled: true,
      businessPhones: [],
    },
  );
  standin.groups.push({
    id: GROUP,
    displayName: 'Engineering',
    description: 'Everyone in engineering',
    securityEnabled: true,
    mailEnabled: false,
    members: [ALICE, GRACE, 'd00d0000-0000-4000-8000-000000000003'],
  });
});
after(async () => {
  await standin.close();
  for (const text of outputs) assert.ok(!text.includes(standin.token), 'the token was printed');
});
beforeEach(() => {
  standin.requests.length = 0;
});

describe('the Graph names of the Entra attributes a mapping reads', () => {
  it('translates Entra names and adds what every dry run needs', async () => {
    const selection = graphSelection(
      'user',
      [
        'objectId',
        'telephoneNumber',
        'mobile',
        'physicalDeliveryOfficeName',
        'extensionAttribute3',
        'extension_0123456789abcdef0123456789abcdef_costCenter',
        'manager',
        'IsSoftDeleted',
        'department',
        'facsimileTelephoneNumber',
      ],
      defaultCatalog,
    );
    assert.deepEqual(selection.select, [
      'accountEnabled',
      'businessPhones',
      'deletedDateTime',
      'department',
      'displayName',
      'extension_0123456789abcdef0123456789abcdef_costCenter',
      'faxNumber',
      'id',
      'mobilePhone',
      'officeLocation',
      'onPremisesExtensionAttributes',
      'userPrincipalName',
    ]);
    assert.equal(selection.expandManager, true);
    assert.deepEqual(selection.notInGraph, ['IsSoftDeleted']);
  });

  it('collects attributes from mappings and from the scope file', async () => {
    const service = new LanguageService({ host: fileSystemHost, catalogs });
    const uri = toUri(MAPPING);
    const doc = service.getDocument(uri, readText(MAPPING), 'mapping')!;
    const used = attributesUsed(doc as never, 'user', (path) => service.resolveScope(uri, path));
    for (const name of [
      'userPrincipalName',
      'telephoneNumber',
      'manager',
      'department',
      'accountEnabled',
      'jobTitle',
      'IsSoftDeleted',
    ])
      assert.ok(used.has(name), name);
  });
});

describe('dry-run --tenant-user', () => {
  it('reads the user with $select of every attribute and $expand=manager, and dry-runs it', async () => {
    const result = await run([
      'dry-run',
      MAPPING,
      '--tenant-user',
      'alice@contoso.com',
      '--format',
      'json',
      '--now',
      '2026-01-01T00:00:00Z',
    ]);
    assert.equal(result.code, 0, result.err);
    const request = standin.requests.find((r) => r.pathname === '/users/alice@contoso.com');
    assert.ok(request, standin.requests.map((r) => r.path).join('\n'));
    const select = request.query.get('$select')!.split(',');
    for (const name of [
      'businessPhones',
      'officeLocation',
      'department',
      'employeeId',
      'jobTitle',
      'accountEnabled',
      'id',
      'city',
    ])
      assert.ok(select.includes(name), name);
    for (const name of ['telephoneNumber', 'physicalDeliveryOfficeName', 'objectId', 'IsSoftDeleted', 'manager'])
      assert.ok(!select.includes(name), name);
    assert.match(request.query.get('$expand') ?? '', /^manager/);
    const report = JSON.parse(result.out) as {
      inScope: boolean;
      action: string;
      attributes: Array<{ target: string; value: unknown }>;
    };
    assert.equal(report.inScope, true);
    assert.equal(report.action, 'create');
    const value = (target: string): unknown => report.attributes.find((a) => a.target === target)?.value;
    assert.equal(value('phoneNumbers[type eq "work"].value'), '+1 425 555 0100');
    assert.equal(value('addresses[type eq "work"].formatted'), 'Building 25');
    assert.equal(value('urn:ietf:params:scim:schemas:extension:enterprise:2.0:User:department'), 'Engineering');
    assert.ok(value('urn:ietf:params:scim:schemas:extension:enterprise:2.0:User:manager'), 'the manager came through $expand');
    assert.match(result.err, /read 1 user from http:\/\/127\.0\.0\.1:\d+\/v1\.0/);
  });

  it('several users by UPN and object id, as a text report', async () => {
    const result = await run([
      'dry-run',
      MAPPING,
      '--tenant-user',
      'alice@contoso.com',
      '--tenant-user',
      'd00d0000-0000-4000-8000-000000000003',
      '--brief',
    ]);
    assert.equal(result.code, 0, result.err);
    assert.match(result.out, /alice@contoso\.com.*create {2}in scope/);
    assert.match(result.out, /carol@contoso\.com.*out of scope/);
  });

  it('an unknown user: exit 2 with a message', async () => {
    const result = await run(['dry-run', MAPPING, '--tenant-user', 'nobody@contoso.com']);
    assert.equal(result.code, 2);
    assert.match(result.err, /No user "nobody@contoso\.com" in the tenant \(looked up by user principal name\)/);
    assert.equal(result.out, '');
  });

  it('does not mix with --user FILE', async () => {
    assert.equal(
      (
        await run([
          'dry-run',
          MAPPING,
          '--tenant-user',
          'alice@contoso.com',
          '--user',
          fromRoot('examples', 'users', 'alice.user.json'),
        ])
      ).code,
      2,
    );
  });

  it('users and groups together: two reports, or one JSON object', async () => {
    const text = await run([
      'dry-run',
      MAPPING,
      '--tenant-user',
      'alice@contoso.com',
      '--tenant-group',
      'Engineering',
      '--brief',
    ]);
    assert.equal(text.code, 0, text.err);
    assert.match(text.out, /alice@contoso\.com[\s\S]*Engineering/);
    const json = await run([
      'dry-run',
      MAPPING,
      '--tenant-user',
      'alice@contoso.com',
      '--tenant-group',
      'Engineering',
      '--format',
      'json',
    ]);
    assert.equal(json.code, 0, json.err);
    const report = JSON.parse(json.out) as { users: { object: string }; groups: { object: string } };
    assert.equal(report.users.object, 'user');
    assert.equal(report.groups.object, 'group');
    // An unknown group stops the run before any report.
    const unknown = await run(['dry-run', MAPPING, '--tenant-user', 'alice@contoso.com', '--tenant-group', 'Nope']);
    assert.equal(unknown.code, 2);
    assert.equal(unknown.out, '');
  });
});

describe('dry-run --tenant-group', () => {
  it('finds the group by name and reads its members page by page', async () => {
    const result = await run(['dry-run', MAPPING, '--tenant-group', 'Engineering', '--format', 'json']);
    assert.equal(result.code, 0, result.err);
    const lookup = standin.requests.find((r) => r.pathname === '/groups');
    assert.equal(lookup?.query.get('$filter'), "displayName eq 'Engineering'");
    const pages = standin.requests.filter((r) => r.pathname === `/groups/${GROUP}/members/microsoft.graph.user`);
    assert.equal(pages.length, 2, 'three members, two per page');
    const report = JSON.parse(result.out) as { attributes: Array<{ target: string; value: unknown }> };
    const members = report.attributes.find((a) => a.target === 'members')?.value as unknown[];
    assert.ok(Array.isArray(members), JSON.stringify(report.attributes));
    assert.match(result.err, /read group "Engineering" with 3 user members/);
  });

  it('by object id; an unknown group: exit 2', async () => {
    assert.equal((await run(['dry-run', MAPPING, '--tenant-group', GROUP, '--brief'])).code, 0);
    const unknown = await run(['dry-run', MAPPING, '--tenant-group', 'Nope']);
    assert.equal(unknown.code, 2);
    assert.match(unknown.err, /No group "Nope" in the tenant/);
  });
});
