// Date/time semantics of Entra's expression functions CDate, DateAdd, DateDiff, FormatDateTime,
// NumFromDate, DateFromNum and Now, as pure functions. Nothing here reads the system clock:
// Now() and the rare parses that need "today" take a clock argument.
//
// Every function returns DateResult<T>: { ok: true, value } | { ok: false, message, code }.
// code 'undefined-behaviour' marks inputs whose outcome the Entra docs do not define.

import { formatDotNet } from './format';
import { inDotNetRange, fail, ok, TICKS_PER_MS, type DateResult, type Moment } from './moment';
import { parseDotNetExact } from './parseExact';

export {
  type DateErr,
  type DateErrorCode,
  type DateOk,
  type DateResult,
  type DateTimeKind,
  type Moment,
  MAX_UTC_MS,
  MIN_UTC_MS,
  isValidMoment,
  utcMoment,
} from './moment';
export { parseDate } from './parseDate';
export {
  CULTURE_DEPENDENT_STANDARD_FORMATS,
  CULTURE_INDEPENDENT_STANDARD_FORMATS,
  ENTRA_DATE_FORMAT,
  SERVICE_LOCAL_OFFSET_MINUTES,
  formatDotNet,
  formatEntraDate,
} from './format';
export {
  DateTimeStyles,
  ENTRA_DEFAULT_DATE_TIME_STYLES,
  type ParseExactOptions,
  parseDateTimeStyles,
  parseDotNetExact,
} from './parseExact';
export {
  DOCUMENTED_INTERVALS,
  VBA_ONLY_INTERVALS,
  type DateInterval,
  dateAdd,
  dateDiff,
  describeInterval,
  resolveInterval,
} from './arithmetic';
export { FILETIME_UNIX_EPOCH, MAX_FILETIME, dateFromNum, numFromDate } from './filetime';

/**
 * Now(): the current UTC date/time from an injected clock (epoch milliseconds, like Date.now;
 * a fractional part is kept down to 100 ns). Format with formatEntraDate for the documented text.
 */
export function now(clock: () => number): DateResult<Moment> {
  if (typeof clock !== 'function') return fail('invalid-input', 'Now needs a clock function');
  const t = clock();
  if (typeof t !== 'number' || !Number.isFinite(t)) return fail('invalid-input', `the clock returned ${String(t)}, not a time`);
  const utcMs = Math.floor(t);
  if (!inDotNetRange(utcMs)) return fail('out-of-range', 'the clock time is outside the .NET DateTime range');
  const subMsTicks = Math.min(TICKS_PER_MS - 1, Math.floor((t - utcMs) * TICKS_PER_MS));
  return ok({ utcMs, subMsTicks, kind: 'utc', sourceOffsetMinutes: null });
}

/**
 * FormatDateTime(source, dateTimeStyles, inputFormat, outputFormat): parse `source` exactly with
 * `inputFormat` (.NET ParseExact, invariant culture, `dateTimeStyles` — empty means the documented
 * default RoundtripKind | AllowLeadingWhite | AllowTrailingWhite), then format with `outputFormat`.
 * `options.clock` is only consulted when inputFormat has no year.
 */
export function formatDateTime(
  source: string,
  dateTimeStyles: string | null | undefined,
  inputFormat: string,
  outputFormat: string,
  options: { clock?: () => number } = {},
): DateResult<string> {
  const parsed = parseDotNetExact(source, inputFormat, {
    styles: dateTimeStyles ?? '',
    ...(options.clock ? { clock: options.clock } : {}),
  });
  if (!parsed.ok) return parsed;
  return formatDotNet(parsed.value, outputFormat);
}
