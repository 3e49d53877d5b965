/**
 * Which files `check` looks at. Arguments are files, directories or globs (`**`, `*`, `?`, braces,
 * expanded here because Windows shells and quoted arguments pass them through). Directory walks
 * take files by their names (*.mapping.jsonc, …), honour `.gitignore` files and the project
 * config's `ignore` list, and always skip node_modules and .git.
 *
 * Hostile trees: every real directory is visited once (a symlink loop `a → .` cannot multiply
 * the walk), and nothing is skipped silently: a dangling link, an unreadable directory or a
 * special file (FIFO, device) with a checked name is a problem the caller reports with exit 2.
 */
import { lstatSync, readdirSync, readFileSync, realpathSync, statSync, type Dirent, type Stats } from 'node:fs';
import { dirname, isAbsolute, join, relative, resolve, sep } from 'node:path';
import ignore, { type Ignore } from 'ignore';
import picomatch from 'picomatch';
import { documentKindOf } from '../service/model/parse';

/** Never searched, whatever the ignore files say: dependencies and Git's own store. */
const ALWAYS_SKIPPED = new Set(['node_modules', '.git']);

export interface Discovery {
  files: string[];
  /** Entries that could not be taken, each a full sentence; any of them fails the run (exit 2). */
  problems: string[];
}

export interface DiscoverOptions {
  /** The config `ignore` globs that apply to a directory, with the directory they are relative to. */
  configIgnore?: (dir: string) => { base: string; patterns: readonly string[] } | undefined;
}

/** Whether an argument is a glob rather than a path (a literal file named `a*b` still wins when it exists). */
function isGlob(arg: string): boolean {
  return /[*?{}[\]]/.test(arg) && !exists(arg);
}

function exists(path: string): boolean {
  try {
    lstatSync(path);
    return true;
  } catch {
    return false;
  }
}

function errorCode(error: unknown): string {
  return (error as NodeJS.ErrnoException).code ?? String(error);
}

function slash(path: string): string {
  return path.split(sep).join('/');
}

/** `.gitignore` rules by directory, loaded once each; a missing file is an empty entry. */
class GitIgnores {
  private readonly byDir = new Map<string, Ignore | null>();
  private readonly configs = new Map<string, Ignore>();

  constructor(private readonly options: DiscoverOptions) {}

  private load(dir: string): Ignore | null {
    if (this.byDir.has(dir)) return this.byDir.get(dir) ?? null;
    let rules: Ignore | null = null;
    try {
      const text = readFileSync(join(dir, '.gitignore'), 'utf8');
      rules = ignore().add(text);
    } catch {
      rules = null;
    }
    this.byDir.set(dir, rules);
    return rules;
  }

  /** Whether `path` (absolute) is ignored by a .gitignore between `top` and it, or by the config. */
  ignored(path: string, isDirectory: boolean, top: string): boolean {
    const suffix = isDirectory ? '/' : '';
    let dir = dirname(path);
    for (;;) {
      const rules = this.load(dir);
      const rel = slash(relative(dir, path));
      if (rules && rel && !rel.startsWith('..') && rules.ignores(rel + suffix)) return true;
      if (dir === top) break;
      const parent = dirname(dir);
      if (parent === dir) break;
      dir = parent;
    }
    const config = this.options.configIgnore?.(dirname(path));
    if (config && config.patterns.length > 0) {
      let rules = this.configs.get(config.base);
      if (!rules) {
        rules = ignore().add([...config.patterns]);
        this.configs.set(config.base, rules);
      }
      const rel = slash(relative(config.base, path));
      if (rel && !rel.startsWith('..') && !isAbsolute(rel) && rules.ignores(rel + suffix)) return true;
    }
    return false;
  }
}

/** The top of the repository a directory is in (the folder holding `.git`), else the directory itself. */
function ignoreTop(dir: string): string {
  let current = dir;
  for (;;) {
    if (exists(join(current, '.git'))) return current;
    const parent = dirname(current);
    if (parent === current) return dir;
    current = parent;
  }
}

export function discoverFiles(args: readonly string[], options: DiscoverOptions = {}): Discovery {
  const files: string[] = [];
  const problems: string[] = [];
  const seenFiles = new Set<string>();
  const ignores = new GitIgnores(options);

  const take = (path: string): void => {
    let real: string;
    try {
      real = realpathSync(path);
    } catch {
      real = resolve(path);
    }
    if (seenFiles.has(real)) return;
    seenFiles.add(real);
    files.push(path);
  };

  /** Walks `root`, offering every regular file to `accept` (relative path from root, posix slashes). */
  const walk = (root: string, accept: (rel: string, name: string) => boolean): void => {
    const top = ignoreTop(resolve(root));
    const visited = new Set<string>();
    const visit = (dir: string): void => {
      let real: string;
      try {
        real = realpathSync(dir);
      } catch (error) {
        problems.push(`Cannot read directory "${dir}": ${errorCode(error)}.`);
        return;
      }
      // Each real directory once: symlink loops and diamonds end here.
      if (visited.has(real)) return;
      visited.add(real);
      let entries: Dirent[];
      try {
        entries = readdirSync(dir, { withFileTypes: true });
      } catch (error) {
        problems.push(`Cannot read directory "${dir}": ${errorCode(error)}.`);
        return;
      }
      entries.sort((a, b) => (a.name < b.name ? -1 : a.name > b.name ? 1 : 0));
      for (const entry of entries) {
        const full = join(dir, entry.name);
        if (ALWAYS_SKIPPED.has(entry.name)) continue;
        let stats: Stats | undefined = undefined;
        if (entry.isSymbolicLink()) {
          try {
            stats = statSync(full);
          } catch (error) {
            // A link to nowhere with a checked name, or into a loop of links: say so rather than pass.
            const code = errorCode(error);
            if (documentKindOf(entry.name) || accept(slash(relative(root, full)), entry.name)) {
              problems.push(
                `Cannot read "${full}": ${code === 'ENOENT' ? 'a symbolic link to a missing file' : code === 'ELOOP' ? 'a loop of symbolic links' : code}.`,
              );
            }
            continue;
          }
        }
        const isDirectory = stats ? stats.isDirectory() : entry.isDirectory();
        if (ignores.ignored(resolve(full), isDirectory, top)) continue;
        if (isDirectory) {
          visit(full);
          continue;
        }
        const rel = slash(relative(root, full));
        if (!accept(rel, entry.name)) continue;
        const isFile = stats ? stats.isFile() : entry.isFile();
        if (!isFile) {
          problems.push(`Cannot read "${full}": not a regular file.`);
          continue;
        }
        take(full);
      }
    };
    visit(root);
  };

  for (const arg of args) {
    if (isGlob(arg)) {
      // Globs are written with forward slashes; on Windows a backslash is a separator, not an escape.
      const scan = picomatch.scan(process.platform === 'win32' ? arg.replace(/\\/g, '/') : arg);
      const base = scan.base === '' ? '.' : scan.base;
      const matches = picomatch(scan.glob, { dot: false });
      const before = files.length;
      if (exists(base)) walk(base, (rel) => matches(rel));
      if (files.length === before)
        problems.push(
          `No file matches "${arg}" (searched ${base === '.' ? 'the current directory' : `"${base}"`}, without node_modules, .git and ignored paths).`,
        );
      continue;
    }
    let stats: Stats;
    try {
      stats = statSync(arg);
    } catch (error) {
      const code = errorCode(error);
      problems.push(
        `Cannot read "${arg}": ${code === 'ENOENT' ? (exists(arg) ? 'a symbolic link to a missing file' : 'no such file or directory') : code}.`,
      );
      continue;
    }
    if (stats.isDirectory()) walk(arg, (_rel, name) => documentKindOf(name) !== undefined);
    // A file named explicitly is taken whatever its name or ignore rules; special files are refused.
    else if (stats.isFile()) take(arg);
    else problems.push(`Cannot read "${arg}": not a regular file.`);
  }
  return { files, problems };
}
