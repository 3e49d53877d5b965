// .NET custom date/time format strings: formatDotNet (DateTime.ToString) and parseDotNetExact
// (DateTime.ParseExact), as used by FormatDateTime.
import { test, describe } from 'node:test';
import assert from 'node:assert/strict';
import {
  type DateResult,
  type Moment,
  formatDateTime,
  formatDotNet,
  parseDotNetExact,
  utcMoment,
} from '../server/src/service/evaluate/dates';

function value<T>(r: DateResult<T>): T {
  if (!r.ok) assert.fail(`expected success, got ${r.code}: ${r.message}`);
  return r.value;
}

function error<T>(r: DateResult<T>, code: string, pattern?: RegExp): void {
  if (r.ok) assert.fail(`expected a ${code} error, got ${JSON.stringify(r.value)}`);
  assert.equal(r.code, code, r.message);
  if (pattern) assert.match(r.message, pattern);
}

// The moment the .NET docs use for their custom-format examples: 2009-06-15T13:45:30.6175420.
const SAMPLE: Moment = value(utcMoment(2009, 6, 15, 13, 45, 30, 6_175_420));
const withKind = (kind: Moment['kind']): Moment => ({ ...SAMPLE, kind });
const fmt = (format: string, moment: Moment = SAMPLE): string => value(formatDotNet(moment, format));

describe('formatDotNet: custom specifiers', () => {
  const cases: Array<[string, string]> = [
    ['%d', '15'],
    ['dd', '15'],
    ['ddd', 'Mon'],
    ['dddd', 'Monday'],
    ['ddddd', 'Monday'],
    ['%M', '6'],
    ['MM', '06'],
    ['MMM', 'Jun'],
    ['MMMM', 'June'],
    ['%y', '9'],
    ['yy', '09'],
    ['yyy', '2009'],
    ['yyyy', '2009'],
    ['yyyyy', '02009'],
    ['%h', '1'],
    ['hh', '01'],
    ['hhh', '01'],
    ['%H', '13'],
    ['HH', '13'],
    ['%m', '45'],
    ['mm', '45'],
    ['%s', '30'],
    ['ss', '30'],
    ['%f', '6'],
    ['ff', '61'],
    ['fff', '617'],
    ['ffff', '6175'],
    ['fffff', '61754'],
    ['ffffff', '617542'],
    ['fffffff', '6175420'],
    ['%F', '6'],
    ['FFFFFFF', '617542'],
    ['%t', 'P'],
    ['tt', 'PM'],
    ['gg', 'A.D.'],
    ['yyyy-MM-dd HH:mm:ss', '2009-06-15 13:45:30'],
    ['M/d/yyyy h:mm:ss tt', '6/15/2009 1:45:30 PM'],
    ['yyyyMMddHHmmss.fZ', '20090615134530.6Z'], // Z is a literal when formatting
    ["yyyy'-'MM'-'dd'T'HH", '2009-06-15T13'],
    ['"Year "yyyy', 'Year 2009'],
    ["'It''s' yyyy", 'Its 2009'], // two adjacent quoted literals
    ["'a\\'b'", "a'b"], // backslash escape inside quotes
    ['\\d\\d dd', 'dd 15'],
    ['hh:mm:ss.FFF', '01:45:30.617'],
    ['T Z X', 'T Z X'], // non-specifiers are literals
  ];
  for (const [format, expected] of cases) {
    test(`"${format}" → "${expected}"`, () => assert.equal(fmt(format), expected));
  }

  test('F drops trailing zeros and a dangling dot', () => {
    const whole = value(utcMoment(2009, 6, 15, 13, 45, 30, 0));
    assert.equal(fmt('HH:mm:ss.FFF', whole), '13:45:30');
    assert.equal(fmt('HH:mm:ss.fff', whole), '13:45:30.000');
    const half = value(utcMoment(2009, 6, 15, 13, 45, 30, 500_0000));
    assert.equal(fmt('ss.FFFF', half), '30.5');
    const small = value(utcMoment(2009, 6, 15, 13, 45, 30, 50_0000)); // .05
    assert.equal(fmt('ss.F', small), '30');
    assert.equal(fmt('ss.FF', small), '30.05');
  });

  test('z / zz / zzz print the DateTime offset (+00:00 in the service), never the source offset', () => {
    const fromMinus8 = value(parseDotNetExact('2020-12-31-08:00', 'yyyy-MM-ddzzz'));
    assert.equal(fromMinus8.sourceOffsetMinutes, -480);
    assert.equal(fmt('%z', fromMinus8), '+0');
    assert.equal(fmt('zz', fromMinus8), '+00');
    assert.equal(fmt('zzz', fromMinus8), '+00:00');
    assert.equal(fmt('zzzz', fromMinus8), '+00:00');
    assert.equal(fmt('zzz', SAMPLE), '+00:00');
  });

  test('K round-trips the DateTimeKind', () => {
    assert.equal(fmt('%K', withKind('utc')), 'Z');
    assert.equal(fmt('%K', withKind('local')), '+00:00');
    assert.equal(fmt('%K', withKind('unspecified')), '');
  });

  test('12-hour clock at midnight and noon', () => {
    assert.equal(fmt('h tt', value(utcMoment(2021, 1, 1, 0))), '12 AM');
    assert.equal(fmt('h tt', value(utcMoment(2021, 1, 1, 12))), '12 PM');
    assert.equal(fmt('h tt', value(utcMoment(2021, 1, 1, 23))), '11 PM');
  });

  test('years below 1000 are zero-padded; yy uses the last two digits', () => {
    const early = value(utcMoment(5, 3, 1));
    assert.equal(fmt('yyyy-MM-dd', early), '0005-03-01');
    assert.equal(fmt('yy', value(utcMoment(2100, 1, 1))), '00');
  });
});

describe('formatDotNet: standard formats and errors', () => {
  test('culture-independent standard formats', () => {
    assert.equal(fmt('o'), '2009-06-15T13:45:30.6175420Z');
    assert.equal(fmt('O', withKind('unspecified')), '2009-06-15T13:45:30.6175420');
    assert.equal(fmt('o', withKind('local')), '2009-06-15T13:45:30.6175420+00:00');
    assert.equal(fmt('s'), '2009-06-15T13:45:30');
    assert.equal(fmt('u'), '2009-06-15 13:45:30Z');
    assert.equal(fmt('r'), 'Mon, 15 Jun 2009 13:45:30 GMT');
    assert.equal(fmt('R'), 'Mon, 15 Jun 2009 13:45:30 GMT');
  });

  test('culture-dependent standard formats are undefined (culture not documented)', () => {
    for (const f of ['d', 'D', 'f', 'F', 'g', 'G', 'm', 'M', 't', 'T', 'U', 'y', 'Y']) {
      error(formatDotNet(SAMPLE, f), 'undefined-behaviour', /culture/);
    }
    error(formatDotNet(SAMPLE, ''), 'undefined-behaviour', /empty format/);
  });

  test('malformed formats', () => {
    error(formatDotNet(SAMPLE, 'x'), 'format-error', /%x/);
    error(formatDotNet(SAMPLE, 'h'), 'format-error', /standard/);
    error(formatDotNet(SAMPLE, 'ffffffff'), 'format-error', /7/);
    error(formatDotNet(SAMPLE, "yyyy 'abc"), 'format-error', /unterminated/);
    error(formatDotNet(SAMPLE, 'yyyy\\'), 'format-error', /backslash/);
    error(formatDotNet(SAMPLE, 'yyyy%'), 'format-error', /%/);
    error(formatDotNet(SAMPLE, '%%'), 'format-error', /%/);
  });
});

describe('parseDotNetExact (FormatDateTime input)', () => {
  test('documented example: "yyyyMMddHHmmss.fZ" — unquoted Z matches "Z" and marks the value UTC', () => {
    const v = value(parseDotNetExact('20150123105347.1Z', 'yyyyMMddHHmmss.fZ'));
    assert.equal(v.kind, 'utc');
    assert.equal(fmt('o', v), '2015-01-23T10:53:47.1000000Z');
    // "Z" also matches "GMT" and is case-insensitive, but not when followed by a letter.
    assert.equal(value(parseDotNetExact('20150123105347.1GMT', 'yyyyMMddHHmmss.fZ')).kind, 'utc');
    assert.equal(value(parseDotNetExact('20150123105347.1z', 'yyyyMMddHHmmss.fZ')).kind, 'utc');
    error(parseDotNetExact('20150123105347.1Zulu', 'yyyyMMddHHmmss.fZ'), 'invalid-input');
    error(parseDotNetExact('20150123105347.1', 'yyyyMMddHHmmss.fZ'), 'invalid-input', /"Z" or "GMT"/);
    // A quoted 'Z' is a plain literal: no UTC kind.
    assert.equal(value(parseDotNetExact('20150123105347.1Z', "yyyyMMddHHmmss.f'Z'")).kind, 'unspecified');
  });

  test('"f" needs exactly its digit count', () => {
    error(parseDotNetExact('20150123105347.12Z', 'yyyyMMddHHmmss.fZ'), 'invalid-input');
    error(parseDotNetExact('20150123105347Z', 'yyyyMMddHHmmss.fZ'), 'invalid-input', /"\."/);
    assert.equal(
      fmt('o', value(parseDotNetExact('10:53:47.12', 'HH:mm:ss.FFF', { clock: () => Date.UTC(2015, 0, 23) }))),
      '2015-01-23T10:53:47.1200000',
    );
  });

  test('".FF" is optional when the dot is missing, ".F" alone is not (as in .NET)', () => {
    const clock = () => Date.UTC(2015, 0, 23);
    assert.equal(fmt('s', value(parseDotNetExact('10:53:47', 'HH:mm:ss.FF', { clock }))), '2015-01-23T10:53:47');
    error(parseDotNetExact('10:53:47', 'HH:mm:ss.F', { clock }), 'invalid-input');
  });

  test('zzz: offset is honoured and the value is converted to the service time zone (UTC)', () => {
    const v = value(parseDotNetExact('2021-06-30+08:00', 'yyyy-MM-ddzzz'));
    assert.equal(v.kind, 'local');
    assert.equal(fmt('yyyy-MM-dd', v), '2021-06-29');
    assert.equal(fmt('yyyyMMddHHmmss.fZ', v), '20210629160000.0Z');
    // documented-no-io expression: FormatDateTime([StatusHireDate], ,"yyyy-MM-ddzzz", "yyyyMMddHHmmss.fZ")
    assert.equal(value(formatDateTime('2020-03-16-07:00', '', 'yyyy-MM-ddzzz', 'yyyyMMddHHmmss.fZ')), '20200316070000.0Z');
    // zzz also accepts hhmm and 1-digit hours
    assert.equal(fmt('o', value(parseDotNetExact('2021-06-30 +0530', 'yyyy-MM-dd zzz'))), '2021-06-29T18:30:00.0000000+00:00');
    assert.equal(fmt('o', value(parseDotNetExact('2021-06-30 -7:00', 'yyyy-MM-dd zzz'))), '2021-06-30T07:00:00.0000000+00:00');
    error(parseDotNetExact('2021-06-30+08', 'yyyy-MM-ddzzz'), 'invalid-input');
    assert.equal(fmt('o', value(parseDotNetExact('2021-06-30+08', 'yyyy-MM-ddzz'))), '2021-06-29T16:00:00.0000000+00:00');
    error(parseDotNetExact('2021-06-30+15:00', 'yyyy-MM-ddzzz'), 'invalid-input', /14:00/);
  });

  test('K: "Z" → UTC kind, an offset → local kind, nothing → unspecified', () => {
    assert.equal(value(parseDotNetExact('2021-06-30T10:00:00Z', "yyyy-MM-dd'T'HH:mm:ssK")).kind, 'utc');
    const off = value(parseDotNetExact('2021-06-30T10:00:00-07:00', "yyyy-MM-dd'T'HH:mm:ssK"));
    assert.equal(off.kind, 'local');
    assert.equal(fmt('HH:mm', off), '17:00');
    assert.equal(value(parseDotNetExact('2021-06-30T10:00:00', "yyyy-MM-dd'T'HH:mm:ssK")).kind, 'unspecified');
  });

  test('round-trip format "o"', () => {
    const v = value(parseDotNetExact('2009-06-15T13:45:30.6175420Z', 'o'));
    assert.deepEqual({ ...v, sourceOffsetMinutes: null }, SAMPLE);
    const local = value(parseDotNetExact('2009-06-15T13:45:30.6175420-07:00', 'o'));
    assert.equal(fmt('o', local), '2009-06-15T20:45:30.6175420+00:00');
    error(parseDotNetExact('2009-06-15', 'd'), 'undefined-behaviour', /culture/);
  });

  test('without RoundtripKind a trailing Z gives a local value', () => {
    const v = value(parseDotNetExact('2021-06-30T10:00:00Z', "yyyy-MM-dd'T'HH:mm:ssK", { styles: 'AllowWhiteSpaces' }));
    assert.equal(v.kind, 'local');
    assert.equal(fmt('%K', v), '+00:00');
  });

  test('no zone: unspecified kind, wall clock kept', () => {
    const v = value(parseDotNetExact('2015-01-23 10:53', 'yyyy-MM-dd HH:mm'));
    assert.equal(v.kind, 'unspecified');
    assert.equal(v.sourceOffsetMinutes, null);
    assert.equal(fmt('o', v), '2015-01-23T10:53:00.0000000');
    assert.equal(
      value(parseDotNetExact('2015-01-23 10:53', 'yyyy-MM-dd HH:mm', { styles: 'AssumeUniversal,AdjustToUniversal' })).kind,
      'utc',
    );
    assert.equal(value(parseDotNetExact('2015-01-23 10:53', 'yyyy-MM-dd HH:mm', { styles: 'AssumeUniversal' })).kind, 'local');
    assert.equal(value(parseDotNetExact('2015-01-23 10:53', 'yyyy-MM-dd HH:mm', { styles: 'AssumeLocal' })).kind, 'local');
  });

  test('12-hour input (SuccessFactors "M/d/yyyy hh:mm:ss tt")', () => {
    const f = 'M/d/yyyy hh:mm:ss tt';
    assert.equal(fmt('s', value(parseDotNetExact('12/31/2020 11:59:59 PM', f))), '2020-12-31T23:59:59');
    assert.equal(fmt('s', value(parseDotNetExact('1/5/2021 12:00:00 am', f))), '2021-01-05T00:00:00');
    assert.equal(fmt('s', value(parseDotNetExact('1/5/2021 12:30:00 PM', f))), '2021-01-05T12:30:00');
    error(parseDotNetExact('1/5/2021 9:30:00 AM', f), 'invalid-input', /"hh"/); // hh needs two digits
    error(parseDotNetExact('1/5/2021 13:30:00 PM', f), 'invalid-input', /12-hour/);
    assert.equal(fmt('s', value(parseDotNetExact('1/5/2021 03:30', 'M/d/yyyy hh:mm'))), '2021-01-05T03:30:00'); // hh without tt = AM
    error(parseDotNetExact('1/5/2021 15:30 AM', 'M/d/yyyy HH:mm tt'), 'invalid-input', /AM\/PM/);
    error(parseDotNetExact('1/5/2021 09:30 p', 'M/d/yyyy hh:mm t'), 'invalid-input', /"A" or "P"/); // t is case-sensitive
  });

  test('whitespace: default styles allow leading/trailing but not inner', () => {
    assert.equal(fmt('s', value(parseDotNetExact('  2015-01-23  ', 'yyyy-MM-dd'))), '2015-01-23T00:00:00');
    error(parseDotNetExact('2015-01-23  10:53', 'yyyy-MM-dd HH:mm'), 'invalid-input');
    assert.equal(
      fmt('s', value(parseDotNetExact('2015-01-23  10:53', 'yyyy-MM-dd HH:mm', { styles: 'AllowWhiteSpaces' }))),
      '2015-01-23T10:53:00',
    );
    error(parseDotNetExact(' 2015-01-23', 'yyyy-MM-dd', { styles: 'None' }), 'invalid-input');
  });

  test('names, day-of-week check, literals', () => {
    assert.equal(fmt('s', value(parseDotNetExact('jan 5 2015', 'MMM d yyyy'))), '2015-01-05T00:00:00');
    assert.equal(fmt('s', value(parseDotNetExact('Friday, January 23, 2015', 'dddd, MMMM d, yyyy'))), '2015-01-23T00:00:00');
    error(parseDotNetExact('Monday, January 23, 2015', 'dddd, MMMM d, yyyy'), 'invalid-input', /Friday/);
    error(parseDotNetExact('Jan 23, 2015', 'MMMM d, yyyy'), 'invalid-input', /month name/);
    assert.equal(fmt('s', value(parseDotNetExact('2015-01-23T10:53', "yyyy-MM-dd'T'HH:mm"))), '2015-01-23T10:53:00');
    assert.equal(fmt('s', value(parseDotNetExact('2015-01-23T10:53', 'yyyy-MM-dd\\THH:mm'))), '2015-01-23T10:53:00');
    error(parseDotNetExact('2015-01-23X10:53', "yyyy-MM-dd'T'HH:mm"), 'invalid-input', /"T"/);
  });

  test('greedy 1-2 digit fields behave like .NET', () => {
    assert.equal(fmt('s', value(parseDotNetExact('1/23/2015', 'M/d/yyyy'))), '2015-01-23T00:00:00');
    error(parseDotNetExact('1232015', 'Mdyyyy'), 'invalid-input'); // M takes "12", d takes "32"… fails
  });

  test('two-digit years', () => {
    assert.equal(fmt('yyyy', value(parseDotNetExact('150123', 'yyMMdd'))), '2015');
    assert.equal(fmt('yyyy', value(parseDotNetExact('990123', 'yyMMdd'))), '1999');
    error(parseDotNetExact('350123', 'yyMMdd'), 'undefined-behaviour', /TwoDigitYearMax/);
  });

  test('missing date parts: month/day default to 1, a missing year needs the clock', () => {
    assert.equal(fmt('s', value(parseDotNetExact('2015-03', 'yyyy-MM'))), '2015-03-01T00:00:00');
    assert.equal(fmt('s', value(parseDotNetExact('2015', 'yyyy'))), '2015-01-01T00:00:00');
    error(parseDotNetExact('10:53', 'HH:mm'), 'needs-clock', /clock/);
    error(parseDotNetExact('03-16', 'MM-dd'), 'needs-clock');
    const clock = () => Date.UTC(2021, 6, 2, 15, 33, 38);
    assert.equal(fmt('s', value(parseDotNetExact('10:53', 'HH:mm', { clock }))), '2021-07-02T10:53:00');
    assert.equal(fmt('s', value(parseDotNetExact('03-16', 'MM-dd', { clock }))), '2021-03-16T00:00:00');
    assert.equal(fmt('s', value(parseDotNetExact('10:53', 'HH:mm', { styles: 'NoCurrentDateDefault' }))), '0001-01-01T10:53:00');
  });

  test('invalid values and leftovers', () => {
    error(parseDotNetExact('2015-13-01', 'yyyy-MM-dd'), 'invalid-input', /month 13/);
    error(parseDotNetExact('2015-02-29', 'yyyy-MM-dd'), 'invalid-input', /day 29/);
    assert.equal(fmt('s', value(parseDotNetExact('2016-02-29', 'yyyy-MM-dd'))), '2016-02-29T00:00:00');
    error(parseDotNetExact('2015-01-23 24:00', 'yyyy-MM-dd HH:mm'), 'invalid-input', /hour 24/);
    error(parseDotNetExact('2015-01-23x', 'yyyy-MM-dd'), 'invalid-input', /unexpected "x"/);
    error(parseDotNetExact('2015-01', 'yyyy-MM-dd'), 'invalid-input');
    error(parseDotNetExact('', 'yyyy-MM-dd'), 'invalid-input', /empty/);
    error(parseDotNetExact('2015', ''), 'format-error');
    error(parseDotNetExact('2015', 'q'), 'format-error');
    error(parseDotNetExact('2015-01-01 2016', 'yyyy-MM-dd yyyy'), 'invalid-input', /appears twice/);
    assert.equal(fmt('s', value(parseDotNetExact('2015-01-01 2015', 'yyyy-MM-dd yyyy'))), '2015-01-01T00:00:00');
  });
});
