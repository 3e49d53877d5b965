// .NET DateTime.ParseExact(s, format, CultureInfo.InvariantCulture, styles), following
// System.DateTimeParse.DoStrictParse / ParseByFormat, for FormatDateTime's inputFormat.

import { expandStandardFormat, readQuoted } from './format';
import {
  AM_DESIGNATOR,
  DAY_ABBREVIATIONS,
  DAY_NAMES,
  ERA_ABBREVIATION,
  ERA_NAME,
  MAX_OFFSET_MINUTES,
  MONTH_ABBREVIATIONS,
  MONTH_NAMES,
  MS_PER_MINUTE,
  PM_DESIGNATOR,
  TICKS_PER_MS,
  expandTwoDigitYear,
  fail,
  fieldsOf,
  floorMod,
  inDotNetRange,
  isDotNetWhiteSpace,
  ok,
  validateFields,
  wallClockMs,
  type DateErr,
  type DateResult,
  type DateTimeKind,
  type Moment,
} from './moment';

/** System.Globalization.DateTimeStyles flag values. */
export const DateTimeStyles = {
  None: 0,
  AllowLeadingWhite: 1,
  AllowTrailingWhite: 2,
  AllowInnerWhite: 4,
  AllowWhiteSpaces: 7,
  NoCurrentDateDefault: 8,
  AdjustToUniversal: 16,
  AssumeLocal: 32,
  AssumeUniversal: 64,
  RoundtripKind: 128,
} as const;

/** FormatDateTime's documented default: "Empty means RoundtripKind, AllowLeadingWhite, AllowTrailingWhite". */
export const ENTRA_DEFAULT_DATE_TIME_STYLES =
  DateTimeStyles.RoundtripKind | DateTimeStyles.AllowLeadingWhite | DateTimeStyles.AllowTrailingWhite;

const ALL_STYLE_BITS = 0xff;

/**
 * Reads FormatDateTime's dateTimeStyles argument.
 *
 * * undefined / null / "" → the documented default (RoundtripKind, AllowLeadingWhite, AllowTrailingWhite).
 * * Otherwise a comma-separated list of .NET DateTimeStyles member names (exact case, as .NET
 *   Enum.Parse reads them); the listed flags replace the default.
 * * A number ("32") is only community-reported, never documented: "undefined-behaviour" error.
 * * Combinations .NET rejects (AssumeLocal+AssumeUniversal; RoundtripKind with AdjustToUniversal,
 *   AssumeLocal or AssumeUniversal) are errors.
 */
export function parseDateTimeStyles(value: string | number | null | undefined): DateResult<number> {
  if (value === undefined || value === null || value === '') return ok(ENTRA_DEFAULT_DATE_TIME_STYLES);
  if (typeof value === 'number' || /^\s*[+-]?\d+\s*$/.test(value)) {
    return fail(
      'undefined-behaviour',
      `numeric dateTimeStyles "${String(value)}" is not documented (only .NET DateTimeStyles names are); use names such as "AdjustToUniversal"`,
    );
  }
  if (value.trim() === '') {
    return fail(
      'undefined-behaviour',
      'a blank (whitespace-only) dateTimeStyles value is not documented; leave the slot empty for the default',
    );
  }
  let flags = 0;
  for (const raw of value.split(',')) {
    const name = raw.trim();
    if (!Object.prototype.hasOwnProperty.call(DateTimeStyles, name)) {
      const known = Object.keys(DateTimeStyles).find((k) => k.toLowerCase() === name.toLowerCase());
      const hint = known ? ` (did you mean "${known}"? .NET enum names are case-sensitive here)` : '';
      return fail('invalid-input', `"${name}" is not a .NET DateTimeStyles name${hint}`);
    }
    flags |= DateTimeStyles[name as keyof typeof DateTimeStyles];
  }
  const v = validateStyles(flags);
  return v ?? ok(flags);
}

function validateStyles(flags: number): DateErr | null {
  if ((flags & ~ALL_STYLE_BITS) !== 0) return fail('invalid-input', `dateTimeStyles value ${flags} has unknown bits`);
  if ((flags & DateTimeStyles.AssumeLocal) !== 0 && (flags & DateTimeStyles.AssumeUniversal) !== 0) {
    return fail('invalid-input', 'AssumeLocal and AssumeUniversal cannot be combined (.NET throws ArgumentException)');
  }
  if (
    (flags & DateTimeStyles.RoundtripKind) !== 0 &&
    (flags & (DateTimeStyles.AssumeLocal | DateTimeStyles.AssumeUniversal | DateTimeStyles.AdjustToUniversal)) !== 0
  ) {
    return fail(
      'invalid-input',
      'RoundtripKind cannot be combined with AdjustToUniversal, AssumeLocal or AssumeUniversal (.NET throws ArgumentException)',
    );
  }
  return null;
}

export interface ParseExactOptions {
  /** DateTimeStyles: a flags number or FormatDateTime's textual argument. Default: Entra's default. */
  styles?: number | string | null;
  /** Clock (epoch milliseconds, UTC) used only when the format lacks a year/date (.NET fills in today). */
  clock?: () => number;
}

interface State {
  year: number;
  month: number;
  day: number;
  hour: number;
  minute: number;
  second: number;
  /** Fraction in 100-ns ticks; -1 = not parsed. */
  fraction: number;
  dayOfWeek: number;
  timeMark: -1 | 0 | 1;
  useHour12: boolean;
  useTwoDigitYear: boolean;
  tzUsed: boolean;
  tzUtc: boolean;
  tzOffsetMinutes: number;
}

/** A cursor over the input string; `pos` is the next character to read. */
class Cursor {
  pos = 0;
  constructor(public text: string) {}
  get atEnd(): boolean {
    return this.pos >= this.text.length;
  }
  peek(): string | undefined {
    return this.text[this.pos];
  }
  match(ch: string): boolean {
    if (this.text[this.pos] === ch) {
      this.pos++;
      return true;
    }
    return false;
  }
  matchString(s: string): boolean {
    if (this.text.startsWith(s, this.pos)) {
      this.pos += s.length;
      return true;
    }
    return false;
  }
  /** Case-insensitive (ASCII) prefix match; consumes on success. */
  matchIgnoreCase(s: string): boolean {
    const part = this.text.slice(this.pos, this.pos + s.length);
    if (part.length === s.length && part.toLowerCase() === s.toLowerCase()) {
      this.pos += s.length;
      return true;
    }
    return false;
  }
  digits(min: number, max: number): number | null {
    const start = this.pos;
    let value = 0;
    let n = 0;
    while (n < max && this.pos < this.text.length && isAsciiDigit(this.text[this.pos]!)) {
      value = value * 10 + (this.text.charCodeAt(this.pos) - 48);
      this.pos++;
      n++;
    }
    if (n < min) {
      this.pos = start;
      return null;
    }
    return value;
  }
  skipWhite(): void {
    while (this.pos < this.text.length && isDotNetWhiteSpace(this.text[this.pos]!)) this.pos++;
  }
}

function isAsciiDigit(ch: string): boolean {
  return ch >= '0' && ch <= '9';
}

const LETTER = /\p{L}/u;

/** DateTimeParse.ParseDigits(str, len): 1 means "1 or 2 digits", otherwise exactly len. */
function parseDigitsLen(s: Cursor, len: number): number | null {
  return len === 1 ? s.digits(1, 2) : s.digits(len, len);
}

/** DateTimeParse.ParseTimeZoneOffset for z (1), zz (2) and zzz+ / K (3). */
function parseOffset(s: Cursor, len: number): number | null {
  const sign = s.peek();
  if (sign !== '+' && sign !== '-') return null;
  s.pos++;
  let hours: number | null;
  let minutes = 0;
  if (len <= 2) {
    hours = parseDigitsLen(s, len);
    if (hours === null) return null;
  } else {
    hours = s.digits(1, 2);
    if (hours === null) return null;
    s.match(':');
    const mm = s.digits(2, 2);
    if (mm === null) return null;
    minutes = mm;
  }
  if (minutes >= 60) return null;
  const total = hours * 60 + minutes;
  return sign === '-' ? -total : total;
}

function matchName(s: Cursor, names: readonly string[], exactLengthThree: boolean): number {
  // Invariant fast path: three ASCII letters (abbreviations), or a full name as a prefix, ignoring case.
  for (let i = 0; i < names.length; i++) {
    const name = names[i]!;
    if (exactLengthThree ? s.matchIgnoreCase(name.slice(0, 3)) : s.matchIgnoreCase(name)) return i;
  }
  return -1;
}

type Step = { ok: true } | DateErr;
const STEP_OK: Step = { ok: true };

function badDate(text: string, format: string, why: string): DateErr {
  return fail('invalid-input', `"${text}" does not match the format "${format}": ${why}`);
}

function setOnce(
  state: State,
  key: 'year' | 'month' | 'day' | 'hour' | 'minute' | 'second' | 'dayOfWeek',
  value: number,
  ch: string,
  text: string,
  format: string,
): Step {
  if (state[key] === -1) {
    state[key] = value;
    return STEP_OK;
  }
  if (state[key] !== value) return badDate(text, format, `the "${ch}" field appears twice with different values`);
  return STEP_OK;
}

interface FormatCursor {
  f: string;
  /** Index of the current format character. */
  i: number;
}

function repeatAt(fc: FormatCursor): number {
  const ch = fc.f[fc.i];
  let j = fc.i + 1;
  while (j < fc.f.length && fc.f[j] === ch) j++;
  const n = j - fc.i;
  fc.i = j - 1; // leave i on the last repeated character
  return n;
}

interface Flags {
  allowInnerWhite: boolean;
  allowTrailingWhite: boolean;
}

/** DateTimeParse.ParseByFormat: handles the format character at fc.i (and any it owns). */
function parseByFormat(s: Cursor, fc: FormatCursor, st: State, flags: Flags, text: string, format: string): Step {
  const ch = fc.f[fc.i]!;
  const bad = (why: string): DateErr => badDate(text, format, why);
  switch (ch) {
    case 'y': {
      const len = repeatAt(fc);
      if (len <= 2) st.useTwoDigitYear = true;
      if (len > 8) return fail('format-error', `"${'y'.repeat(len)}" is too long a year specifier`);
      const v = parseDigitsLen(s, len);
      if (v === null)
        return bad(`expected ${len === 1 ? '1-2' : len} digit(s) for "${'y'.repeat(len)}" at position ${s.pos + 1}`);
      return setOnce(st, 'year', v, ch, text, format);
    }
    case 'M': {
      const len = repeatAt(fc);
      let v: number;
      if (len <= 2) {
        const d = parseDigitsLen(s, len);
        if (d === null)
          return bad(`expected ${len === 1 ? '1-2' : '2'} digit(s) for "${'M'.repeat(len)}" at position ${s.pos + 1}`);
        v = d;
      } else {
        const idx = matchName(s, len === 3 ? MONTH_ABBREVIATIONS : MONTH_NAMES, len === 3);
        if (idx < 0)
          return bad(`expected ${len === 3 ? 'an abbreviated' : 'a full'} English month name at position ${s.pos + 1}`);
        v = idx + 1;
      }
      return setOnce(st, 'month', v, ch, text, format);
    }
    case 'd': {
      const len = repeatAt(fc);
      if (len <= 2) {
        const d = parseDigitsLen(s, len);
        if (d === null)
          return bad(`expected ${len === 1 ? '1-2' : '2'} digit(s) for "${'d'.repeat(len)}" at position ${s.pos + 1}`);
        return setOnce(st, 'day', d, ch, text, format);
      }
      const idx = matchName(s, len === 3 ? DAY_ABBREVIATIONS : DAY_NAMES, len === 3);
      if (idx < 0) return bad(`expected ${len === 3 ? 'an abbreviated' : 'a full'} English day name at position ${s.pos + 1}`);
      return setOnce(st, 'dayOfWeek', idx, ch, text, format);
    }
    case 'g': {
      repeatAt(fc);
      if (s.matchIgnoreCase(ERA_NAME) || s.matchIgnoreCase(ERA_ABBREVIATION)) return STEP_OK;
      return bad(`expected the era "${ERA_NAME}" at position ${s.pos + 1}`);
    }
    case 'h':
    case 'H':
    case 'm':
    case 's': {
      if (ch === 'h') st.useHour12 = true;
      const len = repeatAt(fc);
      const v = len < 2 ? s.digits(1, 2) : s.digits(2, 2);
      if (v === null) return bad(`expected ${len < 2 ? '1-2' : '2'} digit(s) for "${ch.repeat(len)}" at position ${s.pos + 1}`);
      const key = ch === 'h' || ch === 'H' ? 'hour' : ch === 'm' ? 'minute' : 'second';
      return setOnce(st, key, v, ch, text, format);
    }
    case 'f':
    case 'F': {
      const len = repeatAt(fc);
      if (len > 7) return bad(`"${ch.repeat(len)}" asks for more than 7 fractional-second digits`);
      const start = s.pos;
      const v = s.digits(0, len) ?? 0;
      const n = s.pos - start;
      if (ch === 'f' && n !== len) return bad(`expected exactly ${len} fractional-second digit(s) at position ${start + 1}`);
      const ticks = n === 0 ? 0 : v * 10 ** (7 - n);
      if (st.fraction < 0) st.fraction = ticks;
      else if (st.fraction !== ticks) return bad('the fractional seconds appear twice with different values');
      return STEP_OK;
    }
    case 't': {
      const len = repeatAt(fc);
      let mark: 0 | 1;
      if (len === 1) {
        // MatchAbbreviatedTimeMark: first letter of the designator, case-sensitive.
        const c = s.peek();
        if (c === AM_DESIGNATOR[0]) mark = 0;
        else if (c === PM_DESIGNATOR[0]) mark = 1;
        else return bad(`expected "A" or "P" at position ${s.pos + 1}`);
        s.pos++;
      } else {
        if (s.matchIgnoreCase(AM_DESIGNATOR)) mark = 0;
        else if (s.matchIgnoreCase(PM_DESIGNATOR)) mark = 1;
        else return bad(`expected "AM" or "PM" at position ${s.pos + 1}`);
      }
      if (st.timeMark === -1) st.timeMark = mark;
      else if (st.timeMark !== mark) return bad('the AM/PM designator appears twice with different values');
      return STEP_OK;
    }
    case 'z': {
      const len = repeatAt(fc);
      const off = parseOffset(s, len);
      if (off === null) return bad(`expected a UTC offset for "${'z'.repeat(len)}" at position ${s.pos + 1}`);
      if (st.tzUsed && off !== st.tzOffsetMinutes) return bad('two different UTC offsets');
      st.tzOffsetMinutes = off;
      st.tzUsed = true;
      return STEP_OK;
    }
    case 'Z': {
      // An unquoted Z in a ParseExact format is NOT a plain literal: it matches "Z" or "GMT"
      // (any case, not followed by a letter) and marks the value as UTC.
      if (st.tzUsed && st.tzOffsetMinutes !== 0) return bad('"Z" conflicts with a non-zero UTC offset');
      st.tzUsed = true;
      st.tzOffsetMinutes = 0;
      st.tzUtc = true;
      for (const word of ['GMT', 'Z']) {
        const save = s.pos;
        if (s.matchIgnoreCase(word)) {
          const next = s.peek();
          if (next === undefined || !LETTER.test(next)) return STEP_OK;
        }
        s.pos = save;
      }
      return bad(`expected "Z" or "GMT" at position ${s.pos + 1}`);
    }
    case 'K': {
      if (s.match('Z')) {
        if (st.tzUsed && st.tzOffsetMinutes !== 0) return bad('"Z" conflicts with a non-zero UTC offset');
        st.tzUsed = true;
        st.tzOffsetMinutes = 0;
        st.tzUtc = true;
      } else if (s.peek() === '+' || s.peek() === '-') {
        const off = parseOffset(s, 3);
        if (off === null) return bad(`expected a UTC offset for "K" at position ${s.pos + 1}`);
        if (st.tzUsed && off !== st.tzOffsetMinutes) return bad('two different UTC offsets');
        st.tzOffsetMinutes = off;
        st.tzUsed = true;
      }
      return STEP_OK; // otherwise unspecified: consumes nothing
    }
    case ':':
    case '/':
      if (!s.match(ch)) return bad(`expected "${ch}" at position ${s.pos + 1}`);
      return STEP_OK;
    case "'":
    case '"': {
      const q = readQuoted(fc.f, fc.i);
      if (!q.ok) return q;
      fc.i += q.value[1] - 1;
      for (const c of q.value[0]) {
        if (c === ' ' && flags.allowInnerWhite) s.skipWhite();
        else if (!s.match(c)) return bad(`expected the literal "${q.value[0]}" at position ${s.pos + 1}`);
      }
      return STEP_OK;
    }
    case '%':
      if (fc.i >= fc.f.length - 1 || fc.f[fc.i + 1] === '%') {
        return fail('format-error', `format string "${format}" has a "%" that is not followed by a format specifier`);
      }
      return STEP_OK; // the next character is read as a specifier by the caller's loop
    case '\\': {
      if (fc.i + 1 >= fc.f.length) return fail('format-error', `format string "${format}" ends with a lone backslash`);
      fc.i++;
      const lit = fc.f[fc.i]!;
      if (!s.match(lit)) return bad(`expected "${lit}" at position ${s.pos + 1}`);
      return STEP_OK;
    }
    case '.': {
      if (s.match('.')) return STEP_OK;
      // No dot in the input: .NET treats ".FF..." as an optional fraction and skips it. Its code
      // (format.GetNext() then format.Match('F')) actually tests the character two places after the
      // dot, so ".F" alone is NOT optional while ".FF" is; mirrored exactly.
      if (fc.i + 2 < fc.f.length && fc.f[fc.i + 2] === 'F') {
        fc.i += 2;
        repeatAt(fc);
        return STEP_OK;
      }
      return bad(`expected "." at position ${s.pos + 1}`);
    }
    default: {
      if (ch === ' ') {
        if (flags.allowInnerWhite) return STEP_OK;
        if (s.match(' ')) return STEP_OK;
        if (flags.allowTrailingWhite && fc.i + 1 < fc.f.length) {
          fc.i++;
          return parseByFormat(s, fc, st, flags, text, format);
        }
        return bad(`expected a space at position ${s.pos + 1}`);
      }
      if (fc.f.slice(fc.i, fc.i + 3).toLowerCase() === 'gmt') {
        fc.i += 2;
        st.tzUsed = true;
        st.tzOffsetMinutes = 0;
        if (!s.matchString('GMT')) return bad(`expected "GMT" at position ${s.pos + 1}`);
        return STEP_OK;
      }
      if (!s.match(ch)) return bad(`expected "${ch}" at position ${s.pos + 1}`);
      return STEP_OK;
    }
  }
}

function isWhite(c: string | undefined): boolean {
  return c !== undefined && isDotNetWhiteSpace(c);
}

/**
 * .NET `DateTime.ParseExact(text, format, InvariantCulture, styles)`.
 *
 * Returns a Moment whose kind follows .NET's rules: with RoundtripKind a trailing `Z` (via `K` or an
 * unquoted `Z`) gives a UTC value; an explicit offset (z/zz/zzz/K) is converted to the service's
 * local time (taken to be UTC) and gives a local value; no zone information gives an unspecified
 * value whose wall clock is kept as is.
 */
export function parseDotNetExact(text: string, format: string, options: ParseExactOptions = {}): DateResult<Moment> {
  if (typeof text !== 'string') return fail('invalid-input', 'the date/time text must be a string');
  if (typeof format !== 'string') return fail('invalid-input', 'the input format must be a string');
  let styles: number;
  if (typeof options.styles === 'number') {
    const v = validateStyles(options.styles);
    if (v) return v;
    styles = options.styles;
  } else {
    const r = parseDateTimeStyles(options.styles);
    if (!r.ok) return r;
    styles = r.value;
  }
  if (text.length === 0)
    return fail('invalid-input', 'an empty string is not a date/time (.NET ParseExact throws FormatException)');
  if (format.length === 0) return fail('format-error', 'the input format is empty');

  let pattern = format;
  if (format.length === 1) {
    const expanded = expandStandardFormat(format);
    if (!expanded.ok) return expanded;
    pattern = expanded.value;
  }

  const flags: Flags = {
    allowInnerWhite: (styles & DateTimeStyles.AllowInnerWhite) !== 0,
    allowTrailingWhite: (styles & DateTimeStyles.AllowTrailingWhite) !== 0,
  };

  let f = pattern;
  let str = text;
  if (flags.allowTrailingWhite) {
    f = trimEndDotNet(f);
    f = removeTrailingInQuoteSpaces(f);
    str = trimEndDotNet(str);
  }
  let fStart = 0;
  const s = new Cursor(str);
  if ((styles & DateTimeStyles.AllowLeadingWhite) !== 0) {
    while (fStart < f.length && isWhite(f[fStart])) fStart++;
    f = removeLeadingInQuoteSpaces(f);
    s.skipWhite();
  }

  const st: State = {
    year: -1,
    month: -1,
    day: -1,
    hour: -1,
    minute: -1,
    second: -1,
    fraction: -1,
    dayOfWeek: -1,
    timeMark: -1,
    useHour12: false,
    useTwoDigitYear: false,
    tzUsed: false,
    tzUtc: false,
    tzOffsetMinutes: 0,
  };
  const fc: FormatCursor = { f, i: fStart };
  for (; fc.i < f.length; fc.i++) {
    if (flags.allowInnerWhite) s.skipWhite();
    const step = parseByFormat(s, fc, st, flags, text, format);
    if (!step.ok) return step;
  }
  if (!s.atEnd) return badDate(text, format, `unexpected "${str.slice(s.pos)}" after the end of the format`);

  if (st.useTwoDigitYear && st.year !== -1) {
    if (st.year >= 100) return badDate(text, format, 'a two-digit year was expected');
    const y = expandTwoDigitYear(st.year);
    if (!y.ok) return y;
    st.year = y.value;
  }

  if (st.useHour12) {
    if (st.timeMark === -1) st.timeMark = 0; // hh without tt: AM
    if (st.hour > 12) return badDate(text, format, `hour ${st.hour} is not valid on a 12-hour clock`);
    if (st.timeMark === 0) {
      if (st.hour === 12) st.hour = 0;
    } else {
      st.hour = st.hour === 12 ? 12 : st.hour + 12;
    }
  } else if ((st.timeMark === 0 && st.hour >= 12) || (st.timeMark === 1 && st.hour < 12)) {
    // 24-hour clock with a designator (an hour that was not parsed counts as -1, as in .NET).
    return badDate(text, format, 'the AM/PM designator contradicts the 24-hour value');
  }

  const timeOnly = st.year === -1 && st.month === -1 && st.day === -1;
  if (st.year === -1 || st.month === -1 || st.day === -1) {
    const needsToday = st.year === -1 && !(timeOnly && (styles & DateTimeStyles.NoCurrentDateDefault) !== 0);
    if (needsToday) {
      if (!options.clock) {
        return fail(
          'needs-clock',
          `the format "${format}" has no year, so .NET fills in the current ${timeOnly ? 'date' : 'year'}; supply a clock`,
        );
      }
      const nowMs = options.clock();
      if (!Number.isFinite(nowMs) || !inDotNetRange(Math.floor(nowMs)))
        return fail('invalid-input', 'the clock returned an invalid time');
      const today = fieldsOf({ utcMs: Math.floor(nowMs), subMsTicks: 0, kind: 'utc', sourceOffsetMinutes: null });
      if (timeOnly) {
        st.year = today.year;
        st.month = today.month;
        st.day = today.day;
      } else {
        st.year = today.year;
      }
    }
    if (st.year === -1) {
      // Only reachable for a time-only format with NoCurrentDateDefault: 0001-01-01.
      st.year = 1;
      st.month = 1;
      st.day = 1;
    }
    if (st.month === -1) st.month = 1;
    if (st.day === -1) st.day = 1;
  }
  if (st.hour === -1) st.hour = 0;
  if (st.minute === -1) st.minute = 0;
  if (st.second === -1) st.second = 0;

  const invalid = validateFields(st.year, st.month, st.day, st.hour, st.minute, st.second);
  if (invalid) return fail(invalid.code, `"${text}" (format "${format}"): ${invalid.message}`);

  const fractionTicks = st.fraction > 0 ? st.fraction : 0;
  const wallMs = wallClockMs(st.year, st.month, st.day, st.hour, st.minute, st.second) + Math.floor(fractionTicks / TICKS_PER_MS);
  const sub = fractionTicks % TICKS_PER_MS;

  if (st.dayOfWeek !== -1) {
    const dow = floorMod(Math.floor(wallMs / 86_400_000) + 4, 7);
    if (dow !== st.dayOfWeek) return badDate(text, format, `the day name does not match the date (it is a ${DAY_NAMES[dow]})`);
  }

  // DetermineTimeZoneAdjustments (DateTime, not DateTimeOffset).
  if (Math.abs(st.tzOffsetMinutes) > MAX_OFFSET_MINUTES) {
    return badDate(text, format, 'the UTC offset is outside ±14:00');
  }
  let kind: DateTimeKind;
  let utcMs = wallMs;
  let tzUsed = st.tzUsed;
  let offset = st.tzOffsetMinutes;
  const adjustToUniversal = (styles & DateTimeStyles.AdjustToUniversal) !== 0;
  let decided = false;
  kind = 'unspecified';
  if (!tzUsed) {
    if ((styles & DateTimeStyles.AssumeLocal) !== 0) {
      // Local wall clock (= UTC in the service): AdjustToUniversal gives UTC kind, otherwise local.
      kind = adjustToUniversal ? 'utc' : 'local';
      decided = true;
    } else if ((styles & DateTimeStyles.AssumeUniversal) !== 0) {
      if (adjustToUniversal) {
        kind = 'utc';
        decided = true;
      } else {
        tzUsed = true;
        offset = 0;
      }
    } else {
      kind = 'unspecified';
      decided = true;
    }
  }
  if (!decided) {
    if ((styles & DateTimeStyles.RoundtripKind) !== 0 && st.tzUtc) {
      kind = 'utc';
    } else {
      utcMs = wallMs - offset * MS_PER_MINUTE;
      kind = adjustToUniversal ? 'utc' : 'local';
    }
  }
  if (!inDotNetRange(utcMs)) return fail('out-of-range', `"${text}" converted to UTC falls outside the .NET DateTime range`);
  return ok({ utcMs, subMsTicks: sub, kind, sourceOffsetMinutes: st.tzUsed ? st.tzOffsetMinutes : null });
}

function trimEndDotNet(s: string): string {
  let end = s.length;
  while (end > 0 && isWhite(s[end - 1])) end--;
  return s.slice(0, end);
}

/** __DTString.RemoveTrailingInQuoteSpaces: "...'abc  '" → "...'abc'". */
function removeTrailingInQuoteSpaces(s: string): string {
  let i = s.length - 1;
  if (i <= 1) return s;
  const ch = s[i];
  if ((ch === "'" || ch === '"') && isWhite(s[i - 1])) {
    i--;
    while (i >= 1 && isWhite(s[i - 1])) i--;
    return s.slice(0, i) + s.slice(s.length - 1);
  }
  return s;
}

/** __DTString.RemoveLeadingInQuoteSpaces: "'  abc'..." → "'abc'...". */
function removeLeadingInQuoteSpaces(s: string): string {
  if (s.length <= 2) return s;
  const ch = s[0];
  if (ch === "'" || ch === '"') {
    let i = 0;
    while (i + 1 < s.length && isWhite(s[i + 1])) i++;
    if (i !== 0) return s[0] + s.slice(i + 1);
  }
  return s;
}
