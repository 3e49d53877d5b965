/**
 * Scoping-filter evaluation (reference: entra/scoping.md). An object is in scope when all clauses
 * of any filter are true: OR over filters, AND over clauses. Every clause is evaluated (no short
 * cut) so that the trace shows each clause's actual value and result.
 *
 * Rules applied, with the reference's confidence:
 * - null or empty values make every clause false except IS NULL (documented general rule; for
 *   NOT EQUALS it is inferred from that rule);
 * - EQUALS, NOT EQUALS, Includes and REGEX MATCH compare case-sensitively (documented); ENDS_WITH is
 *   not documented either way and is compared case-sensitively too;
 * - Greater_Than(_OR_EQUALS) compare integers only; a non-integer on either side makes the clause false;
 * - Boolean attributes compare as booleans whether the clause says true/false or "True"/"False";
 * - REGEX MATCH searches (like .NET Regex.IsMatch) unless the `whole` setting is chosen;
 * - `&` and `!&` have undocumented semantics: the clause result is unknown (null), never guessed;
 * - filtering on multi-valued attributes is not supported by Entra: only IS NULL / IS NOT NULL are
 *   evaluated on them, other operators are reported as not evaluable.
 */
import type { CatalogIndex } from '../catalog/lookup';
import type { ObjectKind, ScopeOperator } from '../catalog/types';
import { prop } from '../model/jsonNodes';
import type { ScopeFilterModel } from '../model/types';
import { compileRegex, type SafeRegex } from '../regex';
import type { ClauseTrace, FilterTrace, JsonValue, ScopeTrace } from './types';

interface CompiledClause {
  attribute: string | null;
  operatorText: string | null;
  operator?: ScopeOperator;
  /** The clause value as written in the file. */
  value: JsonValue;
  /** The value as a string ("True"/"False" for booleans), or null when there is none. */
  valueText: string | null;
  regex?: SafeRegex;
  /** Why this clause can never be evaluated (set once, at preparation). */
  notEvaluable?: string;
  /** The attribute is Boolean in the catalog. */
  booleanAttribute: boolean;
  multiValuedAttribute: boolean;
}

interface CompiledFilter {
  name?: string;
  /** How explanations name it: `filter 2 "Engineers"`. */
  label: string;
  clauses: CompiledClause[];
}

export interface CompiledScope {
  filters: CompiledFilter[];
  /** Clauses that can never be evaluated, for a one-time report: "filter 1, clause 2: …". */
  setupNotes: string[];
}

export interface ScopeOutcome {
  inScope: boolean | null;
  trace: ScopeTrace;
  /** Human-readable reasons: which clause excluded the object, or what could not be decided. */
  explanation: string;
  /** Clauses that could not be evaluated ("filter 1: x & "2" cannot be evaluated (…)"), even when the scope was decided without them. */
  unknownClauses: string[];
}

function scalarText(value: unknown): string | null {
  if (value === null || value === undefined) return null;
  if (typeof value === 'boolean') return value ? 'True' : 'False';
  if (typeof value === 'number' || typeof value === 'string') return String(value);
  return null;
}

/** Builds everything a scope needs once per mapping: operator lookups, compiled regexes, value forms. */
export function compileScope(
  filters: readonly ScopeFilterModel[],
  object: ObjectKind,
  catalog: CatalogIndex,
  regexMatch: 'search' | 'whole' = 'search',
): CompiledScope {
  const setupNotes: string[] = [];
  const compiled = filters.map((filter, filterIndex) => {
    const nameNode = prop(filter.node, 'name');
    const clauses = filter.clauses.map((clause, clauseIndex): CompiledClause => {
      const attribute = clause.attribute?.value ?? null;
      const operatorText = clause.operator?.value ?? null;
      const operator = operatorText ? catalog.scopeOperator(operatorText) : undefined;
      const raw = clause.value?.value;
      const value: JsonValue = raw === undefined ? null : (raw as JsonValue);
      const definition = attribute
        ? (catalog.entraAttribute(object, attribute) ?? catalog.entraAttributeIgnoreCase(object, attribute))
        : undefined;
      const result: CompiledClause = {
        attribute,
        operatorText,
        operator,
        value,
        valueText: scalarText(raw),
        booleanAttribute: definition?.type === 'Boolean',
        multiValuedAttribute: definition?.multiValued === true,
      };
      if (!attribute) result.notEvaluable = 'the clause has no attribute';
      else if (!operatorText) result.notEvaluable = 'the clause has no operator';
      else if (!operator) result.notEvaluable = `"${operatorText}" is not a known scoping operator`;
      else if (operator.semanticsUnknown) {
        result.notEvaluable = `what "${operator.name}" does is not documented by Microsoft, so the result is unknown`;
      } else if (operator.arity === 'binary' && result.valueText === null) {
        result.notEvaluable = `${operator.name} needs a value`;
      } else if (operator.valueType === 'regex') {
        const pattern = regexMatch === 'whole' ? `\\A(?:${result.valueText})\\z` : result.valueText!;
        const regex = compileRegex(pattern);
        if (regex.ok) result.regex = regex.regex;
        else result.notEvaluable = `the regular expression is invalid: ${regex.error.message}`;
      }
      if (result.notEvaluable) setupNotes.push(`filter ${filterIndex + 1}, clause ${clauseIndex + 1}: ${result.notEvaluable}`);
      return result;
    });
    const name = typeof nameNode?.value === 'string' ? (nameNode.value as string) : undefined;
    return { name, label: `filter ${filterIndex + 1}${name ? ` "${name}"` : ''}`, clauses };
  });
  return { filters: compiled, setupNotes };
}

function toJson(value: unknown): JsonValue {
  if (value === undefined) return null;
  if (value === null || typeof value === 'string' || typeof value === 'boolean' || typeof value === 'number') return value;
  if (Array.isArray(value)) return value.map(toJson);
  return String(value);
}

function booleanOf(value: unknown): boolean | undefined {
  if (typeof value === 'boolean') return value;
  if (typeof value === 'string') {
    const t = value.trim().toLowerCase();
    if (t === 'true') return true;
    if (t === 'false') return false;
  }
  return undefined;
}

const INTEGER = /^[+-]?\d+$/;

function integerOf(text: string): bigint | undefined {
  const t = text.trim();
  return INTEGER.test(t) ? BigInt(t) : undefined;
}

function isEmpty(value: unknown): boolean {
  return value === null || value === undefined || value === '' || (Array.isArray(value) && value.length === 0);
}

type ClauseOutcome = { result: boolean | null; note?: string };

const NULL_RULE = 'null/empty values fail every clause except IS NULL';

function evaluateClause(clause: CompiledClause, actual: unknown): ClauseOutcome {
  if (clause.notEvaluable) return { result: null, note: clause.notEvaluable };
  const operator = clause.operator!;
  const name = operator.name;
  if (name === 'IS NULL') return { result: isEmpty(actual) };
  if (name === 'IS NOT NULL') return { result: !isEmpty(actual) };
  if (isEmpty(actual)) return { result: false, note: NULL_RULE };
  if (Array.isArray(actual)) {
    return {
      result: null,
      note: `the attribute holds several values and Entra does not support ${name} on multi-valued attributes`,
    };
  }
  if (typeof actual === 'object')
    return { result: null, note: 'the attribute is a reference; Entra does not support it in scoping filters' };

  const booleanActual = clause.booleanAttribute || typeof actual === 'boolean' ? booleanOf(actual) : undefined;
  const text = scalarText(actual)!;
  const expected = clause.valueText;

  switch (name) {
    case 'IS TRUE':
    case 'IS FALSE': {
      const b = booleanOf(actual);
      if (b === undefined) return { result: false, note: `${JSON.stringify(text)} is not a boolean` };
      return { result: name === 'IS TRUE' ? b : !b };
    }
    case 'EQUALS':
    case 'NOT EQUALS': {
      let equal: boolean;
      let note: string | undefined;
      if (booleanActual !== undefined) {
        const b = booleanOf(expected);
        if (b === undefined) {
          equal = false;
          note = `a Boolean attribute compared with ${JSON.stringify(expected)}, which is not true/false`;
        } else equal = b === booleanActual;
      } else {
        equal = text === expected;
        if (!equal && text.toLowerCase() === expected!.toLowerCase()) note = 'differs only in case; EQUALS is case-sensitive';
      }
      return { result: name === 'EQUALS' ? equal : !equal, note };
    }
    case 'REGEX MATCH':
    case 'NOT REGEX MATCH': {
      const outcome = clause.regex!.test(text);
      if (!outcome.ok) return { result: null, note: outcome.message };
      return { result: name === 'REGEX MATCH' ? outcome.value : !outcome.value };
    }
    case 'Greater_Than':
    case 'Greater_Than_OR_EQUALS': {
      const a = integerOf(text);
      const b = integerOf(expected!);
      if (b === undefined)
        return { result: false, note: `${JSON.stringify(expected)} is not an integer; ${name} compares integers only` };
      if (a === undefined)
        return { result: false, note: `${JSON.stringify(text)} is not an integer; ${name} compares integers only` };
      return { result: name === 'Greater_Than' ? a > b : a >= b };
    }
    case 'Includes':
      return { result: text.includes(expected!) };
    case 'ENDS_WITH':
      return {
        result: text.endsWith(expected!),
        note:
          text.endsWith(expected!) || !text.toLowerCase().endsWith(expected!.toLowerCase())
            ? undefined
            : 'differs only in case; compared case-sensitively (not documented)',
      };
    default:
      return { result: null, note: `the dry run does not evaluate ${name}` };
  }
}

function describeClause(trace: ClauseTrace): string {
  const value = trace.value === null ? '' : ` ${JSON.stringify(trace.value)}`;
  return `${trace.attribute ?? '?'} ${trace.operator ?? '?'}${value}`;
}

/**
 * Evaluates a compiled scope against one object. `attribute` returns the object's value for a
 * source attribute name (undefined when it has none).
 */
export function evaluateScope(scope: CompiledScope, attribute: (name: string) => unknown): ScopeOutcome {
  const filters: FilterTrace[] = [];
  const failures: string[] = [];
  const unknowns: string[] = [];
  let anyTrue = false;
  let anyUnknown = false;
  let firstPassing: string | undefined;

  scope.filters.forEach((filter) => {
    const clauses: ClauseTrace[] = [];
    let allTrue = true;
    let anyFalse = false;
    const label = filter.label;
    const filterFailures: string[] = [];
    for (const clause of filter.clauses) {
      const actual = clause.attribute ? attribute(clause.attribute) : undefined;
      const outcome = evaluateClause(clause, actual);
      const trace: ClauseTrace = {
        attribute: clause.attribute,
        operator: clause.operator?.name ?? clause.operatorText,
        value: clause.value,
        actual: toJson(actual),
        result: outcome.result,
      };
      if (outcome.note) trace.note = outcome.note;
      clauses.push(trace);
      if (outcome.result === false) {
        anyFalse = true;
        filterFailures.push(
          `${describeClause(trace)} is false (actual ${JSON.stringify(trace.actual)}${outcome.note ? `; ${outcome.note}` : ''})`,
        );
      } else if (outcome.result === null) {
        allTrue = false;
        unknowns.push(`${label}: ${describeClause(trace)} cannot be evaluated (${outcome.note})`);
      }
    }
    // An empty filter has no clause to fail; Entra requires at least one clause, so treat it as true.
    const result: boolean | null = anyFalse ? false : allTrue ? true : null;
    if (result === true) {
      anyTrue = true;
      firstPassing ??= label;
    }
    if (result === null) anyUnknown = true;
    if (result === false) failures.push(`${label}: ${filterFailures.join('; ')}`);
    filters.push(filter.name !== undefined ? { name: filter.name, result, clauses } : { result, clauses });
  });

  let inScope: boolean | null;
  let explanation: string;
  if (scope.filters.length === 0) {
    inScope = true;
    explanation = 'The scope has no filters, so every object is in scope.';
  } else if (anyTrue) {
    inScope = true;
    explanation = `In scope: every clause of ${firstPassing} is true.`;
  } else if (anyUnknown) {
    inScope = null;
    explanation = `Scope undetermined: ${unknowns.join('; ')}.${failures.length > 0 ? ` Failed: ${failures.join(' | ')}.` : ''}`;
  } else {
    inScope = false;
    explanation = `Out of scope: ${failures.join(' | ')}.`;
  }
  return { inScope, trace: { filters }, explanation, unknownClauses: unknowns };
}
