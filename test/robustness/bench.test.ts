/**
 * `npm run bench` works: one quick run on the small size (a 50-mapping file, 1,000 and 5,000
 * users), checking that it prints its table and, as the last line, the JSON object with every key.
 * No number is compared with a target: timings are measured by the bench, not asserted in tests.
 */
import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import { describe, it } from 'node:test';
import { fromRoot, projectRoot } from '../util/paths';

const KEYS = [
  'diag5k_ms',
  'diagEdit5k_ms',
  'jsonls5k_ms',
  'parse5k_ms',
  'ratioVsJsonls',
  'ratioVsParse',
  'completionP95_ms',
  'hoverP95_ms',
  'dryRunUsersPerSec',
  'dryRunLinearity',
  'serverReady_ms',
  'clientBundle_kb',
  'serverBundle_kb',
  'cliBundle_kb',
  'batch1m_users_per_s',
  'batch1m_rss_mb',
  'batchJobsSpeedup',
];

function installed(name: string): boolean {
  try {
    require.resolve(name);
    return true;
  } catch {
    return false;
  }
}

describe('bench', () => {
  it('npm run bench -- --quick prints the table and the JSON line', () => {
    const result = spawnSync(process.execPath, [fromRoot('scripts', 'bench', 'bench.mjs'), '--quick'], {
      cwd: projectRoot,
      encoding: 'utf8',
      timeout: 600_000,
    });
    assert.equal(result.status, 0, result.stderr);
    const lines = result.stdout.trimEnd().split('\n');
    assert.match(result.stdout, /Diagnostics of a generated mapping file/);
    assert.match(result.stdout, /Language server start-up to first diagnostics/);
    const json = JSON.parse(lines[lines.length - 1]) as Record<string, unknown>;
    assert.deepEqual(Object.keys(json), KEYS);
    // The anchor needs vscode-json-languageservice (a devDependency); everything else is always measured.
    const optional = installed('vscode-json-languageservice') ? [] : ['jsonls5k_ms', 'ratioVsJsonls'];
    for (const key of KEYS) {
      if (optional.includes(key) && json[key] === null) continue;
      assert.ok(
        typeof json[key] === 'number' && Number.isFinite(json[key]) && (json[key] as number) > 0,
        `${key}: ${String(json[key])}`,
      );
    }
  });
});
