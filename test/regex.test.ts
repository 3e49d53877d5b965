// The bounded .NET regular-expression engine (server/src/service/regex): data-driven tables of
// results that .NET's System.Text.RegularExpressions gives, the examples Microsoft documents for
// Entra's Replace function and scoping filters, syntax errors with their offsets, and the
// guarantee that catastrophic backtracking returns 'budget-exceeded' instead of hanging.
import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import {
  DEFAULT_STEP_BUDGET,
  type RegexMatch,
  type RegexOptions,
  type RegexOutcome,
  type SafeRegex,
  compileRegex,
} from '../server/src/service/regex';

// ---------------------------------------------------------------------------------------------
// helpers

function compile(pattern: string, options?: RegexOptions): SafeRegex {
  const result = compileRegex(pattern, options);
  if (!result.ok) assert.fail(`expected ${JSON.stringify(pattern)} to compile, got: ${result.error.message}`);
  return result.regex;
}

function value<T>(outcome: RegexOutcome<T>): T {
  if (!outcome.ok) assert.fail(`expected an answer, got ${outcome.reason}: ${outcome.message}`);
  return outcome.value;
}

function isMatch(pattern: string, input: string, options?: RegexOptions): boolean {
  return value(compile(pattern, options).test(input));
}

function matches(pattern: string, input: string, options?: RegexOptions): string[] {
  return value(compile(pattern, options).matchAll(input)).map((m) => m.value);
}

function first(pattern: string, input: string): RegexMatch {
  const match = value(compile(pattern).exec(input));
  if (match === null) assert.fail(`expected ${JSON.stringify(pattern)} to match ${JSON.stringify(input)}`);
  return match;
}

/** Runs `work` and returns its result with the elapsed milliseconds. */
function timed<T>(work: () => T): { result: T; ms: number } {
  const start = process.hrtime.bigint();
  const result = work();
  return { result, ms: Number(process.hrtime.bigint() - start) / 1e6 };
}

/** A generous safety bound, not a benchmark: the point is that the call returns at all. */
const SAFETY_BOUND_MS = 2000;

// ---------------------------------------------------------------------------------------------
// Entra's documented examples

describe('Entra documented examples', () => {
  const replaceRows: Array<[pattern: string, input: string, replacement: string, expected: string]> = [
    // Replace([telephoneNumber], , "\+(?<isdCode>\d* )(?<phoneNumber>\d{10})", , "${phoneNumber}", , )
    ['\\+(?<isdCode>\\d* )(?<phoneNumber>\\d{10})', '+1 1234567890', '${phoneNumber}', '1234567890'],
    // Replace([telephoneNumber], , "[()\s-]+", , "", , )
    ['[()\\s-]+', '(555) 123-4567', '', '5551234567'],
    // Replace([mailNickname], , "[a-zA-Z_]*", , "", , )
    ['[a-zA-Z_]*', 'ABC123_x9', '', '1239'],
    ['[a-zA-Z_]*', 'john_doe72', '', '72'],
  ];
  for (const [pattern, input, replacement, expected] of replaceRows) {
    it(`Replace ${JSON.stringify(input)} with /${pattern}/ → ${JSON.stringify(replacement)} gives ${JSON.stringify(expected)}`, () => {
      assert.equal(value(compile(pattern).replace(input, replacement)), expected);
    });
  }

  const groupRows: Array<[pattern: string, input: string, group: string, replacement: string, expected: string]> = [
    // Replace([userPrincipalName], , "(?<Suffix>@(.)*)", "Suffix", "", , )
    ['(?<Suffix>@(.)*)', 'john@contoso.com', 'Suffix', '', 'john'],
    // Replace([address], , "(?<streetNumber>^\d*)", "streetNumber", "888", , )
    ['(?<streetNumber>^\\d*)', '1234 Main St', 'streetNumber', '888', '888 Main St'],
  ];
  for (const [pattern, input, group, replacement, expected] of groupRows) {
    it(`replaces group ${group} of /${pattern}/ in ${JSON.stringify(input)}`, () => {
      assert.equal(value(compile(pattern).replaceGroup(input, group, replacement)), expected);
    });
  }

  const scopingRows: Array<[pattern: string, input: string, expected: boolean]> = [
    ['.*\\@domain.com', 'a@domain.com', true],
    ['.*\\@domain.com', 'a@other.com', false],
    // REGEX MATCH searches: the pattern does not have to cover the whole value.
    ['([1-9][0-9])', '123', true],
    ['([1-9][0-9])', '7', false],
  ];
  for (const [pattern, input, expected] of scopingRows) {
    it(`scoping filter REGEX MATCH /${pattern}/ on ${JSON.stringify(input)} is ${expected}`, () => {
      assert.equal(isMatch(pattern, input), expected);
    });
  }
});

// ---------------------------------------------------------------------------------------------
// .NET syntax and semantics

describe('IsMatch compared with .NET', () => {
  const rows: Array<[pattern: string, input: string, expected: boolean, options?: RegexOptions]> = [
    // literals, escapes and the dot
    ['colou?r', 'color', true],
    ['a\\.b', 'axb', false],
    ['a\\.b', 'a.b', true],
    ['\\@', 'user@host', true],
    ['\\x41\\u0042', 'AB', true],
    ['\\101', 'A', true], // octal
    ['\\12', '\n', true], // \12 with no group 12 is octal, as in .NET
    ['\\cM\\cj', '\r\n', true],
    ['\\e\\a\\f\\v\\t\\0', '\u001b\u0007\f\u000b\t\0', true],
    ['a.c', 'a\nc', false],
    ['(?s)a.c', 'a\nc', true],
    ['a{,3}', 'a{,3}', true], // not a quantifier, so literal
    ['x{', 'x{', true],
    ['a]b}', 'a]b}', true],
    // anchors
    ['^abc$', 'abc\n', true], // $ also matches before a final newline
    ['^abc\\z', 'abc\n', false],
    ['^abc\\Z', 'abc\n', true],
    ['\\Aabc', 'xabc', false],
    ['^b$', 'a\nb\nc', false],
    ['(?m)^b$', 'a\nb\nc', true],
    ['\\bcat\\b', 'the cat sat', true],
    ['\\bcat\\b', 'concat', false],
    ['\\Bcat', 'concat', true],
    // classes
    ['[^\\d]', '123', false],
    ['^[\\w.-]+$', 'a.b-c', true],
    ['[\\d-x]', '-', true], // '-' after a shorthand is literal
    ['[a\\-z]', 'b', false],
    ['[a\\-z]', '-', true],
    ['[]a]', ']', true], // ']' first in a class is literal
    ['^[a-z-[aeiou]]+$', 'rhythm', true], // class subtraction
    ['^[a-z-[aeiou]]+$', 'hello', false],
    ['[\\b]', '\b', true], // \b inside a class is a backspace
    // Unicode-aware shorthands, as in .NET
    ['^\\d+$', '\u0663\u0664', true], // Arabic-Indic digits are Nd
    ['^\\w+$', 'héllo_wörld', true],
    ['\\s', '\u00a0', true],
    ['\\s', '\ufeff', false],
    ['\\p{Lu}', 'abc', false],
    ['\\p{Lu}', 'abC', true],
    ['^\\p{L}+$', 'Ωμέγα', true],
    ['\\P{L}', 'abc', false],
    ['[\\p{N}]', 'x²', true],
    // case-insensitivity
    ['(?i)^hello$', 'HeLLo', true],
    ['hello', 'HELLO', true, { ignoreCase: true }],
    ['(?i)[A-Z]+$', 'abc', true],
    ['(?i)[^a-z]', 'B', false],
    ['(?-i:A)b', 'aB', false, { ignoreCase: true }],
    ['(?-i:A)b', 'AB', true, { ignoreCase: true }],
    ['(?i)straße', 'STRASSE', false], // simple case folding only, as in .NET
    ['a(?i)b|c', 'C', true], // (?i) lasts to the end of the group, across |
    // groups, backreferences and lookarounds
    ['(\\w)\\1', 'hello', true],
    ['(\\w)\\1', 'helo', false],
    ['(?<double>\\w)\\k<double>', 'aa', true],
    ["(?'q'\\w)\\k'q'", 'bb', true],
    ['(?i)(a)\\1', 'aA', true],
    ['\\k<x>(?<x>a)', 'aa', false], // a backreference to a group that has not captured fails
    ['(?>a+)b', 'aaab', true],
    ['(?>a+)a', 'aaa', false],
    ['^(?=.*\\d)(?=.*[a-z]).{6,}$', 'abc123', true],
    ['^(?=.*\\d)(?=.*[a-z]).{6,}$', 'abcdef', false],
    ['(?<=\\$)\\d+', '$100', true],
    ['(?<!-)\\b\\d+', '-5', false],
    ['(?<=^\\d{3,}-)x', '1234-x', true], // lookbehinds may have any length in .NET
    // quantifiers
    ['^a{2}$', 'a', false],
    ['^a{1,2}$', 'aaa', false],
    ['^a{2,}$', 'aaaa', true],
    ['^(a?){5}a{5}$', 'aaaaa', true],
    // conditionals
    ['^(a)?(?(1)b|c)$', 'ab', true],
    ['^(a)?(?(1)b|c)$', 'c', true],
    ['^(a)?(?(1)b|c)$', 'b', false],
    ['^(?<n>a)?(?(n)b|c)$', 'ab', true],
    ['^(?(?=\\d)\\d{3}|[a-z]{2})$', '123', true],
    ['^(?(?=\\d)\\d{3}|[a-z]{2})$', 'ab', true],
    ['^(?(?=\\d)\\d{3}|[a-z]{2})$', '12', false],
    // comments and option x
    ['a(?#comment)b', 'ab', true],
    ['(?x) ^ \\d+ # a number\n $', '42', true],
    ['(?x) a b c', 'abc', true],
    ['(?x)[ ]', ' ', true], // whitespace inside a class still counts
  ];
  for (const [pattern, input, expected, options] of rows) {
    const flags = options?.ignoreCase === true ? ' (ignoreCase)' : '';
    it(`/${pattern}/${flags} on ${JSON.stringify(input)} is ${expected}`, () => {
      assert.equal(isMatch(pattern, input, options), expected);
    });
  }
});

describe('Matches compared with .NET', () => {
  const rows: Array<[pattern: string, input: string, expected: string[]]> = [
    ['\\d+', 'a1b22c333', ['1', '22', '333']],
    // After an empty match the next search starts one character later.
    ['x*', 'abc', ['', '', '', '']],
    ['a*', 'baaa', ['', 'aaa', '']],
    ['\\b', 'ab cd', ['', '', '', '']],
    ['(?<=a)b', 'ab cb ab', ['b', 'b']],
    ['a{2,3}', 'aaaa', ['aaa']],
    ['a{2,3}?', 'aaaa', ['aa', 'aa']],
    ['$', 'a\n', ['', '']], // before the final newline and at the very end
    ['(?m)^\\w+$', 'abc\ndef', ['abc', 'def']],
    // \G continues only where the previous match ended.
    ['\\Gab', 'ababxab', ['ab', 'ab']],
    ['(?<=^|,)\\w+', 'a,b,c', ['a', 'b', 'c']],
  ];
  for (const [pattern, input, expected] of rows) {
    it(`/${pattern}/ in ${JSON.stringify(input)} finds ${JSON.stringify(expected)}`, () => {
      assert.deepEqual(matches(pattern, input), expected);
    });
  }
});

describe('captures compared with .NET', () => {
  const rows: Array<[pattern: string, input: string, index: number, groups: Array<string | undefined>]> = [
    ['(\\d+)-(\\d+)', 'tel 555-1234', 4, ['555-1234', '555', '1234']],
    ['(a)|(b)', 'b', 0, ['b', undefined, 'b']],
    // .NET keeps a group's last capture even when a later iteration does not take part in it.
    ['(?:(a)|b)+', 'ab', 0, ['ab', 'a']],
    ['(\\w)+', 'abc', 0, ['abc', 'c']],
    ['(?<=(\\d+))x', '123x', 3, ['x', '123']], // lookbehinds capture right to left, like .NET
    ['(?=(\\w+))\\w', 'ab', 0, ['a', 'ab']],
    ['(a|ab)(c|bcd)(d*)', 'abcd', 0, ['abcd', 'a', 'bcd', '']],
    // Unnamed groups are numbered first, then named groups in order of appearance.
    ['(?<x>a)(b)(?<y>c)(d)', 'abcd', 0, ['abcd', 'b', 'd', 'a', 'c']],
    // Explicit numbers take their slot; names skip taken numbers.
    ['(?<2>a)(?<x>b)(c)', 'abc', 0, ['abc', 'c', 'a', 'b']],
    // (?n) makes plain parentheses non-capturing.
    ['(?n)(a)(?<x>b)', 'ab', 0, ['ab', 'b']],
  ];
  for (const [pattern, input, index, groups] of rows) {
    it(`/${pattern}/ on ${JSON.stringify(input)} captures ${JSON.stringify(groups)}`, () => {
      const match = first(pattern, input);
      assert.equal(match.index, index);
      assert.equal(match.length, groups[0]?.length);
      assert.deepEqual(match.groups, groups);
    });
  }

  it('reports named groups by name, in number order', () => {
    const regex = compile('(?<x>a)(b)(?<y>c)(d)');
    assert.deepEqual(regex.groupNames, ['x', 'y']);
    assert.equal(regex.groupCount, 4);
    const match = first('(?<area>\\d{3})-(?<num>\\d{4})?', '555-');
    assert.deepEqual({ ...match.named }, { area: '555', num: undefined });
  });

  it('keeps group names out of the prototype chain', () => {
    const match = first('(?<__proto__>a)(?<constructor>b)', 'ab');
    assert.equal(Object.getPrototypeOf(match.named), null);
    assert.equal(match.named['__proto__'], 'a');
    assert.equal(match.named['constructor'], 'b');
    assert.equal(first('(?<x>a)', 'a').named['toString'], undefined);
  });

  it('exec starts at the given position, and ^ still means the start of the input', () => {
    assert.equal(value(compile('b').exec('abcb', 2))?.index, 3);
    assert.equal(value(compile('^a').exec('aa', 1)), null);
    assert.equal(value(compile('\\Ga').exec('aba', 2))?.index, 2);
    assert.equal(value(compile('b').exec('abc', 99)), null); // clamped, not thrown
  });

  it('gives the same answers when a compiled pattern is reused', () => {
    const regex = compile('(a)|b');
    for (let i = 0; i < 3; i++) {
      assert.deepEqual(
        value(regex.matchAll('ab')).map((m) => m.groups),
        [
          ['a', 'a'],
          ['b', undefined],
        ],
      );
    }
  });
});

describe('Replace substitutions compared with .NET', () => {
  const rows: Array<[pattern: string, input: string, replacement: string, expected: string]> = [
    ['(\\w+)\\s(\\w+)', 'John Smith', '$2, $1', 'Smith, John'],
    ['(?<first>\\w+)\\s(?<last>\\w+)', 'John Smith', '${last}, ${first}', 'Smith, John'],
    ['(a)', 'a', '${1}x', 'ax'],
    ['(a)', 'a', '$1x', 'ax'],
    ['\\d+', 'a1b2', '[$&]', 'a[1]b[2]'],
    ['\\d+', 'a1b2', '[$0]', 'a[1]b[2]'],
    ['b', 'abc', '$`', 'aac'],
    ['b', 'abc', "$'", 'acc'],
    ['b', 'abc', '$_', 'aabcc'],
    ['b', 'abc', '$$', 'a$c'],
    ['(a)(b)?', 'ac', '<$+>', '<>c'], // $+ is the highest-numbered group, here unmatched
    ['(a)(b)', 'ab', '$+', 'b'],
    // Unknown groups and malformed substitutions are copied literally, as .NET does.
    ['(a)', 'a', '$2', '$2'],
    ['(a)', 'a', '$10', '$10'],
    ['(a)', 'a', '${nope}', '${nope}'],
    ['(a)', 'a', '${1', '${1'],
    ['(a)', 'a', 'x$', 'x$'],
    ['(a)', 'a', '$x', '$x'],
    // Every match is replaced, including empty ones.
    ['x*', 'abc', '-', '-a-b-c-'],
    ['a*', 'baaa', '-', '-b--'],
    ['(?m)^', 'a\nb', '> ', '> a\n> b'],
    ['abc', 'ABC abc', 'x', 'x x'],
  ];
  for (const [pattern, input, replacement, expected] of rows) {
    it(`/${pattern}/ in ${JSON.stringify(input)} with ${JSON.stringify(replacement)} gives ${JSON.stringify(expected)}`, () => {
      const options = pattern === 'abc' ? { ignoreCase: true } : undefined;
      assert.equal(value(compile(pattern, options).replace(input, replacement)), expected);
    });
  }
});

describe('replaceGroup', () => {
  it('inserts the replacement literally, without substitutions', () => {
    assert.equal(value(compile('(?<d>\\d+)').replaceGroup('a1b22', 'd', '$&')), 'a$&b$&');
  });

  it('replaces the group in every match and leaves the rest of each match alone', () => {
    assert.equal(value(compile('(?<k>\\w+)=\\d').replaceGroup('a=1,b=2', 'k', 'x')), 'x=1,x=2');
  });

  it('accepts a group number written as digits', () => {
    assert.equal(value(compile('(a)(b)').replaceGroup('ab', '2', 'X')), 'aX');
  });

  it('leaves a match alone when the group took no part in it', () => {
    assert.equal(value(compile('(?<a>a)|b').replaceGroup('ab', 'a', 'X')), 'Xb');
  });

  it('leaves the input unchanged for a group the pattern does not have', () => {
    assert.equal(value(compile('(?<a>a)').replaceGroup('aaa', 'nope', 'X')), 'aaa');
  });
});

// ---------------------------------------------------------------------------------------------
// syntax errors

describe('syntax errors', () => {
  const rows: Array<[pattern: string, offset: number, length: number, message: RegExp]> = [
    ['(abc', 0, 1, /This group is never closed/],
    ['^(Dev|SRE', 1, 1, /This group is never closed/],
    ['abc)', 3, 1, /has no matching '\('/],
    ['*a', 0, 1, /nothing before it to repeat/],
    ['a|+', 2, 1, /nothing before it to repeat/],
    ['(?i)*', 4, 1, /nothing before it to repeat/],
    ['a{3,1}', 1, 5, /minimum larger than its maximum/],
    ['a**', 2, 1, /follows another quantifier/],
    ['a*+', 2, 1, /possessive/],
    ['x{2}{3}', 4, 3, /follows another quantifier/],
    ['[z-a]', 1, 3, /range z-a is in reverse order/],
    ['[abc', 0, 1, /This character class is never closed/],
    ['.*\\@domain.com[', 14, 1, /This character class is never closed/],
    ['[]', 0, 1, /never closed/], // ']' right after '[' is a literal
    ['[a-\\d]', 1, 4, /range cannot end with \\d/],
    ['[a-z-[aeiou]x]', 12, 1, /subtraction .* must be the last/],
    ['abc\\', 3, 1, /ends with a single backslash/],
    ['\\1', 0, 2, /group 1, which does not exist/],
    ['(a)\\2', 3, 2, /group 2, which does not exist/],
    ['\\k<nope>', 3, 4, /named 'nope', which does not exist/],
    ['\\k', 0, 2, /\\k must be followed by a group name/],
    ['\\q', 0, 2, /not an escape sequence/],
    ['\\xZ1', 0, 3, /exactly 2 hexadecimal digits/],
    ['\\u12', 0, 4, /exactly 4 hexadecimal digits/],
    ['\\c1', 0, 3, /not a control character/],
    ['\\pL', 0, 2, /Unicode category in braces/],
    ['\\p{Foo}', 0, 7, /'Foo' is not a Unicode category/],
    ['\\p{IsGreek}', 0, 11, /block names .* are not supported/],
    ['(?P<n>x)', 0, 3, /not a group construct/],
    ['(?<a-b>x)', 0, 5, /Balancing groups/],
    ['(?<0>x)', 3, 1, /Group number 0 is reserved/],
    ['(?<a b>x)', 3, 2, /group name may contain only/],
    ['(?#abc', 0, 3, /comment is never closed/],
    ['a{99999999999}', 2, 11, /too large/],
    ['(?(2)a|b)', 3, 1, /group 2, which does not exist/],
    ['(a)(?(1)a|b|c)', 8, 5, /at most two alternatives/],
  ];
  for (const [pattern, offset, length, message] of rows) {
    it(`${JSON.stringify(pattern)} is rejected at offset ${offset}`, () => {
      const result = compileRegex(pattern);
      if (result.ok) assert.fail(`expected ${JSON.stringify(pattern)} to be rejected`);
      assert.match(result.error.message, message);
      assert.deepEqual({ offset: result.error.offset, length: result.error.length }, { offset, length });
      // Messages are sentences a user can act on.
      assert.match(result.error.message, /^[A-Z'\\(].*\.$/);
    });
  }

  it('refuses absurdly deep nesting instead of overflowing the stack', () => {
    const result = compileRegex('('.repeat(5000) + 'a' + ')'.repeat(5000));
    assert.equal(result.ok, false);
    if (!result.ok) assert.match(result.error.message, /nested more than/);
  });

  it('accepts what .NET accepts even when it looks odd', () => {
    for (const pattern of ['a??', 'a*?', '[^]a]', ']', '}', '{', 'a{1', '\\10', '(?<n>a)(?<n>b)\\k<n>', '^*', '()']) {
      assert.equal(compileRegex(pattern).ok, true, pattern);
    }
  });
});

// ---------------------------------------------------------------------------------------------
// bounded evaluation

describe('catastrophic backtracking is bounded', () => {
  const long = 'a'.repeat(40) + '!';
  const rows: Array<[pattern: string, input: string]> = [
    ['(a+)+$', long],
    ['(a|aa)+$', long],
    ['(.*a){20}', 'a'.repeat(19) + 'b'.repeat(2000)],
    ['^(\\w+\\s?)*$', 'word '.repeat(30) + '!'],
    ['(x+x+)+y', 'x'.repeat(5000)],
    ['^(([a-z])+.)+[A-Z]([a-z])+$', 'aaaaaaaaaaaaaaaaaaaaaaaaaaaa!'],
    ['(a+)+$', 'a'.repeat(100_000) + '!'],
    ['(\\w+)*@', 'a'.repeat(100_000)],
  ];
  for (const [pattern, input] of rows) {
    it(`/${pattern}/ against ${input.length} non-matching characters returns quickly`, () => {
      const { result, ms } = timed(() => compile(pattern).test(input));
      assert.ok(ms < SAFETY_BOUND_MS, `took ${ms.toFixed(0)} ms`);
      if (result.ok) {
        assert.equal(result.value, false); // a correct answer is fine too
      } else {
        assert.equal(result.reason, 'budget-exceeded');
        assert.match(result.message, /steps/);
      }
    });
  }

  it('bounds every entry point, on inputs of 100,000 characters', () => {
    const input = 'a'.repeat(100_000) + '!';
    const regex = compile('(a|aa)+$');
    const calls: Array<() => RegexOutcome<unknown>> = [
      () => regex.exec(input),
      () => regex.matchAll(input),
      () => regex.replace(input, '$1'),
      () => regex.replaceGroup(input, '1', 'x'),
    ];
    for (const call of calls) {
      const { result, ms } = timed(call);
      assert.ok(ms < SAFETY_BOUND_MS, `took ${ms.toFixed(0)} ms`);
      assert.equal(result.ok, false);
    }
  });

  it('answers ordinary patterns on long inputs without running out of budget', () => {
    assert.equal(isMatch('.*\\@domain.com', 'x'.repeat(100_000)), false);
    assert.equal(isMatch('[\\w.]+@domain\\.com', 'a'.repeat(50_000) + '@domain.com'), true);
    assert.equal(value(compile('-').replace('a-'.repeat(10_000), '')), 'a'.repeat(10_000));
  });

  it('counts the budget over the whole call, and honours stepBudget', () => {
    assert.ok(DEFAULT_STEP_BUDGET >= 100_000);
    const tiny = compile('a', { stepBudget: 50 });
    assert.equal(value(tiny.test('aaaa')), true);
    const all = tiny.matchAll('a'.repeat(1000));
    assert.equal(all.ok, false);
    assert.equal(compile('(a+)+$', { stepBudget: 1000 }).test('aaaaaaaaaaaaaaaaaaaa!').ok, false);
  });

  it('counts replacement output as work, so "$_" on every match cannot build a huge string', () => {
    const { result, ms } = timed(() => compile('a').replace('a'.repeat(100_000), '$_'));
    assert.ok(ms < SAFETY_BOUND_MS, `took ${ms.toFixed(0)} ms`);
    assert.equal(result.ok, false);
  });
});
