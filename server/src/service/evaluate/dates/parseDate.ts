// CDate's input parsing: the common .NET DateTime.Parse (invariant / en-US) forms, converted to UTC.

import {
  DAY_ABBREVIATIONS,
  DAY_NAMES,
  MAX_OFFSET_MINUTES,
  MONTH_ABBREVIATIONS,
  MONTH_NAMES,
  MS_PER_MINUTE,
  TICKS_PER_MS,
  expandTwoDigitYear,
  fail,
  floorMod,
  inDotNetRange,
  ok,
  trimDotNet,
  validateFields,
  wallClockMs,
  type DateResult,
  type Moment,
} from './moment';

const MONTH_WORD = `(?<monthName>${[...MONTH_NAMES, ...MONTH_ABBREVIATIONS.filter((m) => m !== 'May')].join('|')})\\.?`;
const DAY_WORD = `(?:(?<dayName>${[...DAY_NAMES, ...DAY_ABBREVIATIONS].join('|')})\\.?,?\\s+)?`;

/** Date part forms; every one captures year / month (number or name) / day. */
const DATE_FORMS: ReadonlyArray<{ name: string; source: string; iso: boolean }> = [
  // ISO 8601 calendar date (1-2 digit month/day are also accepted by DateTime.Parse).
  { name: 'yyyy-M-d', source: '(?<year>\\d{4})-(?<month>\\d{1,2})-(?<day>\\d{1,2})', iso: true },
  { name: 'yyyy/M/d', source: '(?<year>\\d{4})/(?<month>\\d{1,2})/(?<day>\\d{1,2})', iso: false },
  // US / invariant order, the order of CDate's own output (M/d/yyyy).
  { name: 'M/d/yyyy', source: '(?<month>\\d{1,2})/(?<day>\\d{1,2})/(?<year>\\d{4}|\\d{2})', iso: false },
  { name: 'MMMM d, yyyy', source: `${DAY_WORD}${MONTH_WORD}\\s+(?<day>\\d{1,2}),?\\s+(?<year>\\d{4})`, iso: false },
  { name: 'd MMMM yyyy', source: `${DAY_WORD}(?<day>\\d{1,2})\\s+${MONTH_WORD},?\\s+(?<year>\\d{4})`, iso: false },
];

const TIME = '(?<hour>\\d{1,2}):(?<minute>\\d{2})(?::(?<second>\\d{2})(?:\\.(?<fraction>\\d+))?)?(?:\\s*(?<ampm>[AaPp][Mm]))?';
const ZONE = '(?<zone>[Zz]|GMT|[+-](?:\\d{1,2}:\\d{2}|\\d{4}|\\d{1,2}))';

const COMPILED = DATE_FORMS.map((d) => ({
  ...d,
  re: new RegExp(`^${d.source}(?:${d.iso ? '(?:[Tt]|\\s+)' : '\\s+'}${TIME})?(?:\\s*${ZONE})?$`, 'i'),
}));

const TIME_ONLY = new RegExp(`^${TIME}(?:\\s*${ZONE})?$`, 'i');

function monthFromName(name: string): number {
  const lower = name.toLowerCase();
  const full = MONTH_NAMES.findIndex((m) => m.toLowerCase() === lower);
  if (full >= 0) return full + 1;
  return MONTH_ABBREVIATIONS.findIndex((m) => m.toLowerCase() === lower) + 1;
}

function dayFromName(name: string): number {
  const lower = name.toLowerCase();
  const full = DAY_NAMES.findIndex((d) => d.toLowerCase() === lower);
  if (full >= 0) return full;
  return DAY_ABBREVIATIONS.findIndex((d) => d.toLowerCase() === lower);
}

/** Parses "Z", "GMT", "+8", "+08", "+0800", "+08:00" into minutes east of UTC. */
function parseZone(zone: string): DateResult<number> {
  if (/^(z|gmt)$/i.test(zone)) return ok(0);
  const m = /^([+-])(?:(\d{1,2}):(\d{2})|(\d{2})(\d{2})|(\d{1,2}))$/.exec(zone);
  if (!m) return fail('unsupported', `UTC offset "${zone}" is not in a supported form (+hh:mm, +hhmm, +hh, Z)`);
  const hours = Number(m[2] ?? m[4] ?? m[6]);
  const minutes = Number(m[3] ?? m[5] ?? '0');
  if (minutes > 59) return fail('invalid-input', `UTC offset "${zone}" has minutes over 59`);
  const total = hours * 60 + minutes;
  if (total > MAX_OFFSET_MINUTES) return fail('invalid-input', `UTC offset "${zone}" is outside ±14:00`);
  return ok(m[1] === '-' ? -total : total);
}

/** Rounds a decimal fraction of a second ("1", "1234567", "12345678") to 100-ns ticks, half to even. */
function fractionToTicks(digits: string): number {
  if (digits.length <= 7) return Number(digits.padEnd(7, '0'));
  const head = Number(digits.slice(0, 7));
  const rest = digits.slice(7);
  const half = '5'.padEnd(rest.length, '0');
  if (rest > half || (rest === half && head % 2 === 1)) return head + 1;
  return head;
}

/**
 * Parses text the way CDate does (.NET DateTime.Parse) and converts it to UTC.
 *
 * Supported forms (case-insensitive, surrounding whitespace ignored):
 *   date:  yyyy-M-d · yyyy/M/d · M/d/yyyy · M/d/yy · [dddd,] MMMM d[,] yyyy · [dddd,] d MMMM yyyy
 *   time:  optional, after whitespace (or "T" after an ISO date): H:mm[:ss[.fffffff…]] [AM|PM]
 *   zone:  optional: Z · GMT · ±hh:mm · ±hhmm · ±hh  (a date-only value with a zone is midnight there)
 * Text without a zone is taken as UTC (documented: the DateDiff table treats Now()'s text as UTC,
 * and the service's local zone is taken to be UTC).
 *
 * Other forms .NET may accept (week dates, ordinal dates, time-only values, culture-specific
 * orders) return an "unsupported" error rather than a guess.
 */
export function parseDate(text: string): DateResult<Moment> {
  if (typeof text !== 'string') return fail('invalid-input', 'CDate expects a string');
  const s = trimDotNet(text);
  if (s === '') return fail('invalid-input', 'an empty string is not a date/time');
  for (const form of COMPILED) {
    const m = form.re.exec(s);
    if (!m || !m.groups) continue;
    const g = m.groups;
    let year = Number(g.year);
    if (g.year!.length === 2) {
      const y = expandTwoDigitYear(year);
      if (!y.ok) return y;
      year = y.value;
    }
    const month = g.monthName !== undefined ? monthFromName(g.monthName) : Number(g.month);
    const day = Number(g.day);
    let hour = g.hour === undefined ? 0 : Number(g.hour);
    const minute = g.minute === undefined ? 0 : Number(g.minute);
    const second = g.second === undefined ? 0 : Number(g.second);
    if (g.ampm !== undefined) {
      // DateTimeParse.AdjustHour: AM allows 0..12 (12 → 0); PM allows 0..23 (<12 → +12).
      const pm = g.ampm.toUpperCase() === 'PM';
      if (pm) {
        if (hour > 23) return fail('invalid-input', `"${text}": hour ${hour} is not valid`);
        if (hour < 12) hour += 12;
      } else {
        if (hour > 12) return fail('invalid-input', `"${text}": hour ${hour} is not valid with AM`);
        if (hour === 12) hour = 0;
      }
    }
    const invalid = validateFields(year, month, day, hour, minute, second);
    if (invalid) return fail(invalid.code, `"${text}" is not a valid date/time: ${invalid.message}`);
    const ticks = g.fraction === undefined ? 0 : fractionToTicks(g.fraction);
    let wall = wallClockMs(year, month, day, hour, minute, second) + Math.floor(ticks / TICKS_PER_MS);
    const sub = ticks % TICKS_PER_MS;
    if (g.dayName !== undefined) {
      const dow = floorMod(Math.floor(wall / 86_400_000) + 4, 7);
      if (dayFromName(g.dayName) !== dow) {
        return fail('invalid-input', `"${text}": the day name does not match the date (it is a ${DAY_NAMES[dow]})`);
      }
    }
    let offset: number | null = null;
    if (g.zone !== undefined) {
      const z = parseZone(g.zone);
      if (!z.ok) return fail(z.code, `"${text}": ${z.message}`);
      offset = z.value;
      wall -= offset * MS_PER_MINUTE;
    }
    if (!inDotNetRange(wall)) return fail('out-of-range', `"${text}" converted to UTC falls outside the .NET DateTime range`);
    return ok({ utcMs: wall, subMsTicks: sub, kind: 'utc', sourceOffsetMinutes: offset });
  }
  if (TIME_ONLY.test(s)) {
    return fail(
      'undefined-behaviour',
      `"${text}" has a time but no date; .NET would use the current date, and CDate's handling of this is not documented`,
    );
  }
  return fail(
    'unsupported',
    `"${text}" is not a date/time form this checker models for CDate (use ISO 8601 such as 2021-06-30T10:00:00-07:00, or M/d/yyyy h:mm:ss tt)`,
  );
}
