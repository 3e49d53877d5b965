/**
 * The npm package as a new user gets it: `npm pack`, install the tarball into an empty project
 * (offline: the package has no dependencies to fetch) and run `npx scim-mapper` there. Also the
 * CLI as a real process for what only a process shows: a closed pipe and a full disk.
 */
import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import { copyFileSync, existsSync, mkdtempSync, readdirSync, readFileSync, realpathSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, describe, it } from 'node:test';
import { fromRoot, projectRoot } from '../util/paths';

const temps: string[] = [];
after(() => {
  for (const dir of temps) rmSync(dir, { recursive: true, force: true });
});

function tempDir(): string {
  const dir = realpathSync(mkdtempSync(join(tmpdir(), 'scim-pack-')));
  temps.push(dir);
  return dir;
}

const npm = process.platform === 'win32' ? 'npm.cmd' : 'npm';
const npx = process.platform === 'win32' ? 'npx.cmd' : 'npx';
/** npm without network, audit or update checks; the cache may be warm or empty, it is not needed. */
const quiet = {
  ...process.env,
  npm_config_audit: 'false',
  npm_config_fund: 'false',
  npm_config_update_notifier: 'false',
  npm_config_offline: 'true',
};

describe('package: npm pack, install the tarball, npx scim-mapper check', { timeout: 180_000 }, () => {
  it('installs from the tarball into an empty project and checks files there', () => {
    const packDir = tempDir();
    // The bundles are built by the pretest step (and by `prepare` on a plain `npm pack`).
    const pack = spawnSync(npm, ['pack', '--ignore-scripts', '--json', '--pack-destination', packDir], {
      cwd: projectRoot,
      encoding: 'utf8',
      env: quiet,
    });
    assert.equal(pack.status, 0, pack.stderr);
    const [info] = JSON.parse(pack.stdout) as Array<{ filename: string; files: Array<{ path: string }> }>;
    const files = info.files.map((f) => f.path).sort();
    for (const needed of [
      'bin/scim-mapper.js',
      'bin/scim-mapper-language-server.js',
      'dist/cli.js',
      'dist/graph-client.js',
      'server/dist/server.js',
      'client/dist/extension.js',
      'package.json',
      'README.md',
      'LICENSE',
      'CHANGELOG.md',
      'schemas/mapping.schema.json',
      'schemas/scim-mapper-config.schema.json',
      'syntaxes/scim-mapping.tmLanguage.json',
    ]) {
      assert.ok(files.includes(needed), `${needed} is in the tarball`);
    }
    // The README's screenshots (docs/images) and the walkthrough ship too: the .vsix is built from
    // this same `files` list (vsce takes it instead of a .vscodeignore), and the README shows them.
    const stray = files.filter(
      (path) =>
        /^(test|scripts|server\/src|client\/src|out|examples|docs\/(?!images\/[^/]+\.png$)|node_modules)/.test(path) ||
        /\.(ts|map)$/.test(path),
    );
    assert.deepEqual(stray, [], 'no tests, sources or source maps in the tarball');
    assert.ok(files.length < 50, `${files.length} files`);
    const manifest = JSON.parse(readFileSync(fromRoot('package.json'), 'utf8')) as { dependencies?: Record<string, string> };
    assert.deepEqual(Object.keys(manifest.dependencies ?? {}), [], 'no runtime dependency left unbundled');

    const project = tempDir();
    writeFileSync(join(project, 'package.json'), JSON.stringify({ name: 'ci-probe', version: '1.0.0', private: true }));
    const install = spawnSync(npm, ['install', '--offline', '--no-audit', '--no-fund', join(packDir, info.filename)], {
      cwd: project,
      encoding: 'utf8',
      env: quiet,
    });
    assert.equal(install.status, 0, install.stdout + install.stderr);
    assert.deepEqual(
      readdirSync(join(project, 'node_modules')).filter((n) => !n.startsWith('.')),
      ['scim-mapper'],
      'nothing else installed',
    );

    copyFileSync(fromRoot('examples', 'aws-iam-identity-center.mapping.jsonc'), join(project, 'people.mapping.jsonc'));
    copyFileSync(fromRoot('examples', 'engineering.scope.jsonc'), join(project, 'engineering.scope.jsonc'));
    const check = spawnSync(npx, ['--offline', '--no-install', 'scim-mapper', 'check'], {
      cwd: project,
      encoding: 'utf8',
      env: quiet,
    });
    assert.equal(check.status, 0, check.stdout + check.stderr);
    assert.match(check.stdout, /2 files checked: 0 errors, 0 warnings\./);

    copyFileSync(
      fromRoot('test', 'fixtures', 'diagnostics', 'expr-unknown-function', 'typo.mapping.jsonc'),
      join(project, 'typo.mapping.jsonc'),
    );
    const failing = spawnSync(
      npx,
      ['--offline', '--no-install', 'scim-mapper', 'check', '--format', 'sarif', '-o', 'out.sarif'],
      { cwd: project, encoding: 'utf8', env: quiet },
    );
    assert.equal(failing.status, 1, failing.stderr);
    assert.ok(existsSync(join(project, 'out.sarif')));
    const version = spawnSync(npx, ['--offline', '--no-install', 'scim-mapper', '--version'], {
      cwd: project,
      encoding: 'utf8',
      env: quiet,
    });
    assert.equal(
      version.stdout.trim(),
      `scim-mapper ${(JSON.parse(readFileSync(fromRoot('package.json'), 'utf8')) as { version: string }).version}`,
    );
  });
});

describe('cli process: pipes and write errors', () => {
  const cli = fromRoot('bin', 'scim-mapper.js');

  it(
    'a reader that goes away (| head -1) ends the run quietly with the status earned so far',
    { skip: process.platform === 'win32' },
    () => {
      // Many files, so the run is still writing when head has gone.
      const dir = tempDir();
      const broken = readFileSync(
        fromRoot('test', 'fixtures', 'diagnostics', 'expr-unknown-function', 'typo.mapping.jsonc'),
        'utf8',
      );
      for (let i = 0; i < 400; i++) writeFileSync(join(dir, `m${String(i).padStart(3, '0')}.mapping.jsonc`), broken);
      const result = spawnSync('sh', ['-c', `"${process.execPath}" "${cli}" check "${dir}" | head -1; exit \${PIPESTATUS:-0}`], {
        encoding: 'utf8',
      });
      assert.equal(result.stderr, '', 'no stack trace, no message');
      assert.equal(result.stdout.split('\n').filter(Boolean).length, 1);
      const status = spawnSync(
        'bash',
        ['-c', `"${process.execPath}" "${cli}" check "${dir}" | head -1 >/dev/null; echo "\${PIPESTATUS[0]}"`],
        { encoding: 'utf8' },
      );
      assert.equal(status.stdout.trim(), '1', 'the errors found so far: exit 1');
    },
  );

  it('a dry run whose reader goes away stops early with the status earned so far', { skip: process.platform === 'win32' }, () => {
    // 20,000 users as JSON Lines; every third has no surname, so the first failing one comes early.
    const dir = tempDir();
    const lines: string[] = [];
    for (let i = 0; i < 20_000; i++)
      lines.push(
        JSON.stringify({
          userPrincipalName: `u${i}@contoso.com`,
          givenName: 'A',
          surname: i % 3 === 0 ? null : 'B',
          displayName: 'A B',
          mail: `u${i}@contoso.com`,
          department: 'Engineering',
          accountEnabled: true,
          objectId: `id-${i}`,
        }),
      );
    writeFileSync(join(dir, 'users.jsonl'), lines.join('\n'));
    const mapping = fromRoot('examples', 'aws-iam-identity-center.mapping.jsonc');
    const run = `"${process.execPath}" "${cli}" dry-run "${mapping}" --user "${join(dir, 'users.jsonl')}" --brief --jobs 1`;
    const status = spawnSync(
      'bash',
      ['-c', `${run} 2>"${join(dir, 'err.txt')}" | head -1 >/dev/null; echo "\${PIPESTATUS[0]}"`],
      { encoding: 'utf8' },
    );
    assert.equal(status.stdout.trim(), '1', 'the first user already failed: exit 1');
    assert.equal(readFileSync(join(dir, 'err.txt'), 'utf8'), '', 'no stack trace, no message');
  });

  it('another write error (/dev/full) is one message and exit 2', { skip: !existsSync('/dev/full') }, () => {
    const result = spawnSync(
      'sh',
      ['-c', `"${process.execPath}" "${cli}" check "${fromRoot('examples', 'broken')}" > /dev/full`],
      { encoding: 'utf8' },
    );
    assert.equal(result.status, 2);
    assert.equal(result.stderr, 'scim-mapper: Cannot write to stdout: ENOSPC.\n');
    // Also when the failed write is the command's last one (noticed after it returned).
    for (const args of [['rules'], ['--version'], ['eval', `'"x"'`]]) {
      const late = spawnSync('sh', ['-c', `"${process.execPath}" "${cli}" ${args.join(' ')} > /dev/full`], { encoding: 'utf8' });
      assert.equal(late.status, 2, args.join(' '));
      assert.equal(late.stderr, 'scim-mapper: Cannot write to stdout: ENOSPC.\n', args.join(' '));
    }
  });
});
