/** Multi-valued functions: Split, Item, Count, RemoveDuplicates, and SelectUniqueValue. */
import { lowerInvariant } from './casing';
import {
  type Arg,
  type CallSite,
  type EvalContext,
  type Raw,
  type Thunk,
  DateBox,
  argInt,
  argSpan,
  argString,
  fail,
  invalidInput,
  nullUndefined,
  undefinedBehaviour,
  wrongShape,
} from './values';

function sameValues(a: readonly string[], b: readonly string[]): boolean {
  if (a.length !== b.length) return false;
  for (let i = 0; i < a.length; i++) if (a[i] !== b[i]) return false;
  return true;
}

function splitOnAnyChar(s: string, chars: string): string[] {
  const out: string[] = [];
  let start = 0;
  for (let i = 0; i < s.length; i++) {
    if (chars.includes(s[i])) {
      out.push(s.slice(start, i));
      start = i + 1;
    }
  }
  out.push(s.slice(start));
  return out;
}

/**
 * Split(source, delimiter): the pieces between delimiters, untrimmed (.NET String.Split).
 * A multi-character delimiter is ambiguous between .NET's Split(string) and Split(char[]); when
 * the two readings disagree the result is an undefined-behaviour error.
 */
export function split(args: Arg[], site: CallSite): Raw {
  const s = argString(args, 0, site);
  const delimiter = argString(args, 1, site);
  if (delimiter === '') return undefinedBehaviour(site, 'an empty delimiter is not documented', argSpan(site, 1));
  const whole = s.split(delimiter);
  if (delimiter.length === 1) return whole;
  const perChar = splitOnAnyChar(s, delimiter);
  if (!sameValues(whole, perChar)) {
    return undefinedBehaviour(
      site,
      `the docs describe a delimiter character; with the ${delimiter.length}-character delimiter ${JSON.stringify(delimiter)} splitting on the whole string and on each character give different results`,
      argSpan(site, 1),
    );
  }
  return whole;
}

function multiArg(args: Arg[], site: CallSite, what: string): readonly string[] {
  const v = args[0];
  if (Array.isArray(v)) return v as readonly string[];
  if (v === null) return nullUndefined(site, 0);
  if (typeof v === 'string' || v instanceof DateBox) {
    return undefinedBehaviour(
      site,
      `the argument is a single value; the docs define ${what} only for multi-valued attributes`,
      argSpan(site, 0),
    );
  }
  return wrongShape(site, 0, v);
}

/** Item(attribute, index): the value at a 1-based index; out of range is an error (Cloud Sync: "throws"). */
export function item(args: Arg[], site: CallSite): Raw {
  const values = multiArg(args, site, 'Item');
  const index = argInt(args, 1, site);
  if (index < 1 || index > values.length) {
    return invalidInput(
      site,
      `index ${index} is out of range for ${values.length} value${values.length === 1 ? '' : 's'} (the index is 1-based; the Cloud Sync reference says Item throws when out of bounds)`,
      argSpan(site, 1),
    );
  }
  return values[index - 1];
}

export function count(args: Arg[], site: CallSite): Raw {
  return String(multiArg(args, site, 'Count').length);
}

/**
 * RemoveDuplicates: drops repeated values, keeping the first of each (the documented example keeps
 * order). Whether the comparison ignores case is not documented, so values that differ only by
 * case are an undefined-behaviour error.
 */
export function removeDuplicates(args: Arg[], site: CallSite): Raw {
  const values = multiArg(args, site, 'RemoveDuplicates');
  const exact = new Set<string>();
  const folded = new Map<string, string>();
  const out: string[] = [];
  for (const v of values) {
    if (exact.has(v)) continue;
    const key = lowerInvariant(v);
    const other = folded.get(key);
    if (other !== undefined) {
      return undefinedBehaviour(
        site,
        `${JSON.stringify(other)} and ${JSON.stringify(v)} differ only by case, and whether RemoveDuplicates treats them as duplicates is not documented`,
        argSpan(site, 0),
      );
    }
    exact.add(v);
    folded.set(key, v);
    out.push(v);
  }
  return out.length === values.length ? values : out;
}

const takenCache = new WeakMap<ReadonlySet<string>, Set<string>>();

function takenLower(taken: ReadonlySet<string>): Set<string> {
  let lower = takenCache.get(taken);
  if (!lower) {
    lower = new Set<string>();
    for (const v of taken) lower.add(v.toLowerCase());
    takenCache.set(taken, lower);
  }
  return lower;
}

/**
 * SelectUniqueValue(rule1, rule2, …) at the top of an expression: evaluates the rules in order and
 * returns the first non-NULL value not already taken in the target (compared case-insensitively).
 * When every value is taken, Entra escrows the object: an error here.
 */
export function compileSelectUniqueValue(site: CallSite, rules: Array<Thunk | null>): Thunk {
  return (ctx: EvalContext) => {
    const taken = ctx.env.takenValues ? takenLower(ctx.env.takenValues) : null;
    const tried: string[] = [];
    for (let i = 0; i < rules.length; i++) {
      const rule = rules[i];
      if (rule === null) return undefinedBehaviour(site, 'an empty rule slot is not documented', argSpan(site, i));
      const v = rule(ctx);
      if (v === null) continue;
      const slot: Arg[] = [];
      slot[i] = v;
      const text = argString(slot, i, site);
      if (taken && taken.has(text.toLowerCase())) {
        tried.push(text);
        continue;
      }
      return text;
    }
    return fail(
      'invalid-input',
      `SelectUniqueValue: every candidate is already taken in the target (${tried.map((t) => JSON.stringify(t)).join(', ') || 'no rule gave a value'}); Entra escrows the object and logs the reason.`,
      site.node,
    );
  };
}
