/**
 * .NET-style case mapping. .NET changes case one UTF-16 character at a time with the simple
 * Unicode mappings (so "ß" stays "ß" in ToUpper, and the length never changes), while JavaScript
 * applies the full mappings ("ß" → "SS") and the final-sigma rule. The invariant culture also
 * leaves U+0130 (İ) alone in ToLower and U+0131 (ı) alone in ToUpper.
 */

const ASCII_ONLY = /^[\x00-\x7f]*$/;
const CAPITAL_SIGMA = '\u03a3';

function perCodePoint(s: string, map: (c: string) => string, keep: string): string {
  let out = '';
  for (const c of s) {
    if (c === keep) {
      out += c;
      continue;
    }
    const m = map(c);
    // Only a one-to-one mapping is a simple mapping; expansions leave the character unchanged.
    out += m.length === c.length && [...m].length === 1 ? m : c;
  }
  return out;
}

/** String.ToLowerInvariant. */
export function lowerInvariant(s: string): string {
  if (ASCII_ONLY.test(s)) return s.toLowerCase();
  const full = s.toLowerCase();
  if (full.length === s.length && !s.includes(CAPITAL_SIGMA) && !s.includes('\u0130')) return full;
  return perCodePoint(s, (c) => c.toLowerCase(), '\u0130');
}

/** String.ToUpperInvariant. */
export function upperInvariant(s: string): string {
  if (ASCII_ONLY.test(s)) return s.toUpperCase();
  const full = s.toUpperCase();
  if (full.length === s.length && !s.includes('\u0131')) return full;
  return perCodePoint(s, (c) => c.toUpperCase(), '\u0131');
}

/** ToLower/ToUpper with a culture (RFC 4646 name); throws RangeError for a malformed tag. */
export function lowerCulture(s: string, culture: string): string {
  return perCodePoint(s, (c) => c.toLocaleLowerCase(culture), '');
}

export function upperCulture(s: string, culture: string): string {
  return perCodePoint(s, (c) => c.toLocaleUpperCase(culture), '');
}

/** The title-case form of one character (TextInfo.ToTitleCase's AddTitlecaseLetter). */
export function titleChar(c: string): string {
  switch (c) {
    case '\u01c4':
    case '\u01c5':
    case '\u01c6':
      return '\u01c5';
    case '\u01c7':
    case '\u01c8':
    case '\u01c9':
      return '\u01c8';
    case '\u01ca':
    case '\u01cb':
    case '\u01cc':
      return '\u01cb';
    case '\u01f1':
    case '\u01f2':
    case '\u01f3':
      return '\u01f2';
    case '\u0131':
      return c;
    default: {
      const m = c.toUpperCase();
      return m.length === c.length && [...m].length === 1 ? m : c;
    }
  }
}
