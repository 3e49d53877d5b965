/**
 * .NET replacement strings: `$1`, `${name}`, `$$`, `$&`, `` $` ``, `$'`, `$+` and `$_`.
 *
 * The rules follow .NET's RegexParser.ScanDollar, including its quiet fallback: a `$` that does not
 * start a valid substitution (say `$9` when there is no group 9, or `${nope}`) is copied as
 * literal text, and so is everything after it.
 */

import { isBoundaryWordChar } from './unicode';

/** Substitutions that are not group numbers. */
const LEFT_PORTION = -1;
const RIGHT_PORTION = -2;
const LAST_GROUP = -3;
const WHOLE_INPUT = -4;

/** Literal text, or a group number (0 is the whole match), or one of the special values above. */
export type ReplacementPart = string | number;

export interface GroupLookup {
  /** Group numbers in use, including 0. */
  numbers: ReadonlySet<number>;
  names: ReadonlyMap<string, number>;
}

function isDigit(ch: string | undefined): boolean {
  return ch !== undefined && ch >= '0' && ch <= '9';
}

/** Splits a replacement string into literal text and substitutions. */
export function parseReplacement(text: string, groups: GroupLookup): ReplacementPart[] {
  const parts: ReplacementPart[] = [];
  let literal = '';
  let i = 0;
  const flush = (): void => {
    if (literal !== '') parts.push(literal);
    literal = '';
  };
  while (i < text.length) {
    const ch = text[i];
    if (ch !== '$') {
      literal += ch;
      i++;
      continue;
    }
    const substitution = scanDollar(text, i + 1, groups);
    if (substitution === undefined) {
      // Not a substitution: the '$' is literal and scanning goes on right after it.
      literal += '$';
      i++;
      continue;
    }
    if (typeof substitution.part === 'string') {
      literal += substitution.part;
    } else {
      flush();
      parts.push(substitution.part);
    }
    i = substitution.end;
  }
  flush();
  return parts;
}

/** Reads what follows a '$' at `at`; undefined means the '$' stands for itself. */
function scanDollar(text: string, at: number, groups: GroupLookup): { part: ReplacementPart; end: number } | undefined {
  const ch = text[at];
  if (ch === undefined) return undefined;
  const braced = ch === '{' && at + 1 < text.length;
  let i = braced ? at + 1 : at;
  if (isDigit(text[i])) {
    let value = 0;
    while (isDigit(text[i])) {
      value = value * 10 + (text.charCodeAt(i) - 0x30);
      i++;
      if (value > 2147483647) return undefined;
    }
    if (braced) {
      if (text[i] !== '}') return undefined;
      i++;
    }
    return groups.numbers.has(value) ? { part: value, end: i } : undefined;
  }
  if (braced) {
    const nameStart = i;
    while (i < text.length && isBoundaryWordChar(text.charCodeAt(i))) i++;
    if (i === nameStart || text[i] !== '}') return undefined;
    const group = groups.names.get(text.slice(nameStart, i));
    return group === undefined ? undefined : { part: group, end: i + 1 };
  }
  switch (ch) {
    case '$':
      return { part: '$', end: at + 1 };
    case '&':
      return { part: 0, end: at + 1 };
    case '`':
      return { part: LEFT_PORTION, end: at + 1 };
    case "'":
      return { part: RIGHT_PORTION, end: at + 1 };
    case '+':
      return { part: LAST_GROUP, end: at + 1 };
    case '_':
      return { part: WHOLE_INPUT, end: at + 1 };
    default:
      return undefined;
  }
}

/** The text captured by `group` (empty when it took no part), given the captures array. */
function groupText(input: string, captures: Int32Array, group: number): string {
  const start = captures[group * 2];
  return start < 0 ? '' : input.slice(start, captures[group * 2 + 1]);
}

/**
 * Produces the replacement for one match. `lastGroup` is the highest group number, which is what
 * .NET's `$+` substitutes (empty when that group took no part in the match).
 */
export function expandReplacement(parts: ReplacementPart[], input: string, captures: Int32Array, lastGroup: number): string {
  let out = '';
  for (const part of parts) {
    if (typeof part === 'string') {
      out += part;
      continue;
    }
    switch (part) {
      case LEFT_PORTION:
        out += input.slice(0, captures[0]);
        break;
      case RIGHT_PORTION:
        out += input.slice(captures[1]);
        break;
      case LAST_GROUP:
        out += groupText(input, captures, lastGroup);
        break;
      case WHOLE_INPUT:
        out += input;
        break;
      default:
        out += groupText(input, captures, part);
    }
  }
  return out;
}
