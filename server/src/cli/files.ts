import { readFileSync } from 'node:fs';
import { relative, sep } from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';
import type { ServiceHost } from '../service/languageService';
import { stripBom, unreadableEncoding } from '../service/text/encoding';

export class InputError extends Error {}

/**
 * A file's text. A UTF-8 byte order mark is dropped (unless `keepBom`, for writing it back); UTF-16
 * is refused with one clear message instead of a screen of syntax errors.
 */
export function readText(path: string, options: { keepBom?: boolean } = {}): string {
  let bytes: Buffer;
  try {
    bytes = readFileSync(path);
  } catch (error) {
    throw new InputError(`Cannot read "${path}": ${(error as NodeJS.ErrnoException).code ?? String(error)}.`);
  }
  const encoding = unreadableEncoding(bytes);
  if (encoding) throw new InputError(`Cannot read "${path}": ${encoding}.`);
  const text = bytes.toString('utf8');
  return options.keepBom ? text : stripBom(text);
}

export function toUri(path: string): string {
  return pathToFileURL(path).href;
}

/** A path for messages: relative to the working directory, with forward slashes. */
export function displayPath(path: string): string {
  const rel = relative(process.cwd(), path) || path;
  return rel.split(sep).join('/');
}

export const fileSystemHost: ServiceHost = {
  readFile(uri: string): string | undefined {
    try {
      return readFileSync(uri.startsWith('file:') ? fileURLToPath(uri) : uri, 'utf8');
    } catch {
      return undefined;
    }
  },
};
