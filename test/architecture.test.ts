import assert from 'node:assert/strict';
import { existsSync, readdirSync, readFileSync, statSync } from 'node:fs';
import { dirname, join, relative, resolve } from 'node:path';
import { describe, it } from 'node:test';
import ts from 'typescript';
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

  it('no import cycles in server/src and client/src, type-only imports and re-exports included', () => {
    // A cycle of type-only imports costs nothing at run time, but it ties modules together: neither
    // can be understood, moved or layered without the other. Shared types belong in the lower module.
    const cycles = importCycles(importGraph([fromRoot('server', 'src'), fromRoot('client', 'src')]));
    assert.deepEqual(
      cycles.map((cycle) => cycle.join(' -> ')),
      [],
      'import cycles (strongly connected modules); move what they share into a lower module',
    );
  });

  it('the cycle finder finds cycles of two or more modules and self-imports, and nothing else', () => {
    const graph = new Map<string, string[]>([
      ['a.ts', ['b.ts']],
      ['b.ts', ['c.ts', 'd.ts']],
      ['c.ts', ['a.ts']],
      ['d.ts', ['e.ts']],
      ['e.ts', []],
      ['f.ts', ['f.ts']],
      ['g.ts', ['a.ts', 'e.ts']],
      ['h.ts', ['i.ts']],
      ['i.ts', ['h.ts', 'e.ts']],
    ]);
    assert.deepEqual(importCycles(graph), [['a.ts', 'b.ts', 'c.ts'], ['f.ts'], ['h.ts', 'i.ts']]);
    assert.deepEqual(
      importCycles(
        new Map([
          ['a.ts', ['b.ts']],
          ['b.ts', []],
        ]),
      ),
      [],
    );
  });

  it('the import graph reads type-only imports, re-exports, side-effect and dynamic imports, not comments', () => {
    const source = [
      "import type { A } from './a';",
      "export type { B } from '../b';",
      "export * from './c/index';",
      "import './d';",
      "type E = import('./e').E;",
      "import { f } from 'some-package';",
      "// import { g } from './g';",
      'const text = "import { h } from \'./h\'";',
    ].join('\n');
    assert.deepEqual(relativeImports(source), ['./a', '../b', './c/index', './d', './e']);
  });

  it('lsp/ is layered: shared parts < request and feature handlers < startServer.ts (which only server.ts imports)', () => {
    const offenders: string[] = [];
    const lsp = fromRoot('server', 'src', 'lsp');
    const graph = importGraph([fromRoot('server', 'src')]);
    for (const [from, targets] of graph) {
      const fromLsp = from.startsWith('server/src/lsp/');
      for (const to of targets) {
        if (!to.startsWith('server/src/lsp/')) continue;
        if (!fromLsp) {
          if (from !== 'server/src/server.ts') offenders.push(`${from} imports ${to} (only server.ts starts the server)`);
          continue;
        }
        const own = lspLayerOf(relative(lsp, fromRoot(from)));
        const target = lspLayerOf(relative(lsp, fromRoot(to)));
        if (target > own) offenders.push(`${from} (${LSP_LAYERS[own]}) imports ${to} (${LSP_LAYERS[target]})`);
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

/** The relative module specifiers a TypeScript file names: imports and re-exports (type-only too), `import()`, `require()`. */
function relativeImports(text: string): string[] {
  return ts
    .preProcessFile(text, true, true)
    .importedFiles.map((file) => file.fileName)
    .filter((spec) => spec.startsWith('.'));
}

/** Every module under `roots` (paths relative to the project, `/`-separated) with the modules it imports. */
function importGraph(roots: string[]): Map<string, string[]> {
  const files = roots.flatMap(sources);
  const known = new Set(files);
  const key = (file: string) => relative(projectRoot, file).split('\\').join('/');
  const graph = new Map<string, string[]>();
  for (const file of files) {
    const targets = new Set<string>();
    for (const spec of relativeImports(readFileSync(file, 'utf8'))) {
      const base = resolve(dirname(file), spec);
      const target = [base, `${base}.ts`, base.replace(/\.js$/, '.ts'), join(base, 'index.ts')].find((f) => known.has(f));
      if (target) targets.add(key(target)); // .json data and files outside the roots cannot import back
    }
    graph.set(key(file), [...targets].sort());
  }
  return graph;
}

/**
 * The import cycles of a graph: its strongly connected components of more than one module, and
 * modules that import themselves (Tarjan's algorithm, iterative). Each cycle is sorted, and the
 * list is sorted by its first module, so the failure message is stable.
 */
function importCycles(graph: ReadonlyMap<string, readonly string[]>): string[][] {
  const index = new Map<string, number>();
  const low = new Map<string, number>();
  const stack: string[] = [];
  const onStack = new Set<string>();
  const cycles: string[][] = [];
  let next = 0;
  for (const start of graph.keys()) {
    if (index.has(start)) continue;
    // Each frame: a module and how many of its imports have been followed.
    const frames: Array<{ node: string; edge: number }> = [{ node: start, edge: 0 }];
    index.set(start, next);
    low.set(start, next++);
    stack.push(start);
    onStack.add(start);
    while (frames.length > 0) {
      const frame = frames[frames.length - 1];
      const edges = graph.get(frame.node) ?? [];
      if (frame.edge < edges.length) {
        const target = edges[frame.edge++];
        if (!index.has(target)) {
          index.set(target, next);
          low.set(target, next++);
          stack.push(target);
          onStack.add(target);
          frames.push({ node: target, edge: 0 });
        } else if (onStack.has(target)) {
          low.set(frame.node, Math.min(low.get(frame.node)!, index.get(target)!));
        }
        continue;
      }
      frames.pop();
      const parent = frames[frames.length - 1];
      if (parent) low.set(parent.node, Math.min(low.get(parent.node)!, low.get(frame.node)!));
      if (low.get(frame.node) !== index.get(frame.node)) continue;
      const component: string[] = [];
      let member: string;
      do {
        member = stack.pop()!;
        onStack.delete(member);
        component.push(member);
      } while (member !== frame.node);
      if (component.length > 1 || edges.includes(frame.node)) cycles.push(component.sort());
    }
  }
  return cycles.sort((a, b) => (a[0] < b[0] ? -1 : a[0] > b[0] ? 1 : 0));
}

/**
 * The language server's own layers, lowest first: what handlers share (the context, settings,
 * conversions, error handling), the handlers of features and custom requests, and startServer.ts,
 * which builds the context and registers the handlers. A new module is a handler unless listed.
 */
const LSP_LAYERS = ['shared parts', 'handlers', 'server'] as const;
const LSP_LAYER_OF: Record<string, (typeof LSP_LAYERS)[number]> = {
  'serverContext.ts': 'shared parts',
  'settings.ts': 'shared parts',
  'convert.ts': 'shared parts',
  'runSafe.ts': 'shared parts',
  'workspaceAccess.ts': 'shared parts',
  'startServer.ts': 'server',
};

function lspLayerOf(path: string): number {
  return LSP_LAYERS.indexOf(LSP_LAYER_OF[path.split('\\').join('/')] ?? 'handlers');
}
