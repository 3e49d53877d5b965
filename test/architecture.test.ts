import assert from 'node:assert/strict';
import { existsSync, readdirSync, readFileSync, statSync } from 'node:fs';
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
  return [...text.matchAll(/(?:import|export)[^'"]*?from\s+['"]([^'"]+)['"]|require\(\s*['"]([^'"]+)['"]\s*\)/g)].map(
    (m) => m[1] ?? m[2],
  );
}

describe('architecture invariants (ARCHITECTURE.md)', () => {
  it('the language service imports neither vscode nor vscode-languageserver, nor does IO', () => {
    const offenders: string[] = [];
    for (const file of sources(fromRoot('server', 'src', 'service'))) {
      for (const spec of imports(file)) {
        if (
          /^vscode($|-languageserver|-languageclient)/.test(spec) ||
          /^(node:)?(fs|child_process|net|http|https|worker_threads)$/.test(spec)
        ) {
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
        const inLsp =
          relative(fromRoot('server', 'src'), file).startsWith('lsp') || file.endsWith(join('server', 'src', 'server.ts'));
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

  it('layers import only downwards: text < expression < catalog < model < aws < rules / evaluate < service core < convert < features / dryrun < lsp / cli / host', () => {
    const offenders: string[] = [];
    const src = fromRoot('server', 'src');
    for (const file of sources(src)) {
      const from = relative(src, file).split('\\').join('/');
      const own = layerOf(from);
      for (const spec of imports(file)) {
        if (!spec.startsWith('.')) continue;
        const to = relative(src, join(file, '..', spec))
          .split('\\')
          .join('/');
        if (to.startsWith('..')) continue; // schemas/*.json and the like
        const isFolder = existsSync(join(src, to)) && statSync(join(src, to)).isDirectory();
        const target = layerOf(to.endsWith('.ts') || to.endsWith('.json') ? to : isFolder ? `${to}/index.ts` : `${to}.ts`);
        if (target > own) offenders.push(`${from} (${LAYERS[own]}) imports ${to} (${LAYERS[target]})`);
      }
    }
    assert.deepEqual(offenders, []);
  });
});

/** The layers, lowest first; ARCHITECTURE.md draws them. A file may import its own layer and those below. */
const LAYERS = [
  'text',
  'expression',
  'catalog',
  'model',
  'aws',
  'rules / evaluate',
  'service core',
  'convert',
  'features / dryrun',
  'lsp / cli / host',
] as const;

/** Graph schema code spans layers: reading into the model, fixes for rules, conversion. */
const GRAPH_LAYERS: Record<string, (typeof LAYERS)[number]> = {
  'types.ts': 'model',
  'json.ts': 'model',
  'read.ts': 'model',
  'tree.ts': 'model',
  'paths.ts': 'model',
  'fixes.ts': 'rules / evaluate',
  'words.ts': 'rules / evaluate',
  'write.ts': 'convert',
  'toMapping.ts': 'convert',
  'convert.ts': 'convert',
  'requests.ts': 'convert',
  'index.ts': 'convert',
};

function layerOf(path: string): number {
  const at = (name: (typeof LAYERS)[number]): number => LAYERS.indexOf(name);
  const parts = path.split('/');
  if (parts[0] !== 'service') return at('lsp / cli / host'); // lsp/, cli/, host/, server.ts, protocol.ts
  const folder = parts.length > 2 ? parts[1] : '';
  // The shapes of the catalogs are plain types that the expression binder reads too.
  if (path === 'service/catalog/types.ts') return at('text');
  switch (folder) {
    case 'text':
    case 'util':
    case 'regex':
      return at('text');
    case 'expression':
      return at('expression');
    case 'catalog':
      return at('catalog');
    case 'model':
    case 'schema':
      return at('model');
    case 'aws':
      return at('aws');
    case 'rules':
    case 'evaluate':
      return at('rules / evaluate');
    case 'graph':
      return at(GRAPH_LAYERS[parts[2]] ?? 'convert');
    case 'features':
    case 'dryrun':
      return at('features / dryrun');
    case '':
      return at('service core'); // languageService.ts, mappingChecks.ts, verdict.ts
    default:
      return at('features / dryrun');
  }
}
