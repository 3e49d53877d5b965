// Entra date functions: every documented example (functions.json) as a data-driven table, plus
// edge cases for CDate / DateAdd / DateDiff / NumFromDate / DateFromNum / Now.
import { test, describe } from 'node:test';
import assert from 'node:assert/strict';
import { existsSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import {
  type DateResult,
  type Moment,
  MAX_FILETIME,
  dateAdd,
  dateDiff,
  dateFromNum,
  formatDateTime,
  formatDotNet,
  formatEntraDate,
  now,
  numFromDate,
  parseDate,
  parseDateTimeStyles,
  parseDotNetExact,
} from '../server/src/service/evaluate/dates';

// ---------------------------------------------------------------------------------------------
// helpers

function value<T>(r: DateResult<T>): T {
  if (!r.ok) assert.fail(`expected success, got ${r.code}: ${r.message}`);
  return r.value;
}

function error<T>(r: DateResult<T>, code: string, pattern?: RegExp): string {
  if (r.ok)
    assert.fail(`expected a ${code} error, got ${JSON.stringify(r.value, (_k, v) => (typeof v === 'bigint' ? String(v) : v))}`);
  assert.equal(r.code, code, r.message);
  assert.ok(r.message.length > 10, 'error message should say what is wrong');
  if (pattern) assert.match(r.message, pattern);
  return r.message;
}

/** CDate(text) as the documented string. */
function cdate(text: string): string {
  return value(formatEntraDate(value(parseDate(text))));
}

function m(text: string): Moment {
  return value(parseDate(text));
}

function iso(moment: Moment): string {
  return value(formatDotNet(moment, "yyyy-MM-dd'T'HH:mm:ss.fffffff"));
}

const dateAddText = (interval: string, n: number, text: string): string =>
  value(formatEntraDate(value(dateAdd(interval, n, m(text)))));

const diff = (interval: string, a: string, b: string): number => value(dateDiff(interval, m(a), m(b)));

/** Now() in the DateDiff table is "8/25/2021 5:41:18 PM" (UTC). */
const TABLE_NOW = '8/25/2021 5:41:18 PM';

// ---------------------------------------------------------------------------------------------
// Documented examples. `key` is the functions.json expression (for examples[]) or
// "table: <row label>" (for table rows); `expected` is copied from functions.json.

interface DocCase {
  fn: 'CDate' | 'DateAdd' | 'DateDiff' | 'FormatDateTime' | 'NumFromDate' | 'DateFromNum' | 'Now';
  key: string;
  expected: string | number;
  run: () => string | number;
}

const DOCUMENTED: DocCase[] = [
  // CDate
  { fn: 'CDate', key: 'CDate([StatusHireDate])', expected: '3/16/2020 7:00:00 AM', run: () => cdate('2020-03-16-07:00') },
  { fn: 'CDate', key: 'CDate("2021-06-30+08:00")', expected: '6/29/2021 4:00:00 PM', run: () => cdate('2021-06-30+08:00') },

  // DateAdd examples[] (StatusHireDate = 2012-03-16-07:00)
  {
    fn: 'DateAdd',
    key: 'DateAdd("d", 7, CDate([StatusHireDate]))',
    expected: '3/23/2012 7:00:00 AM',
    run: () => dateAddText('d', 7, '2012-03-16-07:00'),
  },
  {
    fn: 'DateAdd',
    key: 'DateAdd("d", -10, CDate([StatusHireDate]))',
    expected: '3/6/2012 7:00:00 AM',
    run: () => dateAddText('d', -10, '2012-03-16-07:00'),
  },
  {
    fn: 'DateAdd',
    key: 'DateAdd("m", 10, CDate([StatusHireDate]))',
    expected: '1/16/2013 7:00:00 AM',
    run: () => dateAddText('m', 10, '2012-03-16-07:00'),
  },
  // DateAdd table rows
  {
    fn: 'DateAdd',
    key: 'table: Add 7 days to hire date',
    expected: '3/23/2012 7:00:00 AM',
    run: () => dateAddText('d', 7, '2012-03-16-07:00'),
  },
  {
    fn: 'DateAdd',
    key: 'table: Get a date ten days before to hire date',
    expected: '3/6/2012 7:00:00 AM',
    run: () => dateAddText('d', -10, '2012-03-16-07:00'),
  },
  {
    fn: 'DateAdd',
    key: 'table: Add two weeks to hire date',
    expected: '3/30/2012 7:00:00 AM',
    run: () => dateAddText('ww', 2, '2012-03-16-07:00'),
  },
  {
    fn: 'DateAdd',
    key: 'table: Add ten months to hire date',
    expected: '1/16/2013 7:00:00 AM',
    run: () => dateAddText('m', 10, '2012-03-16-07:00'),
  },
  {
    fn: 'DateAdd',
    key: 'table: Add two years to hire date',
    expected: '3/16/2014 7:00:00 AM',
    run: () => dateAddText('yyyy', 2, '2012-03-16-07:00'),
  },

  // DateDiff examples[] (derived from the table; date1 "8/25/2021 5:41:18 PM" is Now()'s text)
  {
    fn: 'DateDiff',
    key: 'DateDiff("d", CDate("2021-08-18+08:00"), CDate("2021-08-31+08:00"))',
    expected: 13,
    run: () => diff('d', '2021-08-18+08:00', '2021-08-31+08:00'),
  },
  {
    fn: 'DateDiff',
    key: 'DateDiff("d", CDate("8/25/2021 5:41:18 PM"), CDate("2012-03-16-07:00"))',
    expected: -3449,
    run: () => diff('d', TABLE_NOW, '2012-03-16-07:00'),
  },
  {
    fn: 'DateDiff',
    key: 'DateDiff("m", CDate("8/25/2021 5:41:18 PM"), CDate("2012-03-16-07:00"))',
    expected: -113,
    run: () => diff('m', TABLE_NOW, '2012-03-16-07:00'),
  },
  {
    fn: 'DateDiff',
    key: 'DateDiff("d", CDate("2021-08-31+08:00"), CDate("2021-08-31+08:00"))',
    expected: 0,
    run: () => diff('d', '2021-08-31+08:00', '2021-08-31+08:00'),
  },
  {
    fn: 'DateDiff',
    key: 'DateDiff("h", CDate("2021-08-24"), CDate("2021-08-25"))',
    expected: 24,
    run: () => diff('h', '2021-08-24', '2021-08-25'),
  },
  {
    fn: 'DateDiff',
    key: 'DateDiff("n", CDate("2021-08-24"), CDate("2021-08-25"))',
    expected: 1440,
    run: () => diff('n', '2021-08-24', '2021-08-25'),
  },
  {
    fn: 'DateDiff',
    key: 'DateDiff("s", CDate("2021-08-24"), CDate("2021-08-25"))',
    expected: 86400,
    run: () => diff('s', '2021-08-24', '2021-08-25'),
  },
  // DateDiff table rows
  {
    fn: 'DateDiff',
    key: 'table: Positive difference in days between two dates',
    expected: 13,
    run: () => diff('d', '2021-08-18+08:00', '2021-08-31+08:00'),
  },
  {
    fn: 'DateDiff',
    key: 'table: Negative difference in days between two dates',
    expected: -3449,
    run: () => diff('d', TABLE_NOW, '2012-03-16-07:00'),
  },
  {
    fn: 'DateDiff',
    key: 'table: Difference in weeks between two dates',
    expected: -493,
    run: () => diff('ww', TABLE_NOW, '2012-03-16-07:00'),
  },
  {
    fn: 'DateDiff',
    key: 'table: Difference in months between two dates',
    expected: -113,
    run: () => diff('m', TABLE_NOW, '2012-03-16-07:00'),
  },
  {
    fn: 'DateDiff',
    key: 'table: Difference in years between two dates',
    expected: -9,
    run: () => diff('yyyy', TABLE_NOW, '2012-03-16-07:00'),
  },
  {
    fn: 'DateDiff',
    key: 'table: Difference when both dates are same',
    expected: 0,
    run: () => diff('d', '2021-08-31+08:00', '2021-08-31+08:00'),
  },
  {
    fn: 'DateDiff',
    key: 'table: Difference in hours between two dates',
    expected: 24,
    run: () => diff('h', '2021-08-24', '2021-08-25'),
  },
  {
    fn: 'DateDiff',
    key: 'table: Difference in minutes between two dates',
    expected: 1440,
    run: () => diff('n', '2021-08-24', '2021-08-25'),
  },
  {
    fn: 'DateDiff',
    key: 'table: Difference in seconds between two dates',
    expected: 86400,
    run: () => diff('s', '2021-08-24', '2021-08-25'),
  },

  // FormatDateTime (current 4-argument form, and the legacy 3-argument form: same primitive call)
  {
    fn: 'FormatDateTime',
    key: 'FormatDateTime([extensionAttribute1], , "yyyyMMddHHmmss.fZ", "yyyy-MM-dd")',
    expected: '2015-01-23',
    run: () => value(formatDateTime('20150123105347.1Z', '', 'yyyyMMddHHmmss.fZ', 'yyyy-MM-dd')),
  },
  {
    fn: 'FormatDateTime',
    key: 'FormatDateTime([extensionAttribute1], "yyyyMMddHHmmss.fZ", "yyyy-MM-dd")',
    expected: '2015-01-23',
    run: () => value(formatDateTime('20150123105347.1Z', undefined, 'yyyyMMddHHmmss.fZ', 'yyyy-MM-dd')),
  },

  // DateFromNum (the doc gives prose; functions.json normalises it to ISO 8601)
  {
    fn: 'DateFromNum',
    key: 'DateFromNum(129699324000000000)',
    expected: '2012-01-01T23:00:00Z',
    run: () => value(formatDotNet(value(dateFromNum('129699324000000000')), 'yyyy-MM-ddTHH:mm:ssZ')),
  },

  // Now (documented example value "7/2/2021 3:33:38 PM"; the clock is injected)
  {
    fn: 'Now',
    key: 'Now()',
    expected: '7/2/2021 3:33:38 PM',
    run: () => value(formatEntraDate(value(now(() => Date.UTC(2021, 6, 2, 15, 33, 38))))),
  },
];

describe('documented examples (functions.json)', () => {
  for (const c of DOCUMENTED) {
    test(`${c.fn}: ${c.key} → ${c.expected}`, () => {
      assert.equal(c.run(), c.expected);
    });
  }

  test('the table covers every documented example with input and output, with the same expected values', (t) => {
    const root = join(__dirname, '..', '..');
    const candidates = [
      process.env.SCIM_MAPPER_REFERENCE_DIR ? join(process.env.SCIM_MAPPER_REFERENCE_DIR, 'functions.json') : '',
      join(root, '..', 'shared', 'reference', 'entra', 'functions.json'),
      join(root, 'shared', 'reference', 'entra', 'functions.json'),
    ].filter((p) => p !== '');
    const file = candidates.find((p) => existsSync(p));
    if (!file) {
      t.skip('shared/reference/entra/functions.json not found');
      return;
    }
    interface Example {
      kind: string;
      expression: string;
      input: unknown;
      output: unknown;
      docOutputText?: string;
      outputPattern?: string;
    }
    interface Fn {
      name: string;
      examples?: Example[];
      table?: { columns: string[]; rows: unknown[][] };
    }
    const fns = JSON.parse(readFileSync(file, 'utf8')) as Fn[];
    const names = ['CDate', 'DateAdd', 'DateDiff', 'FormatDateTime', 'NumFromDate', 'DateFromNum', 'Now'];
    let expectedCount = 0;
    for (const fn of fns.filter((f) => names.includes(f.name))) {
      for (const ex of fn.examples ?? []) {
        const hasIo = ex.input !== null && ex.output !== null;
        const hasDocValue = ex.output === null && typeof ex.docOutputText === 'string';
        if (!hasIo && !hasDocValue) continue;
        expectedCount++;
        const c = DOCUMENTED.find((d) => d.fn === fn.name && d.key === ex.expression);
        assert.ok(c, `no test case for documented ${fn.name} example ${ex.expression}`);
        if (hasIo) assert.equal(c.expected, ex.output, `expected value of ${ex.expression} differs from functions.json`);
        else {
          assert.ok(ex.docOutputText!.includes(String(c.expected)), `${ex.expression}: ${ex.docOutputText}`);
          if (ex.outputPattern) assert.match(String(c.run()), new RegExp(ex.outputPattern));
        }
      }
      for (const row of fn.table?.rows ?? []) {
        expectedCount++;
        const c = DOCUMENTED.find((d) => d.fn === fn.name && d.key === `table: ${String(row[0])}`);
        assert.ok(c, `no test case for ${fn.name} table row "${String(row[0])}"`);
        assert.equal(c.expected, row[row.length - 1], `${fn.name} table row "${String(row[0])}" expected value differs`);
      }
    }
    assert.equal(expectedCount, DOCUMENTED.length, 'DOCUMENTED has cases that functions.json does not list');
  });
});

// ---------------------------------------------------------------------------------------------

describe('CDate (parseDate + formatEntraDate)', () => {
  const good: Array<[string, string]> = [
    ['2009-06-15T01:45:30-07:00', '6/15/2009 8:45:30 AM'], // grammar corpus expression; output derived
    ['2021-08-24', '8/24/2021 12:00:00 AM'],
    ['2021-08-24T12:00:00', '8/24/2021 12:00:00 PM'],
    ['2021-08-24T10:00:00Z', '8/24/2021 10:00:00 AM'],
    ['2021-08-24 10:00:00 +0530', '8/24/2021 4:30:00 AM'],
    ['2021-08-24T10:00+05', '8/24/2021 5:00:00 AM'],
    ['2021-8-4', '8/4/2021 12:00:00 AM'],
    ['2021/08/24 23:59:59', '8/24/2021 11:59:59 PM'],
    ['1/1/2021 12:00:00 AM', '1/1/2021 12:00:00 AM'],
    ['1/1/2021 12:30:00 PM', '1/1/2021 12:30:00 PM'],
    ['1/1/2021 0:30 pm', '1/1/2021 12:30:00 PM'],
    ['3/16/20', '3/16/2020 12:00:00 AM'],
    ['3/16/99', '3/16/1999 12:00:00 AM'],
    ['Mon, 15 Jun 2009 20:45:30 GMT', '6/15/2009 8:45:30 PM'],
    ['June 15, 2009', '6/15/2009 12:00:00 AM'],
    ['15 June 2009 8:00 PM', '6/15/2009 8:00:00 PM'],
    ['  2020-02-29  ', '2/29/2020 12:00:00 AM'],
    ['2021-01-01T00:30:00+01:00', '12/31/2020 11:30:00 PM'],
    ['2021-08-24T10:00:00.9999999Z', '8/24/2021 10:00:00 AM'], // fractions are not rounded when printed
  ];
  for (const [input, expected] of good) {
    test(`CDate("${input}") = ${expected}`, () => assert.equal(cdate(input), expected));
  }

  test('offset is recorded and the result is UTC', () => {
    const v = m('2020-03-16-07:00');
    assert.equal(v.kind, 'utc');
    assert.equal(v.sourceOffsetMinutes, -420);
    assert.equal(iso(v), '2020-03-16T07:00:00.0000000');
    assert.equal(m('2021-08-24').sourceOffsetMinutes, null);
  });

  test('fractional seconds keep 100-ns precision (and round beyond 7 digits)', () => {
    assert.equal(iso(m('2021-08-24T10:00:00.1234567Z')), '2021-08-24T10:00:00.1234567');
    assert.equal(iso(m('2021-08-24T10:00:00.12345678Z')), '2021-08-24T10:00:00.1234568');
    assert.equal(iso(m('2021-08-24T10:00:00.5Z')), '2021-08-24T10:00:00.5000000');
  });

  test('leap years', () => {
    assert.equal(cdate('2000-02-29'), '2/29/2000 12:00:00 AM');
    error(parseDate('1900-02-29'), 'invalid-input', /day 29/);
    error(parseDate('2021-02-29'), 'invalid-input', /day 29/);
  });

  test('invalid input gives a clear error', () => {
    error(parseDate(''), 'invalid-input', /empty/);
    error(parseDate('   '), 'invalid-input', /empty/);
    error(parseDate('2021-13-01'), 'invalid-input', /month 13/);
    error(parseDate('2021-08-24T24:00:00'), 'invalid-input', /hour 24/);
    error(parseDate('2021-08-24T10:60'), 'invalid-input', /minute 60/);
    error(parseDate('1/1/2021 13:00 AM'), 'invalid-input', /hour 13/);
    error(parseDate('2021-08-24T10:00+15:00'), 'invalid-input', /14:00/);
    error(parseDate('Tue, 15 Jun 2009 20:45:30 GMT'), 'invalid-input', /Monday/);
    error(parseDate('0001-01-01T00:00:00+01:00'), 'out-of-range');
    error(parseDate('not a date'), 'unsupported', /not a date\/time form/);
    error(parseDate('2021-W01-1'), 'unsupported');
    error(parseDate('24.08.2021'), 'unsupported');
  });

  test('undocumented behaviour is refused, not guessed', () => {
    error(parseDate('10:30'), 'undefined-behaviour', /no date/);
    error(parseDate('3/16/35'), 'undefined-behaviour', /TwoDigitYearMax/);
  });
});

describe('DateAdd', () => {
  test('month arithmetic clamps to the end of the month like VBA / .NET AddMonths', () => {
    assert.equal(dateAddText('m', 1, '2021-01-31'), '2/28/2021 12:00:00 AM');
    assert.equal(dateAddText('m', 1, '2020-01-31'), '2/29/2020 12:00:00 AM');
    assert.equal(dateAddText('m', -1, '2020-03-31T13:14:15'), '2/29/2020 1:14:15 PM');
    assert.equal(dateAddText('m', 3, '2021-01-31'), '4/30/2021 12:00:00 AM');
    assert.equal(dateAddText('m', -13, '2021-01-15'), '12/15/2019 12:00:00 AM');
    assert.equal(dateAddText('q', 1, '2021-11-30'), '2/28/2022 12:00:00 AM');
  });

  test('years: Feb 29 becomes Feb 28 in a common year', () => {
    assert.equal(dateAddText('yyyy', 1, '2020-02-29'), '2/28/2021 12:00:00 AM');
    assert.equal(dateAddText('yyyy', 4, '2020-02-29'), '2/29/2024 12:00:00 AM');
    assert.equal(dateAddText('yyyy', -100, '2000-02-29'), '2/28/1900 12:00:00 AM');
  });

  test('days, weeks, hours, minutes, seconds; negative values go back', () => {
    assert.equal(dateAddText('d', 1, '2020-02-28'), '2/29/2020 12:00:00 AM');
    assert.equal(dateAddText('d', 1, '2021-02-28'), '3/1/2021 12:00:00 AM');
    assert.equal(dateAddText('d', -1, '2021-01-01'), '12/31/2020 12:00:00 AM');
    assert.equal(dateAddText('ww', -1, '2012-03-16-07:00'), '3/9/2012 7:00:00 AM');
    assert.equal(dateAddText('h', -8, '2021-01-01T07:00:00Z'), '12/31/2020 11:00:00 PM');
    assert.equal(dateAddText('n', 90, '2021-01-01T23:00:00Z'), '1/2/2021 12:30:00 AM');
    assert.equal(dateAddText('s', -1, '2021-01-01'), '12/31/2020 11:59:59 PM');
    assert.equal(dateAddText('y', 1, '2021-12-31'), '1/1/2022 12:00:00 AM');
    assert.equal(dateAddText('w', 2, '2021-08-27'), '8/29/2021 12:00:00 AM'); // VBA: "w" adds days, not weekdays
    assert.equal(dateAddText('d', 0, '2021-08-27T01:02:03Z'), '8/27/2021 1:02:03 AM');
  });

  test('UTC arithmetic has no DST effects', () => {
    // 2021-03-14 02:00 does not exist in US time zones; in UTC every day has 24 hours.
    assert.equal(dateAddText('h', 1, '2021-03-14T01:30:00Z'), '3/14/2021 2:30:00 AM');
    assert.equal(dateAddText('h', 24, '2021-03-13T12:00:00Z'), '3/14/2021 12:00:00 PM');
    assert.equal(diff('h', '2021-10-31T00:00:00Z', '2021-11-01T00:00:00Z'), 24);
  });

  test('keeps sub-second precision', () => {
    const r = value(dateAdd('d', 1, m('2021-08-24T10:00:00.1234567Z')));
    assert.equal(iso(r), '2021-08-25T10:00:00.1234567');
  });

  test('errors: unknown interval, case, non-integer value, range', () => {
    const base = m('2021-08-24');
    error(dateAdd('x', 1, base), 'invalid-input', /unknown interval "x".*"yyyy"/);
    error(dateAdd('', 1, base), 'invalid-input', /unknown interval/);
    error(dateAdd('days', 1, base), 'invalid-input', /unknown interval/);
    error(dateAdd('D', 1, base), 'undefined-behaviour', /lower-case/);
    error(dateAdd('YYYY', 1, base), 'undefined-behaviour');
    error(dateAdd('d', 1.5, base), 'undefined-behaviour', /whole number/);
    error(dateAdd('d', Number.NaN, base), 'invalid-input');
    error(dateAdd('d', Number.POSITIVE_INFINITY, base), 'invalid-input');
    error(dateAdd('d', 1, m('9999-12-31')), 'out-of-range');
    error(dateAdd('yyyy', -2021, base), 'out-of-range');
    error(dateAdd('m', 1e12, base), 'out-of-range');
    error(dateAdd('s', 1e300, base), 'out-of-range');
    error(dateAdd('d', 1, { utcMs: 1.5, subMsTicks: 0, kind: 'utc', sourceOffsetMinutes: null }), 'invalid-input');
  });
});

describe('DateDiff', () => {
  test('sign: positive when date2 is later', () => {
    assert.equal(diff('d', '2021-08-24', '2021-08-26'), 2);
    assert.equal(diff('d', '2021-08-26', '2021-08-24'), -2);
    assert.equal(diff('s', '2021-08-24', '2021-08-24'), 0);
  });

  test('yyyy / q / m count calendar boundaries', () => {
    assert.equal(diff('yyyy', '2020-12-31T23:59:59Z', '2021-01-01T00:00:00Z'), 1);
    assert.equal(diff('yyyy', '2021-01-01', '2021-12-31'), 0);
    assert.equal(diff('m', '2021-01-31', '2021-02-01'), 1);
    assert.equal(diff('m', '2021-02-01', '2021-01-31'), -1);
    assert.equal(diff('q', '2021-03-31', '2021-04-01'), 1);
    assert.equal(diff('q', '2020-11-15', '2021-02-15'), 1);
    assert.equal(diff('q', '2021-01-01', '2021-03-31'), 0);
  });

  test('d / h / n / s count boundaries (midnights, hours, minutes, seconds crossed)', () => {
    assert.equal(diff('d', '2021-08-24T23:00:00Z', '2021-08-25T01:00:00Z'), 1);
    assert.equal(diff('d', '2021-08-24T00:00:00Z', '2021-08-24T23:59:59Z'), 0);
    assert.equal(diff('y', '2021-08-24T23:00:00Z', '2021-08-25T01:00:00Z'), 1);
    assert.equal(diff('h', '2021-08-24T10:59:59Z', '2021-08-24T11:00:00Z'), 1);
    assert.equal(diff('n', '2021-08-24T10:00:59Z', '2021-08-24T10:01:00Z'), 1);
    assert.equal(diff('s', '2021-08-24T10:00:00.9Z', '2021-08-24T10:00:01.1Z'), 1);
    assert.equal(diff('d', '2020-02-28', '2020-03-01'), 2); // leap year
    assert.equal(diff('d', '2021-02-28', '2021-03-01'), 1);
    assert.equal(diff('d', '2021-01-01', '2022-01-01'), 365);
    assert.equal(diff('d', '2020-01-01', '2021-01-01'), 366);
  });

  test('ww counts Sundays crossed (date2 counts if a Sunday, date1 does not)', () => {
    // 2021-08-22 and 2021-08-29 are Sundays, 2021-08-28 a Saturday.
    assert.equal(diff('ww', '2021-08-28', '2021-08-29'), 1);
    assert.equal(diff('ww', '2021-08-22', '2021-08-28'), 0);
    assert.equal(diff('ww', '2021-08-22', '2021-08-29'), 1);
    assert.equal(diff('ww', '2021-08-29T23:00:00Z', '2021-08-22T01:00:00Z'), -1);
    assert.equal(diff('ww', '2021-08-29', '2021-08-28'), -1);
  });

  test('w counts whole weeks of calendar days', () => {
    assert.equal(diff('w', '2021-08-24', '2021-08-30'), 0);
    assert.equal(diff('w', '2021-08-24', '2021-08-31'), 1);
    assert.equal(diff('w', '2021-08-24', '2021-09-06'), 1);
    assert.equal(diff('w', '2021-08-24', '2021-09-07'), 2);
    assert.equal(diff('w', '2021-09-06', '2021-08-24'), -1);
    assert.ok(!Object.is(diff('w', '2021-08-30', '2021-08-24'), -0));
  });

  test('errors: unknown interval and undocumented casing', () => {
    const a = m('2021-08-24');
    error(dateDiff('weeks', a, a), 'invalid-input', /unknown interval "weeks"/);
    error(dateDiff('H', a, a), 'undefined-behaviour', /"h"/);
  });

  test('documented Example 2 building block: DateDiff("d", Now(), CDate([StatusHireDate])) > 5', () => {
    const clock = () => Date.UTC(2021, 7, 25, 17, 41, 18);
    const hire = m('2021-08-31-07:00');
    assert.equal(value(dateDiff('d', value(now(clock)), hire)), 6);
  });
});

describe('NumFromDate / DateFromNum (FILETIME)', () => {
  test('DateFromNum accepts strings, bigints and safe integers', () => {
    const fromString = value(dateFromNum('129699324000000000'));
    assert.deepEqual(value(dateFromNum(129699324000000000n)), fromString);
    assert.equal(iso(fromString), '2012-01-01T23:00:00.0000000');
    assert.equal(fromString.kind, 'utc');
    assert.equal(value(formatEntraDate(fromString)), '1/1/2012 11:00:00 PM');
    assert.equal(iso(value(dateFromNum(0))), '1601-01-01T00:00:00.0000000');
    assert.equal(iso(value(dateFromNum('1'))), '1601-01-01T00:00:00.0000001');
    assert.equal(iso(value(dateFromNum(MAX_FILETIME))), '9999-12-31T23:59:59.9999999');
  });

  test('DateFromNum errors', () => {
    error(dateFromNum(129699324000000000), 'invalid-input', /string or bigint/);
    error(dateFromNum(1.5), 'invalid-input');
    error(dateFromNum('-1'), 'out-of-range', /negative/);
    error(dateFromNum(MAX_FILETIME + 1n), 'out-of-range', /9999/);
    error(dateFromNum('9223372036854775807'), 'out-of-range', /never expires/);
    error(dateFromNum('12a'), 'invalid-input');
    error(dateFromNum('1.5e17'), 'invalid-input');
    error(dateFromNum(''), 'invalid-input');
    error(dateFromNum(' 129699324000000000'), 'undefined-behaviour');
  });

  test('NumFromDate is the inverse of DateFromNum, to 100 ns', () => {
    assert.equal(value(numFromDate(m('2012-01-01T23:00:00Z'))), '129699324000000000');
    assert.equal(value(numFromDate(m('1601-01-01T00:00:00Z'))), '0');
    const precise = m('2021-08-25T17:41:18.1234567Z');
    const ft = value(numFromDate(precise));
    assert.equal(ft, '132743868781234567');
    assert.deepEqual(value(dateFromNum(ft)), { ...precise, sourceOffsetMinutes: null });
    error(numFromDate(m('1600-12-31T23:59:59Z')), 'out-of-range', /1601/);
  });

  test('documented NumFromDate building blocks (Workday accountExpires), derived values', () => {
    // NumFromDate(Join("", FormatDateTime([ContractEndDate], ,"yyyy-MM-ddzzz", "yyyy-MM-dd"), " 23:59:59-08:00"))
    const day = value(formatDateTime('2020-12-31-08:00', '', 'yyyy-MM-ddzzz', 'yyyy-MM-dd'));
    assert.equal(day, '2020-12-31');
    assert.equal(value(numFromDate(m(`${day} 23:59:59-08:00`))), '132539615990000000');
    // Older doc text used "T23:59:59-08:00".
    assert.equal(value(numFromDate(m(`${day}T23:59:59-08:00`))), '132539615990000000');
    // SuccessFactors: endDate like M/d/yyyy hh:mm:ss tt.
    const sf = value(formatDateTime('12/31/2020 12:00:00 AM', '', 'M/d/yyyy hh:mm:ss tt', 'yyyy-MM-dd'));
    assert.equal(sf, '2020-12-31');
  });
});

describe('Now', () => {
  test('uses only the injected clock', () => {
    const realNow = Date.now;
    Date.now = () => {
      throw new Error('Date.now must not be called');
    };
    try {
      const v = value(now(() => Date.UTC(2021, 6, 2, 15, 33, 38, 250)));
      assert.equal(v.kind, 'utc');
      assert.equal(value(formatEntraDate(v)), '7/2/2021 3:33:38 PM');
      assert.match(value(formatEntraDate(v)), /^\d{1,2}\/\d{1,2}\/\d{4} \d{1,2}:\d{2}:\d{2} (AM|PM)$/);
      assert.equal(iso(v), '2021-07-02T15:33:38.2500000');
    } finally {
      Date.now = realNow;
    }
  });

  test('midnight and noon print as 12 AM / 12 PM', () => {
    assert.equal(value(formatEntraDate(value(now(() => Date.UTC(2021, 0, 1, 0, 0, 0))))), '1/1/2021 12:00:00 AM');
    assert.equal(value(formatEntraDate(value(now(() => Date.UTC(2021, 0, 1, 12, 0, 0))))), '1/1/2021 12:00:00 PM');
  });

  test('a broken clock is an error', () => {
    error(
      now(() => Number.NaN),
      'invalid-input',
    );
    error(
      now(() => 1e20),
      'out-of-range',
    );
  });
});

describe('FormatDateTime dateTimeStyles argument', () => {
  test('empty means RoundtripKind | AllowLeadingWhite | AllowTrailingWhite', () => {
    assert.equal(value(parseDateTimeStyles('')), 131);
    assert.equal(value(parseDateTimeStyles(undefined)), 131);
    assert.equal(value(parseDateTimeStyles('AdjustToUniversal, AllowWhiteSpaces')), 23);
  });

  test('the legacy 3-argument form, read with the current signature, puts the input format in dateTimeStyles', () => {
    error(parseDateTimeStyles('yyyyMMddHHmmss.fZ'), 'invalid-input', /not a .NET DateTimeStyles name/);
    error(formatDateTime('20150123105347.1Z', 'yyyyMMddHHmmss.fZ', 'yyyy-MM-dd', ''), 'invalid-input');
  });

  test('undocumented or invalid values', () => {
    error(parseDateTimeStyles('32'), 'undefined-behaviour', /numeric/);
    error(parseDateTimeStyles('  '), 'undefined-behaviour');
    error(parseDateTimeStyles('adjusttouniversal'), 'invalid-input', /AdjustToUniversal/);
    error(parseDateTimeStyles('RoundtripKind, AdjustToUniversal'), 'invalid-input', /RoundtripKind/);
    error(parseDateTimeStyles('AssumeLocal,AssumeUniversal'), 'invalid-input');
  });

  test('AdjustToUniversal gives a UTC-kind value', () => {
    const v = value(parseDotNetExact('2020-12-31-08:00', 'yyyy-MM-ddzzz', { styles: 'AdjustToUniversal' }));
    assert.equal(v.kind, 'utc');
    assert.equal(value(formatDotNet(v, 'o')), '2020-12-31T08:00:00.0000000Z');
  });
});
