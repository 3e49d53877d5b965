/**
 * Values and results of evaluating an Entra expression. Booleans travel as the strings "True" and
 * "False", as in Entra; a missing attribute is `null`, which is different from the empty string.
 */

/** One app-role assignment of a sample user (for SingleAppRoleAssignment / AppRoleAssignmentsComplex). */
export interface AppRoleAssignment {
  /** The role's value as the app defines it (e.g. "Admin"). */
  value: string;
  /** The role's display name, when known. */
  displayName?: string;
  /** The role id, when known. */
  id?: string;
}

/** A value inside the evaluator. */
export type Value =
  | { kind: 'null' }
  | { kind: 'string'; value: string }
  | { kind: 'multi'; values: string[] }
  /** Complex multi-valued output of AppRoleAssignmentsComplex: SCIM `roles` elements. */
  | { kind: 'roles'; roles: Array<{ value: string; display?: string; type?: string; primary?: boolean }> };

/** The outcome of evaluating a whole expression. */
export type EvalResult =
  | {
      kind: 'value';
      value: Value;
      /** Redact() took part: the value is sent, but provisioning logs show "[Redact]" instead. */
      redacted?: boolean;
    }
  /** IgnoreFlowIfNullOrEmpty suppressed the attribute: nothing is sent for it. */
  | { kind: 'ignore' }
  | { kind: 'error'; error: EvalError };

export interface EvalError {
  message: string;
  /** The span in the expression text of the node that failed. */
  start: number;
  end: number;
  /**
   * `undefined-behaviour`: the docs do not define what Entra does here (we refuse to guess);
   * `regex-budget`: a regular expression was too expensive to evaluate safely;
   * `invalid-input`: an argument has the wrong form (a non-date for CDate, a non-number for Mid);
   * `syntax`: the expression does not parse; `unknown-function`: no such function.
   */
  reason: 'undefined-behaviour' | 'regex-budget' | 'invalid-input' | 'syntax' | 'unknown-function';
}

/** What an expression can read. Attribute values come from a sample object. */
export interface EvalEnvironment {
  /**
   * The value of a source attribute, or undefined when the object does not have it (null).
   * Multi-valued attributes are arrays; booleans and numbers are converted to strings by the
   * evaluator ("True"/"False" for booleans).
   */
  attribute(name: string): unknown;
  /** The sample's app-role assignments. */
  appRoleAssignments?: AppRoleAssignment[];
  /** Milliseconds since the epoch (UTC); injected so Now() is deterministic in tests. */
  clock: () => number;
  /** A source of random numbers in [0, 1); injected for Guid() and RandomString(). */
  random: () => number;
  /** Values already taken in the target (for SelectUniqueValue), compared case-insensitively. */
  takenValues?: ReadonlySet<string>;
}
