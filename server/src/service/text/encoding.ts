/**
 * Text encodings of files users bring: PowerShell 5 and Notepad write a UTF-8 byte order mark,
 * which VS Code hides and JSON parsers reject; PowerShell's `>` writes UTF-16, which no JSON
 * reader here can take. Pure: bytes or text in, a decision out.
 */

/** The text without a leading byte order mark (U+FEFF). */
export function stripBom(text: string): string {
  return text.charCodeAt(0) === 0xfeff ? text.slice(1) : text;
}

/**
 * Why bytes are not UTF-8 text we can read, or undefined when they are fine: a UTF-16 byte order
 * mark, or (without a mark) the zero bytes UTF-16 puts beside every ASCII character.
 */
export function unreadableEncoding(bytes: Uint8Array): string | undefined {
  if (bytes.length >= 2 && ((bytes[0] === 0xff && bytes[1] === 0xfe) || (bytes[0] === 0xfe && bytes[1] === 0xff))) {
    return `it is UTF-16 ${bytes[0] === 0xff ? 'little' : 'big'}-endian text; save it as UTF-8 (PowerShell: Out-File -Encoding utf8, or Set-Content -Encoding utf8)`;
  }
  const sample = Math.min(bytes.length, 64);
  let zeros = 0;
  for (let i = 0; i < sample; i++) if (bytes[i] === 0) zeros++;
  if (sample >= 4 && zeros * 3 >= sample) return 'it looks like UTF-16 text (every other byte is zero); save it as UTF-8';
  return undefined;
}

/**
 * The same decision for bytes already decoded as UTF-8 (the safe reader returns text): UTF-16's
 * byte order mark decodes to two replacement characters, and its zero bytes to U+0000.
 */
export function unreadableEncodingOfText(text: string): string | undefined {
  if (text.startsWith('\uFFFD\uFFFD'))
    return 'it is UTF-16 text (it starts with a UTF-16 byte order mark); save it as UTF-8 (PowerShell: Out-File -Encoding utf8, or Set-Content -Encoding utf8)';
  const sample = Math.min(text.length, 64);
  let zeros = 0;
  for (let i = 0; i < sample; i++) if (text.charCodeAt(i) === 0) zeros++;
  if (sample >= 4 && zeros * 3 >= sample) return 'it looks like UTF-16 text (every other byte is zero); save it as UTF-8';
  return undefined;
}
