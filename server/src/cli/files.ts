import { relative, sep } from 'node:path';
import { pathToFileURL } from 'node:url';
import { createFileHost } from '../host/fileHost';
import { FileReadError, readFileSafely } from '../host/readFileSafely';
import type { ServiceHost } from '../service/languageService';
import { stripBom, unreadableEncodingOfText } from '../service/text/encoding';

export class InputError extends Error {}

/**
 * Reads a file named on the command line or in a mapping: regular files only, size-limited, never
 * blocking on a FIFO or a device (server/src/host/readFileSafely.ts). A UTF-8 byte order mark is
 * dropped (unless `keepBom`, for writing it back); UTF-16 is refused with one clear message
 * instead of a screen of syntax errors.
 */
export function readText(path: string, options: { keepBom?: boolean } = {}): string {
  let text: string;
  try {
    text = readFileSafely(path, { displayPath: displayPath(path) });
  } catch (error) {
    if (error instanceof FileReadError) throw new InputError(error.message);
    throw new InputError(`Cannot read "${displayPath(path)}": ${(error as NodeJS.ErrnoException).code ?? String(error)}.`);
  }
  const encoding = unreadableEncodingOfText(text);
  if (encoding) throw new InputError(`Cannot read "${displayPath(path)}": ${encoding}.`);
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

/** Scope files for the CLI: any local file, read with the same checks as everything else. */
export const fileSystemHost: ServiceHost = createFileHost();
