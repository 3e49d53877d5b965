import { readdirSync, statSync } from 'node:fs';
import { join, relative, sep } from 'node:path';
import { pathToFileURL } from 'node:url';
import { createFileHost } from '../host/fileHost';
import { FileReadError, readFileSafely } from '../host/readFileSafely';
import type { ServiceHost } from '../service/languageService';
import { documentKindOf } from '../service/model/parse';

const SKIPPED_DIRECTORIES = new Set(['node_modules', '.git', 'out', 'dist', '.vscode-test', 'tools']);

export class InputError extends Error {}

/** Every mapping and scope file under the given paths; an explicit file is taken whatever its name. */
export function collectFiles(paths: string[]): string[] {
  const found: string[] = [];
  const walk = (dir: string): void => {
    for (const name of readdirSync(dir).sort()) {
      const full = join(dir, name);
      let stats;
      try {
        stats = statSync(full);
      } catch {
        continue;
      }
      if (stats.isDirectory()) {
        if (!SKIPPED_DIRECTORIES.has(name)) walk(full);
      } else if (documentKindOf(name)) {
        found.push(full);
      }
    }
  };
  for (const path of paths) {
    let stats;
    try {
      stats = statSync(path);
    } catch {
      throw new InputError(`Cannot read "${path}": no such file or directory.`);
    }
    if (stats.isDirectory()) walk(path);
    else found.push(path);
  }
  return [...new Set(found)];
}

/**
 * Reads a file named on the command line or in a mapping: regular files only, size-limited, never
 * blocking on a FIFO or a device (server/src/host/readFileSafely.ts).
 */
export function readText(path: string): string {
  try {
    return readFileSafely(path, { displayPath: displayPath(path) });
  } catch (error) {
    if (error instanceof FileReadError) throw new InputError(error.message);
    throw new InputError(`Cannot read "${displayPath(path)}": ${(error as NodeJS.ErrnoException).code ?? String(error)}.`);
  }
}

export function toUri(path: string): string {
  return pathToFileURL(path).href;
}

/** A path for messages: relative to the working directory, with forward slashes. */
export function displayPath(path: string): string {
  const rel = relative(process.cwd(), path) || path;
  return rel.split(sep).join('/');
}

/** Scope files for the CLI: any local file, read with the same checks as everything else. */
export const fileSystemHost: ServiceHost = createFileHost();
