import assert from 'node:assert/strict';
import { readdirSync, readFileSync, statSync } from 'node:fs';
import { join, relative } from 'node:path';
import { describe, it } from 'node:test';
import { fromRoot, projectRoot } from './util/paths';

function sources(dir: string): string[] {
  const out: string[] = [];
  for (const name of readdirSync(dir)) {
    const full = join(dir, name);
    if (statSync(full).isDirectory()) out.push(...sources(full));
    else if (name.endsWith('.ts')) out.push(full);
  }
  return out;
}

function imports(file: string): string[] {
  const text = readFileSync(file, 'utf8');
  return [...text.matchAll(/(?:import|export)[^'"]*?from\s+['"]([^'"]+)['"]|require\(\s*['"]([^'"]+)['"]\s*\)/g)].map((m) => m[1] ?? m[2]);
}

describe('architecture invariants (ARCHITECTURE.md)', () => {
  it('the language service imports neither vscode nor vscode-languageserver, nor does IO', () => {
    const offenders: string[] = [];
    for (const file of sources(fromRoot('server', 'src', 'service'))) {
      for (const spec of imports(file)) {
        if (/^vscode($|-languageserver|-languageclient)/.test(spec) || /^(node:)?(fs|child_process|net|http|https|worker_threads)$/.test(spec)) {
          offenders.push(`${relative(projectRoot, file)} imports ${spec}`);
        }
      }
    }
    assert.deepEqual(offenders, []);
  });

  it('only client/ imports vscode, and only server/src/lsp imports vscode-languageserver', () => {
    const offenders: string[] = [];
    for (const file of sources(fromRoot('server', 'src'))) {
      for (const spec of imports(file)) {
        if (spec === 'vscode') offenders.push(`${relative(projectRoot, file)} imports vscode`);
        const inLsp = relative(fromRoot('server', 'src'), file).startsWith('lsp') || file.endsWith(join('server', 'src', 'server.ts'));
        if (/^vscode-languageserver($|\/)/.test(spec) && !inLsp) offenders.push(`${relative(projectRoot, file)} imports ${spec}`);
      }
    }
    assert.deepEqual(offenders, []);
  });

  it('nothing in the product evaluates code from strings', () => {
    const offenders: string[] = [];
    for (const file of [...sources(fromRoot('server', 'src'))]) {
      const text = readFileSync(file, 'utf8');
      if (/\beval\s*\(|new\s+Function\s*\(/.test(text)) offenders.push(relative(projectRoot, file));
    }
    assert.deepEqual(offenders, []);
  });
});
