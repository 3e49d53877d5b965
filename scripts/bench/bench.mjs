#!/usr/bin/env node
// npm run bench: how fast SCIM Mapper answers, next to what plain JSON + schema costs.
//
//   node scripts/bench/bench.mjs [--quick] [--runs N]
//
// Measures, in one run, with warm-up and medians over repeated runs:
//   - full diagnostics of generated mapping files (50, 500, 5,000 mappings), and re-diagnostics
//     after a one-character edit (what a keystroke costs);
//   - the same text validated by vscode-json-languageservice against schemas/mapping.schema.json
//     (the anchor: what plain JSON + schema gives a user) and a bare jsonc-parser parse (the floor);
//   - completion and hover latency (p50/p95) at positions spread through the largest file;
//   - dry-run throughput (users per second, one core) for the gallery mapping, at two batch sizes;
//   - a whole-tenant batch through the CLI: 1,000,000 users as a JSON array, --summary, at --jobs =
//     the available cores and at --jobs 1 (users/s, peak RSS of the process, the speed-up);
//   - language-server start-up to first diagnostics over stdio (production bundle);
//   - production bundle sizes of the client, the server and the CLI.
// Prints a table and, as the last line, one JSON object. Timings are not tests: nothing here
// fails on a number. `--quick` (used by npm test) runs the small size only, to prove it works.
//
// Reads the compiled service from out/ (run `tsc -b` first; `npm run bench` does).
import { spawn, spawnSync } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync, statSync } from 'node:fs';
import { createRequire } from 'node:module';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { availableParallelism } from 'node:os';
import { fileURLToPath, pathToFileURL } from 'node:url';
import { batchRows } from './batch.mjs';

const root = fileURLToPath(new URL('../..', import.meta.url));
const require = createRequire(join(root, 'package.json'));
const out = (p) => join(root, 'out', p);

const args = process.argv.slice(2);
const quick = args.includes('--quick');
const runsArg = args.indexOf('--runs');
const RUNS = runsArg >= 0 ? Number(args[runsArg + 1]) : quick ? 3 : 15;
const WARMUP = quick ? 1 : 5;
const WARMUP_MS = quick ? 50 : 500;
const SIZES = quick ? [50] : [50, 500, 5000];
const BIG = SIZES[SIZES.length - 1];
const USERS = quick ? [1_000, 5_000] : [10_000, 100_000];
const BATCH_USERS = quick ? 5_000 : 1_000_000;
const CORES = availableParallelism();

const { scaledMapping, usersCsv } = require(out('test/robustness/generate.js'));
const { LanguageService } = require(out('server/src/service/languageService.js'));
const { catalogs, defaultCatalog } = require(out('server/src/service/catalog/index.js'));
const { complete, hover } = require(out('server/src/service/features/index.js'));
const { prepareDryRun, readSamples } = require(out('server/src/service/dryrun/index.js'));
const { LineIndex } = require(out('server/src/service/text/lineIndex.js'));
const { clearSharedExpressions } = require(out('server/src/service/expression/parser.js'));
const { fileSystemHost, toUri } = require(out('server/src/cli/files.js'));
const { parseTree } = require('jsonc-parser');

// ---------------------------------------------------------------------------------------------
// helpers

const now = () => performance.now();
const median = (xs) => {
  const s = [...xs].sort((a, b) => a - b);
  return s.length % 2 ? s[(s.length - 1) / 2] : (s[s.length / 2 - 1] + s[s.length / 2]) / 2;
};
const percentile = (xs, p) => {
  const s = [...xs].sort((a, b) => a - b);
  return s[Math.min(s.length - 1, Math.ceil((p / 100) * s.length) - 1)];
};
const round = (x, digits = 2) => (x === null || x === undefined || Number.isNaN(x) ? null : Number(x.toFixed(digits)));

/**
 * Median milliseconds of `fn` over RUNS runs, after WARMUP runs and at least WARMUP_MS of warm-up
 * (small documents need many runs before the JIT has compiled the code); `setup` runs untimed
 * before each run.
 */
async function measure(fn, { setup, runs = RUNS, warmup = WARMUP } = {}) {
  const warmStart = now();
  for (let i = 0; i < warmup || now() - warmStart < WARMUP_MS; i++) {
    const state = setup?.(i);
    await fn(state, i);
  }
  const times = [];
  for (let i = 0; i < runs; i++) {
    const state = setup?.(i);
    const start = now();
    await fn(state, i);
    times.push(now() - start);
  }
  return median(times);
}

const emptyHost = { readFile: () => undefined };
const URI = 'file:///bench/generated.mapping.jsonc';
const PARSE_OPTIONS = { allowTrailingComma: true, disallowComments: false, allowEmptyContent: true };

/** One character typed in the middle of the file, inside an expression: `[givenName]` → `[givenNamex]`. */
function editedCopy(text) {
  const at = text.indexOf('[givenName]', Math.floor(text.length / 2));
  const offset = at >= 0 ? at + '[givenName'.length : Math.floor(text.length / 2);
  return text.slice(0, offset) + 'x' + text.slice(offset);
}

// ---------------------------------------------------------------------------------------------
// the anchor: vscode-json-languageservice with our JSON schema

async function jsonLanguageService() {
  let jsonls;
  let TextDocument;
  try {
    jsonls = require('vscode-json-languageservice');
    ({ TextDocument } = require('vscode-languageserver-textdocument'));
  } catch {
    return undefined; // not installed: the anchor column stays empty
  }
  const schema = JSON.parse(readFileSync(join(root, 'schemas', 'mapping.schema.json'), 'utf8'));
  const service = jsonls.getLanguageService({
    schemaRequestService: () => Promise.reject(new Error('no network in benchmarks')),
  });
  service.configure({
    validate: true,
    allowComments: true,
    schemas: [{ uri: 'scim-mapper://schemas/mapping.schema.json', fileMatch: ['*.mapping.jsonc'], schema }],
  });
  let version = 0;
  return async (text) => {
    const document = TextDocument.create(URI, 'jsonc', ++version, text);
    const json = service.parseJSONDocument(document);
    return service.doValidation(document, json, { comments: 'ignore', trailingCommas: 'ignore' });
  };
}

// ---------------------------------------------------------------------------------------------
// diagnostics

async function diagnosticsRow(size, jsonls) {
  const text = scaledMapping(size);
  const edited = editedCopy(text);
  // Full diagnostics: a new service and empty caches each run, so nothing is reused from an earlier run.
  const diag = await measure((service) => service.validate(URI, text), {
    setup: () => {
      clearSharedExpressions();
      return new LanguageService({ host: emptyHost, catalogs });
    },
  });
  // A keystroke: the service has the file as it was; one character changes.
  const editService = new LanguageService({ host: emptyHost, catalogs });
  const edit = await measure((_, i) => editService.validate(URI, i % 2 ? text : edited), {
    setup: (i) => void editService.validate(URI, i % 2 ? edited : text),
  });
  const anchor = jsonls ? await measure(() => jsonls(text)) : null;
  const parse = await measure(() => parseTree(text, [], PARSE_OPTIONS));
  const count = new LanguageService({ host: emptyHost, catalogs }).validate(URI, text).length;
  const anchorCount = jsonls ? (await jsonls(text)).length : null;
  return { size, chars: text.length, count, anchorCount, diag, edit, anchor, parse };
}

// ---------------------------------------------------------------------------------------------
// completion and hover at positions spread through the largest file

function positions(text, count) {
  const lines = new LineIndex(text);
  const found = { complete: [], hover: [] };
  const mappingLines = [];
  for (let line = 0; line < lines.lineCount; line++) if (lines.lineText(line).includes('"source"')) mappingLines.push(line);
  const step = Math.max(1, Math.floor(mappingLines.length / count));
  for (let k = 0; k < mappingLines.length; k += step) {
    const line = mappingLines[k];
    const lineText = lines.lineText(line);
    const at = (needle, delta) => {
      const i = lineText.indexOf(needle);
      return i < 0 ? undefined : { line, character: i + delta };
    };
    const bracket = lineText.indexOf('[', lineText.indexOf('"source"'));
    const fn = /"source": "([A-Z][A-Za-z]+)\(/.exec(lineText);
    const candidates = [
      at('"target": "', 13), // inside the target value
      bracket > 0 ? { line, character: bracket + 2 } : undefined, // inside an [attribute]
      fn ? { line, character: fn.index + 12 } : undefined, // on a function name
      at('{ "target"', 1), // at a key
    ].filter(Boolean);
    found.complete.push(candidates[k % candidates.length]);
    found.hover.push(candidates[(k + 1) % Math.min(3, candidates.length)]);
  }
  return found;
}

async function featureLatency(size) {
  const text = scaledMapping(size);
  const service = new LanguageService({ host: emptyHost, catalogs });
  service.validate(URI, text); // the editor has the file open and checked
  const { complete: at, hover: hoverAt } = positions(text, quick ? 20 : 200);
  const timeEach = (items, fn) => {
    for (const p of items) fn(p); // warm-up
    const times = [];
    for (let round = 0; round < (quick ? 1 : 3); round++) {
      for (const p of items) {
        const start = now();
        fn(p);
        times.push(now() - start);
      }
    }
    return { p50: percentile(times, 50), p95: percentile(times, 95), n: times.length };
  };
  let empty = 0;
  // As the language server answers a request: open the document (its kind resolved once), then the feature.
  const completion = timeEach(at, (p) => {
    if (complete(service, service.open(URI, text), p).items.length === 0) empty++;
  });
  const hovers = timeEach(hoverAt, (p) => hover(service, service.open(URI, text), p));
  return { completion, hover: hovers, emptyCompletions: empty };
}

// ---------------------------------------------------------------------------------------------
// dry run throughput

function dryRunThroughput() {
  const mappingPath = join(root, 'examples', 'aws-iam-identity-center.mapping.jsonc');
  const service = new LanguageService({ host: fileSystemHost, catalogs });
  const document = service.getDocument(toUri(mappingPath), readFileSync(mappingPath, 'utf8'));
  const prepared = prepareDryRun(service, document, 'user');
  const options = { clock: () => Date.parse('2025-01-31T12:00:00Z'), seed: 7 };
  const read = (count) => readSamples(usersCsv(count), { object: 'user', catalog: defaultCatalog, file: 'bench.csv' }).samples;
  const warm = read(2_000);
  for (const sample of warm) prepared.run(sample, options);
  const results = [];
  for (const count of USERS) {
    const samples = read(count);
    const times = [];
    for (let r = 0; r < (quick ? 1 : 3); r++) {
      let inScope = 0;
      const start = now();
      for (const sample of samples) if (prepared.run(sample, options).inScope) inScope++;
      times.push(now() - start);
      if (inScope === 0) throw new Error('the dry run put no user in scope');
    }
    const ms = median(times);
    results.push({ count, ms, perUser: ms / count, usersPerSec: count / (ms / 1000) });
  }
  return results;
}

// ---------------------------------------------------------------------------------------------
// production bundles: sizes, and language-server start-up over stdio

function buildProduction() {
  const dir = mkdtempSync(join(tmpdir(), 'scim-mapper-bench-'));
  const result = spawnSync(process.execPath, [join(root, 'esbuild.mjs'), '--production', `--outdir=${dir}`], {
    cwd: root,
    encoding: 'utf8',
  });
  if (result.status !== 0) throw new Error(`production build failed: ${result.stderr}`);
  const kb = (p) => statSync(join(dir, p)).size / 1024;
  return { dir, client: kb('client/dist/extension.js'), server: kb('server/dist/server.js'), cli: kb('dist/cli.js') };
}

/** Milliseconds from spawning the server to the first publishDiagnostics for the gallery mapping. */
async function serverReady(serverPath) {
  const { createMessageConnection, StreamMessageReader, StreamMessageWriter } = require('vscode-jsonrpc/node');
  const mappingPath = join(root, 'examples', 'aws-iam-identity-center.mapping.jsonc');
  const uri = pathToFileURL(mappingPath).href;
  const text = readFileSync(mappingPath, 'utf8');
  const start = now();
  const child = spawn(process.execPath, [serverPath, '--stdio'], { stdio: 'pipe' });
  const connection = createMessageConnection(new StreamMessageReader(child.stdout), new StreamMessageWriter(child.stdin));
  const published = new Promise((resolve, reject) => {
    const timer = setTimeout(() => reject(new Error('no diagnostics within 20 s')), 20_000);
    connection.onNotification('textDocument/publishDiagnostics', (params) => {
      if (params.uri === uri) {
        clearTimeout(timer);
        resolve(now() - start);
      }
    });
  });
  connection.onRequest('workspace/configuration', (params) => params.items.map(() => ({})));
  connection.onRequest('client/registerCapability', () => null);
  connection.listen();
  await connection.sendRequest('initialize', { processId: process.pid, rootUri: null, capabilities: {} });
  await connection.sendNotification('initialized', {});
  await connection.sendNotification('textDocument/didOpen', {
    textDocument: { uri, languageId: 'scim-mapping', version: 1, text },
  });
  try {
    return await published;
  } finally {
    const exited = new Promise((resolve) => child.once('exit', resolve));
    await connection.sendRequest('shutdown').catch(() => undefined);
    await connection.sendNotification('exit').catch(() => undefined);
    await Promise.race([exited, new Promise((resolve) => setTimeout(resolve, 2000))]);
    if (child.exitCode === null) child.kill();
    connection.dispose();
  }
}

// ---------------------------------------------------------------------------------------------
// run

const pad = (s, n) => String(s).padStart(n);
const fmt = (x, d = 1) => (x === null || x === undefined ? 'n/a' : x.toFixed(d));

const jsonls = await jsonLanguageService();
const rows = [];
for (const size of SIZES) rows.push(await diagnosticsRow(size, jsonls));
const latency = await featureLatency(BIG);
const dryRun = dryRunThroughput();
const bundles = buildProduction();
const readyTimes = [];
let batch;
try {
  // Start-up first: right after the batch the machine is still freeing its memory and flushing
  // its files, which made start-up look tens of milliseconds slower than it is.
  const serverPath = join(bundles.dir, 'server', 'dist', 'server.js');
  await serverReady(serverPath); // warm the file system cache
  for (let i = 0; i < (quick ? 1 : 7); i++) readyTimes.push(await serverReady(serverPath));
  // A whole tenant through the production CLI: the default --jobs (the cores) and one thread.
  const runs = await batchRows({
    users: [BATCH_USERS],
    formats: ['json'],
    jobs: [...new Set([CORES, 1])],
    cli: join(bundles.dir, 'dist', 'cli.js'),
  });
  const all = runs.find((r) => r.jobs === CORES);
  const one = runs.find((r) => r.jobs === 1);
  batch = {
    count: BATCH_USERS,
    usersPerSec: all.usersPerSec,
    rssMb: Math.max(...runs.map((r) => r.rssMb)),
    speedup: one.ms / all.ms,
    runs,
  };
} finally {
  rmSync(bundles.dir, { recursive: true, force: true });
}

const big = rows[rows.length - 1];
const [small, large] = dryRun;
const result = {
  diag5k_ms: round(big.diag),
  diagEdit5k_ms: round(big.edit),
  jsonls5k_ms: round(big.anchor),
  parse5k_ms: round(big.parse),
  ratioVsJsonls: big.anchor ? round(big.diag / big.anchor) : null,
  ratioVsParse: round(big.diag / big.parse),
  completionP95_ms: round(latency.completion.p95, 3),
  hoverP95_ms: round(latency.hover.p95, 3),
  dryRunUsersPerSec: Math.round(large.usersPerSec),
  dryRunLinearity: round(large.perUser / small.perUser),
  serverReady_ms: round(median(readyTimes), 1),
  clientBundle_kb: round(bundles.client, 1),
  serverBundle_kb: round(bundles.server, 1),
  cliBundle_kb: round(bundles.cli, 1),
  batch1m_users_per_s: Math.round(batch.usersPerSec),
  batch1m_rss_mb: Math.round(batch.rssMb),
  batchJobsSpeedup: round(batch.speedup),
};

const lines = [];
lines.push(
  `SCIM Mapper benchmark — node ${process.version}, ${quick ? 'quick (small size only)' : `medians of ${RUNS} runs after ${WARMUP} warm-up runs`}`,
);
lines.push('');
lines.push('Diagnostics of a generated mapping file (ms)');
lines.push(
  `${pad('mappings', 9)} ${pad('chars', 9)} ${pad('diagnostics', 12)} ${pad('full', 8)} ${pad('1-char edit', 12)} ${pad('JSON+schema', 12)} ${pad('parse', 8)} ${pad('full÷schema', 12)} ${pad('full÷parse', 11)} ${pad('edit÷schema', 12)}`,
);
for (const r of rows) {
  lines.push(
    `${pad(r.size, 9)} ${pad(r.chars, 9)} ${pad(r.count, 12)} ${pad(fmt(r.diag, 2), 8)} ${pad(fmt(r.edit, 2), 12)} ${pad(fmt(r.anchor, 2), 12)} ${pad(fmt(r.parse, 2), 8)} ${pad(r.anchor ? fmt(r.diag / r.anchor, 2) : 'n/a', 12)} ${pad(fmt(r.diag / r.parse, 2), 11)} ${pad(r.anchor ? fmt(r.edit / r.anchor, 2) : 'n/a', 12)}`,
  );
}
lines.push(
  `  (JSON+schema: vscode-json-languageservice with schemas/mapping.schema.json${jsonls ? `, ${big.anchorCount} findings` : ': not installed'}; parse: jsonc-parser parseTree)`,
);
lines.push('');
lines.push(`Editor features on the ${BIG}-mapping file (ms)`);
lines.push(`${pad('', 12)} ${pad('p50', 8)} ${pad('p95', 8)} ${pad('calls', 6)}`);
lines.push(
  `${pad('completion', 12)} ${pad(fmt(latency.completion.p50, 3), 8)} ${pad(fmt(latency.completion.p95, 3), 8)} ${pad(latency.completion.n, 6)}`,
);
lines.push(
  `${pad('hover', 12)} ${pad(fmt(latency.hover.p50, 3), 8)} ${pad(fmt(latency.hover.p95, 3), 8)} ${pad(latency.hover.n, 6)}`,
);
lines.push('');
lines.push('Dry run of the gallery mapping (one core)');
for (const d of dryRun)
  lines.push(
    `${pad(d.count, 9)} users ${pad(fmt(d.ms, 0), 8)} ms ${pad(Math.round(d.usersPerSec), 9)} users/s ${pad(fmt(d.perUser * 1000, 2), 7)} µs/user`,
  );
lines.push(`  linearity (time per user at ${large.count} ÷ at ${small.count}): ${fmt(result.dryRunLinearity, 2)}`);
lines.push('');
lines.push(
  `Whole-tenant batch through the CLI (${batch.count.toLocaleString('en-US')} users, JSON array, --summary, ${CORES} cores)`,
);
for (const r of batch.runs)
  lines.push(
    `  --jobs ${r.jobs}: ${pad(fmt(r.ms / 1000, 1), 7)} s ${pad(Math.round(r.usersPerSec), 9)} users/s  peak RSS ${fmt(r.rssMb, 0)} MB`,
  );
lines.push(`  speed-up of --jobs ${CORES} over --jobs 1: ${fmt(batch.speedup, 2)}`);
lines.push('');
lines.push(
  `Language server start-up to first diagnostics over stdio: ${fmt(result.serverReady_ms, 1)} ms (median of ${readyTimes.length})`,
);
lines.push(`Production bundles: client ${fmt(bundles.client)} KB, server ${fmt(bundles.server)} KB, CLI ${fmt(bundles.cli)} KB`);
lines.push('');
console.log(lines.join('\n'));
console.log(JSON.stringify(result));
