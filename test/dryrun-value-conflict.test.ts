/**
 * `value-conflict` (dry run, error): within a batch and against --existing objects, on every object
 * after the first owner of a value AWS keeps unique, naming the owner. Snapshot of the broken
 * example; groups; the compact index against a plain Map on many values.
 */
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { describe, it } from 'node:test';
import { catalogs, defaultCatalog } from '../server/src/service/catalog';
import { fileSystemHost, toUri } from '../server/src/cli/files';
import {
  BatchAggregator,
  createExistingStore,
  prepareDryRun,
  readExisting,
  readSamples,
  runBatch,
  ValueConflictIndex,
  type DryRunResult,
  type RunOptions,
} from '../server/src/service/dryrun';
import type { ObjectKind } from '../server/src/service/catalog/types';
import { LanguageService } from '../server/src/service/languageService';
import type { MappingDocument } from '../server/src/service/model/types';
import { fromRoot } from './util/paths';
import { matchSnapshot } from './util/snapshot';

const RUN: RunOptions = { clock: () => Date.parse('2025-01-31T12:00:00Z'), seed: 42 };
const MAPPING_PATH = fromRoot('examples', 'aws-iam-identity-center.mapping.jsonc');

function batch(file: string, text: string, object: ObjectKind, existingText?: string): DryRunResult[] {
  const svc = new LanguageService({ host: fileSystemHost, catalogs });
  const doc = svc.getDocument(toUri(MAPPING_PATH), readFileSync(MAPPING_PATH, 'utf8'), 'mapping') as MappingDocument;
  const parsed = readSamples(text, { object, catalog: defaultCatalog, file });
  assert.deepEqual(parsed.errors, []);
  const existing = existingText ? readExisting(existingText, 'existing.json').objects : [];
  const aggregator = new BatchAggregator({ existing });
  const events = [
    ...runBatch(
      prepareDryRun(svc, doc, object),
      parsed.samples.map((sample) => ({ sample })),
      aggregator,
      { run: { ...RUN, existing: createExistingStore(existing) } },
    ),
  ];
  return events.flatMap((e) => (e.kind === 'record' ? [e.record.result] : []));
}

const conflicts = (r: DryRunResult) => r.problems.filter((p) => p.code === 'value-conflict');

describe('dry run: value-conflict', () => {
  it('examples/broken/duplicate-values.users.csv (snapshot)', () => {
    const file = 'examples/broken/duplicate-values.users.csv';
    const results = batch(file, readFileSync(fromRoot(file), 'utf8'), 'user');
    assert.deepEqual(
      results.map((r) => conflicts(r).length),
      [0, 1, 1],
    );
    assert.match(
      conflicts(results[1])[0].message,
      /"shared-mailbox@contoso\.com" in emails is already held by user "pat@contoso\.com" \(examples\/broken\/duplicate-values\.users\.csv:2\)/,
    );
    assert.match(
      conflicts(results[2])[0].message,
      /"PAT@contoso\.com" in userName is already held by user "pat@contoso\.com".*case-insensitively/,
    );
    matchSnapshot(
      fromRoot('test', 'snapshots', 'dryrun', 'value-conflict.json'),
      results.map((r) => ({ label: r.sample.label, action: r.action, problems: r.problems })),
    );
  });

  it('groups: displayName and externalId within a batch; an existing group linked by externalId is the group itself', () => {
    const groups = JSON.stringify([
      { displayName: 'Engineering', objectId: 'g-1' },
      { displayName: 'Engineering', objectId: 'g-2' },
      { displayName: 'Sales', objectId: 'g-1' },
      { displayName: 'Admins', objectId: 'g-4' },
      { displayName: 'Finance', objectId: 'g-5' },
    ]);
    const existing = JSON.stringify([
      { schemas: ['urn:ietf:params:scim:schemas:core:2.0:Group'], id: 'aws-9', displayName: 'Finance', externalId: 'g-5' },
      { schemas: ['urn:ietf:params:scim:schemas:core:2.0:Group'], id: 'aws-8', displayName: 'Old admins', externalId: 'g-4' },
    ]);
    const results = batch('groups.json', groups, 'group', existing);
    const found = results.map((r) => conflicts(r).map((p) => p.target));
    assert.deepEqual(found, [[], ['displayName'], ['externalId'], [], []]);
    assert.match(
      conflicts(results[1])[0].message,
      /"Engineering" in displayName is already held by group "Engineering" \(groups\.json:1\)/,
    );
    assert.equal(results[3].existingId, 'aws-8', 'Admins renames the existing group it is linked to');
    assert.equal(results[4].existingId, 'aws-9');
  });

  it('users: a value held by an existing AWS user (not the one being updated)', () => {
    const existing = readFileSync(fromRoot('examples', 'existing', 'alice.aws-user.json'), 'utf8');
    const users = JSON.stringify([
      {
        userPrincipalName: 'alice@contoso.com',
        givenName: 'Alice',
        surname: 'Smith',
        displayName: 'Alice Smith',
        mail: 'alice.smith@contoso.com',
        department: 'Engineering',
        accountEnabled: true,
        objectId: '5f8c2e1a-7b3d-4c6e-9a10-2b4d6f8a0c1e',
      },
      {
        userPrincipalName: 'al@contoso.com',
        givenName: 'Al',
        surname: 'Smith',
        displayName: 'Al Smith',
        mail: 'alice.smith@contoso.com',
        department: 'Engineering',
        accountEnabled: true,
        objectId: 'x-2',
      },
    ]);
    const results = batch('users.json', users, 'user', existing);
    assert.deepEqual(conflicts(results[0]), [], 'alice updates herself');
    assert.equal(results[1].action, 'create');
    assert.equal(conflicts(results[1]).length, 1);
    assert.match(
      conflicts(results[1])[0].message,
      /"alice\.smith@contoso\.com" in emails is already held by the existing AWS user "alice@contoso\.com" \(id [^)]+\)/,
    );
  });

  it('the compact index agrees with an exact Map over 200,000 values', () => {
    const index = new ValueConflictIndex();
    const exact = new Map<string, string>();
    let disagreements = 0;
    for (let i = 0; i < 100_000; i++) {
      const mail = `u${(i * 7919) % 70_000}@contoso.com`;
      const result = {
        object: 'user',
        action: 'create',
        attributes: [
          { target: 'userName', source: null, value: `user${i}@contoso.com`, status: 'set' },
          { target: 'emails[type eq "work"].value', source: null, value: mail, status: 'set' },
        ],
        problems: [],
        sample: { label: `user${i}`, format: 'entra' },
      } as unknown as DryRunResult;
      index.check(result);
      const expected = exact.has(mail) ? 1 : 0;
      if (!exact.has(mail)) exact.set(mail, `user${i}`);
      if (result.problems.length !== expected) disagreements++;
      if (expected) assert.match(result.problems[0].message, new RegExp(`held by user "${exact.get(mail)}"`));
    }
    assert.equal(disagreements, 0);
  });
});
