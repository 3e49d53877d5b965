#!/usr/bin/env node
// npm run fuzz -- [--iterations N] [--seed S] [--from I] [--workers W] [--bound-ms B] [--hang-ms H] [--print]
//
// The long fuzz run: N random and mutated documents (mapping files, scope files, Graph schemas,
// expressions, sample users) through every entry point of the language service, in W worker
// threads, each watched for hangs (test/robustness/fuzzHarness.ts says what is checked). A call
// slower than B ms (default 2000) counts as a failure here, unlike in npm test. A failure names
// its seed and iteration; `--seed S --from I --iterations 1 --print` replays it alone and prints
// the input. Reads the compiled tests from out/ (`tsc -b` first; npm run fuzz does).
import { createRequire } from 'node:module';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';

const root = fileURLToPath(new URL('..', import.meta.url));
const require = createRequire(join(root, 'package.json'));
const { runWatched } = require(join(root, 'out/test/robustness/watchdog.js'));

const args = process.argv.slice(2);
const option = (name, fallback) => {
  const i = args.indexOf(`--${name}`);
  return i >= 0 && args[i + 1] !== undefined ? Number(args[i + 1]) : fallback;
};
const iterations = option('iterations', 100_000);
const seed = option('seed', Date.now() % 1_000_000);
const from = option('from', 0);
const workers = Math.max(1, option('workers', 1));
const boundMs = option('bound-ms', 2000);
const hangMs = option('hang-ms', 60_000);
const print = args.includes('--print');
const CHUNK = 2000;

console.log(
  `fuzz: seed ${seed}, iterations ${from}..${from + iterations - 1}, ${workers} worker(s), bound ${boundMs} ms per call`,
);
const started = Date.now();
const totals = { documents: 0, calls: 0, failures: [], slowest: {}, hangs: [] };
let next = from;
const end = from + iterations;

async function worker() {
  while (next < end && totals.failures.length < 50) {
    const start = next;
    const count = Math.min(CHUNK, end - start);
    next += count;
    const run = await runWatched({ seed, from: start, iterations: count, hangMs, boundMs, maxFailures: 50, fullInput: print });
    if (run.error) {
      totals.failures.push({ seed, iteration: start, kind: '?', call: 'worker', message: run.error, input: '' });
      continue;
    }
    if (run.hang) {
      totals.hangs.push(run.hang);
      totals.failures.push({
        seed,
        iteration: run.hang.iteration,
        kind: '?',
        call: run.hang.call,
        message: `no answer within ${run.hang.ms} ms (hang)`,
        input: '',
      });
      // Skip past the hung document and go on with the rest of the chunk.
      next = Math.max(next, run.hang.iteration + 1);
      continue;
    }
    const report = run.report;
    totals.documents += report.documents;
    totals.calls += report.calls;
    totals.failures.push(...report.failures);
    for (const [name, s] of Object.entries(report.slowest))
      if (!totals.slowest[name] || s.ms > totals.slowest[name].ms) totals.slowest[name] = s;
    const done = totals.documents;
    if (!print)
      process.stdout.write(
        `\r${done} documents, ${totals.calls} calls, ${totals.failures.length} failures, ${((Date.now() - started) / 1000).toFixed(0)} s`,
      );
  }
}

await Promise.all(Array.from({ length: workers }, worker));
if (!print) process.stdout.write('\n');

const slowest = Object.entries(totals.slowest)
  .sort((a, b) => b[1].ms - a[1].ms)
  .map(([name, s]) => `${name} ${s.ms.toFixed(0)} ms (#${s.iteration})`)
  .join(', ');
console.log(`slowest calls: ${slowest}`);
for (const f of totals.failures) {
  console.log(`\nFAIL seed ${f.seed} iteration ${f.iteration} (${f.kind}) in ${f.call}: ${f.message}`);
  if (print) console.log(`--- input (JSON) ---\n${JSON.stringify(f.input)}\n-------------`);
  else console.log(`  replay: node scripts/fuzz.mjs --seed ${f.seed} --from ${f.iteration} --iterations 1 --print`);
}
console.log(
  `\n${totals.documents} documents, ${totals.calls} calls, ${totals.failures.length} failures in ${((Date.now() - started) / 1000).toFixed(0)} s (seed ${seed})`,
);
process.exitCode = totals.failures.length > 0 ? 1 : 0;
