/** Writing what the tenant commands produce (pull --out, push --backup): whole files or nothing. */
import { closeSync, fsyncSync, openSync, renameSync, unlinkSync, writeSync } from 'node:fs';
import { dirname, join, basename } from 'node:path';
import { InputError } from '../files';

/** Writes through a temporary file beside the target and renames it, so a failure leaves no half file. */
export function writeWhole(path: string, text: string, mode = 0o644): void {
  const temp = join(dirname(path), `.${basename(path)}.${process.pid}.${Date.now()}.tmp`);
  let fd: number | undefined;
  try {
    fd = openSync(temp, 'wx', mode);
    writeSync(fd, text);
    fsyncSync(fd);
    closeSync(fd);
    fd = undefined;
    renameSync(temp, path);
  } catch (error) {
    if (fd !== undefined) closeSync(fd);
    try {
      unlinkSync(temp);
    } catch {
      // Nothing to clean up.
    }
    throw new InputError(`Cannot write "${path}": ${(error as NodeJS.ErrnoException).code ?? String(error)}.`);
  }
}
