#!/usr/bin/env node
// Stands in for the `code` executable that @vscode/test-electron starts, on machines without a
// desktop VS Code. It runs the extension tests in code-server's real Node extension host instead:
//
//   1. start code-server (pinned in versions.json) on a free loopback port, in its own process
//      group, with a throw-away HOME and the smoke-test driver enabled;
//   2. open the workbench in headless Chromium (playwright-core) with a `payload` that names the
//      extension under development and the tests module, as VS Code's own browser tests do;
//   3. print what the extension host logs (mocha's report) and exit with the code the workbench
//      hands to window.codeAutomationExit when the tests module's run() settles.
//
// It understands the arguments test-electron passes (--extensionDevelopmentPath,
// --extensionTestsPath, --user-data-dir, --extensions-dir, a workspace folder) and ignores the
// desktop-only ones (--no-sandbox, --disable-updates, ...). Environment variables, such as
// test-cli's VSCODE_TEST_OPTIONS, reach the extension host through code-server.
//
// SCIM_E2E_TIMEOUT_MS (default 600000) bounds the whole run; SCIM_E2E_VERBOSE=1 shows workbench noise.
import fs from 'node:fs';
import path from 'node:path';
import {
  folderUrl,
  launchChromium,
  makeSandbox,
  registerCleanup,
  requireTools,
  startCodeServer,
  tail,
  writeUserSettings,
} from './lib.mjs';

const TIMEOUT_MS = Number(process.env.SCIM_E2E_TIMEOUT_MS ?? 600_000);
const VERBOSE = !!process.env.SCIM_E2E_VERBOSE;

function parseArgs(argv) {
  const parsed = {
    devPaths: [],
    testsPath: undefined,
    folder: undefined,
    userDataDir: undefined,
    extensionsDir: undefined,
    passThrough: [],
  };
  const valued = new Set([
    '--extensionDevelopmentPath',
    '--extensionTestsPath',
    '--user-data-dir',
    '--extensions-dir',
    '--locale',
    '--log',
    '--profile',
  ]);
  for (let i = 0; i < argv.length; i++) {
    const arg = argv[i];
    const eq = arg.indexOf('=');
    const key = arg.startsWith('--') && eq > 0 ? arg.slice(0, eq) : arg;
    let value = arg.startsWith('--') && eq > 0 ? arg.slice(eq + 1) : undefined;
    if (value === undefined && valued.has(key)) value = argv[++i];
    switch (key) {
      case '--extensionDevelopmentPath':
        parsed.devPaths.push(path.resolve(value));
        break;
      case '--extensionTestsPath':
        parsed.testsPath = path.resolve(value);
        break;
      case '--user-data-dir':
        parsed.userDataDir = path.resolve(value);
        break;
      case '--extensions-dir':
        parsed.extensionsDir = path.resolve(value);
        break;
      case '--disable-extensions':
        parsed.passThrough.push('--disable-extensions');
        break;
      default:
        if (!arg.startsWith('-')) parsed.folder = path.resolve(arg);
      // Other flags are for desktop Electron (sandbox, GPU, updates, welcome page): not applicable.
    }
  }
  return parsed;
}

/** Workbench chatter that says nothing about the tests (connection set-up, the unreachable gallery). */
const NOISE =
  /^(Resolv|Creating a socket|\[reconnection|\[Service Worker|\[AgentHost|\[AccountPolicy|Updating additional|Canceled|.*(open-vsx|ENOTFOUND|vsda))/;

async function main() {
  const args = parseArgs(process.argv.slice(2));
  if (!args.testsPath) {
    console.error(
      'code-server-launcher: --extensionTestsPath is required (this script stands in for `code` when running extension tests)',
    );
    return 2;
  }
  requireTools({ codeServer: true, chromium: true });

  const sandbox = makeSandbox('scim-vscode-test-');
  registerCleanup(() => sandbox.cleanup());
  const userDataDir = args.userDataDir ?? path.join(sandbox.dir, 'user-data');
  const extensionsDir = args.extensionsDir ?? path.join(sandbox.dir, 'extensions');
  fs.mkdirSync(extensionsDir, { recursive: true });
  if (!fs.existsSync(path.join(userDataDir, 'User', 'settings.json'))) writeUserSettings(userDataDir);

  const started = Date.now();
  const server = await startCodeServer({
    sandbox,
    userDataDir,
    extensionsDir,
    args: [...args.passThrough, '--vscode-option', 'enable-smoke-test-driver'],
  });
  if (VERBOSE) console.log(`[launcher] code-server ${server.url} ready in ${Date.now() - started} ms (log ${server.logFile})`);

  // The workbench reads the dev and test locations from the `payload` query parameter, as remote URIs.
  const remote = (p) => `vscode-remote://127.0.0.1:${server.port}${p}`;
  const payload = [
    ...args.devPaths.map((p) => ['extensionDevelopmentPath', remote(p)]),
    ['extensionTestsPath', remote(args.testsPath)],
    ['skipWelcome', 'true'],
    ['skipReleaseNotes', 'true'],
  ];
  const query = `&payload=${encodeURIComponent(JSON.stringify(payload))}`;
  const url = args.folder ? folderUrl(server.url, args.folder, query) : `${server.url}/?ew=true${query}`;

  const browser = await launchChromium(sandbox);
  registerCleanup(() => void browser.close().catch(() => undefined));
  const page = await browser.newPage({ viewport: { width: 1280, height: 800 } });

  const code = await new Promise((resolve) => {
    let done = false;
    const timer = setTimeout(() => {
      console.error(
        `code-server-launcher: no result after ${TIMEOUT_MS} ms; last code-server log lines:\n${tail(server.logFile)}`,
      );
      resolve(124);
    }, TIMEOUT_MS);
    const finish = (c) => {
      done = true;
      clearTimeout(timer);
      resolve(c);
    };
    void server.whenExited.then(() => {
      if (done) return;
      console.error(`code-server-launcher: code-server exited early:\n${tail(server.logFile)}`);
      finish(1);
    });
    page.on('crash', () => {
      console.error('code-server-launcher: the workbench page crashed');
      finish(1);
    });
    page.on('pageerror', (error) => VERBOSE && console.error(`[page error] ${error.message}`));
    void (async () => {
      await page.exposeFunction('codeAutomationLog', (type, logArgs) => {
        const first = String(logArgs?.[0] ?? '');
        if (!VERBOSE && NOISE.test(first)) return;
        const write = typeof console[type] === 'function' ? console[type] : console.log;
        write(...(Array.isArray(logArgs) ? logArgs : [logArgs]));
      });
      await page.exposeFunction('codeAutomationExit', (c) => finish(typeof c === 'number' ? c : 1));
      await page.goto(url);
    })().catch((error) => {
      console.error(`code-server-launcher: ${error instanceof Error ? error.message : error}`);
      finish(1);
    });
  });

  await browser.close().catch(() => undefined);
  await server.stop();
  if (VERBOSE) console.log(`[launcher] finished with ${code} after ${Date.now() - started} ms`);
  return code;
}

main().then(
  (code) => process.exit(code),
  (error) => {
    console.error(`code-server-launcher: ${error instanceof Error ? error.stack : error}`);
    process.exit(1);
  },
);
