/** Completion and hover in the "provisioning" section (issue 17): the tutorial's words, from the JSON Schema. */
import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { complete, hover } from '../../server/src/service/features';
import { createService, MAPPING_URI, opened, withCursor } from './helpers';

function file(section: string): string {
  return `{\n  "target": "aws-iam-identity-center",\n  "provisioning": {\n${section}\n  }\n}\n`;
}

function hoverText(source: string): string {
  const { text, position } = withCursor(source);
  const result = hover(...opened(createService(), MAPPING_URI, text), position);
  return result ? JSON.stringify(result.contents) : '';
}

describe('provisioning: completion and hover', () => {
  it('completes every setting of the section', () => {
    const { text, position } = withCursor(file('    "|"'));
    const labels = complete(...opened(createService(), MAPPING_URI, text), position)
      .items.map((i) => i.label)
      .sort();
    assert.deepEqual(labels, [
      'accidentalDeletionThreshold',
      'notificationEmail',
      'notifyOnFailure',
      'scope',
      'secretToken',
      'secretTokenCreated',
      'state',
      'tenantUrl',
    ]);
  });

  it('completes the values of scope and state', () => {
    for (const [key, values] of [
      ['scope', ['all', 'assigned']],
      ['state', ['off', 'on']],
    ] as const) {
      const { text, position } = withCursor(file(`    "${key}": |`));
      const labels = complete(...opened(createService(), MAPPING_URI, text), position)
        .items.map((i) => i.label)
        .sort();
      assert.deepEqual(labels, [...values], key);
    }
  });

  it("hovers explain each setting in the tutorial's words", () => {
    assert.match(hoverText(file('    "sc|ope": "assigned"')), /Sync only assigned users and groups/);
    assert.match(hoverText(file('    "tenant|Url": ""')), /Automatic provisioning/);
    assert.match(hoverText(file('    "secret|Token": { "env": "AWS_SCIM_TOKEN" }')), /environment variable/);
    assert.match(hoverText(file('    "secretToken|Created": "2026-03-02"')), /expire one year after/);
    assert.match(hoverText(file('    "st|ate": "on"')), /Provisioning Status/);
    assert.match(hoverText(file('    "notification|Email": ""')), /Notification Email/);
  });
});
