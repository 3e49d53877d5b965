// Bundles the e2e suites with esbuild (no type-check here; `npm test` type-checks them with the
// rest of test/): test/vscode/suite/*.e2e.ts -> out/e2e/vscode/ (CommonJS, loaded by mocha in the
// extension host; `vscode` is provided there), test/ui and test/neovim -> out/e2e/{ui,neovim}/
// (ES modules run by node --test). Dependencies stay external and resolve from node_modules.
//
//   node scripts/e2e/build-tests.mjs [vscode|ui|neovim]...   (default: all)
import { build } from 'esbuild';
import fs from 'node:fs';
import path from 'node:path';
import { ROOT } from './lib.mjs';

const suites = {
  vscode: { dir: 'test/vscode/suite', format: 'cjs', ext: '.js', external: ['vscode'], bundleDeps: true },
  ui: { dir: 'test/ui', format: 'esm', ext: '.mjs', external: [], bundleDeps: false },
  neovim: { dir: 'test/neovim', format: 'esm', ext: '.mjs', external: [], bundleDeps: false },
};

const wanted = process.argv.slice(2).length ? process.argv.slice(2) : Object.keys(suites);
for (const name of wanted) {
  const suite = suites[name];
  if (!suite) throw new Error(`unknown suite ${name} (${Object.keys(suites).join(', ')})`);
  const dir = path.join(ROOT, suite.dir);
  const entryPoints = fs
    .readdirSync(dir)
    .filter((f) => f.endsWith('.e2e.ts'))
    .map((f) => path.join(dir, f));
  const outdir = path.join(ROOT, 'out', 'e2e', name);
  fs.rmSync(outdir, { recursive: true, force: true });
  await build({
    entryPoints,
    outdir,
    bundle: true,
    platform: 'node',
    target: 'node20',
    format: suite.format,
    outExtension: { '.js': suite.ext },
    sourcemap: 'inline',
    // The extension tests bundle their small helpers (jsonc-parser) so the extension host needs
    // nothing from node_modules; the node --test suites use node_modules as they are.
    ...(suite.bundleDeps ? { external: suite.external, mainFields: ['module', 'main'] } : { packages: 'external' }),
    logLevel: 'warning',
  });
}
