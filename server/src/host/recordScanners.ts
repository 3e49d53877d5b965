/**
 * Incremental scanners that cut a sample file into records as its chunks arrive, so a batch never
 * holds the whole file as one string: JSON (an array of objects, JSON Lines, one object, Microsoft
 * Graph `GET /users` pages `{"value": [...], "@odata.nextLink": ...}`, or several of these one after
 * the other) and CSV (RFC 4180 quoting; the delimiter detected from the header row).
 *
 * They only find where each record starts and ends (with its line and column); parsing a record
 * and building its sample is the service's job (`sampleInputFromJsonText`, `sampleInputFromCsvRow`),
 * which may run in a worker thread. A broken record is reported with its location and the scan goes on.
 */
import type { SampleError, SourceLocation } from '../service/dryrun';

export type RawRecord =
  | {
      kind: 'json';
      text: string;
      location: SourceLocation;
      index: number;
      /** A top-level object (not an array element or page item). */ top: boolean;
    }
  | { kind: 'csv'; header: string[]; cells: string[]; location: SourceLocation; index: number }
  /** An object already parsed (a tenant read through Graph). */
  | { kind: 'value'; value: unknown; location: SourceLocation; index: number }
  | { kind: 'error'; error: SampleError };

/** A record longer than this is reported and skipped: a sample object is a few kilobytes, not megabytes. */
const MAX_RECORD_CHARS = 16 * 1024 * 1024;

const enum Char {
  Tab = 9,
  LineFeed = 10,
  Return = 13,
  Space = 32,
  Quote = 34,
  Comma = 44,
  Slash = 47,
  Colon = 58,
  OpenBracket = 91,
  Backslash = 92,
  CloseBracket = 93,
  OpenBrace = 123,
  CloseBrace = 125,
  Star = 42,
}

function isSpace(c: number): boolean {
  return c === Char.Space || c === Char.LineFeed || c === Char.Return || c === Char.Tab || c === 0xfeff;
}

/**
 * JSON records. Top level: `[` streams its elements; `{` is one record unless it turns out to be a
 * Graph page (a `"value": [` at its first level), whose elements are then streamed; several
 * top-level values one after the other (JSON Lines) are records each.
 */
export class JsonRecordScanner {
  private buf = '';
  /** Absolute offset of buf[0] in the file. */
  private base = 0;
  private pos = 0;
  private line = 1;
  private lineStart = 0;
  private depth = 0;
  private inString = false;
  private escape = false;
  private comment: 0 | 1 | 2 = 0; // 1: line comment, 2: block comment
  /** Depth at which elements are records: 1 inside a top-level array, 2 inside a page's value array; 0 none. */
  private elementDepth = 0;
  /** The top-level object being read as one record (it may turn into a page). */
  private topStart = -1;
  private recStart = -1;
  private recDepth = 0;
  private recLocation: SourceLocation = { line: 1 };
  private recScalar = false;
  private recTop = false;
  private stringStart = -1;
  private lastString = '';
  private lastSignificant = 0;
  private index = 0;
  private topValues = 0;
  /** Whether the file is JSON Lines: a second top-level value started on a later line. */
  private lines: boolean;
  private lastTopOneLine = false;
  private stopped = false;
  /** The current record is too long: it is being skipped to its end. */
  private skipping = false;

  /** `lines`: the file is JSON Lines by its name (.jsonl, .ndjson); otherwise it is seen from the layout. */
  constructor(
    private readonly file: string | undefined,
    lines = false,
  ) {
    this.lines = lines;
  }

  push(chunk: string, out: RawRecord[]): void {
    if (this.stopped) return;
    this.buf += chunk;
    this.scan(out);
    // A hostile or broken record that never ends: report it once, then keep only its depth, not its text.
    if (this.recStart >= 0 && !this.skipping && this.pos - this.recStart > MAX_RECORD_CHARS) {
      out.push({
        kind: 'error',
        error: {
          message: `This record is longer than ${MAX_RECORD_CHARS / 1024 / 1024} MB of text; it is skipped.`,
          location: this.recLocation,
        },
      });
      this.skipping = true;
      this.topStart = -1;
    }
    if (this.skipping && this.recStart >= 0) this.recStart = this.pos;
    // Keep only what an unfinished record still needs.
    const keep = Math.min(
      this.pos,
      this.recStart >= 0 ? this.recStart : this.pos,
      this.topStart >= 0 ? this.topStart : this.pos,
      this.stringStart >= 0 ? this.stringStart : this.pos,
    );
    if (keep > 0) {
      this.buf = this.buf.slice(keep);
      this.base += keep;
      this.pos -= keep;
      if (this.recStart >= 0) this.recStart -= keep;
      if (this.topStart >= 0) this.topStart -= keep;
      if (this.stringStart >= 0) this.stringStart -= keep;
    }
  }

  end(out: RawRecord[]): void {
    if (this.stopped) return;
    if (this.recScalar && this.recStart >= 0) this.emit(this.pos, out);
    if (this.depth > 0 || this.inString) {
      const at = this.recStart >= 0 || this.topStart >= 0 ? this.recLocation : this.here(this.pos);
      out.push({
        kind: 'error',
        error: {
          message: `Invalid JSON: the file ends inside ${this.inString ? 'a string' : 'an unclosed object or array'} that starts here.`,
          location: at,
        },
      });
    } else if (this.topValues === 0) {
      out.push({ kind: 'error', error: { message: 'The file is empty.', location: { file: this.file, line: 1 } } });
    }
    this.buf = '';
  }

  private here(offset: number): SourceLocation {
    return { file: this.file, line: this.line, column: this.base + offset - this.lineStart + 1 };
  }

  private startRecord(i: number, depth: number, scalar: boolean, top: boolean): void {
    this.recStart = i;
    this.recDepth = depth;
    this.recScalar = scalar;
    this.recTop = top;
    this.recLocation = this.here(i);
  }

  private emit(end: number, out: RawRecord[]): void {
    if (this.skipping) {
      this.skipping = false;
      this.recStart = -1;
      this.recScalar = false;
      this.topStart = -1;
      return;
    }
    const text = this.buf.slice(this.recStart, end);
    out.push({ kind: 'json', text, location: this.recLocation, index: this.index++, top: this.recTop });
    if (this.recTop) this.lastTopOneLine = this.recLocation.line === this.line;
    this.recStart = -1;
    this.recScalar = false;
    this.topStart = -1;
  }

  private scan(out: RawRecord[]): void {
    const buf = this.buf;
    const n = buf.length;
    let i = this.pos;
    for (; i < n; i++) {
      const c = buf.charCodeAt(i);
      if (c === Char.LineFeed) {
        this.line++;
        this.lineStart = this.base + i + 1;
        if (this.comment === 1) this.comment = 0;
        // JSON Lines: a line that ends inside its object is broken; report it and go on with the next line.
        if (this.lines && this.depth > 0 && !this.inString && this.elementDepth === 0 && this.recStart >= 0) {
          out.push({
            kind: 'error',
            error: { message: 'Invalid JSON: this line ends before its object is closed.', location: this.recLocation },
          });
          this.recStart = -1;
          this.topStart = -1;
          this.depth = 0;
          continue;
        }
      }
      if (this.comment === 1) continue;
      if (this.comment === 2) {
        if (c === Char.Star && i + 1 >= n) break; // the end of the comment or not: decide with the next chunk
        if (c === Char.Star && buf.charCodeAt(i + 1) === Char.Slash) {
          this.comment = 0;
          i++;
        }
        continue;
      }
      if (this.inString) {
        if (this.escape) this.escape = false;
        else if (c === Char.Backslash) this.escape = true;
        else if (c === Char.Quote) {
          this.inString = false;
          if (this.depth === 1 && this.topStart >= 0) this.lastString = buf.slice(this.stringStart + 1, i);
          this.stringStart = -1;
          this.lastSignificant = c;
          if (this.recScalar && this.depth === this.recDepth) this.emit(i + 1, out);
        }
        continue;
      }
      if (isSpace(c)) {
        if (this.recScalar && this.depth === this.recDepth) this.emit(i, out);
        continue;
      }
      if (c === Char.Slash && i + 1 >= n) break; // a comment or not: decide with the next chunk
      if (c === Char.Slash && (buf.charCodeAt(i + 1) === Char.Slash || buf.charCodeAt(i + 1) === Char.Star)) {
        this.comment = buf.charCodeAt(i + 1) === Char.Slash ? 1 : 2;
        i++;
        continue;
      }
      // A value starts where records are read.
      if (this.recStart < 0 && this.topStart < 0) {
        if (this.depth === 0) {
          if (c === Char.Comma) continue; // tolerated between top-level values
          if (this.topValues > 0 && this.lastTopOneLine && this.line > this.recLocation.line) this.lines = true;
          this.topValues++;
          if (c === Char.OpenBracket) {
            this.elementDepth = 1;
            this.recLocation = this.here(i);
          } else if (c === Char.OpenBrace) {
            this.topStart = i;
            this.startRecord(i, 0, false, true);
          } else {
            this.startRecord(i, 0, true, true);
            if (c === Char.Quote) {
              this.inString = true;
              this.stringStart = i;
            }
            continue;
          }
        } else if (this.depth === this.elementDepth && c !== Char.Comma && c !== Char.CloseBracket) {
          const scalar = c !== Char.OpenBrace && c !== Char.OpenBracket;
          this.startRecord(i, this.depth, scalar, false);
          if (scalar) {
            if (c === Char.Quote) {
              this.inString = true;
              this.stringStart = i;
            }
            continue;
          }
        }
      } else if (
        this.recScalar &&
        this.depth === this.recDepth &&
        (c === Char.Comma || c === Char.CloseBracket || c === Char.CloseBrace)
      ) {
        this.emit(i, out);
      }
      if (c === Char.Quote) {
        this.inString = true;
        this.stringStart = i;
        continue;
      }
      if (c === Char.OpenBrace || c === Char.OpenBracket) {
        // A Graph page: `"value": [` at the first level of a top-level object streams its elements.
        if (
          c === Char.OpenBracket &&
          this.depth === 1 &&
          this.topStart >= 0 &&
          this.lastString === 'value' &&
          this.lastSignificant === Char.Colon
        ) {
          this.topStart = -1;
          this.recStart = -1;
          this.elementDepth = 2;
        }
        this.depth++;
        this.lastSignificant = c;
        continue;
      }
      if (c === Char.CloseBrace || c === Char.CloseBracket) {
        if (this.depth === 0) {
          out.push({
            kind: 'error',
            error: { message: `Invalid JSON: unexpected "${String.fromCharCode(c)}".`, location: this.here(i) },
          });
          this.stopped = true;
          this.pos = n;
          return;
        }
        this.depth--;
        this.lastSignificant = c;
        if (this.recStart >= 0 && !this.recScalar && this.depth === this.recDepth) this.emit(i + 1, out);
        if (this.depth < this.elementDepth) this.elementDepth = 0;
        continue;
      }
      this.lastSignificant = c;
    }
    this.pos = i;
  }
}

/** The delimiter of a CSV file: the most frequent of , ; tab | outside quotes in its header row. */
function detectDelimiter(headerLine: string): string {
  const counts = new Map<string, number>([
    [',', 0],
    [';', 0],
    ['\t', 0],
    ['|', 0],
  ]);
  let quoted = false;
  for (const ch of headerLine) {
    if (ch === '"') quoted = !quoted;
    else if (!quoted && counts.has(ch)) counts.set(ch, counts.get(ch)! + 1);
  }
  let best = ',';
  for (const [d, n] of counts) if (n > counts.get(best)!) best = d;
  return best;
}

/** CSV rows (RFC 4180: `"` quotes, `""` inside quotes, line breaks inside quoted cells). */
export class CsvRecordScanner {
  private buf = '';
  private line = 1;
  private delimiter = -1;
  private header?: string[];
  private cells: string[] = [];
  private cell = '';
  private quoted = false;
  private atCellStart = true;
  private rowLine = 1;
  private index = 0;
  private stopped = false;
  private rows = 0;

  constructor(
    private readonly file: string | undefined,
    private readonly object: string,
  ) {}

  push(chunk: string, out: RawRecord[]): void {
    if (this.stopped) return;
    if (this.delimiter < 0) {
      this.buf += chunk;
      const eol = this.buf.search(/\r?\n/);
      if (eol < 0 && this.buf.length < 1 << 20) return; // the header row is not complete yet
      this.delimiter = detectDelimiter(this.buf.slice(0, eol < 0 ? this.buf.length : eol).replace(/^\uFEFF/, '')).charCodeAt(0);
      chunk = this.buf.replace(/^\uFEFF/, '');
      this.buf = '';
    }
    this.scan(this.takeCarry(chunk), out, false);
  }

  end(out: RawRecord[]): void {
    if (this.stopped) return;
    if (this.delimiter < 0) {
      this.delimiter = detectDelimiter(this.buf.replace(/^\uFEFF/, '')).charCodeAt(0);
      const text = this.buf.replace(/^\uFEFF/, '');
      this.buf = '';
      this.scan(text, out, false);
    }
    if (this.carry) this.scan(this.takeCarry(''), out, true);
    if (this.stopped) return;
    if (this.quoted) {
      out.push({
        kind: 'error',
        error: {
          message: 'A quoted cell is not closed before the end of the file.',
          location: { file: this.file, line: this.rowLine },
        },
      });
      return;
    }
    if (this.cell !== '' || this.cells.length > 0) this.endRow(out);
    if (!this.header)
      out.push({ kind: 'error', error: { message: 'The CSV file has no header row.', location: { file: this.file, line: 1 } } });
    else if (this.rows === 0) {
      out.push({
        kind: 'error',
        error: {
          message: `The CSV file has a header row (${this.header.length} column${this.header.length === 1 ? '' : 's'}) but no ${this.object}s below it.`,
          location: { file: this.file, line: 1 },
        },
      });
    }
  }

  private endRow(out: RawRecord[]): void {
    this.cells.push(this.cell);
    const cells = this.cells;
    this.cells = [];
    this.cell = '';
    this.atCellStart = true;
    const line = this.rowLine;
    if (cells.length === 1 && cells[0].trim() === '') return; // blank line
    if (!this.header) {
      this.header = cells.map((h) => h.trim());
      return;
    }
    this.rows++;
    out.push({ kind: 'csv', header: this.header, cells, location: { file: this.file, line }, index: this.index++ });
  }

  private scan(text: string, out: RawRecord[], final: boolean): void {
    const d = this.delimiter;
    let i = 0;
    const n = text.length;
    // A pending \r at the end of the previous chunk was already counted as a row end.
    while (i < n) {
      if (this.atCellStart && this.cells.length === 0 && this.cell === '' && !this.quoted) this.rowLine = this.line;
      const c = text.charCodeAt(i);
      if (this.quoted) {
        // Take a run of ordinary characters at once.
        const q = text.indexOf('"', i);
        const stop = q < 0 ? n : q;
        const piece = text.slice(i, stop);
        for (let k = piece.indexOf('\n'); k >= 0; k = piece.indexOf('\n', k + 1)) this.line++;
        this.cell += piece;
        if (this.cell.length > MAX_RECORD_CHARS) {
          out.push({
            kind: 'error',
            error: {
              message: `A cell longer than ${MAX_RECORD_CHARS / 1024 / 1024} MB of text (a quote that is never closed?); the rest of the file is not read.`,
              location: { file: this.file, line: this.rowLine },
            },
          });
          this.stopped = true;
          return;
        }
        i = stop;
        if (q < 0) break;
        if (i + 1 >= n && !final) {
          // Is it "" or the closing quote? Decide with the next chunk.
          this.pending(text.slice(i));
          return;
        }
        if (text.charCodeAt(i + 1) === Char.Quote) {
          this.cell += '"';
          i += 2;
        } else {
          this.quoted = false;
          i++;
        }
        continue;
      }
      if (c === Char.Quote && this.atCellStart) {
        this.quoted = true;
        this.atCellStart = false;
        i++;
        continue;
      }
      if (c === d) {
        this.cells.push(this.cell);
        this.cell = '';
        this.atCellStart = true;
        i++;
        continue;
      }
      if (c === Char.Return || c === Char.LineFeed) {
        if (c === Char.Return && i + 1 >= n && !final) {
          this.pending(text.slice(i));
          return;
        }
        i += c === Char.Return && text.charCodeAt(i + 1) === Char.LineFeed ? 2 : 1;
        this.line++;
        this.endRow(out);
        continue;
      }
      if (c === Char.Quote) {
        out.push({
          kind: 'error',
          error: {
            message: 'A quote (") in the middle of an unquoted cell; quote the whole cell and double the quote ("").',
            location: { file: this.file, line: this.rowLine },
          },
        });
        this.stopped = true;
        return;
      }
      // A run of ordinary characters.
      let j = i + 1;
      while (j < n) {
        const cj = text.charCodeAt(j);
        if (cj === d || cj === Char.Return || cj === Char.LineFeed || cj === Char.Quote) break;
        j++;
      }
      this.cell += text.slice(i, j);
      this.atCellStart = false;
      i = j;
    }
  }

  /** Characters whose meaning depends on the next chunk; scanned again with it. */
  private pending(rest: string): void {
    this.carry = rest;
  }

  private carry = '';

  /** Prepends what was left undecided at the end of the previous chunk. */
  private takeCarry(chunk: string): string {
    const text = this.carry + chunk;
    this.carry = '';
    return text;
  }
}
