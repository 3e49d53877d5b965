/**
 * A bounded regular-expression engine for the .NET patterns that users write in Entra expressions
 * (`Replace(...)` with a regex and group name) and scoping filters (`REGEX MATCH`).
 *
 * Patterns are untrusted, and JavaScript's RegExp can neither be interrupted nor read .NET syntax,
 * so this module parses the .NET dialect itself and runs it on a backtracking machine that counts
 * its work. Every call gets a step budget; a pattern that backtracks catastrophically returns a
 * 'budget-exceeded' outcome within milliseconds instead of hanging the process.
 */

import { activeRegexBudget, exhaustedMessage, type RegexBudget } from './budget';
import { compileProgram, type Program } from './compile';
import { BudgetExceeded, Matcher } from './match';
import { type ParsedPattern, parsePattern } from './parse';
import { type GroupLookup, expandReplacement, parseReplacement } from './replace';
import type { CompileResult, RegexMatch, RegexOptions, RegexOutcome, SafeRegex } from './types';

export {
  DEFAULT_REQUEST_STEP_BUDGET,
  DEFAULT_RUN_STEP_BUDGET,
  RegexBudget,
  activeRegexBudget,
  runWithRegexBudget,
  withRegexBudget,
} from './budget';
export type { CompileResult, RegexMatch, RegexOptions, RegexOutcome, RegexSyntaxError, SafeRegex } from './types';

/**
 * The default work allowed per call. Ordinary patterns on attribute values use a few hundred steps;
 * a million steps take a few milliseconds, so the budget only stops runaway backtracking.
 */
export const DEFAULT_STEP_BUDGET = 1_000_000;

class CompiledRegex implements SafeRegex {
  readonly groupNames: string[];
  readonly groupCount: number;
  private readonly lookup: GroupLookup;
  private readonly lastGroup: number;
  /** A machine from an earlier call, ready for the next one. */
  private idle: Matcher | undefined;

  constructor(
    readonly source: string,
    private readonly parsed: ParsedPattern,
    private readonly program: Program,
    private readonly budget: number,
  ) {
    this.groupNames = [...parsed.names.keys()];
    this.groupCount = parsed.groupNumbers.length;
    this.lookup = { numbers: new Set([0, ...parsed.groupNumbers]), names: parsed.names };
    this.lastGroup = parsed.groupNumbers.length > 0 ? parsed.groupNumbers[parsed.groupNumbers.length - 1] : 0;
  }

  test(input: string): RegexOutcome<boolean> {
    return this.bounded((matcher) => {
      matcher.reset(input);
      return matcher.search(0);
    });
  }

  exec(input: string, start = 0): RegexOutcome<RegexMatch | null> {
    // A start outside the input is clamped rather than thrown on: callers pass user data.
    const from = Number.isFinite(start) ? Math.max(0, Math.min(input.length, Math.trunc(start))) : 0;
    return this.bounded((matcher) => {
      matcher.reset(input);
      return matcher.search(from) ? this.toMatch(input, matcher) : null;
    });
  }

  matchAll(input: string): RegexOutcome<RegexMatch[]> {
    return this.bounded((matcher) => {
      const matches: RegexMatch[] = [];
      this.forEachMatch(matcher, input, () => matches.push(this.toMatch(input, matcher)));
      return matches;
    });
  }

  replace(input: string, replacement: string): RegexOutcome<string> {
    const parts = parseReplacement(replacement, this.lookup);
    return this.bounded((matcher) => {
      const out: string[] = [];
      let copied = 0;
      this.forEachMatch(matcher, input, () => {
        const expanded = expandReplacement(parts, input, matcher.captures, this.lastGroup);
        // Output counts as work: "$_" repeated for every match could otherwise build a huge string.
        matcher.tick(expanded.length);
        out.push(input.slice(copied, matcher.matchStart), expanded);
        copied = matcher.matchEnd;
      });
      out.push(input.slice(copied));
      return out.join('');
    });
  }

  replaceGroup(input: string, groupName: string, replacement: string): RegexOutcome<string> {
    const group = this.resolveGroup(groupName);
    // An unknown group captures nothing, so nothing is replaced; checkers report the name separately.
    if (group === undefined) return { ok: true, value: input };
    return this.bounded((matcher) => {
      const out: string[] = [];
      let copied = 0;
      this.forEachMatch(matcher, input, () => {
        const start = matcher.captures[group * 2];
        // A group inside a lookbehind can lie before text already copied; such captures are skipped.
        if (start < copied) return;
        matcher.tick(replacement.length);
        out.push(input.slice(copied, start), replacement);
        copied = matcher.captures[group * 2 + 1];
      });
      out.push(input.slice(copied));
      return out.join('');
    });
  }

  /** A group name, or a group number written as digits (as .NET accepts for group names). */
  private resolveGroup(name: string): number | undefined {
    const named = this.parsed.names.get(name);
    if (named !== undefined) return named;
    if (/^[0-9]+$/.test(name)) {
      const number = Number(name);
      if (this.lookup.numbers.has(number)) return number;
    }
    return undefined;
  }

  /**
   * Visits every match left to right the way .NET's Matches and Replace do: the next search starts
   * where the last match ended, and one character later after an empty match.
   */
  private forEachMatch(matcher: Matcher, input: string, visit: () => void): void {
    matcher.reset(input);
    let from = 0;
    while (from <= input.length && matcher.search(from)) {
      visit();
      from = matcher.matchEnd === matcher.matchStart ? matcher.matchEnd + 1 : matcher.matchEnd;
    }
  }

  private toMatch(input: string, matcher: Matcher): RegexMatch {
    // Building the groups array costs one step per group number, so sparse numbers stay bounded too.
    matcher.tick(this.program.groupLimit);
    const captures = matcher.captures;
    const groups: Array<string | undefined> = new Array<string | undefined>(this.program.groupLimit).fill(undefined);
    for (const group of this.lookup.numbers) {
      const start = captures[group * 2];
      if (start >= 0) groups[group] = input.slice(start, captures[group * 2 + 1]);
    }
    // No prototype, so that a group called "constructor" or "__proto__" is just a name.
    const named: Record<string, string | undefined> = Object.create(null) as Record<string, string | undefined>;
    for (const [name, group] of this.parsed.names) named[name] = groups[group];
    return {
      index: matcher.matchStart,
      length: matcher.matchEnd - matcher.matchStart,
      value: groups[0] as string,
      groups,
      named,
    };
  }

  private bounded<T>(work: (matcher: Matcher) => T): RegexOutcome<T> {
    // A run's shared budget (see budget.ts) can cut this call's own limit short.
    const shared = activeRegexBudget();
    let limit = this.budget;
    let limitedByShared = false;
    if (shared !== undefined) {
      if (shared.isCancelled())
        return { ok: false, reason: 'budget-exceeded', message: 'The request was cancelled before this regular expression ran.' };
      const left = shared.remaining();
      if (left <= 0) return exhausted(shared);
      if (left < limit) {
        limit = left;
        limitedByShared = true;
      }
    }
    // One machine per pattern, taken while a call runs: building one per call was most of the
    // cost of a REGEX MATCH clause in a dry-run batch.
    const matcher = this.idle ?? new Matcher(this.program, this.budget);
    this.idle = undefined;
    matcher.begin(limit);
    try {
      return { ok: true, value: work(matcher) };
    } catch (e) {
      if (!(e instanceof BudgetExceeded)) throw e;
      if (limitedByShared) return exhausted(shared as RegexBudget);
      return {
        ok: false,
        reason: 'budget-exceeded',
        message:
          `The regular expression needed more than ${e.budget.toLocaleString('en-US')} steps on this input and was stopped. ` +
          'This usually means it backtracks catastrophically, for example through nested quantifiers such as (a+)+; ' +
          'make the repeated parts unambiguous or anchor the pattern.',
      };
    } finally {
      // The last tick may overshoot the limit it broke; what the call was allowed is what it spent.
      shared?.charge(Math.min(matcher.stepsUsed, limit));
      if (matcher.reusable) this.idle = matcher;
    }
  }
}

function exhausted<T>(budget: RegexBudget): RegexOutcome<T> {
  budget.markExhausted();
  return { ok: false, reason: 'budget-exceeded', exhausted: true, message: exhaustedMessage(budget) };
}

/**
 * Parses and compiles a .NET pattern. Syntax errors come back with their offset in the pattern;
 * `options.stepBudget` (default DEFAULT_STEP_BUDGET) bounds the work of each later call.
 */
export function compileRegex(pattern: string, options: RegexOptions = {}): CompileResult {
  const parsed = parsePattern(pattern, options.ignoreCase === true);
  if (!parsed.ok) return { ok: false, error: parsed.error };
  const requested = options.stepBudget;
  const budget =
    requested !== undefined && Number.isFinite(requested) && requested > 0 ? Math.floor(requested) : DEFAULT_STEP_BUDGET;
  const program = compileProgram(parsed.pattern.root, parsed.pattern.groupNumbers);
  return { ok: true, regex: new CompiledRegex(pattern, parsed.pattern, program, budget) };
}
