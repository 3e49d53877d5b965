/**
 * Parses a .NET regular expression into a syntax tree with offsets.
 *
 * The rules follow .NET's own parser (System.Text.RegularExpressions.RegexParser) so that a
 * pattern means here what it means in Entra: which characters are literal, when `{` is a
 * quantifier, how unnamed and named groups are numbered, and when `\12` is a backreference rather
 * than an octal escape. Like .NET, the pattern is read twice: the first pass only learns which
 * group numbers and names exist, because a backreference may name a group that appears later.
 */

import type { AssertionKind, RegexNode } from './ast';
import { classTest, dotTest } from './charset';
import { ParseFailure, PatternScanner, isAsciiDigit, isNameChar, shorthandTest } from './scanner';
import type { RegexSyntaxError } from './types';

/** The pattern after parsing. */
export interface ParsedPattern {
  root: RegexNode;
  /** Every capturing group number except 0, ascending. */
  groupNumbers: number[];
  /** Named groups to their numbers, in number order. */
  names: Map<string, number>;
}

export type ParseResult = { ok: true; pattern: ParsedPattern } | { ok: false; error: RegexSyntaxError };

/** Inline options, as bits. */
const IGNORE_CASE = 1;
const MULTILINE = 2;
const SINGLELINE = 4;
const EXPLICIT_CAPTURE = 8;
const IGNORE_WHITESPACE = 16;

/** Explicit group numbers index the `groups` array, so very large ones are refused to keep it small. */
const MAX_GROUP_NUMBER = 9999;

/** What the first pass learned about capturing groups, which the second pass needs. */
interface GroupTable {
  numbers: Set<number>;
  names: Map<string, number>;
}

function isPatternWhitespace(ch: string): boolean {
  // .NET's IgnorePatternWhitespace skips exactly these: \t \n \f \r and space (not \v).
  return ch === ' ' || ch === '\t' || ch === '\n' || ch === '\f' || ch === '\r';
}

class Parser extends PatternScanner {
  private options: number;
  private autocap = 1;
  /** Group numbers seen so far (first pass only). */
  readonly seenNumbers = new Set<number>();
  /** Group names in order of first appearance (first pass only); a Set keeps insertion order. */
  readonly seenNames = new Set<string>();

  /**
   * @param groups undefined in the first pass, which only collects group numbers and names and
   * therefore must not complain about backreferences to groups it has not seen yet.
   */
  constructor(
    pattern: string,
    initialOptions: number,
    private readonly groups: GroupTable | undefined,
  ) {
    super(pattern);
    this.options = initialOptions;
  }

  /** How many unnamed groups the pattern has; named groups are numbered after them. */
  get unnamedGroupCount(): number {
    return this.autocap - 1;
  }

  parse(): RegexNode {
    const root = this.parseAlternation();
    if (this.pos < this.pattern.length) {
      // parseAlternation only stops early at a ')' that no group opened.
      this.fail("This ')' has no matching '('. Escape it as \\) to match a literal parenthesis.", this.pos, 1);
    }
    return root;
  }

  // ---- options and blanks -------------------------------------------------------------------

  private has(option: number): boolean {
    return (this.options & option) !== 0;
  }

  /**
   * Skips `(?#...)` comments and, with option x, whitespace and `#` line comments. .NET does this
   * between atoms and before quantifiers, so `a (?#note) *` still repeats `a`.
   */
  private skipBlank(): void {
    const p = this.pattern;
    for (;;) {
      if (this.has(IGNORE_WHITESPACE)) {
        while (this.pos < p.length && isPatternWhitespace(p[this.pos])) this.pos++;
        if (p[this.pos] === '#') {
          while (this.pos < p.length && p[this.pos] !== '\n') this.pos++;
          continue;
        }
      }
      if (p.startsWith('(?#', this.pos)) {
        const close = p.indexOf(')', this.pos + 3);
        if (close < 0) this.fail("This (?# comment is never closed. Add ')' to end it.", this.pos, 3);
        this.pos = close + 1;
        continue;
      }
      return;
    }
  }

  // ---- alternation and sequence ---------------------------------------------------------------

  private parseAlternation(): RegexNode {
    const start = this.pos;
    const branches = this.parseBranches();
    if (branches.length === 1) return branches[0];
    return { kind: 'alternation', branches, start, end: this.pos };
  }

  /** Reads `a|b|c` up to an unmatched ')' or the end, without consuming the ')'. */
  private parseBranches(): RegexNode[] {
    const branches = [this.parseSequence()];
    while (this.pattern[this.pos] === '|') {
      this.pos++;
      branches.push(this.parseSequence());
    }
    return branches;
  }

  private parseSequence(): RegexNode {
    const p = this.pattern;
    const start = this.pos;
    const items: RegexNode[] = [];
    for (;;) {
      this.skipBlank();
      if (this.pos >= p.length) break;
      const ch = p[this.pos];
      if (ch === '|' || ch === ')') break;
      if (this.isQuantifierAt(this.pos)) {
        // A quantifier right after an atom was taken by parseQuantifier, so this one has no target.
        this.fail(
          `The quantifier '${ch}' has nothing before it to repeat. Escape it as \\${ch} to match it literally.`,
          this.pos,
          this.quantifierLength(this.pos),
        );
      }
      const atom = this.parseAtom();
      if (atom === null) continue; // an inline option such as (?i) changes later atoms only
      items.push(this.parseQuantifier(atom));
    }
    if (items.length === 1) return items[0];
    if (items.length === 0) return { kind: 'empty', start, end: this.pos };
    return { kind: 'sequence', items, start, end: this.pos };
  }

  // ---- quantifiers --------------------------------------------------------------------------

  /** `*`, `+`, `?`, or a `{` that starts a well-formed `{n}`, `{n,}` or `{n,m}`. */
  private isQuantifierAt(at: number): boolean {
    const ch = this.pattern[at];
    if (ch === '*' || ch === '+' || ch === '?') return true;
    return ch === '{' && this.quantifierLength(at) > 0;
  }

  /** The length of the quantifier text at `at` (for error spans); 0 when `{` is a literal. */
  private quantifierLength(at: number): number {
    const p = this.pattern;
    if (p[at] !== '{') return 1;
    let i = at + 1;
    const digitsStart = i;
    while (isAsciiDigit(p[i])) i++;
    if (i === digitsStart) return 0;
    if (p[i] === '}') return i + 1 - at;
    if (p[i] !== ',') return 0;
    i++;
    while (isAsciiDigit(p[i])) i++;
    return p[i] === '}' ? i + 1 - at : 0;
  }

  private failNestedQuantifier(): never {
    const length = this.quantifierLength(this.pos);
    const text = this.pattern.slice(this.pos, this.pos + length);
    const hint =
      text === '+'
        ? ' .NET has no possessive quantifiers such as *+; use an atomic group (?>...) instead.'
        : ' Put the repeated part in parentheses to repeat it again, as in (a*)*.';
    this.fail(`The quantifier '${text}' follows another quantifier, which .NET does not allow.${hint}`, this.pos, length);
  }

  private parseQuantifier(atom: RegexNode): RegexNode {
    this.skipBlank();
    if (!this.isQuantifierAt(this.pos)) return atom;
    const p = this.pattern;
    const qStart = this.pos;
    let min: number;
    let max: number;
    const ch = p[this.pos++];
    if (ch === '*') {
      min = 0;
      max = Infinity;
    } else if (ch === '+') {
      min = 1;
      max = Infinity;
    } else if (ch === '?') {
      min = 0;
      max = 1;
    } else {
      min = this.scanDecimal();
      max = min;
      if (p[this.pos] === ',') {
        this.pos++;
        max = p[this.pos] === '}' ? Infinity : this.scanDecimal();
      }
      this.pos++; // the closing '}', which isQuantifierAt has already seen
    }
    const qEnd = this.pos;
    this.skipBlank();
    let lazy = false;
    if (p[this.pos] === '?') {
      this.pos++;
      lazy = true;
    }
    if (min > max) {
      this.fail(
        `The quantifier ${p.slice(qStart, qEnd)} has a minimum larger than its maximum; write the smaller number first.`,
        qStart,
        qEnd - qStart,
      );
    }
    const node: RegexNode = { kind: 'repeat', body: atom, min, max, lazy, start: atom.start, end: this.pos };
    this.skipBlank();
    if (this.isQuantifierAt(this.pos)) this.failNestedQuantifier();
    return node;
  }

  // ---- atoms --------------------------------------------------------------------------------

  /** Reads one atom; returns null for constructs that match nothing themselves, such as (?i). */
  private parseAtom(): RegexNode | null {
    const p = this.pattern;
    const start = this.pos;
    const ch = p[this.pos];
    switch (ch) {
      case '[':
        return this.parseClass();
      case '(':
        return this.parseGroup(false);
      case '\\':
        return this.parseEscape();
      case '^':
        this.pos++;
        return this.assertion(this.has(MULTILINE) ? 'line-start' : 'start', start);
      case '$':
        this.pos++;
        return this.assertion(this.has(MULTILINE) ? 'line-end' : 'end-or-final-newline', start);
      case '.':
        this.pos++;
        return { kind: 'set', test: dotTest(this.has(SINGLELINE)), start, end: this.pos };
      default:
        this.pos++;
        return { kind: 'char', code: p.charCodeAt(start), ignoreCase: this.has(IGNORE_CASE), start, end: this.pos };
    }
  }

  private assertion(assertion: AssertionKind, start: number): RegexNode {
    return { kind: 'assertion', assertion, start, end: this.pos };
  }

  // ---- groups -------------------------------------------------------------------------------

  /**
   * Reads a group starting at '('. `isCondition` marks the parenthesised test of an expression
   * conditional, whose plain parentheses do not capture (as in .NET).
   */
  private parseGroup(isCondition: boolean): RegexNode | null {
    const p = this.pattern;
    const open = this.pos;
    this.pos++;
    const savedOptions = this.options;

    // "(" not followed by "?", and the odd "(?)", open an ordinary group.
    if (p[this.pos] !== '?' || p[this.pos + 1] === ')') {
      if (this.has(EXPLICIT_CAPTURE) || isCondition) {
        return this.finishGroup(open, savedOptions, (body, end) => ({ ...body, start: open, end }));
      }
      const group = this.autocap++;
      if (this.groups === undefined) this.seenNumbers.add(group);
      return this.finishGroup(open, savedOptions, (body, end) => ({ kind: 'capture', group, body, start: open, end }));
    }

    this.pos++; // past '?'
    const kind = p[this.pos];
    switch (kind) {
      case ':':
        this.pos++;
        return this.finishGroup(open, savedOptions, (body, end) => ({ ...body, start: open, end }));
      case '=':
      case '!':
        this.pos++;
        return this.finishGroup(open, savedOptions, (body, end) => ({
          kind: 'lookaround',
          behind: false,
          negate: kind === '!',
          body,
          start: open,
          end,
        }));
      case '>':
        this.pos++;
        return this.finishGroup(open, savedOptions, (body, end) => ({ kind: 'atomic', body, start: open, end }));
      case '<':
      case "'": {
        const next = p[this.pos + 1];
        if (kind === '<' && (next === '=' || next === '!')) {
          this.pos += 2;
          return this.finishGroup(open, savedOptions, (body, end) => ({
            kind: 'lookaround',
            behind: true,
            negate: next === '!',
            body,
            start: open,
            end,
          }));
        }
        this.pos++;
        const group = this.scanGroupName(open, kind === '<' ? '>' : "'");
        return this.finishGroup(open, savedOptions, (body, end) => ({ kind: 'capture', group, body, start: open, end }));
      }
      case '(':
        return this.parseConditional(open, savedOptions);
      default:
        return this.parseOptionGroup(open, savedOptions);
    }
  }

  /** Parses the body of a group up to its ')', restoring the options that were in force outside. */
  private finishGroup(open: number, savedOptions: number, make: (body: RegexNode, end: number) => RegexNode): RegexNode {
    this.enter(open);
    const body = this.parseAlternation();
    if (this.pattern[this.pos] !== ')') {
      this.fail("This group is never closed. Add ')' to end it.", open, 1);
    }
    this.pos++;
    this.leave();
    this.options = savedOptions;
    return make(body, this.pos);
  }

  /** Reads `name>` or `number>` after `(?<` (or the quoted form) and returns the group number. */
  private scanGroupName(open: number, close: string): number {
    const p = this.pattern;
    const nameStart = this.pos;
    const first = p[this.pos];
    let group: number;
    if (isAsciiDigit(first)) {
      group = this.scanDecimal();
      if (group === 0) {
        this.fail(
          'Group number 0 is reserved for the whole match; number capture groups from 1.',
          nameStart,
          this.pos - nameStart,
        );
      }
      if (group > MAX_GROUP_NUMBER) {
        this.fail(
          `Group number ${group} is too large; this checker supports group numbers up to ${MAX_GROUP_NUMBER}.`,
          nameStart,
          this.pos - nameStart,
        );
      }
      if (this.groups === undefined) this.seenNumbers.add(group);
    } else if (isNameChar(first)) {
      const name = this.scanName();
      if (this.groups === undefined) {
        this.seenNames.add(name);
        group = -1;
      } else {
        group = this.groups.names.get(name) as number;
      }
    } else if (first === '-') {
      group = -1; // reported as a balancing group below
    } else {
      this.fail(
        'A group name must start with a letter, a digit or an underscore, as in (?<name>...).',
        nameStart,
        Math.max(1, this.pos - nameStart),
      );
    }
    if (p[this.pos] === '-') {
      this.fail('Balancing groups such as (?<name-other>...) are not supported by this checker.', open, this.pos + 1 - open);
    }
    if (p[this.pos] !== close) {
      this.fail(
        `A group name may contain only letters, digits and underscores, and must end with ${close}.`,
        nameStart,
        Math.max(1, this.pos - nameStart + 1),
      );
    }
    this.pos++;
    return group;
  }

  /** `(?imnsx-imnsx)` changes options for the rest of the group; `(?imnsx-imnsx:...)` only inside. */
  private parseOptionGroup(open: number, savedOptions: number): RegexNode | null {
    const p = this.pattern;
    let off = false;
    for (; this.pos < p.length; this.pos++) {
      const ch = p[this.pos];
      if (ch === '-') {
        off = true;
        continue;
      }
      if (ch === '+') {
        off = false;
        continue;
      }
      const bit = OPTION_BITS[ch.toLowerCase()];
      if (bit === undefined) break;
      this.options = off ? this.options & ~bit : this.options | bit;
    }
    const ch = p[this.pos];
    if (ch === undefined) this.fail("This group is never closed. Add ')' to end it.", open, 1);
    if (ch === ')') {
      this.pos++;
      return null; // the new options stay in force until the enclosing group ends
    }
    if (ch === ':') {
      this.pos++;
      return this.finishGroup(open, savedOptions, (body, end) => ({ ...body, start: open, end }));
    }
    this.options = savedOptions;
    this.fail(
      `'${p.slice(open, Math.min(this.pos + 1, p.length))}' is not a group construct .NET recognizes. ` +
        'Use (?:...), (?<name>...), (?=...), (?!...), (?<=...), (?<!...), (?>...) or options such as (?i).',
      open,
      Math.min(this.pos + 1, p.length) - open,
    );
  }

  /** `(?(name)yes|no)`, `(?(1)yes|no)` or `(?(expression)yes|no)`. */
  private parseConditional(open: number, savedOptions: number): RegexNode {
    const p = this.pattern;
    const testOpen = this.pos; // the '(' of the test
    this.pos++;
    let group: number | undefined;
    if (isAsciiDigit(p[this.pos])) {
      const numberStart = this.pos;
      const number = this.scanDecimal();
      if (p[this.pos] !== ')') {
        this.fail(
          'The test of a conditional group must be a group number or name in parentheses, as in (?(1)yes|no).',
          numberStart,
          this.pos + 1 - numberStart,
        );
      }
      if (this.groups !== undefined && !this.groups.numbers.has(number)) {
        this.fail(
          `The conditional refers to group ${number}, which does not exist in this pattern.`,
          numberStart,
          this.pos - numberStart,
        );
      }
      this.pos++;
      group = number;
    } else if (isNameChar(p[this.pos])) {
      const name = this.scanName();
      const number = this.groups?.names.get(name);
      if (number !== undefined && p[this.pos] === ')') {
        this.pos++;
        group = number;
      }
    }
    let condition: RegexNode | undefined;
    if (group === undefined) {
      // Not a group reference: the parenthesised text is an expression tested like a lookahead.
      this.pos = testOpen;
      if (p.startsWith('(?#', testOpen)) {
        this.fail('A conditional group cannot start with a comment.', testOpen, 3);
      }
      if (
        p.startsWith("(?'", testOpen) ||
        (p.startsWith('(?<', testOpen) && p[testOpen + 3] !== '=' && p[testOpen + 3] !== '!')
      ) {
        this.fail('The test of a conditional group cannot be a named capture group.', testOpen, 3);
      }
      const parsed = this.parseGroup(true);
      if (parsed === null) {
        this.fail(
          'The test of a conditional group must be an expression or a group name, not an option setting.',
          testOpen,
          this.pos - testOpen,
        );
      }
      condition = parsed;
    }
    this.enter(open);
    const branchesStart = this.pos;
    const branches = this.parseBranches();
    if (p[this.pos] !== ')') this.fail("This group is never closed. Add ')' to end it.", open, 1);
    if (branches.length > 2) {
      this.fail(
        'A conditional group can have at most two alternatives, as in (?(test)yes|no).',
        branchesStart,
        this.pos - branchesStart,
      );
    }
    this.pos++;
    this.leave();
    this.options = savedOptions;
    const yes = branches[0];
    const no: RegexNode = branches[1] ?? { kind: 'empty', start: this.pos - 1, end: this.pos - 1 };
    if (condition !== undefined) return { kind: 'if-matches', condition, yes, no, start: open, end: this.pos };
    return { kind: 'if-captured', group: group as number, yes, no, start: open, end: this.pos };
  }

  // ---- escapes ------------------------------------------------------------------------------

  private parseEscape(): RegexNode {
    const p = this.pattern;
    const start = this.pos;
    this.pos++;
    if (this.pos >= p.length) {
      this.fail('The pattern ends with a single backslash. Write \\\\ to match a backslash.', start, 1);
    }
    const ch = p[this.pos];
    const assertion = ESCAPED_ASSERTIONS.get(ch);
    if (assertion !== undefined) {
      this.pos++;
      return this.assertion(assertion, start);
    }
    const shorthand = shorthandTest(ch);
    if (shorthand !== undefined) {
      this.pos++;
      return { kind: 'set', test: shorthand, start, end: this.pos };
    }
    if (ch === 'p' || ch === 'P') {
      this.pos++;
      const test = this.parseProperty(start, ch === 'P', this.has(IGNORE_CASE));
      return { kind: 'set', test, start, end: this.pos };
    }
    const backreference = this.parseBackreference(start);
    if (backreference !== undefined) return backreference;
    this.pos = start + 1;
    const code = this.scanCharEscape(start);
    return { kind: 'char', code, ignoreCase: this.has(IGNORE_CASE), start, end: this.pos };
  }

  /**
   * `\1`, `\k<name>`, `\k'name'`, `\<name>` and `\'name'`. Returns undefined when the text is not a
   * backreference after all (an octal escape such as `\12` with fewer than 12 groups, or `\<` that
   * is never closed), in which case the caller reads it as a character escape, as .NET does.
   */
  private parseBackreference(start: number): RegexNode | undefined {
    const p = this.pattern;
    let ch = p[this.pos];
    let close: string | undefined;
    if (ch === 'k') {
      const quote = p[this.pos + 1];
      if ((quote === '<' || quote === "'") && this.pos + 2 < p.length) {
        close = quote === '<' ? '>' : "'";
        this.pos += 2;
      } else {
        this.fail('\\k must be followed by a group name in angle brackets or quotes, as in \\k<name>.', start, 2);
      }
    } else if ((ch === '<' || ch === "'") && this.pos + 1 < p.length) {
      close = ch === '<' ? '>' : "'";
      this.pos++;
    }
    ch = p[this.pos];

    if (close !== undefined && isAsciiDigit(ch)) {
      const numberStart = this.pos;
      const number = this.scanDecimal();
      if (p[this.pos] === close) {
        this.pos++;
        return this.backreferenceTo(number, start, numberStart);
      }
    } else if (close === undefined && ch >= '1' && ch <= '9') {
      const numberStart = this.pos;
      const number = this.scanDecimal();
      if (this.groups === undefined) return this.placeholderBackreference(start);
      if (this.groups.numbers.has(number)) return this.backreferenceTo(number, start, numberStart);
      if (number <= 9) {
        this.fail(
          `The backreference \\${number} refers to group ${number}, which does not exist in this pattern.`,
          start,
          this.pos - start,
        );
      }
      // A larger number that is not a group is an octal escape, read by the caller.
    } else if (close !== undefined && isNameChar(ch)) {
      const nameStart = this.pos;
      const name = this.scanName();
      if (p[this.pos] === close) {
        this.pos++;
        if (this.groups === undefined) return this.placeholderBackreference(start);
        const number = this.groups.names.get(name);
        if (number === undefined) {
          this.fail(
            `The backreference refers to a group named '${name}', which does not exist in this pattern.`,
            nameStart,
            name.length,
          );
        }
        return { kind: 'backreference', group: number, ignoreCase: this.has(IGNORE_CASE), start, end: this.pos };
      }
    }
    if (p[start + 1] === 'k') {
      this.fail('\\k must be followed by a group name in angle brackets or quotes, as in \\k<name>.', start, 2);
    }
    return undefined;
  }

  private backreferenceTo(number: number, start: number, numberStart: number): RegexNode {
    if (this.groups === undefined) return this.placeholderBackreference(start);
    if (!this.groups.numbers.has(number)) {
      this.fail(
        `The backreference refers to group ${number}, which does not exist in this pattern.`,
        numberStart,
        this.pos - numberStart,
      );
    }
    return { kind: 'backreference', group: number, ignoreCase: this.has(IGNORE_CASE), start, end: this.pos };
  }

  /** In the first pass group numbers are not known yet, so backreferences are not checked. */
  private placeholderBackreference(start: number): RegexNode {
    return { kind: 'backreference', group: 0, ignoreCase: false, start, end: this.pos };
  }

  // ---- character classes --------------------------------------------------------------------

  private parseClass(): RegexNode {
    const start = this.pos;
    this.pos++;
    const cls = this.parseClassBody(start, this.has(IGNORE_CASE));
    return { kind: 'set', test: classTest(cls), start, end: this.pos };
  }
}

const ESCAPED_ASSERTIONS: ReadonlyMap<string, AssertionKind> = new Map<string, AssertionKind>([
  ['b', 'word-boundary'],
  ['B', 'not-word-boundary'],
  ['A', 'start'],
  ['G', 'search-start'],
  ['Z', 'end-or-final-newline'],
  ['z', 'end'],
]);

const OPTION_BITS: Record<string, number | undefined> = {
  i: IGNORE_CASE,
  m: MULTILINE,
  s: SINGLELINE,
  n: EXPLICIT_CAPTURE,
  x: IGNORE_WHITESPACE,
};

/**
 * Gives named groups the numbers after the unnamed ones, in order of first appearance, skipping
 * numbers that explicit groups such as (?<5>...) already took. This is .NET's numbering, so $3 or
 * \3 means the same group here as in Entra.
 */
function assignGroups(first: Parser): GroupTable {
  const numbers = new Set(first.seenNumbers);
  const names = new Map<string, number>();
  let next = first.unnamedGroupCount + 1;
  for (const name of first.seenNames) {
    while (numbers.has(next)) next++;
    names.set(name, next);
    numbers.add(next);
    next++;
  }
  return { numbers, names };
}

/** Parses `pattern`; `ignoreCase` starts the pattern with option i. */
export function parsePattern(pattern: string, ignoreCase: boolean): ParseResult {
  const initial = ignoreCase ? IGNORE_CASE : 0;
  try {
    const first = new Parser(pattern, initial, undefined);
    first.parse();
    const groups = assignGroups(first);
    const root = new Parser(pattern, initial, groups).parse();
    const groupNumbers = [...groups.numbers].sort((a, b) => a - b);
    const names = new Map([...groups.names].sort((a, b) => a[1] - b[1]));
    return { ok: true, pattern: { root, groupNumbers, names } };
  } catch (e) {
    if (e instanceof ParseFailure) return { ok: false, error: e.error };
    throw e;
  }
}
