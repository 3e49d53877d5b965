/**
 * Glue between the expression functions Now, CDate, DateAdd, DateDiff, FormatDateTime,
 * NumFromDate, DateFromNum and the date module. DateTime results travel as DateBox values: they
 * print as Entra's `M/d/yyyy h:mm:ss tt` text, and DateAdd/DateDiff/NumFromDate read their exact
 * instant instead of re-parsing the text.
 */
import * as dates from './dates';
import type { NodeBase } from '../expression/ast';
import {
  type Arg,
  type CallSite,
  type EvalContext,
  type Raw,
  DateBox,
  argSafeInt,
  argSpan,
  argString,
  fail,
  nullUndefined,
  undefinedBehaviour,
  wrongShape,
} from './values';

function dateFailure(site: CallSite, error: dates.DateErr, at: NodeBase): never {
  const reason = error.code === 'undefined-behaviour' || error.code === 'unsupported' ? 'undefined-behaviour' : 'invalid-input';
  const message = error.message.startsWith(site.name) ? error.message : `${site.name}: ${error.message}`;
  return fail(reason, message, at);
}

function unwrap<T>(result: dates.DateResult<T>, site: CallSite, at: NodeBase = site.node): T {
  if (result.ok) return result.value;
  return dateFailure(site, result, at);
}

function box(moment: dates.Moment, site: CallSite): DateBox {
  return new DateBox(unwrap(dates.formatEntraDate(moment), site), moment);
}

/** A DateTime argument: a DateBox as it is, or text parsed the way CDate parses it. */
function momentArg(args: Arg[], i: number, site: CallSite): dates.Moment {
  const v = args[i];
  if (v instanceof DateBox) return v.moment;
  if (typeof v === 'string') return unwrap(dates.parseDate(v), site, argSpan(site, i));
  if (v === null) return nullUndefined(site, i);
  return wrongShape(site, i, v);
}

export function now(_args: Arg[], site: CallSite, ctx: EvalContext): Raw {
  return box(unwrap(dates.now(ctx.env.clock), site), site);
}

/** CDate(expression): parses .NET date/time text (offsets honoured) and converts it to UTC. */
export function cdate(args: Arg[], site: CallSite): Raw {
  const v = args[0];
  if (v instanceof DateBox) return v;
  return box(momentArg(args, 0, site), site);
}

export function dateAdd(args: Arg[], site: CallSite): Raw {
  const interval = argString(args, 0, site);
  const value = argSafeInt(args, 1, site);
  const moment = momentArg(args, 2, site);
  return box(unwrap(dates.dateAdd(interval, value, moment), site), site);
}

export function dateDiff(args: Arg[], site: CallSite): Raw {
  const interval = argString(args, 0, site);
  const date1 = momentArg(args, 1, site);
  const date2 = momentArg(args, 2, site);
  return String(unwrap(dates.dateDiff(interval, date1, date2), site));
}

/** FormatDateTime(source, dateTimeStyles, inputFormat, outputFormat): ParseExact, then ToString. */
export function formatDateTime(args: Arg[], site: CallSite, ctx: EvalContext): Raw {
  const source = argString(args, 0, site);
  const styles = args[1] === undefined ? undefined : argString(args, 1, site);
  const inputFormat = argString(args, 2, site);
  const outputFormat = argString(args, 3, site);
  return unwrap(dates.formatDateTime(source, styles, inputFormat, outputFormat, { clock: ctx.env.clock }), site);
}

/** NumFromDate(value): the AD large-integer (FILETIME) form of a date/time, as decimal text. */
export function numFromDate(args: Arg[], site: CallSite): Raw {
  return unwrap(dates.numFromDate(momentArg(args, 0, site)), site);
}

/** DateFromNum(value): the DateTime of an AD large-integer date. */
export function dateFromNum(args: Arg[], site: CallSite): Raw {
  const v = args[0];
  if (v instanceof DateBox) {
    return undefinedBehaviour(site, 'the argument is already a date/time, not an AD large-integer number', argSpan(site, 0));
  }
  const text = argString(args, 0, site);
  return box(unwrap(dates.dateFromNum(text), site, argSpan(site, 0)), site);
}
