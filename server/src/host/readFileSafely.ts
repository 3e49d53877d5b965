/**
 * Reading user files safely: the one place where the CLI and the language server open files that
 * a mapping, a setting or a command line names. Those names come from files under review (a pull
 * request can commit `evil.scope.jsonc → /dev/zero` or a FIFO), so every read:
 *
 * 1. refuses other computers: UNC paths (`\\host\share`, `//host/share`) and `file://host/…` URIs,
 *    which on Windows would open a remote share and send the user's credentials to it;
 * 2. resolves symlinks (realpath) and, when allowed roots are given (the editor's workspace
 *    folders), refuses a real path outside them;
 * 3. checks the type before opening: only a regular file is opened, so a FIFO or a device is never
 *    opened at all (opening a FIFO for reading blocks until a writer appears);
 * 4. checks the size before reading against the caller's limit;
 * 5. opens with O_NONBLOCK and O_NOFOLLOW and checks the open file again with fstat (regular,
 *    the same file as step 3, still within the limit), so swapping the file for a symlink or a
 *    FIFO between the checks fails instead of hanging;
 * 6. reads in chunks with a deadline checked between chunks, and never more than the limit.
 *
 * Synchronous reads cannot be interrupted inside one system call, so the deadline bounds the
 * number of chunks, not a single stuck read of a hung network file system; regular local files
 * do not block. Errors are FileReadError with the path and a sentence for people.
 */
import { closeSync, constants, fstatSync, openSync, readSync, realpathSync, statSync, type Stats } from 'node:fs';
import { isAbsolute, relative, resolve, sep } from 'node:path';
import { fileURLToPath } from 'node:url';

/** Sample files may be large (a whole tenant's CSV); this is the most any read takes. */
export const DEFAULT_MAX_BYTES = 256 * 1024 * 1024;
/** How long one read may take before it is abandoned between chunks. */
const DEFAULT_READ_TIMEOUT_MS = 10_000;
const CHUNK_BYTES = 1024 * 1024;

/**
 * The most UTF-8 bytes a text of `characters` UTF-16 code units can take: three per unit (a
 * surrogate pair is two units and four bytes). A file above this cannot fit the character limit,
 * so it is refused without being read.
 */
export function bytesForCharacters(characters: number): number {
  return characters * 3;
}

export type ReadFailure = 'missing' | 'remote' | 'outside' | 'not-regular' | 'too-large' | 'timeout' | 'changed' | 'io';

export class FileReadError extends Error {
  constructor(
    readonly path: string,
    readonly reason: ReadFailure,
    /** The sentence after `Cannot read "<path>": `. */
    readonly detail: string,
    /** The size on disk, when the file was refused for its size. */
    readonly size?: number,
  ) {
    super(`Cannot read "${path}": ${detail}`);
  }
}

export interface ReadOptions {
  /** The most bytes to read; a larger file is refused before reading (default DEFAULT_MAX_BYTES). */
  maxBytes?: number;
  timeoutMs?: number;
  /** When given, only files whose real path lies in one of these folders are read. */
  roots?: readonly string[];
  /** Shown instead of the path in messages (the path as the user wrote it). */
  displayPath?: string;
}

export interface FileIdentity {
  realPath: string;
  dev: number;
  ino: number;
  size: number;
  mtimeMs: number;
  ctimeMs: number;
}

/** Whether a path names another computer: `\\host\share\…`, `//host/share/…`. */
export function isRemotePath(path: string): boolean {
  return /^[\\/]{2}/.test(path);
}

/** A file: URI or a path to a local path; undefined for other schemes, other hosts and malformed URIs. */
export function localPathOf(uriOrPath: string): string | undefined {
  if (!/^[A-Za-z][A-Za-z0-9+.-]+:/.test(uriOrPath)) return isRemotePath(uriOrPath) ? undefined : uriOrPath;
  if (!/^file:/i.test(uriOrPath)) return undefined;
  try {
    const url = new URL(uriOrPath);
    if (url.hostname !== '' && url.hostname !== 'localhost') return undefined;
    const path = fileURLToPath(url);
    return isRemotePath(path) ? undefined : path;
  } catch {
    return undefined;
  }
}

/** Whether `path` (a real path) is `root` or inside it. */
export function isInside(root: string, path: string): boolean {
  const rel = relative(root, path);
  return rel === '' || (!rel.startsWith('..') && !isAbsolute(rel) && rel.split(sep)[0] !== '..');
}

/** What a path is when it is not a regular file (a FIFO would block a read forever, a device never end). */
export function describeFileKind(stats: Stats): string {
  if (stats.isDirectory()) return 'a directory';
  if (stats.isFIFO()) return 'a named pipe (FIFO)';
  if (stats.isCharacterDevice()) return 'a character device';
  if (stats.isBlockDevice()) return 'a block device';
  if (stats.isSocket()) return 'a socket';
  return 'not a regular file';
}

function sizeText(bytes: number): string {
  return `${String(bytes).replace(/\B(?=(\d{3})+$)/g, ',')} bytes`;
}

const NOFOLLOW = constants.O_NOFOLLOW ?? 0;
const NONBLOCK = constants.O_NONBLOCK ?? 0;

/**
 * Resolves and checks a path without reading it (steps 1–4 above): its real path and identity.
 * Throws FileReadError.
 */
function checkFile(path: string, options: ReadOptions = {}): FileIdentity {
  const shown = options.displayPath ?? path;
  if (isRemotePath(path))
    throw new FileReadError(shown, 'remote', 'it is on another computer (a UNC path); only local files are read.');
  let realPath: string;
  try {
    realPath = realpathSync(resolve(path));
  } catch (error) {
    const code = (error as NodeJS.ErrnoException).code;
    if (code === 'ENOENT' || code === 'ENOTDIR') throw new FileReadError(shown, 'missing', 'no such file.');
    if (code === 'ELOOP') throw new FileReadError(shown, 'io', 'it is a symbolic link that loops.');
    throw new FileReadError(shown, 'io', `${code ?? String(error)}.`);
  }
  if (isRemotePath(realPath))
    throw new FileReadError(shown, 'remote', 'it leads to another computer (a UNC path); only local files are read.');
  if (options.roots && !options.roots.some((root) => isInside(root, realPath))) {
    throw new FileReadError(
      shown,
      'outside',
      'it lies outside the workspace folder (setting scimMapper.files.allowOutsideWorkspace).',
    );
  }
  let stats: Stats;
  try {
    stats = statSync(realPath);
  } catch (error) {
    throw new FileReadError(shown, 'io', `${(error as NodeJS.ErrnoException).code ?? String(error)}.`);
  }
  if (!stats.isFile()) throw new FileReadError(shown, 'not-regular', `it is ${describeFileKind(stats)}, not a regular file.`);
  const maxBytes = options.maxBytes ?? DEFAULT_MAX_BYTES;
  if (stats.size > maxBytes) throw tooLarge(shown, stats.size, maxBytes);
  return { realPath, dev: stats.dev, ino: stats.ino, size: stats.size, mtimeMs: stats.mtimeMs, ctimeMs: stats.ctimeMs };
}

/** The refusal of a file larger than the limit (checked by path, and again on the open file). */
function tooLarge(shown: string, size: number, maxBytes: number): FileReadError {
  return new FileReadError(shown, 'too-large', `it has ${sizeText(size)}, more than the ${sizeText(maxBytes)} allowed.`, size);
}

/** Reads a checked file (steps 5–6). Throws FileReadError. */
function readChecked(identity: FileIdentity, options: ReadOptions, shown: string): string {
  const maxBytes = options.maxBytes ?? DEFAULT_MAX_BYTES;
  const deadline = Date.now() + (options.timeoutMs ?? DEFAULT_READ_TIMEOUT_MS);
  let fd: number;
  try {
    fd = openSync(identity.realPath, constants.O_RDONLY | NONBLOCK | NOFOLLOW);
  } catch (error) {
    const code = (error as NodeJS.ErrnoException).code;
    if (code === 'ENOENT') throw new FileReadError(shown, 'missing', 'no such file.');
    if (code === 'ELOOP') throw new FileReadError(shown, 'changed', 'it was replaced by a symbolic link while being read.');
    throw new FileReadError(shown, 'io', `${code ?? String(error)}.`);
  }
  try {
    const stats = fstatSync(fd);
    if (!stats.isFile()) throw new FileReadError(shown, 'not-regular', `it is ${describeFileKind(stats)}, not a regular file.`);
    if (stats.dev !== identity.dev || stats.ino !== identity.ino)
      throw new FileReadError(shown, 'changed', 'it was replaced while being read.');
    if (stats.size > maxBytes) throw tooLarge(shown, stats.size, maxBytes);
    const chunks: Buffer[] = [];
    let total = 0;
    for (;;) {
      if (Date.now() > deadline)
        throw new FileReadError(
          shown,
          'timeout',
          `reading it took longer than ${Math.round((options.timeoutMs ?? DEFAULT_READ_TIMEOUT_MS) / 1000)} s.`,
        );
      // One byte more than the limit tells a file that grew while being read.
      const want = Math.min(CHUNK_BYTES, maxBytes + 1 - total);
      if (want <= 0)
        throw new FileReadError(shown, 'too-large', `it grew beyond the ${sizeText(maxBytes)} allowed while being read.`, total);
      const buffer = Buffer.allocUnsafe(want);
      let read: number;
      try {
        read = readSync(fd, buffer, 0, want, null);
      } catch (error) {
        const code = (error as NodeJS.ErrnoException).code;
        throw new FileReadError(
          shown,
          code === 'EAGAIN' ? 'not-regular' : 'io',
          code === 'EAGAIN' ? 'it would block; only regular files are read.' : `${code ?? String(error)}.`,
        );
      }
      if (read === 0) break;
      chunks.push(read === want ? buffer : buffer.subarray(0, read));
      total += read;
    }
    return Buffer.concat(chunks, total).toString('utf8');
  } finally {
    closeSync(fd);
  }
}

/** Reads a local text file (UTF-8) with every check above. Throws FileReadError. */
export function readFileSafely(path: string, options: ReadOptions = {}): string {
  const identity = checkFile(path, options);
  return readChecked(identity, options, options.displayPath ?? path);
}

/**
 * readFileSafely with memory: a file whose real path, identity, size and modification times are
 * unchanged is answered from the cache without opening it, so a mapping that names a large
 * scope file does not read it again on every keystroke. The cache holds a bounded number of
 * texts and a bounded total size.
 */
export class CachedFileReader {
  private readonly entries = new Map<string, { identity: FileIdentity; text: string }>();
  private bytes = 0;

  constructor(
    private readonly maxEntries = 64,
    private readonly maxTotalBytes = 128 * 1024 * 1024,
  ) {}

  read(path: string, options: ReadOptions = {}): string {
    const identity = checkFile(path, options);
    const cached = this.entries.get(identity.realPath);
    if (cached && sameFile(cached.identity, identity)) {
      // Most recently used last, so eviction drops the oldest.
      this.entries.delete(identity.realPath);
      this.entries.set(identity.realPath, cached);
      return cached.text;
    }
    const text = readChecked(identity, options, options.displayPath ?? path);
    this.store(identity, text);
    return text;
  }

  private store(identity: FileIdentity, text: string): void {
    const old = this.entries.get(identity.realPath);
    if (old) {
      this.bytes -= old.identity.size;
      this.entries.delete(identity.realPath);
    }
    if (identity.size > this.maxTotalBytes) return;
    this.entries.set(identity.realPath, { identity, text });
    this.bytes += identity.size;
    for (const [key, entry] of this.entries) {
      if (this.entries.size <= this.maxEntries && this.bytes <= this.maxTotalBytes) break;
      this.entries.delete(key);
      this.bytes -= entry.identity.size;
    }
  }
}

function sameFile(a: FileIdentity, b: FileIdentity): boolean {
  return a.dev === b.dev && a.ino === b.ino && a.size === b.size && a.mtimeMs === b.mtimeMs && a.ctimeMs === b.ctimeMs;
}
