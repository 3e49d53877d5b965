/** token-expiring reads only the injected clock; its boundaries; secret-in-file never repeats the value. */
import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { catalogs } from '../server/src/service/catalog';
import { LanguageService } from '../server/src/service/languageService';

const URI = 'file:///p/t.mapping.jsonc';
const file = (section: string) => `{ "target": "aws-iam-identity-center", "provisioning": { ${section} } }`;

function codes(text: string, clock?: () => number): Array<{ code: string; severity: string; message: string }> {
  const service = new LanguageService({ host: { readFile: () => undefined }, catalogs, clock });
  return service.validate(URI, text).map((d) => ({ code: d.code, severity: d.severity, message: d.message }));
}

describe('provisioning checks', () => {
  it('token-expiring: silent without a clock, and never reads the system clock', () => {
    const text = file('"secretTokenCreated": "2020-01-01"');
    assert.ok(!codes(text).some((d) => d.code === 'token-expiring'));
    const real = Date.now;
    Date.now = () => {
      throw new Error('the service read the system clock');
    };
    try {
      assert.ok(codes(text, () => Date.UTC(2026, 0, 1)).some((d) => d.code === 'token-expiring' && d.severity === 'error'));
    } finally {
      Date.now = real;
    }
  });

  it('token-expiring: a warning from 30 days before the anniversary, an error from the day itself', () => {
    const text = file('"secretTokenCreated": "2025-03-02"');
    const at = (y: number, m: number, d: number) =>
      codes(text, () => Date.UTC(y, m - 1, d))
        .filter((f) => f.code === 'token-expiring')
        .map((f) => f.severity);
    assert.deepEqual(at(2026, 1, 30), []);
    assert.deepEqual(at(2026, 1, 31), ['warning']);
    assert.deepEqual(at(2026, 3, 1), ['warning']);
    assert.deepEqual(at(2026, 3, 2), ['error']);
  });

  it('secret-in-file never repeats the value, whatever its shape', () => {
    for (const value of ['"tok-123-secret"', '{ "env": "X", "value": "tok-123-secret" }', '["tok-123-secret"]']) {
      const found = codes(file(`"secretToken": ${value}`)).filter((d) => d.code === 'secret-in-file' || d.code === 'schema');
      assert.ok(
        found.some((d) => d.code === 'secret-in-file'),
        value,
      );
      for (const d of found) assert.ok(!d.message.includes('tok-123-secret'), d.message);
    }
  });

  it('tenant-url-invalid accepts the SCIM endpoint with or without the final slash', () => {
    for (const url of [
      'https://scim.us-east-1.amazonaws.com/a1b2c3/scim/v2/',
      'https://scim.eu-central-1.amazonaws.com/a1b2c3/scim/v2',
    ]) {
      assert.ok(!codes(file(`"tenantUrl": "${url}"`)).some((d) => d.code === 'tenant-url-invalid'), url);
    }
  });
});
