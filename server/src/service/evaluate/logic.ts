/**
 * Conditions and switching: comparisons, IIF, Switch, Coalesce, IsNull, IsNullOrEmpty, IsPresent,
 * IsString, CBool, Not, Redact, Error.
 */
import type { ComparisonNode, ExprNode } from '../expression/ast';
import { walk } from '../expression/ast';
import {
  type Arg,
  type CallSite,
  type EvalContext,
  type Raw,
  type Thunk,
  DateBox,
  FALSE,
  TRUE,
  argSpan,
  argString,
  argStringOrNull,
  bool,
  fail,
  isIntegerText,
  isNullOrEmpty,
  nullUndefined,
  undefinedBehaviour,
  wrongShape,
} from './values';

const IIF_LIMITATION =
  'the docs list conditions on a NULL or empty attribute as unsupported ("the condition check fails"); ' +
  'use Switch([attr], [attr], "", "default") to handle empty values';

function comparable(v: Raw, operand: ExprNode, node: ComparisonNode): string {
  if (typeof v === 'string') return v;
  if (v instanceof DateBox) return v.text;
  if (v === null) {
    return fail(
      'undefined-behaviour',
      `Comparison "${node.operator}": one side is NULL (a missing attribute); ${IIF_LIMITATION}.`,
      operand,
    );
  }
  return fail(
    'undefined-behaviour',
    `Comparison "${node.operator}": one side is not a single value, and comparing it is not documented.`,
    operand,
  );
}

function compareIntegers(a: string, b: string): number {
  if (a.length <= 15 && b.length <= 15) return Number(a) - Number(b);
  const x = BigInt(a);
  const y = BigInt(b);
  return x < y ? -1 : x > y ? 1 : 0;
}

/**
 * `left op right`: numerically when both sides are integers, otherwise by ordinal
 * (case-sensitive, UTF-16 code unit) string comparison. The result is "True" or "False".
 */
export function compileComparison(node: ComparisonNode, left: Thunk, right: Thunk): Thunk {
  const rightNode = node.right as ExprNode;
  const op = node.operator;
  return (ctx) => {
    const a = comparable(left(ctx), node.left, node);
    const b = comparable(right(ctx), rightNode, node);
    const c = isIntegerText(a) && isIntegerText(b) ? compareIntegers(a, b) : a < b ? -1 : a > b ? 1 : 0;
    switch (op) {
      case '=':
        return bool(c === 0);
      case '<>':
        return bool(c !== 0);
      case '<':
        return bool(c < 0);
      case '<=':
        return bool(c <= 0);
      case '>':
        return bool(c > 0);
      case '>=':
        return bool(c >= 0);
    }
  };
}

/** "True"/"False" (any case, as .NET Boolean.Parse reads them) → boolean; anything else → null. */
function parseBoolean(s: string): boolean | null {
  if (s === TRUE) return true;
  if (s === FALSE) return false;
  const lower = s.toLowerCase();
  if (lower === 'true') return true;
  if (lower === 'false') return false;
  return null;
}

/**
 * IIF(condition, valueIfTrue, valueIfFalse). Both branches are evaluated eagerly, so an error in
 * the branch not taken still fails the expression (reported by the reference). A condition
 * reading a NULL or empty attribute is a documented unsupported case.
 */
export function compileIif(site: CallSite, thunks: Array<Thunk | null>): Thunk {
  const conditionNode = site.slots[0].value as ExprNode;
  const attributes: Array<{ name: string; node: ExprNode }> = [];
  walk(conditionNode, (n) => {
    if (n.kind === 'attribute' && !attributes.some((a) => a.name === n.name)) attributes.push({ name: n.name, node: n });
  });
  const [condition, ifTrue, ifFalse] = thunks as [Thunk, Thunk, Thunk];
  return (ctx: EvalContext) => {
    const c = condition(ctx);
    const t = ifTrue(ctx);
    const f = ifFalse(ctx);
    for (const a of attributes) {
      const raw = ctx.env.attribute(a.name);
      if (raw === undefined || raw === null || raw === '' || (Array.isArray(raw) && raw.length === 0)) {
        undefinedBehaviour(
          site,
          `the condition uses [${a.name}], which is ${raw === '' ? 'empty' : 'NULL (missing)'}; ${IIF_LIMITATION}`,
          a.node,
        );
      }
    }
    const text = argString([c], 0, site);
    const b = parseBoolean(text);
    if (b === null) {
      return undefinedBehaviour(site, `the condition evaluated to ${JSON.stringify(text)}, not "True" or "False"`, conditionNode);
    }
    return b ? t : f;
  };
}

/**
 * Switch(source, defaultValue, key1, value1, …): the value of the first key equal to source
 * (exact, case-sensitive); otherwise defaultValue, or NULL when the default slot is empty.
 * A NULL source matches the "" key (the docs' "null or empty" idiom Switch([x],[x],"","N/A")).
 */
export function switchFn(args: Arg[], site: CallSite): Raw {
  if (args.length < 4 || args.length % 2 !== 0) {
    return fail(
      'invalid-input',
      'Switch: takes source, defaultValue, then key/value pairs, so it needs an even number of arguments (at least 4).',
      site.node,
    );
  }
  const source = argStringOrNull(args, 0, site);
  for (let k = 2; k < args.length; k += 2) {
    const keyArg = args[k];
    if (keyArg === undefined) return undefinedBehaviour(site, 'an empty key slot is not documented', argSpan(site, k));
    if (keyArg === null)
      return undefinedBehaviour(
        site,
        'a key is NULL (a missing attribute); matching against NULL keys is not documented',
        argSpan(site, k),
      );
    const key = argString(args, k, site);
    if (source === null ? key === '' : key === source) {
      const value = args[k + 1];
      if (value === undefined) return undefinedBehaviour(site, 'an empty value slot is not documented', argSpan(site, k + 1));
      return value;
    }
  }
  const fallback = args[1];
  return fallback === undefined ? null : fallback;
}

/** Coalesce(source1, …, defaultValue): the first argument that is not NULL ("" is not NULL). */
export function coalesce(args: Arg[], site: CallSite): Raw {
  for (let i = 0; i < args.length; i++) {
    const v = args[i];
    if (v === undefined) return undefinedBehaviour(site, 'an empty argument slot is not documented', argSpan(site, i));
    if (v !== null) return v;
  }
  return null;
}

export function isNull(args: Arg[]): Raw {
  return bool(args[0] === null);
}

export function isNullOrEmptyFn(args: Arg[]): Raw {
  return bool(isNullOrEmpty(args[0] as Raw));
}

export function isPresent(args: Arg[]): Raw {
  return bool(!isNullOrEmpty(args[0] as Raw));
}

/** IsString: True for a value that is a string. NULL and multi-valued inputs are not documented. */
export function isString(args: Arg[], site: CallSite): Raw {
  const v = args[0];
  if (typeof v === 'string' || v instanceof DateBox) return TRUE;
  if (v === null) return nullUndefined(site, 0);
  return wrongShape(site, 0, v);
}

/** CBool: "True"/"False" stay as they are; an integer is True unless it is 0. */
export function cbool(args: Arg[], site: CallSite): Raw {
  const s = argString(args, 0, site);
  const b = parseBoolean(s);
  if (b !== null) return bool(b);
  if (isIntegerText(s)) return bool(!/^-?0+$/.test(s));
  return undefinedBehaviour(
    site,
    `how ${JSON.stringify(s)} converts to a boolean is not documented (only numbers and True/False are)`,
    argSpan(site, 0),
  );
}

/** Not: "True" becomes "False"; anything else becomes "True" (the doc's wording). NULL is not documented. */
export function not(args: Arg[], site: CallSite): Raw {
  const s = argString(args, 0, site);
  return bool(parseBoolean(s) !== true);
}

/** Redact: the value is sent unchanged; only the provisioning logs show "[Redact]". */
export function redact(args: Arg[], _site: CallSite, ctx: EvalContext): Raw {
  ctx.redacted = true;
  return args[0] as Raw;
}

/** Error (Cloud Sync reference only): raises an error for the object. */
export function errorFn(args: Arg[], site: CallSite): Raw {
  const message = args[0];
  const text = typeof message === 'string' ? message : message instanceof DateBox ? message.text : '(no message)';
  return undefinedBehaviour(
    site,
    `raised the error "${text}". Error() is documented only for Cloud Sync, where it fails the object; its behaviour in app provisioning is not documented.`,
  );
}
