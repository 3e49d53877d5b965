/**
 * A JSON string literal decoded together with a map from every decoded UTF-16 index back to the
 * offset in the file, so that a range inside an expression (which lives in decoded text) can be
 * reported on the exact characters the user sees, escapes included.
 */
export interface DecodedJsonString {
  /** The decoded value. */
  value: string;
  /**
   * `offsets[i]` is the file offset of the first raw character that produced decoded index `i`;
   * `offsets[value.length]` is the offset of the closing quote (or the end of the literal).
   */
  offsets: Int32Array;
  /**
   * Set when the literal has no escapes: decoded index `i` is at file offset `identityBase + i`.
   * The position functions below then need no `offsets` array, which is built only when read.
   */
  identityBase?: number;
}

const SIMPLE_ESCAPES: Record<string, string> = {
  '"': '"',
  '\\': '\\',
  '/': '/',
  b: '\b',
  f: '\f',
  n: '\n',
  r: '\r',
  t: '\t',
};

/**
 * Decodes the raw text of a JSON string literal (with its quotes) that starts at `fileOffset`.
 * Invalid escapes are kept verbatim: jsonc-parser already reports them, and keeping the
 * characters preserves a one-to-one position map.
 */
export function decodeJsonString(raw: string, fileOffset: number): DecodedJsonString {
  const end = raw.length > 1 && raw.endsWith('"') && !isEscapedQuoteAt(raw, raw.length - 1) ? raw.length - 1 : raw.length;
  const start = raw.startsWith('"') ? 1 : 0;
  // Most strings have no escapes: the value is the text between the quotes and positions map one
  // to one, so nothing is copied character by character (this runs for every string of a file).
  if (raw.indexOf('\\') < 0) return identityDecoded(raw.slice(start, Math.max(start, end)), fileOffset + start);
  return new EscapedDecoded(raw, fileOffset, start, end);
}

/** The escape at `raw[i]` (a backslash before `end`): what it decodes to and how long it is, or undefined when it is kept verbatim. */
function escapeAt(raw: string, i: number, end: number): { text: string; length: number } | undefined {
  if (i + 1 >= end) return undefined;
  const next = raw[i + 1];
  if (next === 'u' && /^[0-9a-fA-F]{4}$/.test(raw.slice(i + 2, i + 6)))
    return { text: String.fromCharCode(parseInt(raw.slice(i + 2, i + 6), 16)), length: 6 };
  const simple = SIMPLE_ESCAPES[next];
  return simple === undefined ? undefined : { text: simple, length: 2 };
}

/**
 * A string with escapes. The value is built from the runs between escapes (or given, when the
 * JSON parser's value is known to be exact); the offsets array, which only ranges inside the
 * string need, is built the first time it is read. `raw[start, end)` is the literal's body and
 * `fileOffset + i` the file offset of `raw[i]`.
 */
class EscapedDecoded implements DecodedJsonString {
  readonly value: string;
  private table: Int32Array | undefined;

  constructor(
    private readonly raw: string,
    private readonly fileOffset: number,
    private readonly start: number,
    private readonly end: number,
    value?: string,
  ) {
    this.value = value ?? decodeBody(raw, start, end);
  }

  get offsets(): Int32Array {
    if (!this.table) {
      const table = new Int32Array(this.value.length + 1);
      let k = 0;
      let i = this.start;
      while (i < this.end) {
        table[k++] = this.fileOffset + i;
        const escape = this.raw.charCodeAt(i) === 92 ? escapeAt(this.raw, i, this.end) : undefined;
        i += escape ? escape.length : 1;
      }
      table[k] = this.fileOffset + this.end;
      this.table = table;
    }
    return this.table;
  }
}

/** `raw[start, end)` decoded, invalid escapes kept verbatim. */
function decodeBody(raw: string, start: number, end: number): string {
  let value = '';
  let i = start;
  while (i < end) {
    const backslash = raw.indexOf('\\', i);
    if (backslash < 0 || backslash >= end) {
      value += raw.slice(i, end);
      break;
    }
    value += raw.slice(i, backslash);
    const escape = escapeAt(raw, backslash, end);
    value += escape ? escape.text : '\\';
    i = backslash + (escape ? escape.length : 1);
  }
  return value;
}

/** A string without escapes: positions map one to one, and the offsets array is built only if read. */
class IdentityDecoded implements DecodedJsonString {
  private table: Int32Array | undefined;

  constructor(
    readonly value: string,
    readonly identityBase: number,
  ) {}

  get offsets(): Int32Array {
    if (!this.table) {
      this.table = new Int32Array(this.value.length + 1);
      for (let i = 0; i <= this.value.length; i++) this.table[i] = this.identityBase + i;
    }
    return this.table;
  }
}

function identityDecoded(value: string, base: number): DecodedJsonString {
  return new IdentityDecoded(value, base);
}

/**
 * Decodes the string literal of a parsed JSON node (`value` is the parser's decoded value). A
 * literal closed by an unescaped quote and exactly two characters longer than its value has no
 * escapes (every escape is longer than what it decodes to), so it needs no reading at all.
 * `exact` says that `value` is the literal's exact decoding, which holds when the JSON parser
 * reported no error (an invalid escape, which the parser drops and this decoder keeps, is an
 * error): the value is then not decoded a second time. Any other literal goes through
 * decodeJsonString.
 */
export function decodeJsonStringAt(
  text: string,
  offset: number,
  length: number,
  value: string,
  exact = false,
): DecodedJsonString {
  const end = offset + length;
  if (
    length === value.length + 2 &&
    text.charCodeAt(offset) === 34 &&
    text.charCodeAt(end - 1) === 34 &&
    text.charCodeAt(end - 2) !== 92
  ) {
    return identityDecoded(value, offset + 1);
  }
  if (exact && length >= 2 && text.charCodeAt(offset) === 34 && text.charCodeAt(end - 1) === 34)
    return new EscapedDecoded(text, 0, offset + 1, end - 1, value);
  return decodeJsonString(text.slice(offset, end), offset);
}

function isEscapedQuoteAt(raw: string, index: number): boolean {
  let backslashes = 0;
  for (let j = index - 1; j >= 1 && raw[j] === '\\'; j--) backslashes++;
  return backslashes % 2 === 1;
}

/** Maps a decoded index to a file offset (clamped to the literal). */
export function fileOffsetOf(decoded: DecodedJsonString, index: number): number {
  if (decoded.identityBase !== undefined) return decoded.identityBase + Math.max(0, Math.min(index, decoded.value.length));
  const clamped = Math.max(0, Math.min(index, decoded.offsets.length - 1));
  return decoded.offsets[clamped];
}

/**
 * Maps a file offset inside the literal back to a decoded index: the index of the decoded
 * character whose raw text contains the offset, or the end when the offset is at the closing quote.
 */
export function decodedIndexOf(decoded: DecodedJsonString, fileOffset: number): number {
  if (decoded.identityBase !== undefined) return Math.max(0, Math.min(fileOffset - decoded.identityBase, decoded.value.length));
  const offsets = decoded.offsets;
  let low = 0;
  let high = offsets.length - 1;
  if (fileOffset <= offsets[0]) return 0;
  while (low < high) {
    const mid = (low + high + 1) >> 1;
    if (offsets[mid] <= fileOffset) low = mid;
    else high = mid - 1;
  }
  return low;
}

/** Encodes a value as the body of a JSON string literal (without quotes). */
export function encodeJsonStringBody(value: string): string {
  return JSON.stringify(value).slice(1, -1);
}
