// .NET DateTime.ToString(format, culture) for custom format strings and the culture-independent
// standard formats, following System.Globalization.DateTimeFormat.FormatCustomized.

import {
  AM_DESIGNATOR,
  DAY_ABBREVIATIONS,
  DAY_NAMES,
  ERA_NAME,
  MONTH_ABBREVIATIONS,
  MONTH_NAMES,
  PM_DESIGNATOR,
  checkMoment,
  fail,
  fieldsOf,
  ok,
  pad,
  type DateResult,
  type Fields,
  type Moment,
} from './moment';

/** Offset (minutes) the service's local time zone is taken to have: UTC (documented choice). */
export const SERVICE_LOCAL_OFFSET_MINUTES = 0;

/** Custom patterns of the culture-independent standard formats (same in every culture). */
export const CULTURE_INDEPENDENT_STANDARD_FORMATS: Readonly<Record<string, string>> = {
  o: "yyyy'-'MM'-'dd'T'HH':'mm':'ss'.'fffffffK",
  O: "yyyy'-'MM'-'dd'T'HH':'mm':'ss'.'fffffffK",
  r: "ddd, dd MMM yyyy HH':'mm':'ss 'GMT'",
  R: "ddd, dd MMM yyyy HH':'mm':'ss 'GMT'",
  s: "yyyy'-'MM'-'dd'T'HH':'mm':'ss",
  u: "yyyy'-'MM'-'dd HH':'mm':'ss'Z'",
};

/** Standard formats whose pattern comes from the (undocumented) culture of the service. */
export const CULTURE_DEPENDENT_STANDARD_FORMATS = ['d', 'D', 'f', 'F', 'g', 'G', 'm', 'M', 't', 'T', 'U', 'y', 'Y'] as const;

/**
 * Resolves a one-character format string the way .NET does (a one-character format is always a
 * standard format). Returns the custom pattern, or an error.
 */
export function expandStandardFormat(format: string): DateResult<string> {
  const pattern = CULTURE_INDEPENDENT_STANDARD_FORMATS[format];
  if (pattern !== undefined) return ok(pattern);
  if ((CULTURE_DEPENDENT_STANDARD_FORMATS as readonly string[]).includes(format)) {
    return fail(
      'undefined-behaviour',
      `standard format "${format}" expands to a culture-specific pattern and the provisioning service's culture is not documented; write the custom pattern instead`,
    );
  }
  return fail(
    'format-error',
    `"${format}" is not a standard .NET date/time format (a one-character format string is always read as a standard format; use "%${format}" for the custom specifier)`,
  );
}

function repeatCount(format: string, i: number): number {
  const ch = format[i];
  let j = i + 1;
  while (j < format.length && format[j] === ch) j++;
  return j - i;
}

/** Reads a quoted literal starting at format[i] (the quote). Returns [text, consumed length]. */
export function readQuoted(format: string, i: number): DateResult<[string, number]> {
  const quote = format[i]!;
  let pos = i + 1;
  let out = '';
  while (pos < format.length) {
    const ch = format[pos++]!;
    if (ch === quote) return ok([out, pos - i]);
    if (ch === '\\') {
      if (pos < format.length) out += format[pos++];
      else return fail('format-error', `format string "${format}" ends with an unfinished escape inside a quoted literal`);
    } else {
      out += ch;
    }
  }
  return fail(
    'format-error',
    `format string "${format}" has an unterminated ${quote === '"' ? 'double' : 'single'}-quoted literal`,
  );
}

function offsetText(totalMinutes: number, tokenLen: number): string {
  const sign = totalMinutes >= 0 ? '+' : '-';
  const abs = Math.abs(totalMinutes);
  const h = Math.floor(abs / 60);
  const m = abs % 60;
  if (tokenLen <= 1) return sign + String(h);
  if (tokenLen === 2) return sign + pad(h, 2);
  return `${sign}${pad(h, 2)}:${pad(m, 2)}`;
}

function formatCustom(m: Moment, f: Fields, format: string): DateResult<string> {
  let out = '';
  let i = 0;
  while (i < format.length) {
    const ch = format[i]!;
    let len = 1;
    switch (ch) {
      case 'g':
        len = repeatCount(format, i);
        out += ERA_NAME;
        break;
      case 'h': {
        len = repeatCount(format, i);
        let h12 = f.hour % 12;
        if (h12 === 0) h12 = 12;
        out += pad(h12, Math.min(len, 2));
        break;
      }
      case 'H':
        len = repeatCount(format, i);
        out += pad(f.hour, Math.min(len, 2));
        break;
      case 'm':
        len = repeatCount(format, i);
        out += pad(f.minute, Math.min(len, 2));
        break;
      case 's':
        len = repeatCount(format, i);
        out += pad(f.second, Math.min(len, 2));
        break;
      case 'f':
      case 'F': {
        len = repeatCount(format, i);
        if (len > 7) return fail('format-error', `"${ch.repeat(len)}" asks for more than 7 fractional-second digits`);
        let fraction = Math.floor(f.ticksInSecond / 10 ** (7 - len));
        if (ch === 'f') {
          out += pad(fraction, len);
        } else {
          let digits = len;
          while (digits > 0 && fraction % 10 === 0) {
            fraction /= 10;
            digits--;
          }
          if (digits > 0) out += pad(fraction, digits);
          else if (out.endsWith('.')) out = out.slice(0, -1);
        }
        break;
      }
      case 't': {
        len = repeatCount(format, i);
        const designator = f.hour < 12 ? AM_DESIGNATOR : PM_DESIGNATOR;
        out += len === 1 ? designator[0] : designator;
        break;
      }
      case 'd':
        len = repeatCount(format, i);
        if (len <= 2) out += pad(f.day, len);
        else if (len === 3) out += DAY_ABBREVIATIONS[f.dayOfWeek];
        else out += DAY_NAMES[f.dayOfWeek];
        break;
      case 'M':
        len = repeatCount(format, i);
        if (len <= 2) out += pad(f.month, len);
        else if (len === 3) out += MONTH_ABBREVIATIONS[f.month - 1];
        else out += MONTH_NAMES[f.month - 1];
        break;
      case 'y':
        len = repeatCount(format, i);
        if (len <= 2) out += pad(f.year % 100, len);
        else out += pad(f.year, len);
        break;
      case 'z': {
        len = repeatCount(format, i);
        // A DateTime has no offset of its own: UTC-kind values print +00:00, the others print the
        // offset of the service's local time zone (taken to be UTC).
        const offset = m.kind === 'utc' ? 0 : SERVICE_LOCAL_OFFSET_MINUTES;
        out += offsetText(offset, len);
        break;
      }
      case 'K':
        // Round-trips DateTimeKind: Utc -> "Z", Local -> local offset, Unspecified -> nothing.
        if (m.kind === 'utc') out += 'Z';
        else if (m.kind === 'local') out += offsetText(SERVICE_LOCAL_OFFSET_MINUTES, 3);
        break;
      case ':':
        out += ':';
        break;
      case '/':
        out += '/';
        break;
      case "'":
      case '"': {
        const q = readQuoted(format, i);
        if (!q.ok) return q;
        out += q.value[0];
        len = q.value[1];
        break;
      }
      case '%': {
        const next = format[i + 1];
        if (next === undefined || next === '%') {
          return fail('format-error', `format string "${format}" has a "%" that is not followed by a format specifier`);
        }
        const sub = formatCustom(m, f, next);
        if (!sub.ok) return sub;
        out += sub.value;
        len = 2;
        break;
      }
      case '\\': {
        const next = format[i + 1];
        if (next === undefined) return fail('format-error', `format string "${format}" ends with a lone backslash`);
        out += next;
        len = 2;
        break;
      }
      default:
        // Any other character, including 'Z' and 'T', is copied as a literal.
        out += ch;
        break;
    }
    i += len;
  }
  return ok(out);
}

/**
 * .NET `DateTime.ToString(format, culture)` with invariant-culture names.
 *
 * * Custom specifiers: y.. M.. d.. h hh H HH m mm s ss f..fffffff F..FFFFFFF t tt z zz zzz K g,
 *   the separators `:` and `/`, `'literal'`, `"literal"`, `\x`, `%x`. Any other character (including
 *   an unquoted `Z` or `T`) is a literal.
 * * `z`/`zz`/`zzz` print the offset of a *DateTime*, not the offset the source text had: `+00:00`.
 * * `K` prints `Z` for UTC-kind values, `+00:00` for local-kind values and nothing for unspecified.
 * * One-character formats are standard formats: o O r R s u are supported; the culture-dependent
 *   ones (d D f F g G m M t T U y Y) return an "undefined-behaviour" error.
 */
export function formatDotNet(moment: Moment, format: string): DateResult<string> {
  const bad = checkMoment(moment, 'the date/time');
  if (bad) return bad;
  if (typeof format !== 'string') return fail('invalid-input', 'the format must be a string');
  if (format.length === 0) {
    return fail(
      'undefined-behaviour',
      'an empty format string gives DateTime.ToString()\'s culture-specific default ("G") pattern, and the service\'s culture is not documented',
    );
  }
  let pattern = format;
  if (format.length === 1) {
    const expanded = expandStandardFormat(format);
    if (!expanded.ok) return expanded;
    pattern = expanded.value;
  }
  return formatCustom(moment, fieldsOf(moment), pattern);
}

/** Entra's documented text form of a DateTime (CDate, Now, DateAdd): `M/d/yyyy h:mm:ss tt`, UTC. */
export const ENTRA_DATE_FORMAT = 'M/d/yyyy h:mm:ss tt';

/** Renders a Moment the way CDate/Now/DateAdd results are documented to print, e.g. "6/15/2009 8:45:30 AM". */
export function formatEntraDate(moment: Moment): DateResult<string> {
  return formatDotNet(moment, ENTRA_DATE_FORMAT);
}
