// Shared plumbing for the e2e suites and `npm start`: where the pinned tools live, a throw-away
// HOME for every editor process, code-server started in its own process group, and Chromium.
// Runs on the system Node (20+); only code-server itself runs on the pinned Node 24.
import { spawn, spawnSync } from 'node:child_process';
import fs from 'node:fs';
import net from 'node:net';
import os from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';

/** The repository root: the nearest folder above this file that holds scripts/e2e/versions.json (also when bundled into out/). */
export const ROOT = (() => {
  let dir = path.dirname(fileURLToPath(import.meta.url));
  for (;;) {
    if (fs.existsSync(path.join(dir, 'scripts', 'e2e', 'versions.json'))) return dir;
    const up = path.dirname(dir);
    if (up === dir) throw new Error('scripts/e2e/lib.mjs: cannot find the repository root');
    dir = up;
  }
})();

export const versions = JSON.parse(fs.readFileSync(path.join(ROOT, 'scripts', 'e2e', 'versions.json'), 'utf8'));

const TOOLS = process.env.SCIM_E2E_TOOLS ? path.resolve(process.env.SCIM_E2E_TOOLS) : path.join(ROOT, 'tools');

/** Paths of the pinned Node and code-server (installed by scripts/e2e/install.sh). */
export const tools = {
  nodeBin: path.join(TOOLS, `node-${versions.node}`, 'node_modules', versions.nodePackage, 'bin'),
  codeServerDir: path.join(TOOLS, `code-server-${versions.codeServer}`),
  codeServer: path.join(TOOLS, `code-server-${versions.codeServer}`, 'node_modules', '.bin', 'code-server'),
  chromium: process.env.CHROMIUM_PATH || '/usr/bin/chromium',
};

/** Throws a helpful error when a tool is missing. */
export function requireTools({ codeServer = false, chromium = false } = {}) {
  const missing = [];
  if (codeServer && !fs.existsSync(path.join(tools.codeServerDir, '.complete')))
    missing.push(`code-server ${versions.codeServer} (with Node ${versions.node})`);
  if (chromium && !fs.existsSync(tools.chromium)) missing.push(`chromium (${tools.chromium})`);
  if (missing.length) {
    throw new Error(`Missing ${missing.join(' and ')}. Install with: bash scripts/e2e/install.sh`);
  }
}

/**
 * A temporary folder with its own HOME and XDG folders, so code-server, Chromium and Neovim write
 * nothing into the real home (code-server would otherwise create ~/.config/code-server with a
 * password, Chromium crash reports and dconf caches).
 */
export function makeSandbox(prefix = 'scim-e2e-') {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), prefix));
  const home = path.join(dir, 'home');
  const env = {
    HOME: home,
    XDG_CONFIG_HOME: path.join(home, '.config'),
    XDG_DATA_HOME: path.join(home, '.local', 'share'),
    XDG_CACHE_HOME: path.join(home, '.cache'),
    XDG_STATE_HOME: path.join(home, '.local', 'state'),
    XDG_RUNTIME_DIR: path.join(dir, 'run'),
  };
  for (const d of Object.values(env)) fs.mkdirSync(d, { recursive: true, mode: 0o700 });
  return {
    dir,
    env,
    cleanup() {
      if (!process.env.SCIM_E2E_KEEP) fs.rmSync(dir, { recursive: true, force: true });
    },
  };
}

/** A TCP port on 127.0.0.1 that was free a moment ago. */
export function freePort() {
  return new Promise((resolve, reject) => {
    const server = net.createServer();
    server.once('error', reject);
    server.listen(0, '127.0.0.1', () => {
      const { port } = /** @type {net.AddressInfo} */ (server.address());
      server.close(() => resolve(port));
    });
  });
}

/** Whether something already listens on 127.0.0.1:port. */
export function portInUse(port) {
  return new Promise((resolve) => {
    const socket = net.connect({ host: '127.0.0.1', port });
    socket.once('connect', () => {
      socket.destroy();
      resolve(true);
    });
    socket.once('error', () => resolve(false));
  });
}

/** Settings for a quiet, offline workbench: no telemetry, no welcome page, no update or gallery checks. */
export const QUIET_SETTINGS = {
  'telemetry.telemetryLevel': 'off',
  'workbench.startupEditor': 'none',
  'workbench.tips.enabled': false,
  'workbench.enableExperiments': false,
  'security.workspace.trust.enabled': false,
  'extensions.autoUpdate': false,
  'extensions.autoCheckUpdates': false,
  'extensions.ignoreRecommendations': true,
  'update.mode': 'none',
  'chat.disableAIFeatures': true,
  'git.enabled': false,
  'npm.autoDetect': 'off',
};

/** Writes User/settings.json into a user-data folder (merged with QUIET_SETTINGS). */
export function writeUserSettings(userDataDir, extra = {}) {
  const file = path.join(userDataDir, 'User', 'settings.json');
  fs.mkdirSync(path.dirname(file), { recursive: true });
  fs.writeFileSync(file, JSON.stringify({ ...QUIET_SETTINGS, ...extra }, null, 2));
}

/** The environment code-server runs in: the pinned Node first in PATH, the sandbox's HOME. */
function codeServerEnv(sandboxEnv, extra = {}) {
  return { ...process.env, ...sandboxEnv, ...extra, PATH: `${tools.nodeBin}${path.delimiter}${process.env.PATH ?? ''}` };
}

/** Installs a .vsix into an extensions folder, as `code --install-extension` would. */
export function installVsix(vsix, { userDataDir, extensionsDir, sandbox }) {
  const result = spawnSync(
    tools.codeServer,
    ['--user-data-dir', userDataDir, '--extensions-dir', extensionsDir, '--install-extension', vsix, '--force'],
    { env: codeServerEnv(sandbox.env), encoding: 'utf8', timeout: 120_000 },
  );
  if (result.status !== 0) {
    throw new Error(
      `code-server --install-extension ${vsix} failed (${result.status ?? result.signal}):\n${result.stdout}\n${result.stderr}`,
    );
  }
  return result.stdout.trim();
}

/**
 * Polls `check` until it returns a truthy value or the deadline passes. For conditions that have
 * no event to wait on (a port answering, a file appearing).
 */
export async function waitUntil(check, { timeoutMs = 60_000, intervalMs = 100, what = 'condition' } = {}) {
  const deadline = Date.now() + timeoutMs;
  let lastError;
  for (;;) {
    try {
      const value = await check();
      if (value) return value;
    } catch (error) {
      lastError = error;
    }
    if (Date.now() > deadline) {
      throw new Error(`Timed out after ${timeoutMs} ms waiting for ${what}${lastError ? ` (last error: ${lastError})` : ''}`);
    }
    await new Promise((resolve) => setTimeout(resolve, intervalMs));
  }
}

/**
 * Starts code-server on 127.0.0.1 in its own process group (so stopping it also stops the
 * extension host and the language server it started) and waits until /healthz answers.
 */
export async function startCodeServer({
  sandbox,
  userDataDir,
  extensionsDir,
  port,
  args = [],
  logFile,
  env = {},
  startTimeoutMs = 60_000,
}) {
  port ??= await freePort();
  const config = path.join(sandbox.dir, `code-server-${port}.yaml`);
  fs.writeFileSync(config, `bind-addr: 127.0.0.1:${port}\nauth: none\ncert: false\n`);
  logFile ??= path.join(sandbox.dir, `code-server-${port}.log`);
  const log = fs.openSync(logFile, 'a');
  const child = spawn(
    tools.codeServer,
    [
      '--config',
      config,
      '--user-data-dir',
      userDataDir,
      '--extensions-dir',
      extensionsDir,
      '--disable-telemetry',
      '--disable-update-check',
      '--disable-workspace-trust',
      '--disable-getting-started-override',
      '--ignore-last-opened',
      ...args,
    ],
    { detached: true, stdio: ['ignore', log, log], env: codeServerEnv(sandbox.env, env) },
  );
  fs.closeSync(log);
  let exited = null;
  const whenExited = new Promise((resolve) =>
    child.once('exit', (code, signal) => {
      exited = { code, signal };
      resolve(exited);
    }),
  );

  let unregister = () => {};
  const stop = async () => {
    unregister();
    if (!exited) {
      killGroup(child.pid, 'SIGTERM');
      const timer = setTimeout(() => killGroup(child.pid, 'SIGKILL'), 5_000);
      await whenExited;
      clearTimeout(timer);
    }
    // The extension host and the language server are in the same group; make sure none is left.
    killGroup(child.pid, 'SIGKILL');
  };
  unregister = registerCleanup(() => killGroup(child.pid, 'SIGKILL'));

  const url = `http://127.0.0.1:${port}`;
  try {
    await waitUntil(
      async () => {
        if (exited) throw new Error(`code-server exited (${exited.code ?? exited.signal}); log:\n${tail(logFile)}`);
        const response = await fetch(`${url}/healthz`);
        return response.ok;
      },
      { timeoutMs: startTimeoutMs, what: `code-server on ${url}` },
    );
  } catch (error) {
    await stop();
    if (exited && String(error).includes('code-server exited')) throw error;
    throw new Error(`${error instanceof Error ? error.message : error}\n--- code-server log ---\n${tail(logFile)}`);
  }
  return {
    url,
    port,
    pid: child.pid,
    logFile,
    stop,
    whenExited,
    get exited() {
      return exited;
    },
  };
}

/** A workbench URL that opens `folder`. */
export function folderUrl(base, folder, extraQuery = '') {
  return `${base}/?folder=${encodeURIComponent(folder)}${extraQuery}`;
}

/** Flags for Debian's Chromium on a machine without network or GPU. */
export const CHROMIUM_ARGS = [
  '--no-sandbox',
  '--disable-gpu',
  '--disable-dev-shm-usage',
  '--disable-quic',
  '--no-first-run',
  '--disable-background-networking',
  '--disable-component-update',
  '--disable-sync',
  '--disable-features=Translate,MediaRouter,OptimizationHints',
];

/** Launches Debian's Chromium through playwright-core (a fresh temporary profile each time). */
export async function launchChromium(sandbox) {
  const { chromium } = await import('playwright-core');
  return chromium.launch({
    executablePath: tools.chromium,
    headless: true,
    args: CHROMIUM_ARGS,
    env: { ...process.env, ...sandbox.env },
    timeout: 60_000,
  });
}

/** Sends a signal to a whole process group; quiet when it is already gone. */
export function killGroup(pid, signal) {
  if (!pid) return;
  try {
    process.kill(-pid, signal);
  } catch {
    // already gone
  }
}

const cleanups = new Set();
let handlersInstalled = false;

/**
 * Runs `fn` (synchronously) when this process exits or is interrupted, so no editor process
 * outlives a test run or `npm start`. Returns a function that unregisters it.
 */
export function registerCleanup(fn) {
  cleanups.add(fn);
  if (!handlersInstalled) {
    handlersInstalled = true;
    const runAll = () => {
      for (const f of [...cleanups]) {
        cleanups.delete(f);
        try {
          f();
        } catch {
          // best effort
        }
      }
    };
    process.on('exit', runAll);
    for (const signal of ['SIGINT', 'SIGTERM', 'SIGHUP']) {
      process.on(signal, () => {
        runAll();
        process.exit(signal === 'SIGINT' ? 130 : 143);
      });
    }
  }
  return () => cleanups.delete(fn);
}

/** The last lines of a log file, for error messages. */
export function tail(file, lines = 40) {
  try {
    return fs.readFileSync(file, 'utf8').split('\n').slice(-lines).join('\n');
  } catch {
    return '(no log)';
  }
}
