import assert from 'node:assert/strict';
import { existsSync, mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { dirname } from 'node:path';

/** True when the run should rewrite snapshots instead of comparing (`npm run test:update`). */
export const UPDATE = process.env.UPDATE_SNAPSHOTS === '1';

/**
 * Compares `actual` with the JSON snapshot at `path`. With UPDATE_SNAPSHOTS=1 the snapshot is
 * written instead; a missing snapshot fails so that a new fixture is never silently accepted.
 */
export function matchSnapshot(path: string, actual: unknown): void {
  const text = JSON.stringify(actual, null, 2) + '\n';
  if (UPDATE) {
    mkdirSync(dirname(path), { recursive: true });
    writeFileSync(path, text);
    return;
  }
  assert.ok(existsSync(path), `No snapshot at ${path}; run "npm run test:update" to create it, then review it.`);
  assert.deepEqual(
    JSON.parse(text),
    JSON.parse(readFileSync(path, 'utf8')),
    `Snapshot ${path} differs (npm run test:update rewrites it).`,
  );
}
