// @vscode/test-cli configuration for the extension tests (test/vscode/suite/*.e2e.ts, bundled to
// out/e2e/vscode/ by scripts/e2e/build-tests.mjs). `npm run test:vscode` builds and runs them.
//
// Which VS Code runs them:
//   VSCODE_EXECUTABLE_PATH=/path/to/code   that desktop VS Code
//   SCIM_E2E_VSCODE=download               the latest stable desktop VS Code (needs internet)
//   otherwise                              code-server's extension host, through
//                                          scripts/e2e/code-server-launcher.mjs (stands in for `code`)
//
// The tests edit files, so they run in a fresh copy of examples/, with a fresh user-data and
// extensions folder; all of it is removed when the run ends (SCIM_E2E_KEEP=1 keeps it).
import { defineConfig } from '@vscode/test-cli';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';

const root = path.dirname(fileURLToPath(import.meta.url));
const suiteDir = path.join(root, 'out', 'e2e', 'vscode');

const scratch = fs.mkdtempSync(path.join(os.tmpdir(), 'scim-vscode-ws-'));
const workspace = path.join(scratch, 'examples');
fs.cpSync(path.join(root, 'examples'), workspace, { recursive: true });
process.on('exit', () => {
  if (!process.env.SCIM_E2E_KEEP) fs.rmSync(scratch, { recursive: true, force: true });
});

/** Explicit, sorted file list: the suites run in name order (01-, 02-, ...). */
const files = fs.existsSync(suiteDir)
  ? fs
      .readdirSync(suiteDir)
      .filter((f) => f.endsWith('.e2e.js'))
      .sort()
      .map((f) => path.join(suiteDir, f))
  : [];
if (files.length === 0) {
  throw new Error(`No compiled suites in ${path.relative(root, suiteDir)}; run \`npm run test:vscode\` (it builds them first).`);
}

const installation = process.env.VSCODE_EXECUTABLE_PATH
  ? { fromPath: process.env.VSCODE_EXECUTABLE_PATH }
  : process.env.SCIM_E2E_VSCODE === 'download'
    ? undefined
    : { fromPath: path.join(root, 'scripts', 'e2e', 'code-server-launcher.mjs') };

export default defineConfig({
  label: 'scim-mapper',
  files,
  workspaceFolder: workspace,
  ...(installation ? { useInstallation: installation } : {}),
  // Installing dependencies would make test-cli download VS Code; the extension has none.
  skipExtensionDependencies: true,
  launchArgs: [`--user-data-dir=${path.join(scratch, 'user-data')}`, `--extensions-dir=${path.join(scratch, 'extensions')}`],
  mocha: {
    ui: 'tdd',
    // Per test; the quick-fix test sets its own. Generous for a busy 2-core machine.
    timeout: 120_000,
    slow: 5_000,
  },
});
