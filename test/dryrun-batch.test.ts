import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { describe, it } from 'node:test';
import { fileSystemHost, toUri } from '../server/src/cli/files';
import { catalogs, defaultCatalog } from '../server/src/service/catalog';
import { addToSummary, emptySummary, prepareDryRun, readSamples, type RunOptions } from '../server/src/service/dryrun';
import { LanguageService } from '../server/src/service/languageService';
import { parseTree } from 'jsonc-parser';
import { plainValue } from '../server/src/service/model/jsonNodes';
import type { MappingDocument } from '../server/src/service/model/types';
import { fromRoot } from './util/paths';

const RUN: RunOptions = { clock: () => Date.parse('2025-01-31T12:00:00Z'), seed: 7 };

/** The example mapping plus a Guid() mapping, so the seed's per-user stream is exercised too. */
function prepare() {
  const path = fromRoot('examples', 'aws-iam-identity-center.mapping.jsonc');
  const example = plainValue(parseTree(readFileSync(path, 'utf8'))!) as { user: { mappings: object[] } };
  example.user.mappings.push({ target: 'nickName', source: 'Guid()' });
  const svc = new LanguageService({ host: fileSystemHost, catalogs });
  const doc = svc.getDocument(
    toUri(fromRoot('examples', 'batch.mapping.jsonc')),
    JSON.stringify(example),
    'mapping',
  ) as MappingDocument;
  return prepareDryRun(svc, doc, 'user');
}

const DEPARTMENTS = ['Engineering', 'Sales', 'Engineering', 'Finance'];
const TITLES = ['Developer', 'Account Executive', 'SRE', 'Analyst', 'Engineer'];

function csvOf(count: number): string {
  const rows = ['userPrincipalName,givenName,surname,displayName,mail,jobTitle,department,accountEnabled,objectId,employeeId'];
  for (let i = 0; i < count; i++) {
    const surname = i % 97 === 0 ? '' : `Surname${i}`;
    rows.push(
      [
        `user${i}@contoso.com`,
        `Given${i}`,
        surname,
        `"Given${i} ${surname}"`,
        `user${i}@contoso.com`,
        TITLES[i % TITLES.length],
        DEPARTMENTS[i % DEPARTMENTS.length],
        i % 13 === 0 ? 'false' : 'true',
        `00000000-0000-4000-8000-${String(i).padStart(12, '0')}`,
        `E${i}`,
      ].join(','),
    );
  }
  return rows.join('\n') + '\n';
}

describe('dryrun: batch', () => {
  it('10,000 users from CSV complete, with a summary', () => {
    const prepared = prepare();
    const timeFor = (count: number) => {
      const text = csvOf(count);
      const start = process.hrtime.bigint();
      const parsed = readSamples(text, { object: 'user', catalog: defaultCatalog, file: 'batch.csv' });
      const summary = emptySummary();
      for (const sample of parsed.samples) addToSummary(summary, prepared.run(sample, RUN));
      const ms = Number(process.hrtime.bigint() - start) / 1e6;
      return { ms, parsed, summary };
    };
    timeFor(500); // warm up
    const small = timeFor(1_000);
    const big = timeFor(10_000);
    assert.deepEqual(big.parsed.errors, []);
    assert.equal(big.summary.objects, 10_000);
    assert.equal(big.summary.inScope + big.summary.outOfScope, 10_000);
    assert.ok(big.summary.inScope > 0 && big.summary.outOfScope > 0);
    assert.equal(big.summary.actions.create + big.summary.actions.none, 10_000);
    assert.ok(big.summary.problemsByCode['required-missing'] > 0, 'the rows without a surname fail');
    // Throughput and linearity are measured by `npm run bench`, not asserted in a test.
    assert.equal(small.summary.objects, 1_000);
  });

  it("a user's result does not depend on the batch it is in", () => {
    const prepared = prepare();
    const csv = csvOf(10_000);
    const lines = csv.split('\n');
    const batch = readSamples(csv, { object: 'user', catalog: defaultCatalog, file: 'batch.csv' }).samples;
    const inBatch = batch.map((s) => prepared.run(s, RUN));
    for (const index of [0, 1, 97, 4_321, 9_999]) {
      const alone = readSamples(`${lines[0]}\n${lines[index + 1]}\n`, {
        object: 'user',
        catalog: defaultCatalog,
        file: 'batch.csv',
      }).samples[0];
      const result = prepared.run(alone, RUN);
      const strip = (r: typeof result) => ({ ...r, sample: { ...r.sample, location: undefined } });
      assert.deepEqual(strip(result), strip(inBatch[index]), `user ${index}`);
    }
  });
});
