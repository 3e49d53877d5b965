/**
 * Reads log entries from several inputs of any supported format, one entry at a time: JSON (Graph
 * pages, arrays, JSON Lines) and the portal's CSV files (the steps and modified-properties files
 * are read first, then joined to the log rows by change ID). The text comes from injected chunk
 * sources, so the CLI streams files and the language server passes whole texts; no IO here.
 */
import { CsvRecordReader, PORTAL_CSV_EXPECTED, PortalCsvJoin, portalCsvRole } from './csv';
import { readLogEntry } from './entry';
import { LogInputError, LogJsonReader } from './jsonStream';
import type { ProvisioningLogEntry } from './types';

export interface LogSource {
  /** A name for messages (a display path). */
  name: string;
  /** The text, in chunks; called once per pass (a file may be read twice). */
  chunks(): AsyncIterable<string> | Iterable<string>;
}

/** An input problem with where it is (`name:line: message`). */
export class LogSourceError extends Error {}

interface Sink {
  push(chunk: string): void;
  end(): void;
}

async function feed(source: LogSource, sink: Sink, afterChunk?: () => Promise<void>): Promise<void> {
  try {
    for await (const chunk of source.chunks()) {
      sink.push(chunk);
      if (afterChunk) await afterChunk();
    }
    sink.end();
  } catch (error) {
    if (error instanceof LogInputError) throw new LogSourceError(`${source.name}:${error.line}: ${error.message}.`);
    throw error;
  }
}

async function firstCharacter(source: LogSource): Promise<string> {
  for await (const chunk of source.chunks()) {
    const m = /[^\s\uFEFF]/.exec(chunk);
    if (m) return m[0];
  }
  return '';
}

async function csvHeader(source: LogSource): Promise<string[]> {
  let header: string[] | undefined;
  const reader = new CsvRecordReader((cells) => {
    header ??= cells;
  });
  for await (const chunk of source.chunks()) {
    reader.push(chunk);
    if (header) break;
  }
  if (!header) reader.end();
  return header ?? [];
}

export interface ClassifiedSources {
  json: LogSource[];
  csv: Array<{ source: LogSource; role: 'logs' | 'steps' | 'properties' }>;
}

/** Tells JSON from CSV (by name or first character) and which of the portal's CSV files each is. */
export async function classifyLogSources(sources: LogSource[]): Promise<ClassifiedSources> {
  const out: ClassifiedSources = { json: [], csv: [] };
  for (const source of sources) {
    const first = await firstCharacter(source);
    const csv = /\.csv$/i.test(source.name) || (first !== '' && first !== '{' && first !== '[');
    if (!csv) {
      out.json.push(source);
      continue;
    }
    const role = portalCsvRole(await csvHeader(source));
    if (!role)
      throw new LogSourceError(
        `${source.name}: not a provisioning log CSV: ${PORTAL_CSV_EXPECTED}; the steps and modified-properties files need a change ID column and their own columns.`,
      );
    out.csv.push({ source, role });
  }
  if (out.csv.length > 0 && !out.csv.some((c) => c.role === 'logs')) {
    throw new LogSourceError(
      `The CSV files are the portal's steps or modified-properties files only; add the ProvisioningLogs CSV (${PORTAL_CSV_EXPECTED}).`,
    );
  }
  return out;
}

/** Feeds every entry to `onEntry`, in input order (JSON inputs first, then the CSV log rows). */
export async function readLogSources(
  classified: ClassifiedSources,
  onEntry: (entry: ProvisioningLogEntry) => void,
  afterChunk?: () => Promise<void>,
): Promise<void> {
  for (const source of classified.json) {
    await feed(
      source,
      new LogJsonReader((raw, line) => {
        const entry = readLogEntry(raw);
        if (typeof entry === 'string') throw new LogSourceError(`${source.name}:${line}: ${entry}.`);
        onEntry(entry);
      }),
      afterChunk,
    );
  }
  if (classified.csv.length === 0) return;
  const join = new PortalCsvJoin();
  for (const { source, role } of classified.csv) {
    if (role === 'logs') continue;
    let first = true;
    await feed(
      source,
      new CsvRecordReader((cells) => {
        if (first) {
          join.beginSide(cells, role);
          first = false;
        } else join.addSideRow(cells);
      }),
    );
  }
  for (const { source, role } of classified.csv) {
    if (role !== 'logs') continue;
    let first = true;
    await feed(
      source,
      new CsvRecordReader((cells, line) => {
        if (first) {
          join.beginLogs(cells);
          first = false;
          return;
        }
        const entry = join.entry(cells);
        if (typeof entry === 'string') throw new LogSourceError(`${source.name}:${line}: ${entry}.`);
        onEntry(entry);
      }),
      afterChunk,
    );
  }
}
