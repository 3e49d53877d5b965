/**
 * The public shapes of the regular-expression engine. They live apart from the implementation so
 * that every module can share them without importing `index.ts`.
 */

/** A problem in the pattern text; `offset` and `length` locate it in the pattern (UTF-16 units). */
export interface RegexSyntaxError {
  message: string;
  offset: number;
  length: number;
}

export interface RegexOptions {
  /** Matches as if the pattern started with (?i). */
  ignoreCase?: boolean;
  /** How much work one call may do before it gives up; see DEFAULT_STEP_BUDGET. */
  stepBudget?: number;
}

/** Either the answer, or a note that the pattern needed more work than the budget allows on this input. */
export type RegexOutcome<T> =
  | { ok: true; value: T }
  | {
      ok: false;
      reason: 'budget-exceeded';
      message: string;
      /** The run's shared budget (not this call's) ran out. */ exhausted?: true;
    };

export interface RegexMatch {
  /** Where the match starts in the input. */
  index: number;
  length: number;
  value: string;
  /**
   * Captured text by group number; `groups[0]` is the whole match. A group that took no part in
   * the match is undefined. The array has one entry per number up to the highest group number.
   */
  groups: Array<string | undefined>;
  /** Captured text by group name, for named groups only (an object without a prototype). */
  named: Record<string, string | undefined>;
}

export interface SafeRegex {
  /** The pattern text as given. */
  readonly source: string;
  /** The names of the named groups, in group-number order. */
  readonly groupNames: string[];
  /** How many capturing groups the pattern has, not counting the whole match (group 0). */
  readonly groupCount: number;
  /** Whether the pattern matches anywhere in the input, like .NET Regex.IsMatch. */
  test(input: string): RegexOutcome<boolean>;
  /** The first match at or after `start` (default 0), or null. */
  exec(input: string, start?: number): RegexOutcome<RegexMatch | null>;
  /** Every match, left to right, the way .NET Regex.Matches finds them. */
  matchAll(input: string): RegexOutcome<RegexMatch[]>;
  /** Replaces every match, expanding .NET substitutions ($1, ${name}, $$, $&, $`, $', $+, $_). */
  replace(input: string, replacement: string): RegexOutcome<string>;
  /**
   * Replaces only the text that the named (or numbered) group captured in each match, inserting
   * `replacement` literally. Matches in which the group took no part are left as they are.
   */
  replaceGroup(input: string, groupName: string, replacement: string): RegexOutcome<string>;
}

export type CompileResult = { ok: true; regex: SafeRegex } | { ok: false; error: RegexSyntaxError };
