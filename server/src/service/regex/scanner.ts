/**
 * The low-level reading of a .NET pattern: numbers, group names, escapes that stand for one
 * character, Unicode categories and character classes. The grammar of groups, quantifiers and
 * backreferences builds on this in `parse.ts`.
 *
 * Errors are thrown as ParseFailure and turned into a RegexSyntaxError by `parsePattern`; their
 * messages are sentences meant for the person who typed the pattern.
 */

import { type CharClass, not } from './charset';
import type { RegexSyntaxError } from './types';
import { type CharTest, categoryTest, isBoundaryWordChar, isCategoryName, isDigit, isSpace, isWordChar } from './unicode';

/** .NET accepts counts and group numbers up to Int32.MaxValue. */
const MAX_NUMBER = 2147483647;
/** Group and class nesting is limited so that parsing and compiling never exhaust the JavaScript stack. */
const MAX_DEPTH = 200;

/** Thrown inside the parser and turned into a RegexSyntaxError at the boundary. */
export class ParseFailure {
  constructor(readonly error: RegexSyntaxError) {}
}

export function isAsciiDigit(ch: string | undefined): boolean {
  return ch !== undefined && ch >= '0' && ch <= '9';
}

/** Group names, like .NET's, are made of word characters (and the zero-width joiners). */
export function isNameChar(ch: string | undefined): boolean {
  return ch !== undefined && isBoundaryWordChar(ch.charCodeAt(0));
}

function hexValue(ch: string | undefined): number {
  if (ch === undefined) return -1;
  const code = ch.charCodeAt(0);
  if (code >= 0x30 && code <= 0x39) return code - 0x30;
  if (code >= 0x41 && code <= 0x46) return code - 0x41 + 10;
  if (code >= 0x61 && code <= 0x66) return code - 0x61 + 10;
  return -1;
}

/** Describes a code unit for an error message, making invisible characters visible. */
function show(code: number): string {
  if (code < 0x20 || code === 0x7f || (code >= 0x80 && code < 0xa0)) {
    return `\\u${code.toString(16).toUpperCase().padStart(4, '0')}`;
  }
  return String.fromCharCode(code);
}

const notDigit = not(isDigit);
const notWord = not(isWordChar);
const notSpace = not(isSpace);

/** The test for `\d \D \w \W \s \S`, or undefined for any other letter. */
export function shorthandTest(letter: string | undefined): CharTest | undefined {
  switch (letter) {
    case 'd':
      return isDigit;
    case 'D':
      return notDigit;
    case 'w':
      return isWordChar;
    case 'W':
      return notWord;
    case 's':
      return isSpace;
    case 'S':
      return notSpace;
    default:
      return undefined;
  }
}

const upperTest = categoryTest('Lu');
const lowerTest = categoryTest('Ll');
const titleTest = categoryTest('Lt');
function casedLetterTest(code: number): boolean {
  return upperTest(code) || lowerTest(code) || titleTest(code);
}

export class PatternScanner {
  /** The reading position in `pattern`. */
  protected pos = 0;
  private depth = 0;

  constructor(protected readonly pattern: string) {}

  /** Leaves a nesting level entered with `enter`. */
  protected leave(): void {
    this.depth--;
  }

  /** Stops parsing with an error; the span is clamped to the pattern so an editor can always underline it. */
  protected fail(message: string, offset: number, length: number): never {
    const clampedOffset = Math.max(0, Math.min(offset, this.pattern.length));
    const clampedLength = Math.max(0, Math.min(length, this.pattern.length - clampedOffset));
    throw new ParseFailure({ message, offset: clampedOffset, length: clampedLength });
  }

  /** Enters a group or class; nesting deeper than MAX_DEPTH is refused to protect the call stack. */
  protected enter(offset: number): void {
    this.depth++;
    if (this.depth > MAX_DEPTH) {
      this.fail(
        `Groups and classes are nested more than ${MAX_DEPTH} levels deep, which this checker does not support.`,
        offset,
        1,
      );
    }
  }

  /** Reads decimal digits, refusing numbers that .NET would refuse as too large. */
  protected scanDecimal(): number {
    const p = this.pattern;
    const start = this.pos;
    let value = 0;
    while (isAsciiDigit(p[this.pos])) {
      value = value * 10 + (p.charCodeAt(this.pos) - 0x30);
      this.pos++;
      if (value > MAX_NUMBER) {
        while (isAsciiDigit(p[this.pos])) this.pos++;
        this.fail(
          `The number ${p.slice(start, this.pos)} is too large; counts and group numbers must be at most ${MAX_NUMBER}.`,
          start,
          this.pos - start,
        );
      }
    }
    return value;
  }

  protected scanName(): string {
    const start = this.pos;
    while (isNameChar(this.pattern[this.pos])) this.pos++;
    return this.pattern.slice(start, this.pos);
  }

  /**
   * Reads the escape after a backslash (this.pos is just past it) that stands for one character:
   * octal, \x, \u, \c, the named controls, or an escaped non-word character.
   */
  protected scanCharEscape(backslash: number): number {
    const p = this.pattern;
    const ch = p[this.pos];
    if (ch >= '0' && ch <= '7') return this.scanOctal();
    this.pos++;
    switch (ch) {
      case 'x':
        return this.scanHex(2, backslash);
      case 'u':
        return this.scanHex(4, backslash);
      case 'a':
        return 0x07;
      case 'b':
        return 0x08;
      case 'e':
        return 0x1b;
      case 'f':
        return 0x0c;
      case 'n':
        return 0x0a;
      case 'r':
        return 0x0d;
      case 't':
        return 0x09;
      case 'v':
        return 0x0b;
      case 'c':
        return this.scanControl(backslash);
      default:
        if (isNameChar(ch)) {
          this.fail(
            `\\${ch} is not an escape sequence .NET recognizes. Remove the backslash to match '${ch}', or use an escape such as \\d, \\w or \\s.`,
            backslash,
            2,
          );
        }
        return p.charCodeAt(this.pos - 1);
    }
  }

  /** Up to three octal digits, as .NET reads them (values above 0377 keep their low 8 bits). */
  private scanOctal(): number {
    const p = this.pattern;
    let value = 0;
    for (let count = 0; count < 3 && p[this.pos] >= '0' && p[this.pos] <= '7'; count++) {
      value = value * 8 + (p.charCodeAt(this.pos) - 0x30);
      this.pos++;
    }
    return value & 0xff;
  }

  private scanHex(digits: number, backslash: number): number {
    let value = 0;
    for (let i = 0; i < digits; i++) {
      const digit = hexValue(this.pattern[this.pos]);
      if (digit < 0) {
        const letter = this.pattern[backslash + 1];
        const example = digits === 2 ? '\\x41' : '\\u00E9';
        this.fail(
          `\\${letter} must be followed by exactly ${digits} hexadecimal digits, as in ${example}.`,
          backslash,
          this.pos - backslash + (this.pos < this.pattern.length ? 1 : 0),
        );
      }
      value = value * 16 + digit;
      this.pos++;
    }
    return value;
  }

  /** `\cX`: the control character for X, accepting @, A-Z (either case) and [\]^_ like .NET. */
  private scanControl(backslash: number): number {
    const ch = this.pattern[this.pos];
    if (ch === undefined) {
      this.fail('\\c must be followed by a letter that names a control character, as in \\cM.', backslash, 2);
    }
    let code = ch.charCodeAt(0);
    if (code >= 0x61 && code <= 0x7a) code -= 0x20;
    code -= 0x40;
    if (code < 0 || code >= 0x20) {
      this.fail(`\\c${ch} is not a control character; \\c must be followed by a letter, as in \\cM.`, backslash, 3);
    }
    this.pos++;
    return code;
  }

  /** Reads `{Name}` after `\p` or `\P` and returns the test, negated for `\P`. */
  protected parseProperty(backslash: number, negate: boolean, ignoreCase: boolean): CharTest {
    const p = this.pattern;
    if (p[this.pos] !== '{') {
      this.fail(`\\${p[backslash + 1]} must be followed by a Unicode category in braces, as in \\p{L} or \\p{Lu}.`, backslash, 2);
    }
    const nameStart = this.pos + 1;
    let i = nameStart;
    while (i < p.length && (isNameChar(p[i]) || p[i] === '-')) i++;
    if (p[i] !== '}') {
      this.fail(`\\${p[backslash + 1]}{ must be closed by '}', as in \\p{L}.`, backslash, i - backslash);
    }
    const name = p.slice(nameStart, i);
    this.pos = i + 1;
    let test: CharTest;
    if (isCategoryName(name)) {
      // Like .NET, case-insensitive matching treats the upper, lower and title case letter categories as one.
      test = ignoreCase && (name === 'Lu' || name === 'Ll' || name === 'Lt') ? casedLetterTest : categoryTest(name);
    } else if (name.startsWith('Is')) {
      this.fail(
        `Unicode block names such as \\p{${name}} are not supported by this checker. Use a character range instead, for example [\\u0370-\\u03FF] for Greek.`,
        backslash,
        this.pos - backslash,
      );
    } else {
      this.fail(
        `'${name}' is not a Unicode category .NET recognizes. Use a general category such as L, Lu, Ll, N, Nd, P, S or Z.`,
        backslash,
        this.pos - backslash,
      );
    }
    return negate ? not(test) : test;
  }

  /** Reads a class after its '[' up to and including the ']' that closes it. */
  protected parseClassBody(open: number, ignoreCase: boolean): CharClass {
    const p = this.pattern;
    this.enter(open);
    const cls: CharClass = { negated: false, ranges: [], tests: [], ignoreCase };
    if (p[this.pos] === '^') {
      this.pos++;
      cls.negated = true;
    }
    let first = true;
    let inRange = false;
    let rangeFrom = 0;
    let rangeStart = 0;
    let closed = false;
    for (; this.pos < p.length; first = false) {
      const itemStart = this.pos;
      let ch = p.charCodeAt(this.pos++);
      let translated = false;
      if (ch === 0x5d /* ] */ && !first) {
        closed = true;
        break;
      }
      if (ch === 0x5c /* \ */ && this.pos < p.length) {
        const letter = p[this.pos];
        const shorthand = shorthandTest(letter);
        if (shorthand !== undefined || letter === 'p' || letter === 'P') {
          if (inRange) {
            this.fail(
              `A range cannot end with \\${letter}, because a range needs a single character at each end.`,
              rangeStart,
              this.pos + 1 - rangeStart,
            );
          }
          this.pos++;
          cls.tests.push(shorthand ?? this.parseProperty(itemStart, letter === 'P', ignoreCase));
          continue;
        }
        if (letter === '-') {
          this.pos++;
          ch = 0x2d;
          translated = true;
        } else {
          ch = this.scanCharEscape(itemStart);
          translated = true;
        }
      }

      if (inRange) {
        inRange = false;
        if (ch === 0x5b /* [ */ && !translated && !first) {
          // What looked like the end of a range starts a subtraction, as in [a-[aeiou]].
          cls.ranges.push([rangeFrom, rangeFrom]);
          cls.subtract = this.parseClassBody(itemStart, ignoreCase);
          this.requireSubtractionLast();
        } else {
          if (rangeFrom > ch) {
            this.fail(
              `The range ${show(rangeFrom)}-${show(ch)} is in reverse order; write the lower character first, as in ${show(ch)}-${show(rangeFrom)}.`,
              rangeStart,
              this.pos - rangeStart,
            );
          }
          cls.ranges.push([rangeFrom, ch]);
        }
      } else if (this.pos + 1 < p.length && p[this.pos] === '-' && p[this.pos + 1] !== ']') {
        rangeFrom = ch;
        rangeStart = itemStart;
        inRange = true;
        this.pos++;
      } else if (this.pos < p.length && ch === 0x2d /* - */ && !translated && p[this.pos] === '[' && !first) {
        const subtractOpen = this.pos;
        this.pos++;
        cls.subtract = this.parseClassBody(subtractOpen, ignoreCase);
        this.requireSubtractionLast();
      } else {
        cls.ranges.push([ch, ch]);
      }
    }
    if (!closed) this.fail("This character class is never closed. Add ']' to end it.", open, 1);
    this.leave();
    return cls;
  }

  private requireSubtractionLast(): void {
    if (this.pos < this.pattern.length && this.pattern[this.pos] !== ']') {
      this.fail(
        "A class subtraction such as -[aeiou] must be the last thing in its character class, just before ']'.",
        this.pos,
        1,
      );
    }
  }
}
