/**
 * `check --format sarif` validated against the SARIF 2.1.0 JSON schema kept as test data
 * (test/fixtures/sarif/sarif-schema-2.1.0.json: the OASIS schema as shipped in the npm package
 * @microsoft/jest-sarif, lib/schemas/sarif-2.1.0-rtm.5.json), and compared with --format json.
 */
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { describe, it } from 'node:test';
import { getLanguageService } from 'vscode-json-languageservice';
import { TextDocument } from 'vscode-languageserver-textdocument';
import { main } from '../../server/src/cli/main';
import type { CliIo } from '../../server/src/cli/io';
import { RULES } from '../../server/src/service/rules';
import { fromRoot } from '../util/paths';

async function run(args: string[]): Promise<{ code: number; out: string; err: string }> {
  let out = '';
  let err = '';
  const io: CliIo = { out: (t) => void (out += t), err: (t) => void (err += t), colour: false };
  const code = await main(args, io);
  return { code, out, err };
}

/** The `$schema` our logs name: the validator resolves it to the schema kept here, offline. */
const SCHEMA_URI = 'https://docs.oasis-open.org/sarif/sarif/v2.1.0/errata01/os/schemas/sarif-schema-2.1.0.json';
const schema = JSON.parse(readFileSync(fromRoot('test', 'fixtures', 'sarif', 'sarif-schema-2.1.0.json'), 'utf8')) as Record<
  string,
  unknown
>;

async function schemaProblems(text: string): Promise<string[]> {
  const service = getLanguageService({ schemaRequestService: () => Promise.reject(new Error('offline')) });
  service.configure({ validate: true, schemas: [{ uri: SCHEMA_URI, fileMatch: ['*.sarif'], schema }] });
  const document = TextDocument.create('file:///report.sarif', 'json', 1, text);
  const diagnostics = await service.doValidation(document, service.parseJSONDocument(document), {
    trailingCommas: 'error',
    comments: 'error',
  });
  return diagnostics.map((d) => `${d.range.start.line + 1}:${d.range.start.character + 1} ${d.message}`);
}

describe('cli: --format sarif', () => {
  it('the validator catches a broken log (so the next test can fail)', async () => {
    const problems = await schemaProblems(JSON.stringify({ version: '2.0.0', runs: [{ tool: { driver: {} } }] }));
    assert.ok(problems.length > 0);
  });

  it('is valid SARIF 2.1.0 with the same findings as --format json', async () => {
    const target = fromRoot('examples', 'broken');
    const sarif = await run(['check', '--format', 'sarif', target]);
    assert.equal(sarif.code, 1, sarif.err);
    assert.deepEqual(await schemaProblems(sarif.out), []);
    const log = JSON.parse(sarif.out) as {
      $schema: string;
      version: string;
      runs: Array<{
        tool: {
          driver: {
            name: string;
            version: string;
            informationUri: string;
            rules: Array<{
              id: string;
              shortDescription: { text: string };
              defaultConfiguration: { level: string };
              helpUri: string;
            }>;
          };
        };
        results: Array<{
          ruleId: string;
          level: string;
          message: { text: string };
          locations: Array<{
            physicalLocation: {
              artifactLocation: { uri: string };
              region: { startLine: number; startColumn: number; endLine: number; endColumn: number };
            };
          }>;
        }>;
      }>;
    };
    assert.equal(log.version, '2.1.0');
    assert.match(log.$schema, /sarif-schema-2\.1\.0\.json$/);
    assert.equal(log.runs.length, 1);
    const driver = log.runs[0].tool.driver;
    assert.equal(driver.name, 'scim-mapper');
    assert.equal(driver.version, (JSON.parse(readFileSync(fromRoot('package.json'), 'utf8')) as { version: string }).version);
    assert.match(driver.informationUri, /^https:\/\//);
    assert.deepEqual(
      driver.rules.map((r) => r.id),
      RULES.map((r) => r.code),
    );
    for (const rule of driver.rules) {
      assert.ok(rule.shortDescription.text.length > 0);
      assert.match(rule.helpUri, /#diagnostics$/);
      assert.ok(['error', 'warning', 'note'].includes(rule.defaultConfiguration.level));
    }
    const json = JSON.parse((await run(['check', '--format', 'json', target])).out) as Array<{
      file: string;
      code: string;
      severity: string;
      message: string;
      range: { start: { line: number; character: number }; end: { line: number; character: number } };
    }>;
    const results = log.runs[0].results;
    assert.equal(results.length, json.length);
    results.forEach((result, i) => {
      const row = json[i];
      assert.equal(result.ruleId, row.code);
      assert.equal(result.level, row.severity === 'error' ? 'error' : row.severity === 'warning' ? 'warning' : 'note');
      assert.equal(result.message.text, row.message);
      const location = result.locations[0].physicalLocation;
      assert.equal(decodeURIComponent(location.artifactLocation.uri), row.file);
      assert.deepEqual(location.region, {
        startLine: row.range.start.line + 1,
        startColumn: row.range.start.character + 1,
        endLine: row.range.end.line + 1,
        endColumn: row.range.end.character + 1,
      });
    });
  });

  it('a clean run is a valid log with no results', async () => {
    const sarif = await run(['check', '--format', 'sarif', fromRoot('examples', 'aws-iam-identity-center.mapping.jsonc')]);
    assert.equal(sarif.code, 0);
    assert.deepEqual(await schemaProblems(sarif.out), []);
    assert.deepEqual((JSON.parse(sarif.out) as { runs: Array<{ results: unknown[] }> }).runs[0].results, []);
  });
});
