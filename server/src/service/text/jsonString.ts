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
  const chars: string[] = [];
  const offsets: number[] = [];
  let i = raw.startsWith('"') ? 1 : 0;
  while (i < end) {
    const ch = raw[i];
    if (ch === '\\' && i + 1 < end) {
      const next = raw[i + 1];
      if (next === 'u' && /^[0-9a-fA-F]{4}$/.test(raw.slice(i + 2, i + 6))) {
        chars.push(String.fromCharCode(parseInt(raw.slice(i + 2, i + 6), 16)));
        offsets.push(fileOffset + i);
        i += 6;
        continue;
      }
      const simple = SIMPLE_ESCAPES[next];
      if (simple !== undefined) {
        chars.push(simple);
        offsets.push(fileOffset + i);
        i += 2;
        continue;
      }
    }
    chars.push(ch);
    offsets.push(fileOffset + i);
    i++;
  }
  offsets.push(fileOffset + end);
  return { value: chars.join(''), offsets: Int32Array.from(offsets) };
}

function isEscapedQuoteAt(raw: string, index: number): boolean {
  let backslashes = 0;
  for (let j = index - 1; j >= 1 && raw[j] === '\\'; j--) backslashes++;
  return backslashes % 2 === 1;
}

/** Maps a decoded index to a file offset (clamped to the literal). */
export function fileOffsetOf(decoded: DecodedJsonString, index: number): number {
  const clamped = Math.max(0, Math.min(index, decoded.offsets.length - 1));
  return decoded.offsets[clamped];
}

/**
 * Maps a file offset inside the literal back to a decoded index: the index of the decoded
 * character whose raw text contains the offset, or the end when the offset is at the closing quote.
 */
export function decodedIndexOf(decoded: DecodedJsonString, fileOffset: number): number {
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
