// Bundles the three shipped programs: the VS Code client, the language server and the CLI.
// `vscode` stays external (the editor provides it); everything else is bundled so the .vsix
// and the npm package need no runtime dependencies.
//   node esbuild.mjs [--production] [--outdir=DIR]   (DIR: build somewhere else, e.g. for npm run bench)
import { join } from 'node:path';
import { build } from 'esbuild';
import { clientShims, graphClientApart, packedJson } from './scripts/build/plugins.mjs';

const production = process.argv.includes('--production');
const outdir = process.argv.find((a) => a.startsWith('--outdir='))?.slice('--outdir='.length) ?? '.';

const common = {
  bundle: true,
  platform: 'node',
  target: 'node18',
  format: 'cjs',
  sourcemap: !production,
  minify: production,
  legalComments: 'none',
  // jsonc-parser's UMD build requires its modules dynamically, which a bundle cannot follow; take its ES modules.
  mainFields: ['module', 'main'],
  logLevel: 'warning',
};

await Promise.all([
  build({
    ...common,
    entryPoints: ['server/src/cli/main.ts'],
    outfile: join(outdir, 'dist/cli.js'),
    plugins: [packedJson, graphClientApart],
  }),
  // The one Graph client (network code), loaded only by the commands that talk to a tenant.
  build({ ...common, entryPoints: ['server/src/cli/graph/client.ts'], outfile: join(outdir, 'dist/graph-client.js') }),
  // The extension's copy signs in through VS Code, so @azure/identity is never loaded there.
  build({
    ...common,
    entryPoints: ['server/src/cli/graph/client.ts'],
    outfile: join(outdir, 'client/dist/graph-client.js'),
    external: ['@azure/identity'],
  }),
  build({
    ...common,
    entryPoints: ['server/src/server.ts'],
    outfile: join(outdir, 'server/dist/server.js'),
    plugins: [packedJson],
  }),
  build({
    ...common,
    entryPoints: ['client/src/extension.ts'],
    outfile: join(outdir, 'client/dist/extension.js'),
    external: ['vscode'],
    plugins: [clientShims, graphClientApart],
  }),
]);
