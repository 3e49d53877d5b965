/**
 * The security posture of what ships (ARCHITECTURE.md, "Security posture"), checked on the
 * production bundles themselves, built here into a temporary directory with `esbuild.mjs`:
 *   - no eval, no Function constructor, no string-evaluating timers;
 *   - no HTTP, TLS or UDP client, no fetch, WebSocket or XMLHttpRequest (the only socket module is
 *     the one vscode-jsonrpc uses for the editor's local LSP transport) — except in the one Graph
 *     client, a bundle of its own (graph-client.js) that only the tenant commands load;
 *   - the language server, the extension and the service never write files (only the CLI does,
 *     to a file the user names with --out); webviews have a strict Content-Security-Policy;
 *   - untrusted workspaces get read-only features.
 * Also: the build-time stand-ins (packed catalogs, semver and minimatch shims) behave exactly like
 * what they replace.
 */
import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import { existsSync, mkdtempSync, readdirSync, readFileSync, rmSync, statSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join, relative } from 'node:path';
import { after, before, describe, it } from 'node:test';
import { fromRoot, projectRoot } from '../util/paths';

const BUNDLES = ['client/dist/extension.js', 'server/dist/server.js', 'dist/cli.js'];
/** The Graph client (server/src/cli/graph/client.ts), bundled apart: the only network code that ships. */
const GRAPH_BUNDLES = ['dist/graph-client.js', 'client/dist/graph-client.js'];
/** The only source files that may use the network: the CLI's Graph client and the VS Code client's Graph access. */
const NETWORK_SOURCES = [join('server', 'src', 'cli', 'graph', 'client.ts'), join('client', 'src', 'graph', 'graphAccess.ts')];

function sources(dir: string): string[] {
  const out: string[] = [];
  for (const name of readdirSync(dir)) {
    const full = join(dir, name);
    if (statSync(full).isDirectory()) out.push(...sources(full));
    else if (name.endsWith('.ts')) out.push(full);
  }
  return out;
}

/** Code that evaluates strings, as it appears in minified JavaScript. */
const EVALUATES = [
  { name: 'eval(', pattern: /(?<![\w$.])eval\s*\(/ },
  { name: 'indirect eval', pattern: /\(\s*0\s*,\s*eval\s*\)|globalThis\.eval|window\.eval/ },
  { name: 'Function(', pattern: /(?<![\w$.])Function\s*\(/ },
  { name: 'new Function', pattern: /\bnew\s+Function\b/ },
  { name: 'timer with a string', pattern: /\bset(?:Timeout|Interval|Immediate)\s*\(\s*["'`]/ },
  { name: 'vm module', pattern: /require\(\s*["'](?:node:)?vm["']\s*\)/ },
];

/** Network clients. `net` is allowed: vscode-jsonrpc's pipe and socket transports for the editor. */
const NETWORK = [
  { name: 'http', pattern: /require\(\s*["'](?:node:)?(?:http|https|http2|tls|dgram|dns)["']\s*\)/ },
  { name: 'fetch', pattern: /(?<![\w$.])fetch\s*\(/ },
  { name: 'XMLHttpRequest', pattern: /\bXMLHttpRequest\b/ },
  { name: 'WebSocket', pattern: /\bWebSocket\b/ },
  { name: 'undici', pattern: /\bundici\b/ },
  { name: 'EventSource', pattern: /\bEventSource\b/ },
];

describe('security: the production bundles', () => {
  let dir: string;
  const bundles = new Map<string, string>();

  before(() => {
    dir = mkdtempSync(join(tmpdir(), 'scim-mapper-bundles-'));
    const result = spawnSync(process.execPath, [fromRoot('esbuild.mjs'), '--production', `--outdir=${dir}`], {
      cwd: projectRoot,
      encoding: 'utf8',
    });
    assert.equal(result.status, 0, result.stderr);
    for (const bundle of [...BUNDLES, ...GRAPH_BUNDLES]) bundles.set(bundle, readFileSync(join(dir, bundle), 'utf8'));
  });
  after(() => rmSync(dir, { recursive: true, force: true }));

  for (const bundle of BUNDLES) {
    it(`${bundle} evaluates no code from strings`, () => {
      const text = bundles.get(bundle)!;
      const found = EVALUATES.filter((e) => e.pattern.test(text)).map((e) => `${e.name}: …${context(text, e.pattern)}…`);
      assert.deepEqual(found, []);
    });

    it(`${bundle} contains no network client`, () => {
      const text = bundles.get(bundle)!;
      const found = NETWORK.filter((e) => e.pattern.test(text)).map((e) => `${e.name}: …${context(text, e.pattern)}…`);
      assert.deepEqual(found, []);
    });
  }

  for (const bundle of GRAPH_BUNDLES) {
    it(`${bundle} (the Graph client, network allowed) evaluates no code from strings and uses fetch`, () => {
      const text = bundles.get(bundle)!;
      const found = EVALUATES.filter((e) => e.pattern.test(text)).map((e) => `${e.name}: …${context(text, e.pattern)}…`);
      assert.deepEqual(found, []);
      assert.ok(/(?<![\w$.])fetch\s*\(/.test(text), `${bundle} uses fetch`);
    });
  }

  it('the CLI and the extension load the Graph client only from its own bundle, lazily', () => {
    for (const bundle of ['dist/cli.js', 'client/dist/extension.js']) {
      const text = bundles.get(bundle)!;
      assert.ok(/require\(\s*["']\.\/graph-client\.js["']\s*\)/.test(text), `${bundle} loads ./graph-client.js`);
    }
    // @azure/identity only in the CLI's copy; the extension signs in through VS Code.
    assert.doesNotMatch(bundles.get('client/dist/graph-client.js')!, /DeviceCodeCredential\b[^"']*=/);
  });

  it('the patterns find what they look for (so a pass means something)', () => {
    for (const sample of [
      'x=eval("1")',
      'new Function("a","return a")',
      'f=Function("return this")',
      'setTimeout("alert(1)",1)',
      'require("vm")',
    ]) {
      assert.ok(
        EVALUATES.some((e) => e.pattern.test(sample)),
        sample,
      );
    }
    for (const sample of [
      'require("https")',
      'require("node:http")',
      'await fetch(url)',
      'new WebSocket(u)',
      'new XMLHttpRequest',
    ]) {
      assert.ok(
        NETWORK.some((e) => e.pattern.test(sample)),
        sample,
      );
    }
    // Method names are not the global functions.
    assert.ok(!EVALUATES.some((e) => e.pattern.test('a.suggestFunction(b);c.eval(d)')));
  });
});

function context(text: string, pattern: RegExp): string {
  const match = pattern.exec(text);
  return match ? text.slice(Math.max(0, match.index - 40), match.index + 40) : '';
}

describe('security: the sources', () => {
  const product = [...sources(fromRoot('server', 'src')), ...sources(fromRoot('client', 'src'))];

  it('import no network module (only the service-free LSP transport uses one, through vscode-jsonrpc, and the Graph client modules)', () => {
    const offenders = product.filter(
      (file) =>
        !NETWORK_SOURCES.includes(relative(projectRoot, file)) &&
        /from\s+['"](?:node:)?(?:http|https|http2|tls|dgram|dns|net)['"]|require\(\s*['"](?:node:)?(?:http|https|http2|tls|dgram|dns|net)['"]\s*\)|\bfetch\s*\(/.test(
          readFileSync(file, 'utf8'),
        ),
    );
    assert.deepEqual(
      offenders.map((f) => relative(projectRoot, f)),
      [],
    );
  });

  it('the language server, the extension and the service never write files; the CLI only with --out', () => {
    const write =
      /\b(?:writeFile|writeFileSync|appendFile|appendFileSync|createWriteStream|rename|renameSync|unlink|unlinkSync|rm|rmSync|rmdir|mkdir|mkdirSync|copyFile|copyFileSync|truncate|truncateSync)\s*\(|workspace\.fs\.(?:writeFile|delete|rename|copy|createDirectory)|workspace\.applyEdit\s*\(/;
    const offenders: string[] = [];
    for (const file of product) {
      const text = readFileSync(file, 'utf8');
      if (!write.test(text)) continue;
      const path = relative(projectRoot, file);
      // The CLI writes a result only where the user asks for it with --out (push: its --backup, and
      // the pulled-from record of the file it pushed); graph/files.ts is the writer they share.
      if (path.startsWith(join('server', 'src', 'cli')) && /['"](?:out|backup)['"]/.test(text)) continue;
      if (path === join('server', 'src', 'cli', 'graph', 'files.ts')) continue;
      // The one module that writes atomically, refusing links and inputs: for the CLI only, checked below.
      if (path === join('server', 'src', 'host', 'writeFilesAtomically.ts')) continue;
      offenders.push(path);
    }
    assert.deepEqual(offenders, []);
    const writers = product
      .filter((file) => /from\s+['"][./]*(?:host\/)?writeFilesAtomically['"]/.test(readFileSync(file, 'utf8')))
      .map((f) => relative(projectRoot, f));
    assert.deepEqual(
      writers.filter((path) => !path.startsWith(join('server', 'src', 'cli'))),
      [],
      'only the CLI writes files',
    );
  });

  it('any webview has a strict Content-Security-Policy', () => {
    for (const file of sources(fromRoot('client', 'src'))) {
      const own = readFileSync(file, 'utf8');
      if (!/createWebviewPanel|registerWebviewViewProvider|registerCustomEditorProvider|\.webview\b/.test(own)) continue;
      // The page may come from a module the webview's file imports (a pure renderer tests can load).
      const imported = [...own.matchAll(/from '(\.[^']+)'/g)]
        .map((m) => join(dirname(file), `${m[1]}.ts`))
        .filter((f) => existsSync(f));
      const text = [own, ...imported.map((f) => readFileSync(f, 'utf8'))].join('\n');
      assert.match(
        text,
        /Content-Security-Policy/,
        `${relative(projectRoot, file)} shows a webview without a Content-Security-Policy`,
      );
      assert.match(text, /default-src 'none'/, `${relative(projectRoot, file)}: the policy must start from default-src 'none'`);
      assert.doesNotMatch(
        text,
        /'unsafe-eval'|'unsafe-inline'/,
        `${relative(projectRoot, file)}: no unsafe-eval or unsafe-inline`,
      );
    }
  });

  it('untrusted workspaces get read-only features: no sample is read without trust', () => {
    const manifest = JSON.parse(readFileSync(fromRoot('package.json'), 'utf8')) as {
      capabilities: { untrustedWorkspaces: { supported: unknown } };
    };
    assert.equal(manifest.capabilities.untrustedWorkspaces.supported, 'limited');
    // The commands and settings that read sample files check trust first.
    for (const file of ['client/src/commands/dryRun.ts', 'client/src/liveValues.ts']) {
      assert.match(readFileSync(fromRoot(file), 'utf8'), /workspace\.isTrusted/, `${file} checks workspace trust`);
    }
  });
});

describe('build stand-ins behave like what they replace', () => {
  it('packed catalog data unpacks to exactly the JSON files', async () => {
    const { pack } = (await import(fromRoot('scripts', 'build', 'packJson.mjs'))) as { pack: (v: unknown) => unknown };
    // eslint-disable-next-line @typescript-eslint/no-require-imports
    const { unpack } = require(fromRoot('scripts', 'build', 'unpack.js')) as { unpack: (p: unknown) => unknown };
    const dataDir = fromRoot('server', 'src', 'service', 'catalog', 'data');
    const files = readdirSync(dataDir).filter((n) => n.endsWith('.json'));
    assert.ok(files.length >= 4);
    for (const name of files) {
      const value = JSON.parse(readFileSync(join(dataDir, name), 'utf8')) as unknown;
      const packed = JSON.parse(JSON.stringify(pack(value))) as unknown;
      const back = unpack(packed);
      assert.deepEqual(back, value, name);
      assert.equal(JSON.stringify(back), JSON.stringify(value), `${name}: same key order`);
    }
    for (const value of [
      [],
      {},
      [1.5, -0, 1e21, 'a', 'a', null, true],
      { __proto__: 1, a: { b: ['x', 'x'] } },
      'only a string',
    ]) {
      const copy = JSON.parse(JSON.stringify(value)) as unknown;
      assert.equal(JSON.stringify(unpack(JSON.parse(JSON.stringify(pack(copy))))), JSON.stringify(copy));
    }
  });

  it('the semver stand-in agrees with semver on VS Code versions', () => {
    /* eslint-disable @typescript-eslint/no-require-imports */
    const parse = require(fromRoot('scripts', 'build', 'shims', 'semver-parse.js')) as (
      v: string,
    ) => { prerelease: unknown[] } | null;
    const satisfies = require(fromRoot('scripts', 'build', 'shims', 'semver-satisfies.js')) as (v: unknown, r: string) => boolean;
    const realParse = require('semver/functions/parse') as (v: string) => { prerelease: unknown[] } | null;
    const realSatisfies = require('semver/functions/satisfies') as (v: unknown, r: string) => boolean;
    /* eslint-enable @typescript-eslint/no-require-imports */
    for (const version of [
      '1.91.0',
      '1.91.1',
      '1.90.9',
      '1.105.0-insider',
      '2.0.0',
      '1.91',
      'v1.92.0',
      'x',
      '',
      '1.100.0+build.5',
      '0.9.0',
    ]) {
      assert.equal(parse(version) === null, realParse(version) === null, version);
      for (const range of ['^1.91.0', '^0.9.0', '^0.0.3']) {
        const ours = parse(version);
        const theirs = realParse(version);
        if (ours && theirs) {
          ours.prerelease = [];
          theirs.prerelease = [];
          assert.equal(satisfies(ours, range), realSatisfies(theirs, range), `${version} ${range}`);
        }
      }
    }
  });

  it('the minimatch stand-in agrees with minimatch on the globs servers register', () => {
    // eslint-disable-next-line @typescript-eslint/no-require-imports
    const ours = require(fromRoot('scripts', 'build', 'shims', 'minimatch.js')) as {
      Minimatch: new (p: string, o?: object) => { match(p: string): boolean; makeRe(): unknown };
    };
    // eslint-disable-next-line @typescript-eslint/no-require-imports
    const real = require('minimatch') as { Minimatch: new (p: string, o?: object) => { match(p: string): boolean } };
    const globs = [
      '**/*.scope.json',
      '**/*.{json,jsonc}',
      '/srv/*.mapping.jsonc',
      '**/users/*.csv',
      'src/?.ts',
      '**/[ab]*.json',
      '**/[!a]*.json',
      '/a/**/b/*.json',
      '**',
    ];
    const paths = [
      '/srv/a.scope.json',
      '/srv/x/y.scope.json',
      '/srv/a.jsonc',
      '/srv/a.json',
      '/srv/b.mapping.jsonc',
      '/srv/users/p.csv',
      'src/a.ts',
      'src/ab.ts',
      '/x/a.json',
      '/x/c.json',
      '/a/b/c.json',
      '/a/x/y/b/c.json',
      '/srv/.hidden/a.scope.json',
      '/srv/.a.json',
    ];
    for (const glob of globs) {
      for (const options of [{ noext: true }, { dot: true }, { dot: true, nocase: true }]) {
        for (const path of paths) {
          assert.equal(
            new ours.Minimatch(glob, options).match(path),
            new real.Minimatch(glob, options).match(path),
            `${glob} ${JSON.stringify(options)} ${path}`,
          );
        }
      }
    }
  });
});
