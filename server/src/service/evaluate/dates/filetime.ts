// NumFromDate / DateFromNum: Windows FILETIME (Active Directory "large integer" dates),
// 100-nanosecond intervals since 1601-01-01T00:00:00Z.

import { checkMoment, epochTicksOf, fail, momentFromEpochTicks, ok, type DateResult, type Moment } from './moment';

/** FILETIME of 1970-01-01T00:00:00Z. */
export const FILETIME_UNIX_EPOCH = 116_444_736_000_000_000n;
/** Largest FILETIME .NET accepts (DateTime.MaxValue, 9999-12-31T23:59:59.9999999Z). */
export const MAX_FILETIME = 2_650_467_743_999_999_999n;
/** Int64.MaxValue: AD's "never expires" value for accountExpires. */
const INT64_MAX = 9_223_372_036_854_775_807n;

/**
 * NumFromDate: the FILETIME of a date/time, as a decimal integer string (it can exceed 2^53).
 * Dates before 1601-01-01 have no FILETIME (.NET ToFileTimeUtc throws): "out-of-range" error.
 */
export function numFromDate(moment: Moment): DateResult<string> {
  const bad = checkMoment(moment, 'NumFromDate: value');
  if (bad) return bad;
  const ft = epochTicksOf(moment) + FILETIME_UNIX_EPOCH;
  if (ft < 0n) return fail('out-of-range', 'NumFromDate: dates before 1601-01-01 UTC have no FILETIME value');
  return ok(ft.toString());
}

/**
 * DateFromNum: the UTC date/time of a FILETIME. Accepts a bigint, a safe-integer number, or a
 * string of decimal digits (use a string or bigint for real AD values: they exceed 2^53).
 */
export function dateFromNum(value: string | number | bigint): DateResult<Moment> {
  let ft: bigint;
  if (typeof value === 'bigint') {
    ft = value;
  } else if (typeof value === 'number') {
    if (!Number.isInteger(value)) return fail('invalid-input', `DateFromNum: ${value} is not an integer`);
    if (!Number.isSafeInteger(value)) {
      return fail(
        'invalid-input',
        `DateFromNum: ${value} is beyond 2^53 and may already have lost precision; pass the digits as a string or bigint`,
      );
    }
    ft = BigInt(value);
  } else if (typeof value === 'string') {
    if (/^[0-9]+$/.test(value)) {
      ft = BigInt(value);
    } else if (/^-[0-9]+$/.test(value)) {
      ft = BigInt(value);
    } else if (/^\s*\+?[0-9]+\s*$/.test(value)) {
      return fail(
        'undefined-behaviour',
        `DateFromNum: "${value}" has surrounding whitespace or a "+" sign; how Entra converts such text is not documented`,
      );
    } else {
      return fail('invalid-input', `DateFromNum: "${value}" is not an integer number of 100-ns intervals`);
    }
  } else {
    return fail('invalid-input', 'DateFromNum expects a number');
  }
  if (ft < 0n) return fail('out-of-range', `DateFromNum: ${ft} is negative; FILETIME values start at 0 (1601-01-01)`);
  if (ft > MAX_FILETIME) {
    const never = ft === INT64_MAX ? ' (9223372036854775807 is AD\'s "never expires" marker, not a date)' : '';
    return fail('out-of-range', `DateFromNum: ${ft} is after 9999-12-31, the largest .NET DateTime${never}`);
  }
  return momentFromEpochTicks(ft - FILETIME_UNIX_EPOCH, 'utc', null);
}
