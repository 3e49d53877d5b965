/** The pulled-from record and the facts the extension keeps apart from the service. */
import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { AWS_JOB_TEMPLATE_ID, insertMappingRecord, pulledFromOf, withoutAnnotations } from '../../server/src/cli/graph/record';
import { AWS_TEMPLATE_ID } from '../../server/src/service/graph/read';
import { createService } from '../graph/helpers';

describe('the pulled-from record', () => {
  it("the extension's copy of the AWS template id is the service's", () => {
    assert.equal(AWS_JOB_TEMPLATE_ID, AWS_TEMPLATE_ID);
  });

  it('goes after "target" in a mapping file, reads back, and the schema rule accepts it', () => {
    const text = insertMappingRecord(
      '{\n  "target": "aws-iam-identity-center",\n  "group": { "mappings": [{ "target": "displayName", "source": "[displayName]", "matchingPrecedence": 1 }] }\n}\n',
      {
        servicePrincipalId: 'sp "1"',
        jobId: 'aWSSingleSignon.x.y',
        schemaVersion: 'date:1',
      },
    );
    assert.match(
      text,
      /^\{\n {2}"target": "aws-iam-identity-center",\n {2}"pulledFrom": \{ "servicePrincipalId": "sp \\"1\\"", "jobId": "aWSSingleSignon\.x\.y", "schemaVersion": "date:1" \},\n/,
    );
    assert.deepEqual(pulledFromOf(text, 'mapping'), {
      servicePrincipalId: 'sp "1"',
      jobId: 'aWSSingleSignon.x.y',
      schemaVersion: 'date:1',
    });
    const service = createService();
    const codes = service.validate('file:///srv/p.mapping.json', text, 'mapping').map((d) => d.code);
    assert.ok(!codes.includes('schema'), codes.join(', '));
    const bad = text.replace('"schemaVersion"', '"extra": 1, "schemaVersion"');
    assert.ok(
      service.validate('file:///srv/q.mapping.json', bad, 'mapping').some((d) => d.code === 'schema'),
      'unknown record fields are reported',
    );
  });

  it('a Graph file: the annotation, else its own version; annotations never go to Graph', () => {
    assert.deepEqual(
      pulledFromOf('{ "@scimMapper.pulledFrom": { "servicePrincipalId": "s", "jobId": "j" }, "version": "v7" }', 'graph'),
      { servicePrincipalId: 's', jobId: 'j', schemaVersion: 'v7' },
    );
    assert.equal(pulledFromOf('{ "version": "v7" }', 'graph'), undefined);
    assert.deepEqual(withoutAnnotations({ '@odata.context': 'x', '@scimMapper.pulledFrom': {}, id: 'a', version: 'v' }), {
      id: 'a',
      version: 'v',
    });
  });
});
