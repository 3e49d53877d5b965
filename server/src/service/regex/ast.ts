/**
 * The syntax tree the parser builds. Every node keeps the span of pattern text it came from
 * (`start` inclusive, `end` exclusive, in UTF-16 code units) so that later checks can point at it.
 * Options such as i, m and s are already applied: a node says how it matches, not which flags
 * were in force.
 */

import type { CharTest } from './unicode';

/** Zero-width tests on the position. */
export type AssertionKind =
  /** `^` without m, and `\A`: the start of the input. */
  | 'start'
  /** `^` with m: the start of the input or just after \n. */
  | 'line-start'
  /** `$` without m, and `\Z`: the end of the input or just before a final \n. */
  | 'end-or-final-newline'
  /** `$` with m: the end of the input or just before any \n. */
  | 'line-end'
  /** `\z`: the very end of the input. */
  | 'end'
  /** `\b` */
  | 'word-boundary'
  /** `\B` */
  | 'not-word-boundary'
  /** `\G`: where the current search began. */
  | 'search-start';

interface Span {
  start: number;
  end: number;
}

export type RegexNode =
  | (Span & { kind: 'empty' })
  /** One literal code unit; `ignoreCase` makes it match its other-case forms too. */
  | (Span & { kind: 'char'; code: number; ignoreCase: boolean })
  /** Any one code unit that `test` accepts (classes, shorthands, `.`). */
  | (Span & { kind: 'set'; test: CharTest })
  | (Span & { kind: 'sequence'; items: RegexNode[] })
  | (Span & { kind: 'alternation'; branches: RegexNode[] })
  /** A capturing group; several nodes may share a number when a name is reused. */
  | (Span & { kind: 'capture'; group: number; body: RegexNode })
  | (Span & { kind: 'lookaround'; behind: boolean; negate: boolean; body: RegexNode })
  | (Span & { kind: 'atomic'; body: RegexNode })
  /** `max` is Infinity for an open-ended quantifier. */
  | (Span & { kind: 'repeat'; body: RegexNode; min: number; max: number; lazy: boolean })
  | (Span & { kind: 'assertion'; assertion: AssertionKind })
  | (Span & { kind: 'backreference'; group: number; ignoreCase: boolean })
  /** `(?(name)yes|no)`: chooses a branch by whether the group has captured. */
  | (Span & { kind: 'if-captured'; group: number; yes: RegexNode; no: RegexNode })
  /** `(?(expression)yes|no)`: chooses a branch by whether the expression matches here (zero-width). */
  | (Span & { kind: 'if-matches'; condition: RegexNode; yes: RegexNode; no: RegexNode });
