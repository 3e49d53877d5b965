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

/** The attributes of the clauses whose key is that of `attribute IS NULL` (see clauseKey). */
function nullTestedAttributes(filters: ScopeFilterModel[]): Set<string> {
  const found = new Set<string>();
  for (const filter of filters)
    for (const clause of filter.clauses)
      if ((clause.operator?.value ?? '').toUpperCase() === 'IS NULL' && (clause.value?.value ?? null) === null)
        found.add(clause.attribute?.value ?? '');
  return found;
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
    // Each clause's key, made once when a clause first needs comparing: the filters that exist and
    // each alternative are made of them (a large scope has hundreds of clauses).
    let keys: string[][] | undefined;
    let nullTested: Set<string> | undefined;
    let existing: Set<string> | undefined;
    let listPath: Array<string | number> | undefined;
    for (let f = 0; f < filters.length; f++) {
      const filter = filters[f];
      // Each clause's operator, looked up once (a lookup normalises the spelling).
      const operators = filter.clauses.map((clause) =>
        clause.operator ? context.catalog.scopeOperator(clause.operator.value) : undefined,
      );
      for (let c = 0; c < filter.clauses.length; c++) {
        const clause = filter.clauses[c];
        const operator = operators[c];
        const attribute = clause.attribute?.value;
        if (!operator || !attribute || !EXCLUDING_OPERATORS.has(operator.name)) continue;
        // The filter already demands a value (IS NOT NULL on the same attribute): excluding empty ones is the intent.
        if (
          filter.clauses.some(
            (other, k) => k !== c && other.attribute?.value === attribute && operators[k]?.name === 'IS NOT NULL',
          )
        )
          continue;
        // A filter equal to the alternative tests `attribute IS NULL`: without one, there is nothing to compare.
        nullTested ??= nullTestedAttributes(filters);
        if (nullTested.has(attribute)) {
          keys ??= filters.map((each) =>
            each.clauses.map((k) => clauseKey(k.attribute?.value, k.operator?.value, k.value?.value)),
          );
          existing ??= new Set(keys.map((list) => [...list].sort().join('|')));
          // The alternative filter: this one without the clause, with `attribute IS NULL` instead.
          const alternativeKeys = keys[f].filter((_, k) => k !== c);
          alternativeKeys.push(clauseKey(attribute, 'IS NULL', undefined));
          if (existing.has(alternativeKeys.sort().join('|'))) continue;
        }
        const alternative = [
          ...filter.clauses.filter((other) => other !== clause).map(clauseJson),
          { attribute, operator: 'IS NULL' },
        ];
        const list = filter.node.parent;
        if (list?.type === 'array') listPath ??= jsonPathOf(list);
        context.report({
          code: this.code,
          message: `${operator.name} is false when ${attribute} has no value, so users with no ${attribute} are out of scope too (Entra's scoping filters return false for null or empty values). If they should be in scope, add a filter with ${attribute} IS NULL.`,
          span: clause.operator!.span,
          fixes: fixesFor(filter, clause, filters.length, alternative, attribute, listPath),
        });
      }
    }
  },
};

/** `listPath`: the JSON path of the filter list, undefined when the filters are not in one. */
function fixesFor(
  filter: ScopeFilterModel,
  clause: ScopeClauseModel,
  count: number,
  clauses: unknown[],
  attribute: string,
  listPath: Array<string | number> | undefined,
) {
  const list = filter.node.parent;
  if (!list || list.type !== 'array' || !listPath) return undefined;
  const title = `Also include users without ${attribute} (add an IS NULL filter)`;
  const isGraph = filter.clauses.some((c) => c.graph);
  if (!isGraph) return [{ fix: 'set-property' as const, path: [...listPath, count], value: { clauses }, title }];
  // A Graph schema's filter group: its other clauses as they are written, and IS NULL in Graph's shape
  // (a unary operator's targetOperand holds no values, as graph/write.ts writes it).
  const others = filter.clauses.filter((c) => c !== clause).map((c) => plainValue(c.node));
  const graphClauses = [...others, { operatorName: 'IS NULL', sourceOperandName: attribute, targetOperand: { values: [] } }];
  return [{ fix: 'set-property' as const, path: [...listPath, count], value: { clauses: graphClauses }, title }];
}
