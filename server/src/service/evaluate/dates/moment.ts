// Core date/time model for Entra's date functions (CDate, DateAdd, DateDiff, FormatDateTime,
// NumFromDate, DateFromNum, Now).
//
// A Moment mirrors a .NET DateTime as the provisioning service would hold it:
//   * utcMs + subMsTicks: the instant, in whole milliseconds since 1970-01-01T00:00:00Z plus the
//     remaining 100-ns ticks (0..9999) — the resolution of .NET DateTime and Windows FILETIME;
//   * kind: the .NET DateTimeKind the value would carry (it only shows through the `K` format
//     specifier);
//   * sourceOffsetMinutes: the UTC offset written in the text the value was parsed from, if any.
//
// Documented choice (see README in this folder / report): the service's local time zone is
// taken to be UTC. Entra documents CDate/Now results as UTC and Microsoft's own FormatDateTime
// examples emit "...Z"-suffixed wall-clock times, which only makes sense if wall clock = UTC.
// Under that assumption the wall clock of every Moment, whatever its kind, is its UTC time.

/** How a failed date operation failed. */
export type DateErrorCode =
  /** The input text/value is not valid for the operation (.NET would throw FormatException/ArgumentException). */
  | 'invalid-input'
  /** A .NET format string is malformed (.NET would throw FormatException for the format itself). */
  | 'format-error'
  /** The Entra docs do not define what happens here; we refuse to guess. */
  | 'undefined-behaviour'
  /** .NET accepts this but the checker does not model it (e.g. an exotic DateTime.Parse form). */
  | 'unsupported'
  /** The result would fall outside .NET DateTime's range (0001-01-01 .. 9999-12-31) or FILETIME's. */
  | 'out-of-range'
  /** The operation needs the current date/time (e.g. a time-only input) and no clock was supplied. */
  | 'needs-clock';

export type DateOk<T> = { ok: true; value: T };
export type DateErr = { ok: false; message: string; code: DateErrorCode };
export type DateResult<T> = DateOk<T> | DateErr;

export function ok<T>(value: T): DateOk<T> {
  return { ok: true, value };
}

export function fail(code: DateErrorCode, message: string): DateErr {
  const prefix = code === 'undefined-behaviour' ? 'undefined behaviour: ' : '';
  return { ok: false, code, message: prefix + message };
}

export type DateTimeKind = 'utc' | 'local' | 'unspecified';

export interface Moment {
  /** Whole milliseconds since 1970-01-01T00:00:00Z (an integer, may be negative). */
  readonly utcMs: number;
  /** Further 100-nanosecond ticks within that millisecond, 0..9999. */
  readonly subMsTicks: number;
  /** .NET DateTimeKind the value would have in the service. */
  readonly kind: DateTimeKind;
  /** Offset (minutes east of UTC) that the parsed text carried, e.g. -420 for "-07:00"; null if none. */
  readonly sourceOffsetMinutes: number | null;
}

export const MS_PER_SECOND = 1000;
export const MS_PER_MINUTE = 60 * MS_PER_SECOND;
export const MS_PER_HOUR = 60 * MS_PER_MINUTE;
export const MS_PER_DAY = 24 * MS_PER_HOUR;
export const TICKS_PER_MS = 10_000;

/** 0001-01-01T00:00:00Z, .NET DateTime.MinValue. */
export const MIN_UTC_MS = -62_135_596_800_000;
/** 9999-12-31T23:59:59.999Z (plus up to 9999 sub-ms ticks), .NET DateTime.MaxValue. */
export const MAX_UTC_MS = 253_402_300_799_999;

export function floorDiv(a: number, b: number): number {
  return Math.floor(a / b);
}

export function floorMod(a: number, b: number): number {
  const r = a % b;
  return r < 0 ? r + b : r;
}

/** Days since 1970-01-01 of a proleptic Gregorian date (H. Hinnant's days_from_civil). */
export function daysFromCivil(year: number, month: number, day: number): number {
  const y = month <= 2 ? year - 1 : year;
  const era = floorDiv(y, 400);
  const yoe = y - era * 400;
  const mp = month > 2 ? month - 3 : month + 9;
  const doy = Math.floor((153 * mp + 2) / 5) + day - 1;
  const doe = yoe * 365 + Math.floor(yoe / 4) - Math.floor(yoe / 100) + doy;
  return era * 146097 + doe - 719468;
}

/** Inverse of daysFromCivil. */
function civilFromDays(days: number): { year: number; month: number; day: number } {
  const z = days + 719468;
  const era = floorDiv(z, 146097);
  const doe = z - era * 146097;
  const yoe = Math.floor((doe - Math.floor(doe / 1460) + Math.floor(doe / 36524) - Math.floor(doe / 146096)) / 365);
  const doy = doe - (365 * yoe + Math.floor(yoe / 4) - Math.floor(yoe / 100));
  const mp = Math.floor((5 * doy + 2) / 153);
  const day = doy - Math.floor((153 * mp + 2) / 5) + 1;
  const month = mp < 10 ? mp + 3 : mp - 9;
  const year = yoe + era * 400 + (month <= 2 ? 1 : 0);
  return { year, month, day };
}

function isLeapYear(year: number): boolean {
  return (year % 4 === 0 && year % 100 !== 0) || year % 400 === 0;
}

export function daysInMonth(year: number, month: number): number {
  switch (month) {
    case 2:
      return isLeapYear(year) ? 29 : 28;
    case 4:
    case 6:
    case 9:
    case 11:
      return 30;
    default:
      return 31;
  }
}

/** Calendar fields of a Moment's wall clock (= UTC, see the file comment). */
export interface Fields {
  year: number;
  month: number;
  day: number;
  hour: number;
  minute: number;
  second: number;
  /** 100-ns ticks within the second, 0..9_999_999. */
  ticksInSecond: number;
  /** 0 = Sunday .. 6 = Saturday. */
  dayOfWeek: number;
  /** Days since 1970-01-01. */
  dayNumber: number;
}

export function fieldsOf(m: Moment): Fields {
  const dayNumber = floorDiv(m.utcMs, MS_PER_DAY);
  const msOfDay = m.utcMs - dayNumber * MS_PER_DAY;
  const { year, month, day } = civilFromDays(dayNumber);
  const hour = Math.floor(msOfDay / MS_PER_HOUR);
  const minute = Math.floor((msOfDay % MS_PER_HOUR) / MS_PER_MINUTE);
  const second = Math.floor((msOfDay % MS_PER_MINUTE) / MS_PER_SECOND);
  const ticksInSecond = (msOfDay % MS_PER_SECOND) * TICKS_PER_MS + m.subMsTicks;
  const dayOfWeek = floorMod(dayNumber + 4, 7); // 1970-01-01 was a Thursday
  return { year, month, day, hour, minute, second, ticksInSecond, dayOfWeek, dayNumber };
}

/** Milliseconds since the epoch of a wall-clock date/time read as UTC (no range check). */
export function wallClockMs(
  year: number,
  month: number,
  day: number,
  hour: number,
  minute: number,
  second: number,
  ms = 0,
): number {
  return daysFromCivil(year, month, day) * MS_PER_DAY + hour * MS_PER_HOUR + minute * MS_PER_MINUTE + second * MS_PER_SECOND + ms;
}

export function inDotNetRange(utcMs: number): boolean {
  return utcMs >= MIN_UTC_MS && utcMs <= MAX_UTC_MS;
}

/** Builds a Moment from an instant expressed in 100-ns ticks since the Unix epoch. */
export function momentFromEpochTicks(ticks: bigint, kind: DateTimeKind, sourceOffsetMinutes: number | null): DateResult<Moment> {
  const t = BigInt(TICKS_PER_MS);
  let ms = ticks / t;
  let sub = ticks % t;
  if (sub < 0n) {
    sub += t;
    ms -= 1n;
  }
  const utcMs = Number(ms);
  if (!inDotNetRange(utcMs)) {
    return fail('out-of-range', 'the date/time is outside the range of .NET DateTime (0001-01-01 to 9999-12-31)');
  }
  return ok({ utcMs, subMsTicks: Number(sub), kind, sourceOffsetMinutes });
}

export function epochTicksOf(m: Moment): bigint {
  return BigInt(m.utcMs) * BigInt(TICKS_PER_MS) + BigInt(m.subMsTicks);
}

/** Makes a UTC Moment from a wall-clock UTC date/time; fails if the fields are not a valid date. */
export function utcMoment(
  year: number,
  month: number,
  day: number,
  hour = 0,
  minute = 0,
  second = 0,
  ticksInSecond = 0,
): DateResult<Moment> {
  const v = validateFields(year, month, day, hour, minute, second);
  if (v) return v;
  const ms = wallClockMs(year, month, day, hour, minute, second) + Math.floor(ticksInSecond / TICKS_PER_MS);
  return ok({ utcMs: ms, subMsTicks: ticksInSecond % TICKS_PER_MS, kind: 'utc', sourceOffsetMinutes: null });
}

/** Returns an error if the fields are not a valid .NET DateTime (GregorianCalendar.TryToDateTime). */
export function validateFields(
  year: number,
  month: number,
  day: number,
  hour: number,
  minute: number,
  second: number,
): DateErr | null {
  if (year < 1 || year > 9999) return fail('out-of-range', `year ${year} is outside 1..9999`);
  if (month < 1 || month > 12) return fail('invalid-input', `month ${month} is not 1..12`);
  const dim = daysInMonth(year, month);
  if (day < 1 || day > dim)
    return fail('invalid-input', `day ${day} does not exist in ${year}-${pad(month, 2)} (it has ${dim} days)`);
  if (hour < 0 || hour > 23) return fail('invalid-input', `hour ${hour} is not 0..23`);
  if (minute < 0 || minute > 59) return fail('invalid-input', `minute ${minute} is not 0..59`);
  if (second < 0 || second > 59) return fail('invalid-input', `second ${second} is not 0..59`);
  return null;
}

export function isValidMoment(m: unknown): m is Moment {
  if (typeof m !== 'object' || m === null) return false;
  const x = m as Partial<Moment>;
  return (
    typeof x.utcMs === 'number' &&
    Number.isInteger(x.utcMs) &&
    inDotNetRange(x.utcMs) &&
    typeof x.subMsTicks === 'number' &&
    Number.isInteger(x.subMsTicks) &&
    x.subMsTicks >= 0 &&
    x.subMsTicks < TICKS_PER_MS &&
    (x.kind === 'utc' || x.kind === 'local' || x.kind === 'unspecified') &&
    (x.sourceOffsetMinutes === null || (typeof x.sourceOffsetMinutes === 'number' && Number.isInteger(x.sourceOffsetMinutes)))
  );
}

export function checkMoment(m: Moment, what: string): DateErr | null {
  return isValidMoment(m) ? null : fail('invalid-input', `${what} is not a valid date/time value`);
}

export function pad(n: number, width: number): string {
  return String(n).padStart(width, '0');
}

/** .NET char.IsWhiteSpace. */
export function isDotNetWhiteSpace(ch: string): boolean {
  const c = ch.charCodeAt(0);
  return (
    c === 0x20 ||
    (c >= 0x09 && c <= 0x0d) ||
    c === 0x85 ||
    c === 0xa0 ||
    c === 0x1680 ||
    (c >= 0x2000 && c <= 0x200a) ||
    c === 0x2028 ||
    c === 0x2029 ||
    c === 0x202f ||
    c === 0x205f ||
    c === 0x3000
  );
}

export function trimDotNet(s: string): string {
  let a = 0;
  let b = s.length;
  while (a < b && isDotNetWhiteSpace(s[a]!)) a++;
  while (b > a && isDotNetWhiteSpace(s[b - 1]!)) b--;
  return s.slice(a, b);
}

/** Invariant-culture names (identical to en-US, the culture CDate's output format suggests). */
export const MONTH_NAMES = [
  'January',
  'February',
  'March',
  'April',
  'May',
  'June',
  'July',
  'August',
  'September',
  'October',
  'November',
  'December',
] as const;
export const MONTH_ABBREVIATIONS = ['Jan', 'Feb', 'Mar', 'Apr', 'May', 'Jun', 'Jul', 'Aug', 'Sep', 'Oct', 'Nov', 'Dec'] as const;
export const DAY_NAMES = ['Sunday', 'Monday', 'Tuesday', 'Wednesday', 'Thursday', 'Friday', 'Saturday'] as const;
export const DAY_ABBREVIATIONS = ['Sun', 'Mon', 'Tue', 'Wed', 'Thu', 'Fri', 'Sat'] as const;
export const AM_DESIGNATOR = 'AM';
export const PM_DESIGNATOR = 'PM';
export const ERA_NAME = 'A.D.';
export const ERA_ABBREVIATION = 'AD';

/** .NET DateTimeOffset limits an offset to ±14:00. */
export const MAX_OFFSET_MINUTES = 14 * 60;

/**
 * Two-digit years: .NET maps them with Calendar.TwoDigitYearMax, which is 2029 on .NET Framework /
 * older Windows settings and 2049 on current .NET/Windows. Years 00..29 and 50..99 map the same way
 * under both; 30..49 depend on the undocumented runtime, so they are refused.
 */
export function expandTwoDigitYear(yy: number): DateResult<number> {
  if (yy < 0 || yy > 99) return fail('invalid-input', `two-digit year ${yy} is not 0..99`);
  if (yy <= 29) return ok(2000 + yy);
  if (yy >= 50) return ok(1900 + yy);
  return fail(
    'undefined-behaviour',
    `two-digit year "${pad(yy, 2)}" is 19${pad(yy, 2)} or 20${pad(yy, 2)} depending on the service's .NET TwoDigitYearMax (2029 or 2049), which is not documented`,
  );
}
