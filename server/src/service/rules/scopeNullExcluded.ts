import { plainValue } from '../model/jsonNodes';
import type { ScopeClauseModel, ScopeFilterModel } from '../model/types';
import type { Rule } from './types';
import { jsonPathOf } from './util';

/**
 * Operators an admin writes to exclude some values, but which are also false when the attribute
 * has no value, so users without one are excluded too. Entra: "Scoping filters will return false
 * if the value is null / empty" (entra/scoping.md, aws/failure-modes.md §13); NOT REGEX MATCH is
 * documented to return false for null; IS FALSE is false for a missing Boolean.
 */
const EXCLUDING_OPERATORS = new Set(['NOT EQUALS', 'NOT REGEX MATCH', 'IS FALSE']);

function clauseKey(attribute: string | undefined, operator: string | undefined, value: unknown): string {
  return JSON.stringify([attribute ?? '', (operator ?? '').toUpperCase(), value ?? null]);
}

function filterKey(clauses: Array<{ attribute?: string; operator?: string; value?: unknown }>): string {
  return clauses
    .map((c) => clauseKey(c.attribute, c.operator, c.value))
    .sort()
    .join('|');
}

function clauseJson(clause: ScopeClauseModel): Record<string, unknown> {
  const out: Record<string, unknown> = {};
  if (clause.attribute) out.attribute = clause.attribute.value;
  if (clause.operator) out.operator = clause.operator.value;
  if (clause.value) out.value = clause.value.value;
  return out;
}

export const scopeNullExcluded: Rule = {
  code: 'scope-null-excluded',
  defaultSeverity: 'information',
  documents: ['mapping', 'scope'],
  description:
    'A NOT EQUALS, NOT REGEX MATCH or IS FALSE clause is also false for users without a value, so they are out of scope too (fix: add an IS NULL filter).',
  checkFilters(context) {
    const { filters } = context;
    const existing = new Set(
      filters.map((f) =>
        filterKey(f.clauses.map((c) => ({ attribute: c.attribute?.value, operator: c.operator?.value, value: c.value?.value }))),
      ),
    );
    for (const filter of filters) {
      for (const clause of filter.clauses) {
        const operator = clause.operator ? context.catalog.scopeOperator(clause.operator.value) : undefined;
        const attribute = clause.attribute?.value;
        if (!operator || !attribute || !EXCLUDING_OPERATORS.has(operator.name)) continue;
        // The filter already demands a value (IS NOT NULL on the same attribute): excluding empty ones is the intent.
        if (
          filter.clauses.some(
            (c) =>
              c !== clause &&
              c.attribute?.value === attribute &&
              c.operator &&
              context.catalog.scopeOperator(c.operator.value)?.name === 'IS NOT NULL',
          )
        )
          continue;
        const alternative = [...filter.clauses.filter((c) => c !== clause).map(clauseJson), { attribute, operator: 'IS NULL' }];
        if (existing.has(filterKey(alternative as Array<{ attribute?: string; operator?: string; value?: unknown }>))) continue;
        context.report({
          code: this.code,
          message: `${operator.name} is false when ${attribute} has no value, so users with no ${attribute} are out of scope too (Entra's scoping filters return false for null or empty values). If they should be in scope, add a filter with ${attribute} IS NULL.`,
          span: clause.operator!.span,
          fixes: fixesFor(filter, clause, filters.length, alternative, attribute),
        });
      }
    }
  },
};

function fixesFor(filter: ScopeFilterModel, clause: ScopeClauseModel, count: number, clauses: unknown[], attribute: string) {
  const list = filter.node.parent;
  if (!list || list.type !== 'array') return undefined;
  const title = `Also include users without ${attribute} (add an IS NULL filter)`;
  const isGraph = filter.clauses.some((c) => c.graph);
  if (!isGraph) return [{ fix: 'set-property' as const, path: [...jsonPathOf(list), count], value: { clauses }, title }];
  // A Graph schema's filter group: its other clauses as they are written, and IS NULL in Graph's shape
  // (a unary operator's targetOperand holds no values, as graph/write.ts writes it).
  const others = filter.clauses.filter((c) => c !== clause).map((c) => plainValue(c.node));
  const graphClauses = [...others, { operatorName: 'IS NULL', sourceOperandName: attribute, targetOperand: { values: [] } }];
  return [{ fix: 'set-property' as const, path: [...jsonPathOf(list), count], value: { clauses: graphClauses }, title }];
}
