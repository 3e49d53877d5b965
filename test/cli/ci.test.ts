/**
 * Issue 11 (CI-ready) at the CLI boundary: arguments, file discovery, output formats, controls,
 * project config, suppressions, --fix and input hygiene. Each test works in its own temp folder.
 */
import assert from 'node:assert/strict';
import {
  mkdirSync,
  mkdtempSync,
  readFileSync,
  readdirSync,
  rmSync,
  symlinkSync,
  writeFileSync,
  existsSync,
  realpathSync,
} from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, describe, it } from 'node:test';
import { main } from '../../server/src/cli/main';
import type { CliIo } from '../../server/src/cli/io';
import { escapeGithubData, escapeGithubProperty } from '../../server/src/cli/format/checkFormats';
import { RULES } from '../../server/src/service/rules';
import { RULE_EXPLANATIONS } from '../../server/src/cli/ruleExplanations';
import { DRY_RUN_CODE_TABLE, type DryRunCodeInfo } from '../../server/src/service/dryrun/codes';
import { fromRoot } from '../util/paths';

const temps: string[] = [];
after(() => {
  for (const dir of temps) rmSync(dir, { recursive: true, force: true });
});

function tempDir(): string {
  const dir = realpathSync(mkdtempSync(join(tmpdir(), 'scim-ci-')));
  temps.push(dir);
  return dir;
}

async function run(
  args: string[],
  options: { cwd?: string; stdin?: string } = {},
): Promise<{ code: number; out: string; err: string }> {
  let out = '';
  let err = '';
  const io: CliIo = { out: (t) => void (out += t), err: (t) => void (err += t), colour: false };
  if (options.stdin !== undefined) io.readStdin = async () => options.stdin!;
  const before = process.cwd();
  if (options.cwd) process.chdir(options.cwd);
  try {
    const code = await main(args, io);
    return { code, out, err };
  } finally {
    process.chdir(before);
  }
}

const CLEAN = readFileSync(fromRoot('examples', 'aws-iam-identity-center.mapping.jsonc'), 'utf8');
const TYPO = readFileSync(fromRoot('test', 'fixtures', 'diagnostics', 'expr-unknown-function', 'typo.mapping.jsonc'), 'utf8');
const CASE = readFileSync(
  fromRoot('test', 'fixtures', 'diagnostics', 'expr-function-case', 'lowercase-switch.mapping.jsonc'),
  'utf8',
);

/** A clean mapping without its scope file reference, so it can be copied anywhere. */
function cleanMapping(): string {
  return `{
  "target": "aws-iam-identity-center",
  "user": {
    "mappings": [
      { "target": "userName", "source": "[userPrincipalName]", "matchingPrecedence": 1 },
      { "target": "active", "source": "Switch([IsSoftDeleted], , \\"False\\", \\"True\\", \\"True\\", \\"False\\")" },
      { "target": "displayName", "source": "[displayName]" },
      { "target": "name.givenName", "source": "[givenName]" },
      { "target": "name.familyName", "source": "[surname]" }
    ]
  }
}
`;
}

function withTitle(source: string): string {
  return cleanMapping().replace(
    '"[surname]" }',
    `"[surname]" },\n      { "target": "title", "source": ${JSON.stringify(source)} }`,
  );
}

describe('cli: arguments (node:util parseArgs)', () => {
  it('--version comes from package.json', async () => {
    const pkg = JSON.parse(readFileSync(fromRoot('package.json'), 'utf8')) as { version: string };
    for (const flag of ['--version', '-v']) {
      const result = await run([flag]);
      assert.equal(result.code, 0);
      assert.equal(result.out, `scim-mapper ${pkg.version}\n`);
    }
    assert.match((await run(['--help'])).out, /--version/);
  });

  it('check -h, check --help and help check print the command help; an unknown topic exits 2', async () => {
    for (const args of [
      ['check', '-h'],
      ['check', '--help'],
      ['help', 'check'],
    ]) {
      const result = await run(args);
      assert.equal(result.code, 0, args.join(' '));
      assert.match(result.out, /^Usage: scim-mapper check/, args.join(' '));
      assert.match(result.out, /--max-warnings/);
    }
    const unknown = await run(['help', 'frobnicate']);
    assert.equal(unknown.code, 2);
    assert.match(unknown.err, /No help topic "frobnicate"/);
  });

  it('short options, = values and -- work; bad options exit 2 with a message', async () => {
    const dir = tempDir();
    writeFileSync(join(dir, '-odd.mapping.jsonc'), cleanMapping());
    const dashed = await run(['check', '--format=json', '--', '-odd.mapping.jsonc'], { cwd: dir });
    assert.equal(dashed.code, 0, dashed.err);
    assert.deepEqual(JSON.parse(dashed.out), []);
    const report = join(dir, 'report.json');
    const short = await run(['check', '-o', report, '--format', 'json', join(dir, '-odd.mapping.jsonc')]);
    assert.equal(short.code, 0, short.err);
    assert.equal(short.out, '');
    assert.deepEqual(JSON.parse(readFileSync(report, 'utf8')), []);
    for (const args of [
      ['check', '--format'],
      ['check', '--quiet=yes'],
      ['check', '-z'],
      ['check', '--max-warnings', 'many'],
    ]) {
      const result = await run(args);
      assert.equal(result.code, 2, args.join(' '));
      assert.match(result.err, /^scim-mapper: /);
    }
  });
});

// Hostile trees must end quickly: a bound on each test, not a timing assertion.
describe('cli: files to check', { timeout: 60_000 }, () => {
  it('expands quoted globs (**, *, ?, braces) itself', async () => {
    const dir = tempDir();
    mkdirSync(join(dir, 'a', 'b'), { recursive: true });
    writeFileSync(join(dir, 'a', 'b', 'one.mapping.jsonc'), cleanMapping());
    writeFileSync(join(dir, 'a', 'two.mapping.json'), cleanMapping());
    writeFileSync(join(dir, 'x1.mapping.jsonc'), cleanMapping());
    for (const [glob, count] of [
      ['**/*.mapping.jsonc', 2],
      ['a/**/*.mapping.{json,jsonc}', 2],
      ['x?.mapping.jsonc', 1],
      ['a/*.mapping.json', 1],
    ] as const) {
      const result = await run(['check', glob], { cwd: dir });
      assert.equal(result.code, 0, `${glob}: ${result.err}`);
      assert.match(result.out, new RegExp(`^${count} files? checked`, 'm'), glob);
    }
  });

  it('honours .gitignore and the config ignore list, skips node_modules and .git, and no longer skips tools/out/dist', async () => {
    const dir = tempDir();
    for (const sub of ['tools', 'out', 'dist', 'node_modules', '.git', 'generated', 'vendor', 'deep/node_modules'])
      mkdirSync(join(dir, sub), { recursive: true });
    for (const sub of ['tools', 'out', 'dist', 'node_modules', '.git', 'generated', 'vendor', 'deep/node_modules', '.'])
      writeFileSync(join(dir, sub, 'm.mapping.jsonc'), cleanMapping());
    writeFileSync(join(dir, '.gitignore'), 'generated/\n');
    writeFileSync(join(dir, '.scim-mapper.json'), JSON.stringify({ ignore: ['vendor/**'] }));
    const result = await run(['check', '.', '--format', 'json'], { cwd: dir });
    assert.equal(result.code, 0, result.err);
    const text = await run(['check', '.'], { cwd: dir });
    assert.match(text.out, /^4 files checked/m, text.out); // ., tools, out, dist
  });

  it('no file found exits 2 naming what was searched', async () => {
    const dir = tempDir();
    const empty = await run(['check', dir]);
    assert.equal(empty.code, 2);
    assert.match(empty.err, /No files to check in ".*scim-ci-[^"]*"/);
    const glob = await run(['check', 'nothing/**/*.mapping.jsonc'], { cwd: dir });
    assert.equal(glob.code, 2);
    assert.match(glob.err, /No file matches "nothing\/\*\*\/\*\.mapping\.jsonc"/);
  });

  it('- reads stdin, named by --stdin-filename', async () => {
    const result = await run(['check', '-', '--stdin-filename', 'people.mapping.jsonc'], { stdin: TYPO });
    assert.equal(result.code, 1);
    assert.match(result.out, /^people\.mapping\.jsonc:10:39 error expr-unknown-function/m);
    const scope = await run(['check', '-', '--stdin-filename', 'x.scope.jsonc', '--format', 'json'], {
      stdin: '{ "filters": [] }',
    });
    assert.equal(scope.code, 0, scope.err);
  });

  it('symlink loops end quickly, each real folder once; dangling links and special files are reported with exit 2', async () => {
    const dir = tempDir();
    writeFileSync(join(dir, 'm.mapping.jsonc'), cleanMapping());
    symlinkSync('.', join(dir, 'a'));
    symlinkSync('.', join(dir, 'b'));
    symlinkSync(dir, join(dir, 'c'));
    const loops = await run(['check', dir]);
    assert.equal(loops.code, 0, loops.err);
    assert.match(loops.out, /^1 file checked/m);

    symlinkSync(join(dir, 'missing.mapping.jsonc'), join(dir, 'gone.mapping.jsonc'));
    symlinkSync('self.scope.jsonc', join(dir, 'self.scope.jsonc'));
    const dangling = await run(['check', dir]);
    assert.equal(dangling.code, 2);
    assert.match(dangling.err, /gone\.mapping\.jsonc": a symbolic link to a missing file/);
    assert.match(dangling.err, /self\.scope\.jsonc": a loop of symbolic links/);
    assert.match(dangling.out, /^1 file checked/m);
  });

  it('a FIFO with a checked name is reported, never opened', { skip: process.platform === 'win32' }, async () => {
    const dir = tempDir();
    const { execFileSync } = await import('node:child_process');
    execFileSync('mkfifo', [join(dir, 'x.scope.jsonc')]);
    const result = await run(['check', dir]);
    assert.equal(result.code, 2);
    assert.match(result.err, /x\.scope\.jsonc": not a regular file/);
    const named = await run(['check', join(dir, 'x.scope.jsonc')]);
    assert.equal(named.code, 2);
    assert.match(named.err, /not a regular file/);
  });

  it(
    'an unreadable folder is reported with exit 2',
    { skip: process.getuid?.() === 0 || process.platform === 'win32' },
    async () => {
      const dir = tempDir();
      const locked = join(dir, 'locked');
      mkdirSync(locked);
      writeFileSync(join(dir, 'm.mapping.jsonc'), cleanMapping());
      const { chmodSync } = await import('node:fs');
      chmodSync(locked, 0o000);
      try {
        const result = await run(['check', dir]);
        assert.equal(result.code, 2);
        assert.match(result.err, /Cannot read directory .*locked.*EACCES/);
      } finally {
        chmodSync(locked, 0o755);
      }
    },
  );
});

describe('cli: output formats and controls', () => {
  it('--format github prints one parseable workflow command per finding, escaped', async () => {
    const json = await run(['check', '--format', 'json', fromRoot('examples', 'broken')]);
    const rows = JSON.parse(json.out) as Array<{
      file: string;
      code: string;
      severity: string;
      message: string;
      range: { start: { line: number; character: number }; end: { line: number; character: number } };
    }>;
    const result = await run(['check', '--format', 'github', fromRoot('examples', 'broken')]);
    assert.equal(result.code, 1);
    const lines = result.out.trimEnd().split('\n');
    assert.equal(lines.length, rows.length);
    const unescape = (s: string) =>
      s.replace(/%2C/g, ',').replace(/%3A/g, ':').replace(/%0A/g, '\n').replace(/%0D/g, '\r').replace(/%25/g, '%');
    lines.forEach((line, i) => {
      const match = /^::(error|warning|notice) ([^:]*)::(.*)$/.exec(line);
      assert.ok(match, line);
      const props = Object.fromEntries(
        match[2].split(',').map((p) => [p.slice(0, p.indexOf('=')), unescape(p.slice(p.indexOf('=') + 1))]),
      );
      const row = rows[i];
      assert.equal(match[1], row.severity === 'error' ? 'error' : row.severity === 'warning' ? 'warning' : 'notice');
      assert.equal(props.file, row.file);
      assert.equal(props.title, row.code);
      assert.equal(Number(props.line), row.range.start.line + 1);
      assert.equal(Number(props.col), row.range.start.character + 1);
      assert.equal(Number(props.endLine), row.range.end.line + 1);
      assert.equal(Number(props.endColumn), row.range.end.character + 1);
      assert.equal(
        unescape(match[3]),
        row.message.replace(
          /[\u0000-\u0008\u000b\u000c\u000e-\u001f\u007f-\u009f]/g,
          (c) => `\\u${c.charCodeAt(0).toString(16).padStart(4, '0')}`,
        ),
      );
    });
    assert.equal(escapeGithubData('50% a\r\nb'), '50%25 a%0D%0Ab');
    assert.equal(escapeGithubProperty('a:b,c'), 'a%3Ab%2Cc');
  });

  it('--quiet shows errors only; --max-warnings fails the run past N warnings', async () => {
    const dir = tempDir();
    const path = join(dir, 'w.mapping.jsonc');
    writeFileSync(path, CASE);
    const plain = await run(['check', path]);
    assert.equal(plain.code, 0);
    assert.match(plain.out, /warning expr-function-case/);
    const quiet = await run(['check', '--quiet', path]);
    assert.doesNotMatch(quiet.out, /warning expr-function-case/);
    assert.equal((await run(['check', '--max-warnings', '1', path])).code, 0);
    const over = await run(['check', '--max-warnings', '0', path]);
    assert.equal(over.code, 1);
    assert.match(over.out, /more than --max-warnings 0/);
  });

  it('scim-mapper rules lists every rule and explains one; an unknown code exits 2', async () => {
    const list = await run(['rules']);
    assert.equal(list.code, 0);
    for (const rule of RULES) assert.match(list.out, new RegExp(`^${rule.code} +${rule.defaultSeverity}`, 'm'));
    const one = await run(['rules', 'expr-unknown-function']);
    assert.equal(one.code, 0);
    assert.match(one.out, /default: error/);
    assert.match(one.out, /Example: Joinn/);
    assert.match(one.out, /Fix: /);
    assert.equal((await run(['rules', 'nope'])).code, 2);
    for (const rule of RULES) assert.ok(RULE_EXPLANATIONS[rule.code], `${rule.code} has an explanation for "scim-mapper rules"`);
  });

  it('scim-mapper rules lists and explains every code the dry run reports too (its code table)', async () => {
    // The table is where the dry run's codes are defined: its steps can report no other (the
    // compiler holds them to it), so a new code without an explanation fails here.
    const table = Object.entries(DRY_RUN_CODE_TABLE) as Array<[string, DryRunCodeInfo]>;
    const rules = new Set(RULES.map((rule) => rule.code));
    const list = await run(['rules']);
    assert.equal(list.code, 0);
    const readme = readFileSync(fromRoot('README.md'), 'utf8');
    for (const [code, info] of table) {
      const explanation = RULE_EXPLANATIONS[code];
      assert.ok(explanation?.example && explanation.fix, `${code} has an example and a fix for "scim-mapper rules"`);
      assert.equal(!!info.rule, rules.has(code), `${code}: "rule" says whether a check rule has the code`);
      if (rules.has(code)) continue;
      assert.match(list.out, new RegExp(`^${code} +${info.severity} `, 'm'), `${code} is listed`);
      assert.ok(readme.includes(`\`${code}\``), `README.md lists the dry-run code ${code}`);
    }
    const one = await run(['rules', 'stale-value']);
    assert.equal(one.code, 0);
    assert.match(one.out, /^stale-value \(default: warning\)/);
    assert.match(one.out, /Reported by the dry run/);
    assert.match(one.out, /Example: department emptied/);
    assert.match(one.out, /Fix: /);
    const shared = await run(['rules', 'required-missing']);
    assert.match(shared.out, /The dry run reports it too \(error\)/);
    // JSON keeps every field it had and adds which front ends report the code.
    const json = JSON.parse((await run(['rules', '--format', 'json'])).out) as Array<Record<string, unknown>>;
    assert.equal(json.length, RULES.length + table.filter(([code]) => !rules.has(code)).length);
    for (const entry of json) {
      for (const key of ['code', 'defaultSeverity', 'description', 'example', 'fix', 'helpUri'])
        assert.ok(typeof entry[key] === 'string', `${String(entry.code)}.${key}`);
    }
    const conflict = json.find((entry) => entry.code === 'value-conflict');
    assert.deepEqual(conflict?.reportedBy, ['dry-run']);
    assert.deepEqual(json.find((entry) => entry.code === 'target-multi-valued')?.reportedBy, ['check', 'dry-run']);
    assert.deepEqual(json.find((entry) => entry.code === 'expr-syntax')?.reportedBy, ['check']);
  });
});

describe('cli: terminal safety, writes and pipes', { timeout: 60_000 }, () => {
  it('text output shows control characters from files visibly; JSON stays exact', async () => {
    const dir = tempDir();
    const path = join(dir, 'evil.mapping.jsonc');
    writeFileSync(path, withTitle('[\u001b]0;pwned\u0007mail\u001b[2J]'));
    const text = await run(['check', path]);
    assert.equal(text.code, 1);
    assert.doesNotMatch(text.out + text.err, /\u001b|\u0007/);
    assert.match(text.out, /\\u001b/);
    assert.match(text.out, /\\u0007/);
    const json = await run(['check', '--format', 'json', path]);
    const messages = (JSON.parse(json.out) as Array<{ message: string }>).map((r) => r.message).join('\n');
    assert.match(messages, /\u001b/);
    assert.match(messages, /\u0007/);
  });

  it('dry-run text shows control characters from samples visibly', async () => {
    const dir = tempDir();
    writeFileSync(join(dir, 'm.mapping.jsonc'), cleanMapping());
    writeFileSync(
      join(dir, 'evil.user.json'),
      JSON.stringify({
        userPrincipalName: 'a\u001b]0;owned\u0007@contoso.com\r0 errors',
        displayName: 'A',
        givenName: 'A',
        surname: 'B',
      }),
    );
    for (const extra of [[], ['--brief'], ['--details']]) {
      const result = await run(['dry-run', join(dir, 'm.mapping.jsonc'), '--user', join(dir, 'evil.user.json'), ...extra]);
      assert.doesNotMatch(result.out + result.err, /[\u0000-\u0008\u000b-\u001f\u007f]/, extra.join(' '));
      assert.match(result.out, /\\u001b/);
    }
  });

  it('convert --out refuses the input, existing files (without --force) and symlinks; writes all files or none', async () => {
    const dir = tempDir();
    const input = join(dir, 'in.synchronization.json');
    writeFileSync(input, readFileSync(fromRoot('examples', 'graph', 'aws-iam-identity-center.synchronization.json'), 'utf8'));
    const self = await run(['convert', input, '--to', 'mapping', '--out', input, '--force']);
    assert.equal(self.code, 2);
    assert.match(self.err, /it is an input of this run/);
    const out = join(dir, 'people.mapping.jsonc');
    const first = await run(['convert', input, '--to', 'mapping', '--out', out]);
    assert.ok(first.code <= 1, first.err);
    const written = readdirSync(dir).sort();
    const again = await run(['convert', input, '--to', 'mapping', '--out', out]);
    assert.equal(again.code, 2);
    assert.match(again.err, /exists \(add --force/);
    assert.ok((await run(['convert', input, '--to', 'mapping', '--out', out, '--force'])).code <= 1);
    assert.deepEqual(readdirSync(dir).sort(), written, 'no temporary files left behind');
    const link = join(dir, 'link.mapping.jsonc');
    symlinkSync(join(dir, 'elsewhere.txt'), link);
    const through = await run(['convert', input, '--to', 'mapping', '--out', link, '--force']);
    assert.equal(through.code, 2);
    assert.match(through.err, /symbolic link/);
    assert.ok(!existsSync(join(dir, 'elsewhere.txt')));
  });
});

describe('cli: all files of a result or none', { timeout: 60_000 }, () => {
  it('convert --out writes nothing when one of its files cannot be written', async () => {
    const dir = tempDir();
    const schema = fromRoot('examples', 'graph', 'aws-iam-identity-center.synchronization.json');
    // The scope file's name is taken by a folder: the mapping file must not be written either.
    mkdirSync(join(dir, 'p.user.scope.jsonc'));
    const result = await run(['convert', schema, '--to', 'mapping', '--out', join(dir, 'p.mapping.jsonc'), '--force']);
    assert.equal(result.code, 2);
    assert.match(result.err, /p\.user\.scope\.jsonc": it is not a regular file/);
    assert.deepEqual(readdirSync(dir), ['p.user.scope.jsonc']);
    const ok = await run(['convert', schema, '--to', 'mapping', '--out', join(dir, 'q.mapping.jsonc')]);
    assert.ok(ok.code <= 1, ok.err);
    assert.deepEqual(readdirSync(dir).sort(), ['p.user.scope.jsonc', 'q.mapping.jsonc', 'q.user.scope.jsonc']);
  });

  it('check -o never writes onto an input or through a link; --fix refuses a linked file', async () => {
    const dir = tempDir();
    const path = join(dir, 'f.mapping.jsonc');
    writeFileSync(path, TYPO);
    const onto = await run(['check', '-o', path, path]);
    assert.equal(onto.code, 2);
    assert.match(onto.err, /it is an input of this run/);
    assert.equal(readFileSync(path, 'utf8'), TYPO);
    symlinkSync(join(dir, 'target.txt'), join(dir, 'report.txt'));
    const linked = await run(['check', '-o', join(dir, 'report.txt'), path]);
    assert.equal(linked.code, 2);
    assert.ok(!existsSync(join(dir, 'target.txt')));
    const real = join(dir, 'real.mapping.jsonc');
    writeFileSync(real, TYPO);
    symlinkSync(real, join(dir, 'alias.mapping.jsonc'));
    const fix = await run(['check', '--fix', join(dir, 'alias.mapping.jsonc')]);
    assert.equal(fix.code, 2);
    assert.match(fix.err, /symbolic link/);
    assert.equal(readFileSync(real, 'utf8'), TYPO);
  });
});

describe('cli: project config', () => {
  it('the nearest config wins, CLI options win over it, and sourceAttributes are known to checks', async () => {
    const dir = tempDir();
    mkdirSync(join(dir, 'team'));
    const mapping = withTitle('[extensionAttributeCostCentre]');
    writeFileSync(join(dir, 'root.mapping.jsonc'), mapping);
    writeFileSync(join(dir, 'team', 'team.mapping.jsonc'), mapping);
    writeFileSync(join(dir, '.scim-mapper.json'), JSON.stringify({ rules: { 'expr-unknown-attribute': 'warning' } }));
    writeFileSync(
      join(dir, 'team', '.scim-mapper.jsonc'),
      '// the team declares its tenant attribute\n{ "sourceAttributes": { "user": [ { "name": "extensionAttributeCostCentre", "type": "String" } ] } }',
    );
    const result = await run(['check', '--format', 'json', '.'], { cwd: dir });
    const rows = JSON.parse(result.out) as Array<{ file: string; code: string; severity: string }>;
    assert.deepEqual(
      rows.filter((r) => r.code === 'expr-unknown-attribute').map((r) => [r.file, r.severity]),
      [['root.mapping.jsonc', 'warning']],
    );
    const cli = await run(['check', '--format', 'json', '--rule', 'expr-unknown-attribute=error', 'root.mapping.jsonc'], {
      cwd: dir,
    });
    assert.equal((JSON.parse(cli.out) as Array<{ severity: string }>)[0].severity, 'error');
  });

  it('a broken config is a clear error with its location, exit 2', async () => {
    const dir = tempDir();
    writeFileSync(join(dir, 'm.mapping.jsonc'), cleanMapping());
    writeFileSync(join(dir, '.scim-mapper.json'), '{\n  "rules": { "no-such-rule": "error" }\n}');
    const result = await run(['check', '.'], { cwd: dir });
    assert.equal(result.code, 2);
    assert.match(result.err, /\.scim-mapper\.json:2:14: Unknown rule "no-such-rule"/);
  });
});

describe('cli: --fix and --fix-dry-run', () => {
  it('fixes case and single-candidate typos atomically and reports what is left', async () => {
    const dir = tempDir();
    const path = join(dir, 'f.mapping.jsonc');
    writeFileSync(path, '\uFEFF' + TYPO);
    const dry = await run(['check', '--fix-dry-run', path]);
    assert.match(dry.out, /^--- a\/.*f\.mapping\.jsonc\n\+\+\+ b\/.*f\.mapping\.jsonc\n@@ -\d+,\d+ \+\d+,\d+ @@/m);
    assert.match(dry.out, /^-.*Joinn\(/m);
    assert.match(dry.out, /^\+.*Join\(/m);
    assert.equal(readFileSync(path, 'utf8'), '\uFEFF' + TYPO, 'the dry run writes nothing');
    const fixed = await run(['check', '--fix', path]);
    assert.equal(fixed.code, 0, fixed.out + fixed.err);
    const after = readFileSync(path, 'utf8');
    assert.ok(after.startsWith('\uFEFF'), 'the byte order mark is kept');
    assert.doesNotMatch(after, /Joinn/);
    assert.deepEqual(readdirSync(dir), ['f.mapping.jsonc'], 'no temporary files left');
  });
});

describe('cli: input hygiene', () => {
  it('accepts a UTF-8 BOM in mapping, scope and config files, refuses UTF-16 with one message', async () => {
    const dir = tempDir();
    writeFileSync(join(dir, 'bom.mapping.jsonc'), '\uFEFF' + cleanMapping());
    writeFileSync(join(dir, 'bom.scope.jsonc'), '\uFEFF{ "filters": [] }');
    writeFileSync(join(dir, '.scim-mapper.json'), '\uFEFF{ "graphTarget": "auto" }');
    const ok = await run(['check', '.'], { cwd: dir });
    assert.equal(ok.code, 0, ok.out + ok.err);
    writeFileSync(
      join(dir, 'wide.mapping.jsonc'),
      Buffer.concat([Buffer.from([0xff, 0xfe]), Buffer.from(cleanMapping(), 'utf16le')]),
    );
    const wide = await run(['check', '.'], { cwd: dir });
    assert.equal(wide.code, 2);
    assert.equal(wide.err.trim().split('\n').length, 1, wide.err);
    assert.match(wide.err, /wide\.mapping\.jsonc": it is UTF-16 text .*save it as UTF-8/);
  });

  it('the clean example stays clean through every format', async () => {
    const path = fromRoot('examples', 'aws-iam-identity-center.mapping.jsonc');
    for (const format of ['text', 'json', 'sarif', 'github'])
      assert.equal((await run(['check', '--format', format, path])).code, 0, format);
    assert.ok(CLEAN.length > 0);
  });
});
