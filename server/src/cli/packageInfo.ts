/**
 * The package's own facts (version, home page) read from package.json at run time, so that
 * `--version` and SARIF's `tool.driver` can never disagree with what npm installed. The bundle
 * lives in dist/, the compiled tests in out/…; both find package.json by walking upward.
 */
import { existsSync, readFileSync } from 'node:fs';
import { dirname, join } from 'node:path';

export interface PackageInfo {
  name: string;
  version: string;
  /** Where the README is published; the SARIF rules link to its code table. */
  homepage: string;
}

let cached: PackageInfo | undefined;

export function packageInfo(): PackageInfo {
  if (cached) return cached;
  let dir = __dirname;
  for (;;) {
    const candidate = join(dir, 'package.json');
    if (existsSync(candidate)) {
      try {
        const json = JSON.parse(readFileSync(candidate, 'utf8')) as Partial<PackageInfo>;
        if (json.name === 'scim-mapper' && typeof json.version === 'string') {
          cached = {
            name: json.name,
            version: json.version,
            homepage: json.homepage ?? 'https://www.npmjs.com/package/scim-mapper',
          };
          return cached;
        }
      } catch {
        // not ours; keep looking upward
      }
    }
    const parent = dirname(dir);
    if (parent === dir) throw new Error('package.json of scim-mapper not found beside the program.');
    dir = parent;
  }
}

/** The README's code table, where every rule is explained. */
export function rulesHelpUri(): string {
  return `${packageInfo().homepage.replace(/#.*$/, '')}#diagnostics`;
}
