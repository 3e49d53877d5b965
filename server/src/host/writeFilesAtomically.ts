/**
 * Writing results (`convert --out`, `check --fix`, `-o`) so that nothing is ever half written or
 * written somewhere unexpected:
 * - every target is checked before anything is written: never through a symbolic link, never
 *   onto a special file, never onto an input of the run (unless the caller says the input is the
 *   target, as --fix does), and never over an existing file unless overwriting is allowed (--force);
 * - each file goes to a temporary file beside it (created exclusively, so a link planted there is
 *   not followed), is flushed, then renamed over the target, which is atomic on one file system;
 * - a result of several files is written all or none: when one fails, the files already renamed
 *   are put back as they were.
 */
import {
  closeSync,
  fsyncSync,
  linkSync,
  lstatSync,
  openSync,
  realpathSync,
  renameSync,
  unlinkSync,
  writeSync,
  chmodSync,
  type Stats,
} from 'node:fs';
import { basename, dirname, join, resolve } from 'node:path';
import { randomBytes } from 'node:crypto';

export interface PlannedWrite {
  path: string;
  text: string;
}

export interface AtomicWriteOptions {
  /** Replace files that exist (--force; --fix replaces the file it fixed). */
  overwrite?: boolean;
  /** Inputs of the run: never written, whatever `overwrite` says. */
  inputs?: readonly string[];
}

/** A write refused or failed; the message names the file and the reason. Nothing was changed. */
export class WriteError extends Error {}

function lstatOrUndefined(path: string): Stats | undefined {
  try {
    return lstatSync(path);
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code === 'ENOENT') return undefined;
    throw new WriteError(`Cannot write "${path}": ${(error as NodeJS.ErrnoException).code ?? String(error)}.`);
  }
}

function realOrResolved(path: string): string {
  try {
    return realpathSync(path);
  } catch {
    return resolve(path);
  }
}

function code(error: unknown): string {
  return (error as NodeJS.ErrnoException).code ?? String(error);
}

export function writeFilesAtomically(writes: readonly PlannedWrite[], options: AtomicWriteOptions = {}): void {
  const inputs = new Set((options.inputs ?? []).map(realOrResolved));
  const targets = new Set<string>();
  const existing: Array<Stats | undefined> = [];
  for (const write of writes) {
    const absolute = resolve(write.path);
    if (targets.has(absolute)) throw new WriteError(`Cannot write "${write.path}" twice in one result.`);
    targets.add(absolute);
    const stats = lstatOrUndefined(write.path);
    if (stats?.isSymbolicLink())
      throw new WriteError(`Refusing to write "${write.path}": it is a symbolic link (SCIM Mapper never writes through links).`);
    if (stats && !stats.isFile()) throw new WriteError(`Refusing to write "${write.path}": it is not a regular file.`);
    if (inputs.has(realOrResolved(write.path)))
      throw new WriteError(`Refusing to write "${write.path}": it is an input of this run.`);
    if (stats && !options.overwrite)
      throw new WriteError(`Refusing to overwrite "${write.path}": it exists (add --force to replace it).`);
    const parent = lstatOrUndefined(dirname(absolute));
    if (!parent) throw new WriteError(`Cannot write "${write.path}": its folder does not exist.`);
    existing.push(stats);
  }

  // 1. Every result into a temporary file beside its target.
  const temps: string[] = [];
  const removeTemps = (): void => {
    for (const temp of temps) {
      try {
        unlinkSync(temp);
      } catch {
        // already gone
      }
    }
  };
  try {
    writes.forEach((write, i) => {
      const temp = join(dirname(resolve(write.path)), `.${basename(write.path)}.${randomBytes(6).toString('hex')}.tmp`);
      // 'wx': O_CREAT|O_EXCL, which fails on anything already there, a planted link included.
      const fd = openSync(temp, 'wx', 0o666);
      temps.push(temp);
      try {
        const bytes = Buffer.from(write.text, 'utf8');
        let offset = 0;
        while (offset < bytes.length) offset += writeSync(fd, bytes, offset, bytes.length - offset);
        fsyncSync(fd);
      } finally {
        closeSync(fd);
      }
      const before = existing[i];
      if (before) chmodSync(temp, before.mode & 0o7777);
    });
  } catch (error) {
    removeTemps();
    throw new WriteError(
      `Cannot write "${writes[temps.length > 0 ? temps.length - 1 : 0]?.path}": ${code(error)}. Nothing was written.`,
    );
  }

  // 2. Keep the files about to be replaced, so that a failed rename can put everything back.
  const backups: Array<string | undefined> = [];
  const removeBackups = (): void => {
    for (const backup of backups) {
      if (!backup) continue;
      try {
        unlinkSync(backup);
      } catch {
        // already gone
      }
    }
  };
  try {
    writes.forEach((write, i) => {
      if (!existing[i] || writes.length === 1) {
        backups.push(undefined);
        return;
      }
      const backup = join(dirname(resolve(write.path)), `.${basename(write.path)}.${randomBytes(6).toString('hex')}.bak`);
      linkSync(write.path, backup);
      backups.push(backup);
    });
  } catch (error) {
    removeTemps();
    removeBackups();
    throw new WriteError(`Cannot write "${writes[backups.length]?.path}": ${code(error)}. Nothing was written.`);
  }

  // 3. Rename each into place; on failure undo the ones done.
  let done = 0;
  try {
    for (; done < writes.length; done++) renameSync(temps[done], writes[done].path);
  } catch (error) {
    for (let j = 0; j < done; j++) {
      try {
        const backup = backups[j];
        if (backup) renameSync(backup, writes[j].path);
        else if (!existing[j]) unlinkSync(writes[j].path);
      } catch {
        // best effort: the message below says what failed
      }
    }
    removeTemps();
    removeBackups();
    throw new WriteError(`Cannot write "${writes[done]?.path}": ${code(error)}. Nothing was written.`);
  }
  removeBackups();
}
