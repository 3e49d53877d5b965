/**
 * Hostile files named by a mapping or a command line (issue 16): /dev/zero, a symlink to it, a
 * FIFO, a huge file, a UNC path, a path out of the workspace, URL-looking scope strings. Every case
 * must end at once with a clear message; none may hang, grow without bound or become a link.
 * A FIFO that nobody writes to would block a naive read forever, so these tests finishing at all
 * is part of what they prove.
 */
import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import { mkdirSync, mkdtempSync, realpathSync, rmSync, symlinkSync, truncateSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { pathToFileURL } from 'node:url';
import { after, before, describe, it } from 'node:test';
import { createFileHost } from '../../server/src/host/fileHost';
import { CachedFileReader, FileReadError, isRemotePath, localPathOf, readFileSafely } from '../../server/src/host/readFileSafely';
import { WorkspaceAccess } from '../../server/src/lsp/workspaceAccess';
import { main } from '../../server/src/cli/main';
import { catalogs } from '../../server/src/service/catalog';
import { documentLinks } from '../../server/src/service/features';
import { LanguageService } from '../../server/src/service/languageService';
import { resolveScopePath } from '../../server/src/service/model/scopePath';
import { TestClient } from '../lsp/client';
import { opened } from '../features/helpers';

const SCOPE = JSON.stringify({ filters: [{ clauses: [{ attribute: 'department', operator: 'EQUALS', value: 'Engineering' }] }] });

function mapping(scope: string): string {
  return JSON.stringify({
    target: 'aws-iam-identity-center',
    user: { scope, mappings: [{ target: 'userName', source: '[userPrincipalName]', matchingPrecedence: 1 }] },
  });
}

function failure(work: () => unknown): FileReadError {
  try {
    work();
  } catch (error) {
    assert.ok(error instanceof FileReadError, String(error));
    return error;
  }
  assert.fail('expected a FileReadError');
}

let dir: string;
let workspace: string;
before(() => {
  dir = realpathSync(mkdtempSync(join(tmpdir(), 'scim-mapper-hostile-')));
  workspace = join(dir, 'ws');
  mkdirSync(workspace);
  writeFileSync(join(workspace, 'ok.scope.json'), SCOPE);
  writeFileSync(join(workspace, 'we#ird %20?name.scope.json'), SCOPE);
  writeFileSync(join(dir, 'outside.scope.json'), SCOPE);
  symlinkSync('/dev/zero', join(workspace, 'evil.scope.jsonc'));
  symlinkSync(join(dir, 'outside.scope.json'), join(workspace, 'escape.scope.json'));
  assert.equal(spawnSync('mkfifo', [join(workspace, 'x.scope.jsonc')]).status, 0, 'mkfifo');
  // A sparse 150 MB file: no disk space, but stat says 150 MB.
  writeFileSync(join(workspace, 'huge.scope.json'), '');
  truncateSync(join(workspace, 'huge.scope.json'), 150 * 1024 * 1024);
});
after(() => rmSync(dir, { recursive: true, force: true }));

describe('readFileSafely', () => {
  it('refuses /dev/zero, a symlink to it, a FIFO and a directory before reading', () => {
    assert.equal(failure(() => readFileSafely('/dev/zero')).reason, 'not-regular');
    const link = failure(() => readFileSafely(join(workspace, 'evil.scope.jsonc')));
    assert.equal(link.reason, 'not-regular');
    assert.match(link.message, /character device/);
    const fifo = failure(() => readFileSafely(join(workspace, 'x.scope.jsonc')));
    assert.equal(fifo.reason, 'not-regular');
    assert.match(fifo.message, /FIFO/);
    assert.equal(failure(() => readFileSafely(workspace)).reason, 'not-regular');
  });

  it('checks the size before reading', () => {
    const error = failure(() => readFileSafely(join(workspace, 'huge.scope.json'), { maxBytes: 12_000_000 }));
    assert.equal(error.reason, 'too-large');
    assert.equal(error.size, 150 * 1024 * 1024);
  });

  it('refuses other computers, missing files and real paths outside the roots', () => {
    assert.ok(isRemotePath('\\\\host\\share\\x.scope.json') && isRemotePath('//host/share/x'));
    assert.equal(failure(() => readFileSafely('//host/share/x.scope.json')).reason, 'remote');
    assert.equal(localPathOf('file://evil-host/share/x.scope.json'), undefined);
    assert.equal(localPathOf('https://example.com/x'), undefined);
    assert.equal(failure(() => readFileSafely(join(workspace, 'nope.json'))).reason, 'missing');
    assert.equal(readFileSafely(join(workspace, 'ok.scope.json'), { roots: [workspace] }), SCOPE);
    // The symlink is inside, its target is not: the real path decides.
    assert.equal(failure(() => readFileSafely(join(workspace, 'escape.scope.json'), { roots: [workspace] })).reason, 'outside');
  });

  it('the cached reader answers an unchanged file without reading it again, and sees changes', () => {
    const reader = new CachedFileReader();
    const path = join(workspace, 'cached.scope.json');
    writeFileSync(path, SCOPE);
    const first = reader.read(path);
    assert.equal(reader.read(path), first);
    writeFileSync(path, SCOPE + ' ');
    assert.equal(reader.read(path), SCOPE + ' ');
  });
});

describe('scope paths are file paths, never URLs', () => {
  const base = 'file:///home/user/project/users.mapping.json';
  it('#, % and ? are parts of names', () => {
    assert.deepEqual(resolveScopePath(base, 'we#ird %20?name.scope.json'), {
      ok: true,
      uri: 'file:///home/user/project/we%23ird%20%2520%3Fname.scope.json',
    });
    assert.deepEqual(resolveScopePath(base, '../shared/./a.scope.json'), {
      ok: true,
      uri: 'file:///home/user/shared/a.scope.json',
    });
    assert.deepEqual(resolveScopePath(base, 'sub\\b.scope.json'), {
      ok: true,
      uri: 'file:///home/user/project/sub/b.scope.json',
    });
  });
  it('URLs and other computers are refused', () => {
    for (const path of [
      'command:workbench.action.terminal.sendSequence?%7B%22text%22%3A%22x%22%7D',
      'https://example.com/a.scope.json',
      'vscode://x',
      '//host/share/x.scope.json',
      '\\\\host\\share\\x.scope.json',
      'file:///etc/passwd',
    ]) {
      assert.equal(resolveScopePath(base, path).ok, false, path);
    }
  });
  it('document links are file: links only', () => {
    const service = new LanguageService({ host: { readFile: () => undefined }, catalogs });
    for (const path of [
      'command:workbench.action.terminal.sendSequence?x',
      'https://example.com/a',
      'vscode:extension/x',
      '//host/share/x',
      'javascript:alert(1)',
    ]) {
      assert.deepEqual(documentLinks(...opened(service, base, mapping(path))), [], path);
    }
    const links = documentLinks(...opened(service, base, mapping('./a#b.scope.json')));
    assert.equal(links.length, 1);
    assert.equal(links[0].target, 'file:///home/user/project/a%23b.scope.json');
  });
});

describe('untrusted workspaces', () => {
  it('ignore a larger maxDocumentLength and allowOutsideWorkspace', () => {
    const access = new WorkspaceAccess(() => []);
    access.initialize({ processId: null, rootUri: pathToFileURL(workspace).href, capabilities: {} }, false);
    const settings = access.restrict(
      { maxDocumentLength: 1e12 },
      { maxDocumentLength: 1e12, files: { allowOutsideWorkspace: true } },
    );
    assert.equal(settings.maxDocumentLength, 4_000_000);
    assert.deepEqual(access.roots(), [workspace]);
  });
  it('a trusted workspace may widen reads', () => {
    const access = new WorkspaceAccess(() => []);
    access.initialize({ processId: null, rootUri: pathToFileURL(workspace).href, capabilities: {} }, true);
    access.restrict({}, { files: { allowOutsideWorkspace: true } });
    assert.equal(access.roots(), undefined);
  });
  it('without a folder, VS Code sessions read only beside their open files', () => {
    writeFileSync(join(workspace, 'a.mapping.json'), mapping('./ok.scope.json'));
    const access = new WorkspaceAccess(() => [pathToFileURL(join(workspace, 'a.mapping.json')).href]);
    access.initialize({ processId: null, rootUri: null, capabilities: {} }, true, true);
    assert.deepEqual(access.roots(), [workspace]);
    // Other editors without a folder read like the CLI.
    const other = new WorkspaceAccess(() => []);
    other.initialize({ processId: null, rootUri: null, capabilities: {} }, true, false);
    assert.equal(other.roots(), undefined);
  });
  it('the file host lists no directory outside the roots', () => {
    const host = createFileHost({ roots: () => [workspace] });
    assert.deepEqual(host.listFiles(pathToFileURL(dir).href + '/'), []);
    assert.ok(host.listFiles(pathToFileURL(workspace).href + '/').includes('ok.scope.json'));
  });
});

describe('the CLI on hostile files', () => {
  async function cli(args: string[]): Promise<{ code: number; out: string; err: string }> {
    let out = '';
    let err = '';
    const code = await main(args, { out: (t) => void (out += t), err: (t) => void (err += t), colour: false });
    return { code, out, err };
  }

  it('check: scope "/dev/zero", a symlink to it, a FIFO and a 150 MB scope file are reported, not read', async () => {
    for (const scope of [
      '/dev/zero',
      './evil.scope.jsonc',
      './x.scope.jsonc',
      './huge.scope.json',
      '//host/share/x.scope.json',
      'command:x',
    ]) {
      const file = join(workspace, 'hostile.mapping.json');
      writeFileSync(file, mapping(scope));
      const result = await cli(['check', file, '--format', 'json']);
      assert.equal(result.code, 1, `${scope}: ${result.err}`);
      const rows = JSON.parse(result.out) as Array<{ code: string; message: string }>;
      const row = rows.find((r) => r.code === 'scope-file-missing');
      assert.ok(row, `${scope}: ${result.out}`);
      assert.match(row.message, /not a regular file|bytes|another computer|not URLs|characters/, scope);
    }
  });

  it('check: a FIFO or a symlink to /dev/zero named on the command line ends with exit 2 and a message', async () => {
    for (const name of ['x.scope.jsonc', 'evil.scope.jsonc']) {
      const result = await cli(['check', join(workspace, name)]);
      assert.equal(result.code, 2, name);
      assert.match(result.err, /not a regular file/);
    }
  });

  it('check DIR: a FIFO or a device among the files ends with exit 2, instead of hanging', async () => {
    const result = await cli(['check', workspace]);
    assert.equal(result.code, 2, result.out);
    assert.match(result.err, /not a regular file/);
  });

  it('dry-run: a FIFO as the sample file ends with exit 2', async () => {
    writeFileSync(join(workspace, 'calm.mapping.json'), mapping('./ok.scope.json'));
    const result = await cli(['dry-run', join(workspace, 'calm.mapping.json'), '--user', join(workspace, 'x.scope.jsonc')]);
    assert.equal(result.code, 2);
    assert.match(result.err, /FIFO/);
  });
});

describe('the language server on hostile files', () => {
  let client: TestClient;
  before(async () => {
    client = new TestClient();
    await client.connection.sendRequest('initialize', {
      processId: process.pid,
      rootUri: pathToFileURL(workspace).href,
      capabilities: {},
      initializationOptions: { workspaceTrusted: false, restrictToWorkspace: true },
    });
    await client.connection.sendNotification('initialized', {});
  });
  after(() => client.kill());

  it('reports each hostile scope path with a reason, and keeps answering', async () => {
    const cases: Array<[string, RegExp]> = [
      ['/dev/zero', /outside the workspace/],
      ['./evil.scope.jsonc', /outside the workspace|not a regular file/],
      ['./x.scope.jsonc', /not a regular file/],
      ['./huge.scope.json', /larger than/],
      ['../outside.scope.json', /outside the workspace/],
      ['./escape.scope.json', /outside the workspace/],
      ['//host/share/x.scope.json', /another computer/],
    ];
    let version = 1;
    const uri = pathToFileURL(join(workspace, 'lsp.mapping.json')).href;
    await client.open(uri, 'scim-mapping', mapping('./ok.scope.json'), version);
    for (const [scope, reason] of cases) {
      version++;
      const published = client.diagnostics(uri, (p) => p.version === version);
      await client.change(uri, version, mapping(scope));
      const diagnostic = (await published).diagnostics.find((d) => d.code === 'scope-file-missing');
      assert.ok(diagnostic, scope);
      assert.match(diagnostic.message, reason, scope);
    }
  });

  it('a scope file with #, % and ? in its name is found, and links are file: only', async () => {
    const uri = pathToFileURL(join(workspace, 'names.mapping.json')).href;
    const published = client.diagnostics(uri);
    await client.open(uri, 'scim-mapping', mapping('we#ird %20?name.scope.json'));
    assert.deepEqual(
      (await published).diagnostics.filter((d) => d.code === 'scope-file-missing'),
      [],
    );
    const links = await client.request<Array<{ target: string }>>('textDocument/documentLink', { textDocument: { uri } });
    assert.equal(links.length, 1);
    assert.match(links[0].target, /^file:\/\/\/.*we%23ird%20%2520%3Fname\.scope\.json$/);
    const hostile = pathToFileURL(join(workspace, 'command.mapping.json')).href;
    await client.open(hostile, 'scim-mapping', mapping('command:workbench.action.terminal.sendSequence?%7B%7D'));
    assert.deepEqual(await client.request('textDocument/documentLink', { textDocument: { uri: hostile } }), []);
  });

  it('scope completion lists nothing outside the workspace', async () => {
    const uri = pathToFileURL(join(workspace, 'complete.mapping.json')).href;
    const text = mapping('../');
    await client.open(uri, 'scim-mapping', text);
    const offset = text.indexOf('../') + 3;
    const list = await client.request<{ items: Array<{ label: string }> } | null>('textDocument/completion', {
      textDocument: { uri },
      position: { line: 0, character: offset },
    });
    assert.deepEqual(
      (list?.items ?? []).filter((i) => i.label.includes('outside')),
      [],
    );
  });

  it('a FIFO as the sample of a dry run is refused with a message', async () => {
    const response = await client.request<{ errors: Array<{ message: string }> }>('scimMapper/dryRun', {
      mappingUri: pathToFileURL(join(workspace, 'lsp.mapping.json')).href,
      object: 'user',
      sample: { uri: pathToFileURL(join(workspace, 'x.scope.jsonc')).href },
    });
    assert.match(response.errors[0]?.message ?? '', /FIFO/);
  });
});
