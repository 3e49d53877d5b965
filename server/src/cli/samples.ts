/** File IO and option parsing shared by `dry-run`, `eval` and `verify`: the engine itself reads no files. */
import { existsSync, statSync } from 'node:fs';
import type { CatalogIndex } from '../service/catalog/lookup';
import { readExisting, readSamples, readTakenValues } from '../service/dryrun';
import type { ExistingObject, Sample, SampleError } from '../service/dryrun';
import { single, UsageError, type ParsedArgs } from './args';
import { displayPath, readText } from './files';
import type { CliIo } from './io';

/**
 * The one user of a `--user` file (`eval`, `verify`), or undefined after saying on stderr why the
 * file does not hold exactly one readable user (the command then exits 2).
 */
export function readOneUser(io: CliIo, path: string, catalog: CatalogIndex, command: string): Sample | undefined {
  const parsed = readSamples(readText(path), { object: 'user', catalog, file: displayPath(path) });
  for (const error of parsed.errors) io.err(`${formatInputError(error, displayPath(path))}\n`);
  if (parsed.errors.length > 0) return undefined;
  if (parsed.samples.length !== 1) {
    io.err(`scim-mapper: ${displayPath(path)} holds ${parsed.samples.length} users; ${command} takes one.\n`);
    return undefined;
  }
  return parsed.samples[0];
}

export function readExistingFile(path: string): { objects: ExistingObject[]; errors: SampleError[] } {
  return readExisting(readText(path), displayPath(path));
}

/** `file:line:col: message` for an input problem. */
export function formatInputError(error: SampleError, fallbackFile?: string): string {
  const location = error.location;
  const file = location?.file ?? fallbackFile;
  if (!location) return `${file ? `${file}: ` : ''}${error.message}`;
  return `${file ?? '<input>'}:${location.line}${location.column ? `:${location.column}` : ''}: ${error.message}`;
}

/** --now ISO: a fixed clock. */
export function clockOption(args: ParsedArgs): (() => number) | undefined {
  const now = single(args, 'now');
  if (now === undefined) return undefined;
  const ms = Date.parse(now);
  if (!/^\d{4}-\d{2}-\d{2}/.test(now) || Number.isNaN(ms))
    throw new UsageError(`--now takes an ISO 8601 date and time such as 2025-01-31T12:00:00Z, not "${now}".`);
  return () => ms;
}

/** --seed N: repeatable Guid() and RandomString(). */
export function seedOption(args: ParsedArgs): number | undefined {
  const seed = single(args, 'seed');
  if (seed === undefined) return undefined;
  if (!/^-?\d+$/.test(seed.trim())) throw new UsageError(`--seed takes an integer, not "${seed}".`);
  return Number(BigInt.asIntN(32, BigInt(seed.trim())));
}

/** --taken FILE|v1,v2 (repeatable): a file (JSON array or one value per line) or a comma-separated list. */
export function takenOption(args: ParsedArgs): string[] {
  const values: string[] = [];
  for (const item of args.flags.get('taken') ?? []) {
    if (existsSync(item) && statSync(item).isFile()) values.push(...readTakenValues(readText(item)));
    else
      values.push(
        ...item
          .split(',')
          .map((s) => s.trim())
          .filter((s) => s.length > 0),
      );
  }
  return values;
}
