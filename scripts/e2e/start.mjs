// `npm start`: builds and packages the extension, then opens examples/ in an editor with it.
//
//   - With a desktop VS Code on PATH (`code`), opens a new window on examples/ with the extension
//     loaded from this folder (--extensionDevelopmentPath; nothing is installed into your VS Code).
//   - Otherwise (or with --code-server), installs scim-mapper.vsix into code-server (pinned in
//     scripts/e2e/versions.json, installed into tools/ on first use), serves it on 127.0.0.1 and
//     prints the URL. Ctrl+C stops it.
//
//   npm start [-- --code-server] [-- --port 8080]
//
// code-server keeps its settings and state in .vscode-test/start/ (ignored by git); delete the
// folder for a fresh start.
import { spawn, spawnSync } from 'node:child_process';
import fs from 'node:fs';
import path from 'node:path';
import {
  folderUrl,
  freePort,
  installVsix,
  portInUse,
  ROOT,
  startCodeServer,
  tail,
  tools,
  versions,
  writeUserSettings,
} from './lib.mjs';

const args = process.argv.slice(2);
const option = (name) => {
  const i = args.indexOf(name);
  return i >= 0 ? args[i + 1] : undefined;
};
const examples = path.join(ROOT, 'examples');

function sh(command, commandArgs, what) {
  const result = spawnSync(command, commandArgs, { cwd: ROOT, stdio: 'inherit' });
  if (result.status !== 0) {
    console.error(`npm start: ${what} failed (exit ${result.status ?? result.signal})`);
    process.exit(result.status || 1);
  }
}

function hasDesktopCode() {
  if (args.includes('--code-server') || process.env.CI) return false;
  return spawnSync('code', ['--version'], { encoding: 'utf8' }).status === 0;
}

console.log('Building and packaging the extension (npm run package)...');
sh('npm', ['run', '--silent', 'package'], 'npm run package');
const vsix = path.join(ROOT, 'scim-mapper.vsix');

if (hasDesktopCode()) {
  console.log(`Opening ${path.relative(process.cwd(), examples) || '.'} in VS Code with the extension from this folder...`);
  sh('code', ['--new-window', `--extensionDevelopmentPath=${ROOT}`, examples], 'code');
  process.exit(0);
}

if (!fs.existsSync(path.join(tools.codeServerDir, '.complete'))) {
  console.log(`Installing code-server ${versions.codeServer} and Node ${versions.node} into tools/ (once; a few minutes)...`);
  sh('bash', [path.join(ROOT, 'scripts', 'e2e', 'install.sh'), 'code-server'], 'scripts/e2e/install.sh code-server');
}

const state = path.join(ROOT, '.vscode-test', 'start');
const home = path.join(state, 'home');
const sandbox = {
  dir: state,
  env: {
    HOME: home,
    XDG_CONFIG_HOME: path.join(home, '.config'),
    XDG_DATA_HOME: path.join(home, '.local', 'share'),
    XDG_CACHE_HOME: path.join(home, '.cache'),
  },
};
for (const dir of Object.values(sandbox.env)) fs.mkdirSync(dir, { recursive: true });
const userDataDir = path.join(state, 'user-data');
const extensionsDir = path.join(state, 'extensions');
if (!fs.existsSync(path.join(userDataDir, 'User', 'settings.json'))) writeUserSettings(userDataDir);

console.log('Installing scim-mapper.vsix into code-server...');
installVsix(vsix, { userDataDir, extensionsDir, sandbox });

let port = Number(option('--port') ?? process.env.PORT ?? 8080);
if (await portInUse(port)) {
  const taken = port;
  port = await freePort();
  console.log(`Port ${taken} is taken; using ${port}.`);
}
const server = await startCodeServer({ sandbox, userDataDir, extensionsDir, port, logFile: path.join(state, 'code-server.log') });

// Ctrl+C: stop code-server (and the extension host and language server in its group), then exit.
let stopping = false;
const stop = async (signal) => {
  if (stopping) return;
  stopping = true;
  console.log(`\n${signal}: stopping code-server...`);
  await server.stop();
  console.log('Stopped.');
  process.exit(0);
};
for (const signal of ['SIGINT', 'SIGTERM', 'SIGHUP']) {
  process.removeAllListeners(signal);
  process.on(signal, () => void stop(signal));
}
void server.whenExited.then(({ code, signal }) => {
  if (stopping) return;
  console.error(`code-server exited (${code ?? signal}). Last log lines:\n${tail(server.logFile)}`);
  process.exit(1);
});

const url = folderUrl(server.url, examples);
console.log(`
SCIM Mapper is running in code-server ${versions.codeServer} (VS Code in the browser), with examples/ open:

    ${url}

Open a *.mapping.jsonc file; "SCIM Mapper: Dry Run Sample User…" is in the command palette (F1).
Log: ${path.relative(process.cwd(), server.logFile)}. Press Ctrl+C to stop.`);

// On a desktop with a browser, open it (best effort; nothing happens on a headless machine).
if (!process.env.CI && (process.env.DISPLAY || process.env.WAYLAND_DISPLAY) && !args.includes('--no-open')) {
  const opener = spawn('xdg-open', [url], { stdio: 'ignore', detached: true });
  opener.on('error', () => undefined);
  opener.unref();
}
