/**
 * Finds the project config for a file: `.scim-mapper.json` or `.scim-mapper.jsonc` in the file's
 * folder or the nearest folder above it (nearest wins). Used by the CLI and the language server;
 * each folder is looked at once per finder (the language server makes a new finder when a
 * config file changes).
 */
import { statSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import {
  CONFIG_FILE_NAMES,
  configToSettings,
  parseProjectConfig,
  type ConfigProblem,
  type ProjectConfig,
} from '../service/config/projectConfig';
import type { ServiceSettings } from '../service/languageService';
import { unreadableEncodingOfText } from '../service/text/encoding';
import { FileReadError, isInside, readFileSafely } from './readFileSafely';

/** A config file is small; anything larger is not one we wrote. */
const MAX_CONFIG_BYTES = 1_000_000;

export interface LoadedConfig {
  path: string;
  dir: string;
  config: ProjectConfig;
  problems: ConfigProblem[];
}

export class ProjectConfigFinder {
  private readonly byDir = new Map<string, LoadedConfig | undefined>();
  /** Parsed files by path, kept while their size and modification time stay the same. */
  private readonly byFile = new Map<string, { mtimeMs: number; size: number; loaded: LoadedConfig }>();

  /**
   * Forgets which folder has which config, so the next lookups look at the disk again (the
   * language server calls it when a config file changes and before each check). A file that did
   * not change gives the same object, so what was built from it (a catalog with its declared
   * attributes) is reused.
   */
  clear(): void {
    this.byDir.clear();
  }

  /**
   * `roots`: the folders configs may be read from (the editor's workspace folders); the search
   * upward stops at their top. Without it (the CLI) it goes up to the file system's root.
   */
  constructor(private readonly roots?: () => readonly string[] | undefined) {}

  /** The config that applies to files in `dir`, or undefined when none is found up to the root. */
  forDirectory(dir: string): LoadedConfig | undefined {
    if (this.byDir.has(dir)) return this.byDir.get(dir);
    const roots = this.roots?.();
    if (roots && !roots.some((root) => isInside(root, dir))) return undefined;
    let found = this.readIn(dir);
    if (!found) {
      const parent = dirname(dir);
      found = parent === dir ? undefined : this.forDirectory(parent);
    }
    this.byDir.set(dir, found);
    return found;
  }

  forFile(path: string): LoadedConfig | undefined {
    return this.forDirectory(dirname(path));
  }

  private readIn(dir: string): LoadedConfig | undefined {
    const present = CONFIG_FILE_NAMES.map((name) => join(dir, name)).filter((path) => {
      try {
        return statSync(path).isFile();
      } catch {
        return false;
      }
    });
    if (present.length === 0) return undefined;
    const path = present[0];
    if (present.length > 1) {
      return {
        path,
        dir,
        config: {},
        problems: [{ message: `Both ${CONFIG_FILE_NAMES.join(' and ')} are in this folder; keep one.`, line: 0, character: 0 }],
      };
    }
    let text: string;
    try {
      const stats = statSync(path);
      if (stats.size > MAX_CONFIG_BYTES)
        return {
          path,
          dir,
          config: {},
          problems: [{ message: `The config file is larger than ${MAX_CONFIG_BYTES} bytes.`, line: 0, character: 0 }],
        };
      const known = this.byFile.get(path);
      if (known && known.mtimeMs === stats.mtimeMs && known.size === stats.size) return known.loaded;
      text = readFileSafely(path, { maxBytes: MAX_CONFIG_BYTES });
      const loaded = this.parse(path, dir, text);
      this.byFile.set(path, { mtimeMs: stats.mtimeMs, size: stats.size, loaded });
      return loaded;
    } catch (error) {
      const message =
        error instanceof FileReadError
          ? error.message
          : `Cannot read it: ${(error as NodeJS.ErrnoException).code ?? String(error)}.`;
      return { path, dir, config: {}, problems: [{ message, line: 0, character: 0 }] };
    }
  }

  private parse(path: string, dir: string, text: string): LoadedConfig {
    const encoding = unreadableEncodingOfText(text);
    if (encoding)
      return { path, dir, config: {}, problems: [{ message: `Cannot read it: ${encoding}.`, line: 0, character: 0 }] };
    const { config, problems } = parseProjectConfig(text);
    return { path, dir, config, problems };
  }
}

/**
 * The language server's view of project configs: for a `file:` URI, the settings of the nearest
 * config that has no problems (a broken config is shown by the editor's JSON schema check and
 * otherwise ignored, so the editor's own settings apply). Lookups are cached per folder, since the
 * service asks for every finding; `invalidate` makes the next lookup look at the disk again.
 */
export interface ProjectSettingsReader {
  read(uri: string): ServiceSettings | undefined;
  invalidate(): void;
}

export function projectSettingsReader(roots?: () => readonly string[] | undefined): ProjectSettingsReader {
  const finder = new ProjectConfigFinder(roots);
  const read = (uri: string): ServiceSettings | undefined => {
    if (!uri.startsWith('file:')) return undefined;
    let path: string;
    try {
      path = fileURLToPath(uri);
    } catch {
      return undefined;
    }
    const loaded = finder.forFile(path);
    return loaded && loaded.problems.length === 0 ? configToSettings(loaded.config) : undefined;
  };
  return { read, invalidate: () => finder.clear() };
}
