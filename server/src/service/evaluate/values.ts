/**
 * The evaluator's internal value model and the helpers every function family shares.
 *
 * Inside the evaluator a value is a bare JavaScript value, so that evaluating `[mail]` or `"x"`
 * allocates nothing:
 *   - `null`            NULL (a missing attribute);
 *   - `string`          a single value (booleans are "True"/"False", numbers decimal text);
 *   - `string[]`        a multi-valued value (never empty: an empty collection is NULL);
 *   - `RolesBox`        AppRoleAssignmentsComplex' SCIM `roles` elements;
 *   - `DateBox`         a DateTime from CDate/Now/DateAdd/DateFromNum: it prints as its Entra text
 *                       (`M/d/yyyy h:mm:ss tt`) everywhere, but date functions read its exact instant;
 *   - `EnumBox`         a bare identifier in an enum position (vbTextCompare, UTF8).
 * The public `Value` shape is produced only once, for the result.
 */
import type { FunctionParameter, FunctionSignature } from '../catalog/types';
import type { ArgSlot, CallNode, ExprNode, NodeBase } from '../expression/ast';
import type { Moment } from './dates';
import type { EvalEnvironment, EvalError, Value } from './types';

export interface RoleEntry {
  value: string;
  display?: string;
  type?: string;
  primary?: boolean;
}

export class RolesBox {
  constructor(readonly roles: RoleEntry[]) {}
}

export class DateBox {
  constructor(
    readonly text: string,
    readonly moment: Moment,
  ) {}
}

export class EnumBox {
  constructor(readonly name: string) {}
}

export type Raw = string | null | readonly string[] | RolesBox | DateBox | EnumBox;
/** An argument: `undefined` is an empty slot (`, ,`), which is not the same as NULL. */
export type Arg = Raw | undefined;

/**
 * A failed evaluation. Thrown (as a plain object, not an Error, so no stack trace is captured)
 * and turned into an EvalResult error at the top.
 */
export class Failure {
  constructor(
    readonly reason: EvalError['reason'],
    readonly message: string,
    readonly start: number,
    readonly end: number,
  ) {}
}

export function fail(reason: EvalError['reason'], message: string, at: NodeBase): never {
  throw new Failure(reason, message, at.start, at.end);
}

/** Per-evaluation state. */
export class EvalContext {
  /** Set when Redact() took part in the result. */
  redacted = false;
  constructor(readonly env: EvalEnvironment) {}
}

/** Tables derived once per catalog (NormalizeDiacritics' map). */
export interface CatalogTables {
  diacritics: DiacriticsTable;
}

export interface DiacriticsTable {
  /** Replaced sequence → replacement. */
  map: Map<string, string>;
  /** First UTF-16 unit of every replaced sequence. */
  first: Set<number>;
  /** Longest replaced sequence, in UTF-16 units. */
  maxLength: number;
}

/** One call in the tree, with everything its implementation needs to check and report. */
export interface CallSite {
  readonly node: CallNode;
  /** The canonical name from the catalog (the call may write `switch` or `Instr`). */
  readonly name: string;
  readonly signature: FunctionSignature;
  readonly slots: readonly ArgSlot[];
  /** The catalog parameter each slot fills (bindArguments). */
  readonly params: ReadonlyArray<FunctionParameter | null>;
  readonly tables: CatalogTables;
}

export type Thunk = (ctx: EvalContext) => Raw;

// ---------------------------------------------------------------------------------------------
// Spans and messages

/** The node to blame for argument `i`: its value, else the (empty) slot, else the call. */
export function argSpan(site: CallSite, i: number): NodeBase {
  const slot = site.slots[i];
  if (!slot) return site.node;
  return slot.value ?? (slot.end > slot.start ? slot : { start: slot.start, end: slot.start + 1 });
}

function paramName(site: CallSite, i: number): string {
  return site.params[i]?.name ?? `argument ${i + 1}`;
}

function describe(v: Arg): string {
  if (v === undefined) return 'an empty slot';
  if (v === null) return 'NULL (a missing attribute)';
  if (typeof v === 'string') return JSON.stringify(v.length > 60 ? v.slice(0, 60) + '…' : v);
  if (v instanceof DateBox) return `the date/time ${v.text}`;
  if (v instanceof RolesBox) return 'a complex roles value';
  if (v instanceof EnumBox) return `the bare identifier ${v.name}`;
  return `a multi-valued value (${v.length} values)`;
}

export function undefinedBehaviour(site: CallSite, message: string, at: NodeBase = site.node): never {
  return fail('undefined-behaviour', `${site.name}: ${message}`, at);
}

export function invalidInput(site: CallSite, message: string, at: NodeBase = site.node): never {
  return fail('invalid-input', `${site.name}: ${message}`, at);
}

/** NULL where the docs do not say what the function does with NULL. */
export function nullUndefined(site: CallSite, i: number): never {
  return undefinedBehaviour(
    site,
    `"${paramName(site, i)}" is NULL (a missing attribute), and the docs do not say what ${site.name} does with NULL`,
    argSpan(site, i),
  );
}

// ---------------------------------------------------------------------------------------------
// Argument readers

/** A single string; NULL is an undefined-behaviour error. */
export function argString(args: readonly Arg[], i: number, site: CallSite): string {
  const v = args[i];
  if (typeof v === 'string') return v;
  if (v instanceof DateBox) return v.text;
  if (v === null) return nullUndefined(site, i);
  return wrongShape(site, i, v);
}

/** A single string or NULL. */
export function argStringOrNull(args: readonly Arg[], i: number, site: CallSite): string | null {
  const v = args[i];
  if (typeof v === 'string' || v === null) return v;
  if (v instanceof DateBox) return v.text;
  return wrongShape(site, i, v);
}

/** A string, or `undefined` for an empty slot / missing trailing argument. */
export function argOptionalString(args: readonly Arg[], i: number, site: CallSite): string | undefined {
  if (i >= args.length || args[i] === undefined) return undefined;
  return argString(args, i, site);
}

export function wrongShape(site: CallSite, i: number, v: Arg): never {
  if (v === undefined) {
    return invalidInput(site, `"${paramName(site, i)}" is required; an empty slot means "not supplied"`, argSpan(site, i));
  }
  if (v instanceof EnumBox) {
    return invalidInput(site, `the bare identifier ${v.name} is not a value here`, argSpan(site, i));
  }
  if (v instanceof RolesBox) {
    return undefinedBehaviour(
      site,
      `"${paramName(site, i)}" is a complex roles value, and the docs do not say how ${site.name} treats one`,
      argSpan(site, i),
    );
  }
  return undefinedBehaviour(
    site,
    `"${paramName(site, i)}" is ${describe(v)}, and the docs do not say how ${site.name} treats a multi-valued argument`,
    argSpan(site, i),
  );
}

const INTEGER = /^-?[0-9]+$/;

export function isIntegerText(s: string): boolean {
  return INTEGER.test(s);
}

/**
 * An Int32 argument (numbers travel as decimal strings, quoted or not). Anything else is an
 * invalid-input error: .NET's conversion would throw.
 */
export function argInt(args: readonly Arg[], i: number, site: CallSite): number {
  const s = argString(args, i, site);
  if (!INTEGER.test(s))
    return invalidInput(site, `"${paramName(site, i)}" must be a whole number, not ${describe(s)}`, argSpan(site, i));
  const n = Number(s);
  if (n > 2147483647 || n < -2147483648) {
    return invalidInput(site, `"${paramName(site, i)}" (${s}) is outside the 32-bit integer range`, argSpan(site, i));
  }
  return n;
}

/** A whole-number argument within ±2^53 (DateAdd's count, which VBA and .NET take as a Double). */
export function argSafeInt(args: readonly Arg[], i: number, site: CallSite): number {
  const s = argString(args, i, site);
  const n = Number(s);
  if (!INTEGER.test(s))
    return invalidInput(site, `"${paramName(site, i)}" must be a whole number, not ${describe(s)}`, argSpan(site, i));
  if (!Number.isSafeInteger(n)) return invalidInput(site, `"${paramName(site, i)}" (${s}) is too large`, argSpan(site, i));
  return n;
}

/** A 64-bit integer argument as a BigInt. */
export function argInt64(args: readonly Arg[], i: number, site: CallSite): bigint {
  const s = argString(args, i, site);
  if (!INTEGER.test(s))
    return invalidInput(site, `"${paramName(site, i)}" must be a whole number, not ${describe(s)}`, argSpan(site, i));
  const n = BigInt(s);
  if (n > 9223372036854775807n || n < -9223372036854775808n) {
    return invalidInput(site, `"${paramName(site, i)}" (${s}) is outside the 64-bit integer range`, argSpan(site, i));
  }
  return n;
}

export const TRUE = 'True';
export const FALSE = 'False';

export function bool(b: boolean): string {
  return b ? TRUE : FALSE;
}

/** NULL, "" or an empty collection. */
export function isNullOrEmpty(v: Raw): boolean {
  return v === null || v === '' || (Array.isArray(v) && v.length === 0) || (v instanceof RolesBox && v.roles.length === 0);
}

// ---------------------------------------------------------------------------------------------
// Attribute values

/**
 * Converts a sample attribute value: undefined/null → NULL; booleans → "True"/"False"; numbers →
 * decimal text; arrays → multi-valued (an empty array is NULL, as Entra stores no empty
 * collections). Anything else is an invalid-input error at the attribute reference.
 */
export function fromSample(value: unknown, name: string, at: ExprNode): Raw {
  if (typeof value === 'string') return value;
  if (value === undefined || value === null) return null;
  if (typeof value === 'boolean') return value ? TRUE : FALSE;
  if (typeof value === 'number') return numberText(value, name, at);
  if (typeof value === 'bigint') return value.toString();
  if (Array.isArray(value)) {
    let allStrings = true;
    for (const item of value) {
      if (typeof item !== 'string') {
        allStrings = false;
        break;
      }
    }
    if (allStrings) return value.length === 0 ? null : (value as string[]);
    const out: string[] = [];
    for (const item of value) {
      const converted = fromSample(item, name, at);
      if (converted === null) continue;
      if (typeof converted !== 'string') {
        return fail(
          'invalid-input',
          `The sample value of [${name}] contains a nested value that is not a string, number or boolean.`,
          at,
        );
      }
      out.push(converted);
    }
    return out.length === 0 ? null : out;
  }
  return fail(
    'invalid-input',
    `The sample value of [${name}] is ${typeof value === 'object' ? 'an object' : `a ${typeof value}`}; attribute values must be strings, numbers, booleans or arrays of them.`,
    at,
  );
}

function numberText(n: number, name: string, at: ExprNode): string {
  if (!Number.isFinite(n))
    return fail('invalid-input', `The sample value of [${name}] is ${String(n)}, which is not a number Entra can hold.`, at);
  if (Number.isInteger(n) && !Number.isSafeInteger(n)) {
    return fail(
      'invalid-input',
      `The sample value of [${name}] (${n}) is beyond 2^53 and has lost precision; write it as a string of digits.`,
      at,
    );
  }
  return String(n);
}

/** The public Value of an internal one. */
export function toValue(v: Raw): Value {
  if (v === null) return NULL_VALUE;
  if (typeof v === 'string') return { kind: 'string', value: v };
  if (v instanceof DateBox) return { kind: 'string', value: v.text };
  if (v instanceof RolesBox) return { kind: 'roles', roles: v.roles.map((r) => ({ ...r })) };
  if (v instanceof EnumBox) return { kind: 'string', value: v.name };
  return { kind: 'multi', values: v.slice() };
}

const NULL_VALUE: Value = Object.freeze({ kind: 'null' }) as Value;
