// esbuild plugins for esbuild.mjs: smaller bundles with the same behaviour.
import { readFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { brotliCompressSync, constants } from 'node:zlib';
import { fileURLToPath } from 'node:url';
import { pack } from './packJson.mjs';

const here = dirname(fileURLToPath(import.meta.url));

/**
 * The service's JSON data (the catalogs) packed losslessly: repeated strings and object keys are
 * stored once (scripts/build/packJson.mjs), and the packed text is Brotli-compressed, which takes
 * the data from about 134 KB to 41 KB. The data is rebuilt at load with Node's own zlib
 * (scripts/build/unpack.js). The catalogs were most of the server and CLI bundles, and their
 * notes, sources and patterns repeat a lot.
 */
export const packedJson = {
  name: 'packed-json',
  setup(build) {
    build.onLoad({ filter: /[\\/]server[\\/]src[\\/]service[\\/].*\.json$/ }, (args) => {
      const value = JSON.parse(readFileSync(args.path, 'utf8'));
      const packed = JSON.stringify(pack(value));
      const compressed = brotliCompressSync(packed, {
        params: {
          [constants.BROTLI_PARAM_QUALITY]: constants.BROTLI_MAX_QUALITY,
          [constants.BROTLI_PARAM_MODE]: constants.BROTLI_MODE_TEXT,
          [constants.BROTLI_PARAM_SIZE_HINT]: packed.length,
        },
      });
      return {
        contents: `module.exports = require(${JSON.stringify(join(here, 'unpack.js'))}).unpackCompressed(${JSON.stringify(compressed.toString('base64'))});`,
        loader: 'js',
        resolveDir: dirname(args.path),
      };
    });
  },
};

/**
 * Small stand-ins for two libraries vscode-languageclient bundles for features our server does
 * not use: semver (one VS Code version check) and minimatch (globs a server may register).
 */
export const clientShims = {
  name: 'client-shims',
  setup(build) {
    const shims = {
      'semver/functions/parse': 'semver-parse.js',
      'semver/functions/satisfies': 'semver-satisfies.js',
      minimatch: 'minimatch.js',
    };
    build.onResolve({ filter: /^(semver\/functions\/(parse|satisfies)|minimatch)$/ }, (args) => ({
      path: join(here, 'shims', shims[args.path]),
    }));
  },
};

/**
 * Keeps the Graph client (server/src/cli/graph/client.ts, the only network code) out of the CLI
 * and extension bundles: an import of it becomes `require('./graph-client.js')`, the separate
 * bundle esbuild.mjs builds beside each of them. Loaded lazily (cli/graph/load.ts), so commands
 * that do not talk to a tenant never load it.
 */
export const graphClientApart = {
  name: 'graph-client-apart',
  setup(build) {
    build.onResolve({ filter: /(?:^|[\\/])client(?:\.ts)?$/ }, (args) => {
      const resolved = join(args.resolveDir, args.path);
      const target = join(here, '..', '..', 'server', 'src', 'cli', 'graph', 'client');
      if (resolved !== target && resolved !== target + '.ts') return undefined;
      return { path: './graph-client.js', external: true };
    });
  },
};
