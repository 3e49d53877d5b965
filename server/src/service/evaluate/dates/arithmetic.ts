// DateAdd and DateDiff with VBA interval letters.

import {
  MS_PER_DAY,
  MS_PER_HOUR,
  MS_PER_MINUTE,
  MS_PER_SECOND,
  checkMoment,
  daysFromCivil,
  daysInMonth,
  fail,
  fieldsOf,
  floorDiv,
  inDotNetRange,
  ok,
  type DateResult,
  type Moment,
} from './moment';

/** Interval codes Entra lists for DateAdd and DateDiff. */
export const DOCUMENTED_INTERVALS = ['yyyy', 'm', 'd', 'ww', 'h', 'n', 's'] as const;
/**
 * Further VBA interval letters. Entra does not list them; they are accepted only because the
 * reference says the codes "follow VBA's DateAdd letters" (callers may want to warn).
 */
export const VBA_ONLY_INTERVALS = ['q', 'y', 'w'] as const;

export type DateInterval = (typeof DOCUMENTED_INTERVALS)[number] | (typeof VBA_ONLY_INTERVALS)[number];

const ALL_INTERVALS: readonly string[] = [...DOCUMENTED_INTERVALS, ...VBA_ONLY_INTERVALS];

const INTERVAL_MEANING: Record<DateInterval, string> = {
  yyyy: 'year',
  q: 'quarter',
  m: 'month',
  y: 'day of year (= day)',
  d: 'day',
  w: 'weekday (DateAdd: day; DateDiff: whole weeks)',
  ww: 'week',
  h: 'hour',
  n: 'minute',
  s: 'second',
};

export function describeInterval(interval: DateInterval): string {
  return INTERVAL_MEANING[interval];
}

/** Validates an interval code. Exact lower-case codes only: other casings are undocumented. */
export function resolveInterval(interval: string, fn: 'DateAdd' | 'DateDiff'): DateResult<DateInterval> {
  if (typeof interval !== 'string') return fail('invalid-input', `${fn}: the interval must be a string`);
  if (ALL_INTERVALS.includes(interval)) return ok(interval as DateInterval);
  const lower = interval.toLowerCase();
  if (ALL_INTERVALS.includes(lower)) {
    return fail(
      'undefined-behaviour',
      `${fn} interval "${interval}": Entra documents the lower-case code "${lower}" only; whether other casings are accepted (VBA/VB.NET ignore case) is not documented`,
    );
  }
  return fail(
    'invalid-input',
    `${fn}: unknown interval "${interval}"; use one of ${DOCUMENTED_INTERVALS.map((i) => `"${i}"`).join(', ')} (VBA also has ${VBA_ONLY_INTERVALS.map((i) => `"${i}"`).join(', ')})`,
  );
}

function addMilliseconds(m: Moment, delta: number): DateResult<Moment> {
  const utcMs = m.utcMs + delta;
  if (!Number.isSafeInteger(delta) || !Number.isSafeInteger(utcMs) || !inDotNetRange(utcMs)) {
    return fail('out-of-range', 'DateAdd: the result is outside the .NET DateTime range (0001-01-01 to 9999-12-31)');
  }
  return ok({ utcMs, subMsTicks: m.subMsTicks, kind: m.kind, sourceOffsetMinutes: null });
}

/** .NET Calendar.AddMonths / VBA DateAdd("m"): keeps the day, clamped to the target month's length. */
function addMonths(m: Moment, months: number): DateResult<Moment> {
  // .NET AddMonths throws for |months| > 120000; anything that large is out of range anyway.
  if (Math.abs(months) > 120_000) {
    return fail('out-of-range', 'DateAdd: the result is outside the .NET DateTime range (0001-01-01 to 9999-12-31)');
  }
  const f = fieldsOf(m);
  const total = f.year * 12 + (f.month - 1) + months;
  const year = floorDiv(total, 12);
  const month = total - year * 12 + 1;
  if (year < 1 || year > 9999) {
    return fail('out-of-range', 'DateAdd: the result is outside the .NET DateTime range (0001-01-01 to 9999-12-31)');
  }
  const day = Math.min(f.day, daysInMonth(year, month));
  const msOfDay = m.utcMs - f.dayNumber * MS_PER_DAY;
  const utcMs = daysFromCivil(year, month, day) * MS_PER_DAY + msOfDay;
  return ok({ utcMs, subMsTicks: m.subMsTicks, kind: m.kind, sourceOffsetMinutes: null });
}

/**
 * DateAdd(interval, value, dateTime). Returns the new date/time (format it with formatEntraDate for
 * the documented string result). Calendar arithmetic is done on UTC, so there are no DST effects.
 *
 *   yyyy  years (Feb 29 + 1 year → Feb 28)      q  3 months (VBA only)
 *   m     months, day clamped to month end       y, w  days (VBA only)
 *   d     days        ww  7 days        h  hours        n  minutes        s  seconds
 *
 * `value` must be an integer: the docs show only integer literals, and VBA (rounds) and VB.NET
 * (truncates) disagree on fractions, so a fraction is an "undefined-behaviour" error.
 */
export function dateAdd(interval: string, value: number, moment: Moment): DateResult<Moment> {
  const iv = resolveInterval(interval, 'DateAdd');
  if (!iv.ok) return iv;
  if (typeof value !== 'number' || !Number.isFinite(value)) {
    return fail('invalid-input', `DateAdd: the value must be a finite number, got ${String(value)}`);
  }
  if (!Number.isInteger(value)) {
    return fail('undefined-behaviour', `DateAdd: value ${value} is not a whole number; rounding vs truncation is not documented`);
  }
  const bad = checkMoment(moment, 'DateAdd: dateTime');
  if (bad) return bad;
  switch (iv.value) {
    case 'yyyy':
      return addMonths(moment, value * 12);
    case 'q':
      return addMonths(moment, value * 3);
    case 'm':
      return addMonths(moment, value);
    case 'y':
    case 'd':
    case 'w':
      return addMilliseconds(moment, value * MS_PER_DAY);
    case 'ww':
      return addMilliseconds(moment, value * 7 * MS_PER_DAY);
    case 'h':
      return addMilliseconds(moment, value * MS_PER_HOUR);
    case 'n':
      return addMilliseconds(moment, value * MS_PER_MINUTE);
    case 's':
      return addMilliseconds(moment, value * MS_PER_SECOND);
  }
}

function noNegativeZero(n: number): number {
  return n === 0 ? 0 : n;
}

/**
 * DateDiff(interval, date1, date2): positive when date2 is later, negative when earlier, 0 if
 * equal. VBA-style boundary counting, as the reference prescribes:
 *
 *   yyyy  year boundaries (12/31 → 1/1 is 1)      q  quarter boundaries     m  month boundaries
 *   d, y  midnights crossed (calendar days)        h / n / s  hour / minute / second boundaries
 *   ww    Sundays crossed (calendar weeks, Sunday-based; date2 counts if a Sunday, date1 not)
 *   w     whole weeks of calendar days (trunc(days / 7))
 *
 * All on the UTC wall clock.
 */
export function dateDiff(interval: string, date1: Moment, date2: Moment): DateResult<number> {
  const iv = resolveInterval(interval, 'DateDiff');
  if (!iv.ok) return iv;
  const bad = checkMoment(date1, 'DateDiff: date1') ?? checkMoment(date2, 'DateDiff: date2');
  if (bad) return bad;
  const a = fieldsOf(date1);
  const b = fieldsOf(date2);
  switch (iv.value) {
    case 'yyyy':
      return ok(b.year - a.year);
    case 'q':
      return ok((b.year - a.year) * 4 + Math.floor((b.month - 1) / 3) - Math.floor((a.month - 1) / 3));
    case 'm':
      return ok((b.year - a.year) * 12 + b.month - a.month);
    case 'y':
    case 'd':
      return ok(b.dayNumber - a.dayNumber);
    case 'w':
      return ok(noNegativeZero(Math.trunc((b.dayNumber - a.dayNumber) / 7)));
    case 'ww':
      // Week index with weeks starting on Sunday (day 0 = Thursday 1970-01-01, so shift by 4).
      return ok(floorDiv(b.dayNumber + 4, 7) - floorDiv(a.dayNumber + 4, 7));
    case 'h':
      return ok(floorDiv(date2.utcMs, MS_PER_HOUR) - floorDiv(date1.utcMs, MS_PER_HOUR));
    case 'n':
      return ok(floorDiv(date2.utcMs, MS_PER_MINUTE) - floorDiv(date1.utcMs, MS_PER_MINUTE));
    case 's':
      return ok(floorDiv(date2.utcMs, MS_PER_SECOND) - floorDiv(date1.utcMs, MS_PER_SECOND));
  }
}
