/**
 * A bounded, seeded fuzz run (the long one is `npm run fuzz`): random and mutated mapping files,
 * scope files, Graph schemas, expressions and sample users through every entry point of the
 * service (test/robustness/fuzzHarness.ts). No exception may escape, every range must lie inside
 * its document, every result must serialise. The run happens in a worker with a watchdog, so a
 * hang fails the test and names the call instead of stalling npm test. Also: the fast JSON parser
 * builds exactly jsonc-parser's tree on every document jsonc-parser reads without errors.
 */
import assert from 'node:assert/strict';
import { parseTree, type Node as JsonNode, type ParseError } from 'jsonc-parser';
import { describe, it } from 'node:test';
import { parseJsonTree } from '../../server/src/service/text/jsonTree';
import { loadCorpus } from './corpus';
import { mutate, randomMapping, randomSampleText, randomScope } from './fuzzGen';
import { int, pick, rng } from './generate';
import { runWatched } from './watchdog';

const SEED = 20250131;
const ITERATIONS = 1_500;
/** A call that has not returned after this long has hung; real calls take milliseconds. */
const HANG_MS = 60_000;

describe('fuzz: every entry point on random and mutated input', () => {
  it(`${ITERATIONS} documents (seed ${SEED}) without an exception, a range outside its document or a hang`, async () => {
    const run = await runWatched({ seed: SEED, iterations: ITERATIONS, hangMs: HANG_MS });
    assert.equal(run.error, undefined, run.error);
    assert.equal(
      run.hang,
      undefined,
      run.hang &&
        `seed ${run.hang.seed} iteration ${run.hang.iteration}: ${run.hang.call} did not return (replay: node scripts/fuzz.mjs --seed ${run.hang.seed} --from ${run.hang.iteration} --iterations 1 --print)`,
    );
    const report = run.report!;
    assert.equal(report.documents, ITERATIONS);
    const failures = report.failures.map(
      (f) =>
        `#${f.iteration} ${f.kind} ${f.call}: ${f.message.split('\n')[0]} (replay: node scripts/fuzz.mjs --seed ${f.seed} --from ${f.iteration} --iterations 1 --print)`,
    );
    assert.deepEqual(failures, []);
    assert.ok(report.calls > ITERATIONS * 10, `${report.calls} calls`);
  });
});

function sameTree(a: JsonNode | undefined, b: JsonNode | undefined, path = '$'): string | undefined {
  if (a === b) return undefined;
  if (!a || !b) return `${path}: ${a ? 'only jsonc-parser has a node' : 'only parseJsonTree has a node'}`;
  const keys = (n: JsonNode) => Object.keys(n).join(',');
  if (keys(a) !== keys(b)) return `${path}: keys ${keys(a)} vs ${keys(b)}`;
  for (const key of ['type', 'offset', 'length', 'value', 'colonOffset'] as const) {
    if (!Object.is(a[key], b[key])) return `${path}.${key}: ${String(a[key])} vs ${String(b[key])}`;
  }
  if ((a.parent?.offset ?? -1) !== (b.parent?.offset ?? -1) || a.parent?.type !== b.parent?.type) return `${path}: parent`;
  const ac = a.children ?? [];
  const bc = b.children ?? [];
  if (ac.length !== bc.length) return `${path}: ${ac.length} vs ${bc.length} children`;
  for (let i = 0; i < ac.length; i++) {
    const problem = sameTree(ac[i], bc[i], `${path}/${i}`);
    if (problem) return problem;
  }
  return undefined;
}

describe('fuzz: the fast JSON parser equals jsonc-parser', () => {
  it('on 3,000 generated and mutated documents, and on the corpus', () => {
    const corpus = loadCorpus();
    const texts = [...corpus.mappings, ...corpus.scopes, ...corpus.graphs, ...corpus.samples.map((s) => s.text)];
    for (let n = 0; n < 3_000; n++) {
      const random = rng(SEED + n);
      const base = pick(random, [
        () => randomMapping(random),
        () => randomScope(random),
        () => randomSampleText(random).text,
        () => pick(random, texts),
      ])();
      texts.push(random() < 0.5 ? mutate(random, base, int(random, 1, 3)) : base);
    }
    let same = 0;
    for (const [i, text] of texts.entries()) {
      const errors: ParseError[] = [];
      const expected = parseTree(text, errors, { allowTrailingComma: true, disallowComments: false, allowEmptyContent: true });
      const actual = parseJsonTree(text);
      if (actual.tooDeep) continue; // jsonc-parser may overflow the stack here: that is the point
      assert.deepEqual(actual.errors, errors, `document ${i}: errors`);
      assert.equal(sameTree(expected, actual.root), undefined, `document ${i}: ${JSON.stringify(text.slice(0, 200))}`);
      if (errors.length === 0) same++;
    }
    assert.ok(same > 1_500, `${same} well-formed documents compared`);
  });
});
