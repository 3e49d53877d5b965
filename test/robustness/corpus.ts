/** The fuzzer's seed corpus: the examples and fixtures on disk (read once, in the test process). */
import { readdirSync, readFileSync, statSync } from 'node:fs';
import { join } from 'node:path';
import { fromRoot } from '../util/paths';
import type { FuzzCorpus } from './fuzzHarness';

function files(dir: string): string[] {
  const out: string[] = [];
  for (const name of readdirSync(dir).sort()) {
    const full = join(dir, name);
    if (statSync(full).isDirectory()) out.push(...files(full));
    else out.push(full);
  }
  return out;
}

export function loadCorpus(): FuzzCorpus {
  const all = [...files(fromRoot('examples')), ...files(fromRoot('test', 'fixtures'))];
  const read = (f: string) => readFileSync(f, 'utf8');
  const gallery = fromRoot('examples', 'aws-iam-identity-center.mapping.jsonc');
  return {
    // The gallery mapping first: sample runs dry-run it.
    mappings: [gallery, ...all.filter((f) => /\.mapping\.jsonc?$/.test(f) && f !== gallery && statSync(f).size < 64_000)].map(
      read,
    ),
    scopes: [
      fromRoot('examples', 'engineering.scope.jsonc'),
      ...all.filter((f) => /\.scope\.jsonc?$/.test(f) && !f.endsWith('engineering.scope.jsonc')),
    ].map(read),
    graphs: all.filter((f) => /\.(synchronization|sync-schema)\.jsonc?$/.test(f)).map(read),
    samples: all
      .filter((f) => /[\\/](users|groups|existing)[\\/]/.test(f))
      .map((f) => ({ text: read(f), file: f.split(/[\\/]/).pop()! })),
    expressions: all
      .filter((f) => /[\\/]expressions[\\/].*\.txt$/.test(f))
      .flatMap((f) =>
        read(f)
          .split('\n')
          .filter((l) => l.trim() && !l.startsWith('#')),
      ),
  };
}
