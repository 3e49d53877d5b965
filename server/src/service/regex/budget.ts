/**
 * Step budgets shared by many regex evaluations.
 *
 * Each call of a compiled pattern has its own limit (DEFAULT_STEP_BUDGET), but a file can hold
 * thousands of patterns: 2,000 `Replace(…, "(a+)+$", …)` mappings, each stopped at its own
 * million steps, still add up to many seconds per dry run or inlay-hint request. A RegexBudget is
 * the work one dry run, one LSP request or one CLI evaluation may spend on regular expressions in
 * total. Once it is spent, every later regex evaluation in that run answers at once with a
 * "regex budget exhausted" outcome, so the whole run stays bounded.
 *
 * The active budget is ambient (set by `runWithRegexBudget` around synchronous work) rather than
 * threaded through every evaluator: expressions are compiled once and reused by many runs, and a
 * budget belongs to a run, not to the compiled code. The service is synchronous, so no other
 * work can interleave while a budget is active.
 */

/** What one dry run (one sample through one mapping file) may spend on regular expressions. */
export const DEFAULT_RUN_STEP_BUDGET = 10_000_000;
/** What one editor request or one CLI evaluation may spend, however many runs it makes. */
export const DEFAULT_REQUEST_STEP_BUDGET = 20_000_000;

export class RegexBudget {
  /** Steps spent so far (by this budget's runs, including nested ones). */
  used = 0;
  /** Set when an evaluation was refused or stopped because this budget (or its parent) ran out. */
  exhausted = false;

  constructor(
    readonly limit: number,
    private readonly parent?: RegexBudget,
    private readonly cancelled?: () => boolean,
  ) {}

  /** Steps left: the smaller of this budget's rest and its parent's. */
  remaining(): number {
    const own = this.limit - this.used;
    const parent = this.parent ? this.parent.remaining() : Number.POSITIVE_INFINITY;
    return Math.max(0, Math.min(own, parent));
  }

  charge(steps: number): void {
    this.used += steps;
    this.parent?.charge(steps);
  }

  markExhausted(): void {
    this.exhausted = true;
    this.parent?.markExhausted();
  }

  /** The budget whose limit runs out first: this one or an ancestor. */
  limiting(): RegexBudget {
    if (this.parent && this.parent.remaining() <= this.limit - this.used) return this.parent.limiting();
    return this;
  }

  /** Whether the request this budget belongs to was cancelled (checked before each evaluation). */
  isCancelled(): boolean {
    return (this.cancelled?.() ?? false) || (this.parent?.isCancelled() ?? false);
  }
}

let active: RegexBudget | undefined;

/** The budget of the run in progress, if any. */
export function activeRegexBudget(): RegexBudget | undefined {
  return active;
}

/**
 * Runs `work` with a new budget of `limit` steps. Inside another budget the new one is nested: it
 * can never spend more than its parent has left, and what it spends counts for the parent too.
 */
export function runWithRegexBudget<T>(limit: number, work: (budget: RegexBudget) => T, isCancelled?: () => boolean): T {
  const previous = active;
  const budget = new RegexBudget(limit, previous, isCancelled);
  active = budget;
  try {
    return work(budget);
  } finally {
    active = previous;
  }
}

/** Runs synchronous `work` under an existing budget (for work split across event-loop turns). */
export function withRegexBudget<T>(budget: RegexBudget, work: () => T): T {
  const previous = active;
  active = budget;
  try {
    return work();
  } finally {
    active = previous;
  }
}

export function exhaustedMessage(budget: RegexBudget): string {
  const spent = budget.limiting();
  return (
    `Regex budget exhausted: the regular expressions of this run needed more than ${spent.limit.toLocaleString('en-US')} steps together, ` +
    'so this and any later regex evaluations were stopped. A pattern that backtracks catastrophically, such as (a+)+$, ' +
    'is the usual cause; make the repeated parts unambiguous or anchor the pattern.'
  );
}
