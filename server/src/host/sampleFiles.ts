/**
 * Reads sample files for a batch dry run as a stream of records, chunk by chunk (never a whole
 * file as one string): JSON arrays, JSON Lines, Graph `GET /users` pages and CSV, from one file or
 * several in a row. Node IO for the CLI (and any other host); the records are parsed by the service.
 */
import { closeSync, constants, createReadStream, fstatSync, openSync, realpathSync, statSync } from 'node:fs';
import { CsvRecordScanner, JsonRecordScanner, type RawRecord } from './recordScanners';
import { describeFileKind } from './readFileSafely';

const CHUNK = 1 << 20;

export interface SampleFile {
  path: string;
  /** The name used in locations. */
  display: string;
}

/** The total size of the files (for progress and ETA); unreadable files count 0. */
export function totalSize(files: readonly SampleFile[]): number {
  let total = 0;
  for (const f of files) {
    try {
      total += statSync(f.path).size;
    } catch {
      // reported when it is read
    }
  }
  return total;
}

type Format = 'json' | 'jsonl' | 'csv';

/**
 * Opens a sample file for streaming the way host/readFileSafely.ts opens files: the real path must
 * be a regular file, it is opened without following a symlink and without blocking, and the open
 * file is checked again (a FIFO swapped in between the checks fails instead of hanging).
 */
function openRegular(path: string): { fd: number } | { error: string } {
  let real: string;
  try {
    real = realpathSync(path);
    const stats = statSync(real);
    if (!stats.isFile()) return { error: `it is ${describeFileKind(stats)}, not a regular file` };
  } catch (error) {
    return { error: (error as NodeJS.ErrnoException).code ?? String(error) };
  }
  let fd: number;
  try {
    fd = openSync(real, constants.O_RDONLY | (constants.O_NONBLOCK ?? 0) | (constants.O_NOFOLLOW ?? 0));
  } catch (error) {
    return { error: (error as NodeJS.ErrnoException).code ?? String(error) };
  }
  const stats = fstatSync(fd);
  if (!stats.isFile()) {
    closeSync(fd);
    return { error: `it is ${describeFileKind(stats)}, not a regular file` };
  }
  return { fd };
}

function formatByName(name: string): Format | undefined {
  if (/\.(csv|tsv)$/i.test(name)) return 'csv';
  if (/\.(jsonl|ndjson)$/i.test(name)) return 'jsonl';
  if (/\.jsonc?$/i.test(name)) return 'json';
  return undefined;
}

/**
 * The records of the files in order, a chunk's worth at a time. `onBytes` is told how many bytes
 * were read (for progress). An unreadable file is one error record; the others are still read.
 */
export async function* readSampleRecords(
  files: readonly SampleFile[],
  object: string,
  onBytes?: (bytes: number) => void,
): AsyncGenerator<RawRecord[]> {
  for (const file of files) {
    const opened = openRegular(file.path);
    if ('error' in opened) {
      yield [
        {
          kind: 'error',
          error: { message: `Cannot read "${file.display}": ${opened.error}.`, location: { file: file.display, line: 1 } },
        },
      ];
      continue;
    }
    let format = formatByName(file.path);
    let scanner: JsonRecordScanner | CsvRecordScanner | undefined;
    const decoder = new TextDecoder('utf-8');
    const stream = createReadStream('', { fd: opened.fd, highWaterMark: CHUNK });
    let line = 1;
    let binary = false;
    try {
      for await (const chunk of stream as AsyncIterable<Buffer>) {
        onBytes?.(chunk.length);
        const text = decoder.decode(chunk, { stream: true });
        const nul = text.indexOf('\u0000');
        if (nul >= 0) {
          let at = line;
          for (let k = text.indexOf('\n'); k >= 0 && k < nul; k = text.indexOf('\n', k + 1)) at++;
          yield [
            {
              kind: 'error',
              error: {
                message: 'This is not a text file (it contains a NUL character); samples are JSON or CSV text.',
                location: { file: file.display, line: at },
              },
            },
          ];
          binary = true;
          break;
        }
        for (let k = text.indexOf('\n'); k >= 0; k = text.indexOf('\n', k + 1)) line++;
        if (!scanner) {
          if (!format) {
            const first = text.replace(/^\uFEFF/, '').trimStart()[0];
            format = first === '{' || first === '[' || first === '/' ? 'json' : 'csv';
          }
          scanner =
            format === 'csv'
              ? new CsvRecordScanner(file.display, object)
              : new JsonRecordScanner(file.display, format === 'jsonl');
        }
        const out: RawRecord[] = [];
        scanner.push(text, out);
        if (out.length > 0) yield out;
      }
      if (binary) continue;
      const out: RawRecord[] = [];
      if (scanner) {
        scanner.push(decoder.decode(), out);
        scanner.end(out);
      } else {
        out.push({ kind: 'error', error: { message: 'The file is empty.', location: { file: file.display, line: 1 } } });
      }
      if (out.length > 0) yield out;
    } catch (error) {
      yield [
        {
          kind: 'error',
          error: {
            message: `Cannot read "${file.display}": ${(error as NodeJS.ErrnoException).code ?? String(error)}.`,
            location: { file: file.display, line },
          },
        },
      ];
    } finally {
      stream.destroy();
    }
  }
}

/** The records of samples given as text (a tenant read), cut by the same scanners as files. */
export async function* recordsFromText(
  text: string,
  label: string,
  object: string,
  onBytes?: (bytes: number) => void,
): AsyncGenerator<RawRecord[]> {
  onBytes?.(text.length);
  const first = text.replace(/^\uFEFF/, '').trimStart()[0];
  const scanner =
    first === '{' || first === '[' || first === '/' || first === undefined
      ? new JsonRecordScanner(label)
      : new CsvRecordScanner(label, object);
  const out: RawRecord[] = [];
  scanner.push(text, out);
  scanner.end(out);
  if (out.length > 0) yield out;
}
