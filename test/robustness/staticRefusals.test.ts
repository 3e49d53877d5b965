/**
 * expr-unsupported compiles an expression only when the evaluator says compiling could refuse
 * something no other rule reports (evaluate.ts mayRefuseUnruled). These tests check that the
 * shortcut never hides a refusal: over seeded random expressions and every expression of the
 * benchmark file, an expression it lets through has no refusal but those other rules report.
 */
import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { defaultCatalog } from '../../server/src/service/catalog';
import { mayRefuseUnruled, staticRefusals } from '../../server/src/service/evaluate/evaluate';
import { parseExpression } from '../../server/src/service/expression/parser';
import { parseMappingDocument } from '../../server/src/service/model/parse';
import { randomExpression } from './fuzzGen';
import { rng, scaledMapping } from './generate';

const SEED = 20261207;

function assertNoHiddenRefusal(text: string, where: string): boolean {
  const root = parseExpression(text).root;
  if (!root) return false;
  const unruled = staticRefusals(root, defaultCatalog).filter((r) => !r.ruled);
  if (!mayRefuseUnruled(root, defaultCatalog)) {
    assert.deepEqual(unruled, [], `${where}: ${text}`);
    return true;
  }
  return false;
}

describe('expr-unsupported compiles every expression that could be refused', () => {
  it('over seeded random expressions', () => {
    let skipped = 0;
    let refused = 0;
    for (let n = 0; n < 3000; n++) {
      const text = randomExpression(rng(SEED + n));
      if (assertNoHiddenRefusal(text, `seed ${SEED + n}`)) skipped++;
      const root = parseExpression(text).root;
      if (root && staticRefusals(root, defaultCatalog).some((r) => !r.ruled)) refused++;
    }
    // Both kinds occur, so the property is tested on both sides.
    assert.ok(skipped > 300, `${skipped} expressions need no compiling`);
    assert.ok(refused > 100, `${refused} expressions are refused`);
  });

  it('over the expressions of the benchmark file, with the known refusals kept', () => {
    const document = parseMappingDocument('file:///bench.mapping.jsonc', scaledMapping(300));
    let skipped = 0;
    for (const object of document.objects)
      for (const mapping of object.mappings)
        if (mapping.source && assertNoHiddenRefusal(mapping.source.value, `mapping ${mapping.index}`)) skipped++;
    assert.ok(skipped > 100, `${skipped} expressions need no compiling`);
    // Replace's undocumented mode and a nested root-only function are still found.
    for (const text of [
      'Replace([jobTitle], "(Contractor)", "")',
      'ToLower(IgnoreFlowIfNullOrEmpty([mail]))',
      'Left(vbTextCompare, 2)',
    ]) {
      const root = parseExpression(text).root!;
      assert.ok(mayRefuseUnruled(root, defaultCatalog), text);
      assert.ok(
        staticRefusals(root, defaultCatalog).some((r) => !r.ruled),
        text,
      );
    }
  });
});
