// Builds what a suite needs and runs it, each runner in its own process group (killed at the end or
// on Ctrl+C), and prints how long each suite took. The exit status is non-zero when any suite fails.
//
//   node scripts/e2e/run.mjs vscode        extension tests in a real extension host (@vscode/test-cli)
//   node scripts/e2e/run.mjs ui            Playwright UI checks on the packaged .vsix, with screenshots
//   node scripts/e2e/run.mjs neovim        Neovim drives the language server over stdio
//   node scripts/e2e/run.mjs screenshots   the UI checks, writing the README's pictures to docs/images
//   node scripts/e2e/run.mjs all           neovim, vscode and ui
//
// The editors come from scripts/e2e/install.sh (run it once; it skips what is installed).
import { spawn, spawnSync } from 'node:child_process';
import fs from 'node:fs';
import path from 'node:path';
import { killGroup, registerCleanup, requireTools, ROOT } from './lib.mjs';

const NODE = process.execPath;
const BIN = path.join(ROOT, 'node_modules', '.bin');

/** Runs a command in its own process group; resolves with its exit code. */
function run(command, args, { env = {}, label = command } = {}) {
  return new Promise((resolve) => {
    const child = spawn(command, args, { cwd: ROOT, stdio: 'inherit', detached: true, env: { ...process.env, ...env } });
    const unregister = registerCleanup(() => killGroup(child.pid, 'SIGKILL'));
    child.once('error', (error) => {
      console.error(`[e2e] ${label}: ${error.message}`);
      resolve(127);
    });
    child.once('exit', (code, signal) => {
      unregister();
      killGroup(child.pid, 'SIGKILL'); // whatever the runner left behind in its group
      resolve(code ?? (signal ? 128 : 1));
    });
  });
}

async function step(label, command, args, options) {
  const code = await run(command, args, { ...options, label });
  if (code !== 0) throw Object.assign(new Error(`${label} failed (exit ${code})`), { exitCode: code });
}

const build = {
  extension: () => step('build', NODE, ['esbuild.mjs']),
  package: () => step('package', 'npm', ['run', '--silent', 'package']),
  tests: (suite) => step(`build ${suite} tests`, NODE, ['scripts/e2e/build-tests.mjs', suite]),
};

function nodeTest(dir, env) {
  const files = fs
    .readdirSync(dir)
    .filter((f) => f.endsWith('.e2e.mjs'))
    .sort()
    .map((f) => path.join(dir, f));
  return step('node --test', NODE, ['--test', '--test-reporter=spec', '--test-concurrency=1', ...files], { env });
}

const suites = {
  async neovim() {
    const nvim = spawnSync('nvim', ['--version'], { encoding: 'utf8' });
    if (nvim.status !== 0) throw new Error('nvim is not installed: bash scripts/e2e/install.sh neovim');
    console.log(`[e2e] ${nvim.stdout.split('\n')[0]}`);
    await build.extension();
    await build.tests('neovim');
    await nodeTest(path.join(ROOT, 'out', 'e2e', 'neovim'));
  },
  async vscode() {
    // With a desktop VS Code (VSCODE_EXECUTABLE_PATH) or a download allowed, code-server is not needed.
    if (!process.env.VSCODE_EXECUTABLE_PATH && process.env.SCIM_E2E_VSCODE !== 'download')
      requireTools({ codeServer: true, chromium: true });
    await build.extension();
    await build.tests('vscode');
    await step('vscode-test', path.join(BIN, 'vscode-test'), []);
  },
  async ui(screenshots) {
    requireTools({ codeServer: true, chromium: true });
    await build.package();
    await build.tests('ui');
    await nodeTest(path.join(ROOT, 'out', 'e2e', 'ui'), screenshots ? { SCIM_E2E_SCREENSHOTS: screenshots } : {});
  },
  async screenshots() {
    const dir = path.join(ROOT, 'docs', 'images');
    await suites.ui(dir);
    for (const f of fs.readdirSync(dir)) if (f.startsWith('failure-')) fs.rmSync(path.join(dir, f));
    console.log(`[e2e] screenshots written to ${path.relative(ROOT, dir)}/`);
  },
};

const wanted = process.argv.slice(2).flatMap((a) => (a === 'all' ? ['neovim', 'vscode', 'ui'] : [a]));
if (wanted.length === 0 || wanted.some((w) => !suites[w])) {
  console.error(`usage: node scripts/e2e/run.mjs ${Object.keys(suites).join('|')}|all ...`);
  process.exit(2);
}

const results = [];
for (const name of wanted) {
  const started = Date.now();
  console.log(`\n[e2e] ── ${name} ──`);
  try {
    await suites[name]();
    results.push({ name, ok: true, seconds: (Date.now() - started) / 1000 });
  } catch (error) {
    console.error(`[e2e] ${name}: ${error instanceof Error ? error.message : error}`);
    results.push({ name, ok: false, seconds: (Date.now() - started) / 1000 });
  }
}
console.log('');
for (const r of results) console.log(`[e2e] ${r.ok ? 'passed' : 'FAILED'} ${r.name} in ${r.seconds.toFixed(1)} s`);
process.exit(results.every((r) => r.ok) ? 0 : 1);
