// esbuild plugins for esbuild.mjs: smaller bundles with the same behaviour.
import { readFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { pack } from './packJson.mjs';

const here = dirname(fileURLToPath(import.meta.url));

/**
 * The service's JSON data (the catalogs) packed losslessly: repeated strings and object keys are
 * stored once and the data is rebuilt at load (scripts/build/unpack.js). The catalogs are most of
 * the server and CLI bundles, and their notes, sources and patterns repeat a lot.
 */
export const packedJson = {
  name: 'packed-json',
  setup(build) {
    build.onLoad({ filter: /[\\/]server[\\/]src[\\/]service[\\/].*\.json$/ }, (args) => {
      const value = JSON.parse(readFileSync(args.path, 'utf8'));
      const packed = JSON.stringify(pack(value));
      // A JSON string for JSON.parse, which V8 reads faster than the same data as an object
      // literal (this runs when the server starts); single quotes keep the escaping small.
      const literal = `'${packed.replace(/\\/g, '\\\\').replace(/'/g, "\\'").replace(/\u2028/g, '\\u2028').replace(/\u2029/g, '\\u2029')}'`;
      return {
        contents: `module.exports = require(${JSON.stringify(join(here, 'unpack.js'))}).unpack(JSON.parse(${literal}));`,
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
    build.onResolve({ filter: /^(semver\/functions\/(parse|satisfies)|minimatch)$/ }, (args) => ({ path: join(here, 'shims', shims[args.path]) }));
  },
};
