#!/usr/bin/env node
// Whole-tenant batch dry runs through the CLI bundle: generates N users as a JSON array, JSON Lines
// and CSV (streamed to a temporary directory, never built in memory), runs
//   scim-mapper dry-run examples/aws-iam-identity-center.mapping.jsonc --user FILE --summary --format json --jobs J
// (the gallery mapping and its scope file) in a child process, and reports users/s and the peak
// resident memory of that process (worker threads included). Used by bench.mjs; also on its own:
//
//   node scripts/bench/batch.mjs [--users 100000,1000000] [--formats json,jsonl,csv] [--jobs 1,2]
//
// Reads dist/cli.js (run `node esbuild.mjs` first; `npm run bench` does). Numbers are not tests.
import { spawn } from 'node:child_process';
import { closeSync, mkdtempSync, openSync, rmSync, writeSync } from 'node:fs';
import { createRequire } from 'node:module';
import { availableParallelism, tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';

const root = fileURLToPath(new URL('../..', import.meta.url));
const require = createRequire(join(root, 'package.json'));
const MAPPING = join(root, 'examples', 'aws-iam-identity-center.mapping.jsonc');
const CLI = join(root, 'dist', 'cli.js');

const { usersCsv } = require(join(root, 'out', 'test', 'robustness', 'generate.js'));

/** Writes `count` users in `format` to `path`, 10,000 at a time. */
export function writeUsers(path, format, count) {
  const fd = openSync(path, 'w');
  const STEP = 10_000;
  try {
    if (format === 'json') writeSync(fd, '[\n');
    for (let offset = 0; offset < count; offset += STEP) {
      const csv = usersCsv(Math.min(STEP, count - offset), offset);
      const lines = csv.split('\n').filter((l) => l.length > 0);
      const header = lines.shift();
      if (format === 'csv') {
        writeSync(fd, (offset === 0 ? header + '\n' : '') + lines.join('\n') + '\n');
        continue;
      }
      const names = header.split(',');
      const objects = lines.map((line) => {
        // The generator quotes only displayName, which has no commas inside.
        const cells = line.split(',').map((c) => c.replace(/^"|"$/g, ''));
        const user = {};
        names.forEach((name, k) => {
          if (cells[k] === '') return;
          user[name] = name === 'accountEnabled' ? cells[k] === 'true' : cells[k];
        });
        return JSON.stringify(user);
      });
      if (format === 'json') writeSync(fd, (offset === 0 ? '  ' : ',\n  ') + objects.join(',\n  '));
      else writeSync(fd, objects.join('\n') + '\n');
    }
    if (format === 'json') writeSync(fd, '\n]\n');
  } finally {
    closeSync(fd);
  }
}

/** Runs the CLI on one file in a child process: milliseconds, peak RSS in MB, and the summary. */
export function runBatch(file, jobs, cli = CLI) {
  const code = `
    const { main } = require(${JSON.stringify(cli)});
    const start = performance.now();
    main(process.argv.slice(1)).then((code) => {
      process.stderr.write('\\n@@' + JSON.stringify({ code, ms: performance.now() - start, maxRssKb: process.resourceUsage().maxRSS }) + '\\n');
      process.exitCode = code;
    });`;
  const argv = [
    '-e',
    code,
    'dry-run',
    MAPPING,
    '--user',
    file,
    '--summary',
    '--format',
    'json',
    '--jobs',
    String(jobs),
    '--no-progress',
    '--now',
    '2025-01-31T12:00:00Z',
    '--seed',
    '7',
  ];
  return new Promise((resolve, reject) => {
    const child = spawn(process.execPath, argv, { stdio: ['ignore', 'pipe', 'pipe'], cwd: root });
    let out = '';
    let err = '';
    child.stdout.on('data', (d) => (out += d));
    child.stderr.on('data', (d) => (err += d));
    child.on('error', reject);
    child.on('close', () => {
      const mark = err.lastIndexOf('@@');
      if (mark < 0) return reject(new Error(`the batch run failed: ${err.slice(0, 2000)}`));
      const stats = JSON.parse(err.slice(mark + 2));
      resolve({ ms: stats.ms, rssMb: stats.maxRssKb / 1024, summary: JSON.parse(out) });
    });
  });
}

/** Generates and runs: one row per users × format × jobs. */
export async function batchRows({ users, formats, jobs, cli = CLI }) {
  const dir = mkdtempSync(join(tmpdir(), 'scim-mapper-batch-'));
  const rows = [];
  try {
    for (const count of users) {
      for (const format of formats) {
        const file = join(dir, `users.${format}`);
        writeUsers(file, format, count);
        for (const j of jobs) {
          const run = await runBatch(file, j, cli);
          if (run.summary.total !== count) throw new Error(`${format}: ${run.summary.total} of ${count} users were run`);
          rows.push({
            count,
            format,
            jobs: j,
            ms: run.ms,
            rssMb: run.rssMb,
            usersPerSec: count / (run.ms / 1000),
            summary: run.summary,
          });
        }
        rmSync(file, { force: true });
      }
    }
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
  return rows;
}

if (import.meta.url === pathToFileURL(process.argv[1]).href) {
  const arg = (name, fallback) => {
    const i = process.argv.indexOf(`--${name}`);
    return i >= 0 ? process.argv[i + 1] : fallback;
  };
  const users = arg('users', '100000').split(',').map(Number);
  const formats = arg('formats', 'json,jsonl,csv').split(',');
  const jobs = arg('jobs', `1,${availableParallelism()}`).split(',').map(Number);
  // One row at a time, as each run ends.
  for (const count of users) {
    for (const format of formats) {
      for (const row of await batchRows({ users: [count], formats: [format], jobs })) {
        console.log(
          `${String(row.count).padStart(8)} users ${row.format.padEnd(5)} jobs ${row.jobs}: ${Math.round(row.ms)} ms, ${Math.round(row.usersPerSec)} users/s, peak RSS ${Math.round(row.rssMb)} MB; failing ${row.summary.failing}, in scope ${row.summary.inScope}`,
        );
      }
    }
  }
}
