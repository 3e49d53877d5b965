/**
 * A second, unrelated editor: headless Neovim (Debian's 0.7) starts
 * `scim-mapper-language-server --stdio` through its built-in LSP client, on the examples. This
 * proves the server speaks plain LSP over stdio and nothing VS Code-specific: push diagnostics
 * (Neovim 0.7 cannot pull), completion, hover, settings pushed by the client, and a
 * clean exit on shutdown.
 *
 * Run with `npm run test:neovim` (node --test on the bundled file).
 */
import assert from 'node:assert/strict';
import { spawn } from 'node:child_process';
import fs from 'node:fs';
import path from 'node:path';
import { after, before, describe, it } from 'node:test';
// scripts/e2e/lib.mjs is an ES module and this file compiles as CommonJS under the repository's
// tsconfig, so the library is loaded with import() (esbuild bundles it either way).
import type { Sandbox } from '../../scripts/e2e/lib.mjs' with { 'resolution-mode': 'import' };

type Lib = typeof import('../../scripts/e2e/lib.mjs', { with: { 'resolution-mode': 'import' } });
let lib: Lib;

interface LspDiagnostic {
  code: string;
  source?: string;
  severity: number;
  message: string;
  range: { start: { line: number; character: number }; end: { line: number; character: number } };
}

interface Report {
  initialized: boolean;
  capabilities?: { completion: boolean; hover: boolean; diagnosticPull: boolean };
  got_diagnostics: boolean;
  published: Array<{ version?: number; diagnostics: LspDiagnostic[] }>;
  vim_diagnostics: Array<{ lnum: number; col: number; severity: number; source?: string }>;
  responses: Record<string, { result?: unknown; error?: string }>;
  exited: boolean;
  exit?: { code: number; signal: number };
  probe_error?: string;
}

interface Request {
  name: string;
  method: string;
  position: { line: number; character: number };
}

const NVIM = process.env.NVIM_PATH ?? 'nvim';
const TIMEOUT_MS = 60_000;
let SERVER: string;
let PROBE: string;

let sandbox: Sandbox;
let workspace: string;

/** The 0-based position of `needle` (plus `delta`) in a file, as LSP counts (UTF-16). */
function positionOf(file: string, needle: string, delta = 0): { line: number; character: number } {
  const lines = fs.readFileSync(file, 'utf8').split('\n');
  const line = lines.findIndex((l) => l.includes(needle));
  assert.ok(line >= 0, `${needle} in ${file}`);
  return { line, character: lines[line].indexOf(needle) + delta };
}

/** Runs the probe in its own process group (Neovim and the server it starts) and parses its report. */
function probe(
  file: string,
  requests: Request[] = [],
  options: { settings?: unknown; waitWithout?: string[] } = {},
): Promise<Report> {
  const plan = { cmd: [process.execPath, SERVER, '--stdio'], file, requests, ...options, timeoutMs: 20_000 };
  return new Promise((resolve, reject) => {
    const child = spawn(NVIM, ['--headless', '--clean', '-n', '-i', 'NONE', '-c', `luafile ${PROBE}`], {
      cwd: workspace,
      detached: true,
      stdio: ['ignore', 'pipe', 'pipe'],
      env: { ...process.env, ...sandbox.env, SCIM_NVIM_PLAN: JSON.stringify(plan) },
    });
    const { killGroup, registerCleanup } = lib;
    const unregister = registerCleanup(() => killGroup(child.pid, 'SIGKILL'));
    let stdout = '';
    let stderr = '';
    child.stdout.on('data', (chunk) => (stdout += String(chunk)));
    child.stderr.on('data', (chunk) => (stderr += String(chunk)));
    const timer = setTimeout(() => {
      killGroup(child.pid, 'SIGKILL');
      reject(new Error(`nvim did not finish within ${TIMEOUT_MS} ms\nstdout: ${stdout}\nstderr: ${stderr}`));
    }, TIMEOUT_MS);
    child.once('error', reject);
    child.once('close', (code) => {
      clearTimeout(timer);
      unregister();
      killGroup(child.pid, 'SIGKILL'); // anything the probe left behind
      const line = stdout.split('\n').find((l) => l.startsWith('{'));
      if (!line) return reject(new Error(`nvim printed no report (exit ${code})\nstdout: ${stdout}\nstderr: ${stderr}`));
      const report = JSON.parse(line) as Report;
      if (report.probe_error || code !== 0)
        return reject(new Error(`the probe failed (exit ${code}): ${report.probe_error ?? stderr}`));
      resolve(report);
    });
  });
}

function completionLabels(report: Report, name: string): string[] {
  const response = report.responses[name];
  assert.ok(response, `a response to ${name}`);
  assert.equal(response.error, undefined, `${name} failed: ${response.error}`);
  const result = response.result as { items?: Array<{ label: string }> } | Array<{ label: string }> | null;
  const items = Array.isArray(result) ? result : (result?.items ?? []);
  return items.map((i) => i.label);
}

function lastPublished(report: Report): LspDiagnostic[] {
  assert.ok(report.got_diagnostics, 'the server published diagnostics');
  return report.published[report.published.length - 1].diagnostics;
}

describe('Neovim drives scim-mapper-language-server --stdio', () => {
  before(async () => {
    lib = await import('../../scripts/e2e/lib.mjs');
    const { ROOT } = lib;
    SERVER = path.join(ROOT, 'bin', 'scim-mapper-language-server.js');
    PROBE = path.join(ROOT, 'test', 'neovim', 'lsp-probe.lua');
    sandbox = lib.makeSandbox('scim-neovim-');
    workspace = path.join(sandbox.dir, 'examples');
    fs.cpSync(path.join(ROOT, 'examples'), workspace, { recursive: true });
    assert.ok(fs.existsSync(path.join(ROOT, 'server', 'dist', 'server.js')), 'the server is built (node esbuild.mjs)');
  });

  after(() => sandbox?.cleanup());

  it('publishes our diagnostics for the broken example, with our codes and ranges', async () => {
    const file = path.join(workspace, 'broken', 'broken.mapping.jsonc');
    const report = await probe(file);
    assert.equal(report.initialized, true);
    assert.equal(report.capabilities?.diagnosticPull, false, 'Neovim 0.7 cannot pull, so the server pushes');
    const diagnostics = lastPublished(report);
    const codes = new Set(diagnostics.map((d) => d.code));
    for (const code of [
      'schema',
      'scope-file-missing',
      'expr-unknown-function',
      'expr-unknown-attribute',
      'target-unsupported',
      'target-multi-valued',
      'matching-not-filterable',
      'required-missing',
      'scope-invalid-regex',
    ]) {
      assert.ok(codes.has(code), `${code} (have ${[...codes].join(', ')})`);
    }
    assert.ok(diagnostics.every((d) => d.source === 'scim-mapper'));
    const joinn = diagnostics.find((d) => d.code === 'expr-unknown-function');
    assert.deepEqual(joinn?.range.start, positionOf(file, 'Joinn('));
    assert.equal(joinn?.range.end.character, positionOf(file, 'Joinn(').character + 'Joinn'.length);
    assert.equal(joinn?.severity, 1, 'error');
    // Neovim turned them into its own diagnostics (0-based lines, the same count).
    assert.equal(report.vim_diagnostics.length, diagnostics.length);
    assert.ok(report.vim_diagnostics.some((d) => d.lnum === joinn?.range.start.line && d.col === joinn?.range.start.character));
  });

  it('answers completion in a target and after [, and hover on a function', async () => {
    const file = path.join(workspace, 'aws-iam-identity-center.mapping.jsonc');
    const report = await probe(file, [
      { name: 'target', method: 'textDocument/completion', position: positionOf(file, '"title"', 1) },
      { name: 'attribute', method: 'textDocument/completion', position: positionOf(file, '[jobTitle]', 1) },
      { name: 'hover', method: 'textDocument/hover', position: positionOf(file, 'Join(', 1) },
    ]);
    assert.deepEqual(lastPublished(report), [], 'the gallery mapping has no problems');
    const targets = completionLabels(report, 'target');
    for (const label of ['userName', 'name.familyName', 'emails[type eq "work"].value'])
      assert.ok(targets.includes(label), `target completion offers ${label}`);
    assert.ok(!targets.includes('password'));
    const attributes = completionLabels(report, 'attribute');
    for (const label of ['givenName', 'userPrincipalName', 'IsSoftDeleted'])
      assert.ok(attributes.includes(label), `[ completion offers ${label}`);
    const hover = report.responses.hover?.result as { contents?: { value?: string } } | undefined;
    assert.match(hover?.contents?.value ?? '', /Join\(separator/);
  });

  it("reads rule severities from the editor's settings (workspace/didChangeConfiguration)", async () => {
    const file = path.join(workspace, 'broken', 'broken.mapping.jsonc');
    const report = await probe(file, [], {
      settings: { scimMapper: { rules: { 'expr-function-case': 'off', 'target-unsupported': 'hint' } } },
      // The first publish may come before the settings arrive; wait for one that reflects them.
      waitWithout: ['expr-function-case'],
    });
    const diagnostics = lastPublished(report);
    assert.ok(!diagnostics.some((d) => d.code === 'expr-function-case'), 'a rule set to off is not reported');
    assert.equal(diagnostics.find((d) => d.code === 'target-unsupported')?.severity, 4, 'a rule set to hint is a hint');
  });

  it('exits with status 0 after shutdown and exit', async () => {
    const report = await probe(path.join(workspace, 'engineering.scope.jsonc'));
    assert.equal(report.exited, true, 'the server exited');
    assert.deepEqual(report.exit, { code: 0, signal: 0 });
  });
});
