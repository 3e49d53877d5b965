/**
 * String functions: Append, Join, Left, Mid, Word, StripSpaces, Trim, ToLower, ToUpper, PCase,
 * NormalizeDiacritics, InStr, ConvertToBase64, ConvertToUTF8Hex, ConvertFromBase64, CStr, Len,
 * DNComponent.
 */
import { lowerCulture, lowerInvariant, titleChar, upperCulture, upperInvariant } from './casing';
import {
  type Arg,
  type CallSite,
  type DiacriticsTable,
  type Raw,
  DateBox,
  EnumBox,
  argInt,
  argOptionalString,
  argSpan,
  argString,
  argStringOrNull,
  invalidInput,
  nullUndefined,
  undefinedBehaviour,
  wrongShape,
} from './values';

export function append(args: Arg[], site: CallSite): Raw {
  return argString(args, 0, site) + argString(args, 1, site);
}

/**
 * Join(separator, source1, …): multi-valued sources contribute every value; NULL and empty values
 * are skipped (the documented Join(", ", "", [surname], [givenName]) gives "Doe, John").
 */
export function join(args: Arg[], site: CallSite): Raw {
  const separator = argString(args, 0, site);
  let out = '';
  let any = false;
  for (let i = 1; i < args.length; i++) {
    const v = args[i];
    if (v === null || v === '') continue;
    if (typeof v === 'string') {
      out = any ? out + separator + v : v;
      any = true;
    } else if (v instanceof DateBox) {
      out = any ? out + separator + v.text : v.text;
      any = true;
    } else if (Array.isArray(v)) {
      for (const item of v as readonly string[]) {
        if (item === '') continue;
        out = any ? out + separator + item : item;
        any = true;
      }
    } else if (v === undefined) {
      undefinedBehaviour(site, 'an empty slot among the sources is not documented', argSpan(site, i));
    } else {
      wrongShape(site, i, v);
    }
  }
  return out;
}

/** Left(String, NumChars): documented for NULL (""), 0 (""), negative (unchanged) and short strings. */
export function left(args: Arg[], site: CallSite): Raw {
  const s = argStringOrNull(args, 0, site);
  const n = argInt(args, 1, site);
  if (s === null || n === 0) return '';
  if (n < 0 || n >= s.length) return s;
  return s.slice(0, n);
}

/** Mid(source, start, length), 1-based; a length running past the end returns the rest. */
export function mid(args: Arg[], site: CallSite): Raw {
  const s = argString(args, 0, site);
  const start = argInt(args, 1, site);
  const length = argInt(args, 2, site);
  if (start < 1)
    return undefinedBehaviour(
      site,
      `start ${start} is before the first character (start is 1-based); the docs do not define this`,
      argSpan(site, 1),
    );
  if (length < 0) return undefinedBehaviour(site, `a negative length (${length}) is not defined by the docs`, argSpan(site, 2));
  if (start > s.length) {
    return undefinedBehaviour(
      site,
      `start ${start} is past the end of a ${s.length}-character string; the docs say out-of-range starts are not documented`,
      argSpan(site, 1),
    );
  }
  return s.substr(start - 1, length);
}

/**
 * Word(String, WordNumber, Delimiters): words are the non-empty runs between delimiter characters;
 * documented: WordNumber < 1, a NULL string, or too few words give "".
 */
export function word(args: Arg[], site: CallSite): Raw {
  const s = argStringOrNull(args, 0, site);
  const n = argInt(args, 1, site);
  const delimiters = argString(args, 2, site);
  if (n < 1 || s === null) return '';
  if (delimiters === '') return undefinedBehaviour(site, 'an empty Delimiters string is not documented', argSpan(site, 2));
  let count = 0;
  let i = 0;
  while (i < s.length) {
    while (i < s.length && delimiters.includes(s[i])) i++;
    if (i >= s.length) break;
    const start = i;
    while (i < s.length && !delimiters.includes(s[i])) i++;
    if (++count === n) return s.slice(start, i);
  }
  return '';
}

/** StripSpaces: removes every U+0020 (the only character the doc names). */
export function stripSpaces(args: Arg[], site: CallSite): Raw {
  const s = argString(args, 0, site);
  return s.includes(' ') ? s.replace(/ /g, '') : s;
}

/** .NET Char.IsWhiteSpace (String.Trim's set): unlike JavaScript's trim, U+FEFF is not included and U+0085 is. */
const DOTNET_TRIM =
  /^[\t\n\v\f\r \u0085\u00a0\u1680\u2000-\u200a\u2028\u2029\u202f\u205f\u3000]+|[\t\n\v\f\r \u0085\u00a0\u1680\u2000-\u200a\u2028\u2029\u202f\u205f\u3000]+$/g;

function trimDotNet(s: string): string {
  return s.replace(DOTNET_TRIM, '');
}

/** Trim (Cloud Sync reference): .NET String.Trim, applied to each value of a multi-valued input. */
export function trim(args: Arg[], site: CallSite): Raw {
  const v = args[0];
  if (Array.isArray(v)) return (v as readonly string[]).map(trimDotNet);
  return trimDotNet(argString(args, 0, site));
}

function culture(args: Arg[], site: CallSite): string | undefined {
  const c = argOptionalString(args, 1, site);
  if (c === undefined || c === '') return undefined;
  try {
    Intl.getCanonicalLocales(c);
  } catch {
    return invalidInput(site, `"${c}" is not a culture name (RFC 4646, such as en-US)`, argSpan(site, 1));
  }
  return c;
}

export function toLower(args: Arg[], site: CallSite): Raw {
  const s = argString(args, 0, site);
  const c = culture(args, site);
  return c === undefined ? lowerInvariant(s) : lowerCulture(s, c);
}

export function toUpper(args: Arg[], site: CallSite): Raw {
  const s = argString(args, 0, site);
  const c = culture(args, site);
  return c === undefined ? upperInvariant(s) : upperCulture(s, c);
}

const LETTER = /^\p{L}$/u;
/** The Unicode categories TextInfo.ToTitleCase treats as word separators. */
const TITLE_SEPARATOR = /^[\p{Zs}\p{Zl}\p{Zp}\p{Cc}\p{Cf}\p{Pc}\p{Pd}\p{Ps}\p{Pe}\p{Pi}\p{Pf}\p{Po}\p{Sm}\p{Sc}\p{Sk}\p{So}]$/u;

/** TextInfo.ToTitleCase on an already lower-cased string. */
function toTitleCase(s: string): string {
  const chars = [...s];
  let out = '';
  let i = 0;
  while (i < chars.length) {
    const c = chars[i];
    if (!LETTER.test(c)) {
      out += c;
      i++;
      continue;
    }
    out += titleChar(c);
    i++;
    // The rest of the word: letters, apostrophes and every non-separator category (digits, marks).
    while (i < chars.length && (chars[i] === "'" || LETTER.test(chars[i]) || !TITLE_SEPARATOR.test(chars[i]))) {
      out += chars[i];
      i++;
    }
  }
  return out;
}

/**
 * PCase(source, wordSeparators): lower-cases, then upper-cases the first character of each word.
 * Without wordSeparators the words are .NET ToTitleCase's; with them, only those characters
 * separate words.
 */
export function pcase(args: Arg[], site: CallSite): Raw {
  const s = lowerInvariant(argString(args, 0, site));
  const separators = argOptionalString(args, 1, site);
  if (separators === undefined) return toTitleCase(s);
  if (separators === '') {
    return undefinedBehaviour(
      site,
      'an empty wordSeparators string is not documented (leave the slot out for the default separators)',
      argSpan(site, 1),
    );
  }
  let out = '';
  let atStart = true;
  for (const c of s) {
    if (separators.includes(c)) {
      out += c;
      atStart = true;
    } else if (atStart) {
      out += titleChar(c);
      atStart = false;
    } else {
      out += c;
    }
  }
  return out;
}

/** Builds NormalizeDiacritics' lookup from the catalog's published table. */
export function buildDiacriticsTable(characterMap: Record<string, string[]> | undefined): DiacriticsTable {
  const map = new Map<string, string>();
  const first = new Set<number>();
  let maxLength = 0;
  for (const [plain, sequences] of Object.entries(characterMap ?? {})) {
    for (const sequence of sequences) {
      if (sequence.length === 0 || map.has(sequence)) continue;
      map.set(sequence, plain);
      first.add(sequence.charCodeAt(0));
      maxLength = Math.max(maxLength, sequence.length);
    }
  }
  return { map, first, maxLength };
}

/** Replaces the sequences of the published table, longest first; other characters are kept. */
function normalizeDiacriticsText(s: string, table: DiacriticsTable): string {
  let k = 0;
  // Every table entry contains a character at or above U+00C0, so plain ASCII text is returned as is.
  while (k < s.length && s.charCodeAt(k) < 0xc0) k++;
  if (k === s.length) return s;
  let out = '';
  let copied = 0;
  let i = 0;
  while (i < s.length) {
    if (table.first.has(s.charCodeAt(i))) {
      let matched = 0;
      let replacement = '';
      for (let len = Math.min(table.maxLength, s.length - i); len >= 1; len--) {
        const r = table.map.get(s.substr(i, len));
        if (r !== undefined) {
          matched = len;
          replacement = r;
          break;
        }
      }
      if (matched > 0) {
        out += s.slice(copied, i) + replacement;
        i += matched;
        copied = i;
        continue;
      }
    }
    i++;
  }
  return copied === 0 ? s : out + s.slice(copied);
}

export function normalizeDiacritics(args: Arg[], site: CallSite): Raw {
  const s = argString(args, 0, site);
  if (site.tables.diacritics.map.size === 0) {
    return undefinedBehaviour(site, 'the function catalog has no NormalizeDiacritics character table');
  }
  return normalizeDiacriticsText(s, site.tables.diacritics);
}

function enumArg(args: Arg[], i: number, site: CallSite): string | undefined {
  if (i >= args.length) return undefined;
  const v = args[i];
  if (v === undefined) return undefined;
  const allowed = site.params[i]?.enumValues ?? [];
  if (v instanceof EnumBox) {
    const found = allowed.find((a) => a.toLowerCase() === v.name.toLowerCase());
    if (found) return found;
    return invalidInput(site, `${v.name} is not one of ${allowed.join(', ')}`, argSpan(site, i));
  }
  if (v === null) return nullUndefined(site, i);
  return undefinedBehaviour(
    site,
    `"${site.params[i]?.name ?? 'this argument'}" is documented only as a bare identifier (${allowed.join(', ')}), not as a value`,
    argSpan(site, i),
  );
}

/**
 * InStr(value1, value2, start, compareType): 1-based position or 0. vbTextCompare ignores case,
 * vbBinaryCompare does not. The default mode is not documented, so without compareType a result
 * that depends on the mode is an undefined-behaviour error.
 */
export function instr(args: Arg[], site: CallSite): Raw {
  const haystack = argString(args, 0, site);
  const needle = argString(args, 1, site);
  const start = args.length > 2 && args[2] !== undefined ? argInt(args, 2, site) : 1;
  const mode = enumArg(args, 3, site);
  if (start < 1)
    return undefinedBehaviour(site, `start ${start} is before the first character (start is 1-based)`, argSpan(site, 2));
  if (start > haystack.length) {
    if (needle !== '' && start === haystack.length + 1) return '0';
    return undefinedBehaviour(
      site,
      `start ${start} is past the end of a ${haystack.length}-character string; VBA and .NET disagree here and the docs are silent`,
      argSpan(site, 2),
    );
  }
  const binary = () => haystack.indexOf(needle, start - 1) + 1;
  const text = () => lowerInvariant(haystack).indexOf(lowerInvariant(needle), start - 1) + 1;
  if (mode === 'vbBinaryCompare') return String(binary());
  if (mode === 'vbTextCompare') return String(text());
  const b = binary();
  const t = text();
  if (b !== t) {
    return undefinedBehaviour(
      site,
      `without compareType the result depends on the comparison mode (${b} case-sensitive, ${t} case-insensitive), and the default mode is not documented; add vbBinaryCompare or vbTextCompare`,
    );
  }
  return String(b);
}

const LONE_SURROGATE = /[\ud800-\udbff](?![\udc00-\udfff])|(?<![\ud800-\udbff])[\udc00-\udfff]/g;

function wellFormed(s: string): string {
  return s.replace(LONE_SURROGATE, '\ufffd');
}

/** ConvertToBase64: base64 of the UTF-16LE ("Unicode") bytes, as the documented example shows. */
export function convertToBase64(args: Arg[], site: CallSite): Raw {
  return Buffer.from(wellFormed(argString(args, 0, site)), 'utf16le').toString('base64');
}

/** ConvertToUTF8Hex: upper-case hex of the UTF-8 bytes, no separators. */
export function convertToUtf8Hex(args: Arg[], site: CallSite): Raw {
  return Buffer.from(argString(args, 0, site), 'utf8')
    .toString('hex')
    .toUpperCase();
}

const BASE64 = /^(?:[A-Za-z0-9+/]{4})*(?:[A-Za-z0-9+/]{2}==|[A-Za-z0-9+/]{3}=)?$/;

/** ConvertFromBase64 (Cloud Sync reference): Unicode (UTF-16LE) by default, or ASCII / UTF8. */
export function convertFromBase64(args: Arg[], site: CallSite): Raw {
  const text = argString(args, 0, site).replace(/[ \t\r\n]/g, '');
  const encoding = enumArg(args, 1, site) ?? 'Unicode';
  if (!BASE64.test(text))
    return invalidInput(site, 'the source is not valid base64 (.NET Convert.FromBase64String would throw)', argSpan(site, 0));
  const bytes = Buffer.from(text, 'base64');
  switch (encoding) {
    case 'ASCII': {
      let out = '';
      for (const b of bytes) out += b < 0x80 ? String.fromCharCode(b) : '?';
      return out;
    }
    case 'UTF8':
      return bytes.toString('utf8');
    default: {
      const even = bytes.length - (bytes.length % 2);
      const decoded = wellFormed(bytes.subarray(0, even).toString('utf16le'));
      return even === bytes.length ? decoded : decoded + '\ufffd';
    }
  }
}

/** CStr: a number, reference or boolean (all strings here) as a string. */
export function cstr(args: Arg[], site: CallSite): Raw {
  return argString(args, 0, site);
}

/** Len (community-reported, undocumented): the length in UTF-16 characters, as .NET String.Length. */
export function len(args: Arg[], site: CallSite): Raw {
  return String(argString(args, 0, site).length);
}

/**
 * DNComponent(dn, ComponentNumber) (Cloud Sync reference): the value of the Nth component from
 * the left. Escaped values are refused: whether the result is unescaped is not documented.
 */
export function dnComponent(args: Arg[], site: CallSite): Raw {
  const dn = argString(args, 0, site);
  const n = argInt(args, 1, site);
  const components: string[] = [];
  let current = '';
  for (let i = 0; i < dn.length; i++) {
    const c = dn[i];
    if (c === '\\' && i + 1 < dn.length) {
      current += c + dn[++i];
    } else if (c === ',') {
      components.push(current);
      current = '';
    } else {
      current += c;
    }
  }
  components.push(current);
  if (n < 1 || n > components.length) {
    return undefinedBehaviour(
      site,
      `the DN has ${components.length} components; component ${n} is not defined by the docs`,
      argSpan(site, 1),
    );
  }
  const component = components[n - 1];
  const eq = component.indexOf('=');
  if (eq < 0) return invalidInput(site, `component ${n} ("${component}") is not of the form name=value`, argSpan(site, 0));
  const value = component.slice(eq + 1);
  if (value.includes('\\')) {
    return undefinedBehaviour(
      site,
      'the component value contains DN escapes, and whether DNComponent unescapes them is not documented',
      argSpan(site, 0),
    );
  }
  return value;
}
