import type { Rule } from './types';
import { jsonPathOf } from './util';

export const scopeOperatorValue: Rule = {
  code: 'scope-operator-value',
  defaultSeverity: 'error',
  documents: ['mapping', 'scope'],
  description:
    "A scoping clause's value does not fit its operator: a value on a unary operator, none on a binary one, a non-integer for Greater_Than, IS TRUE on a non-Boolean attribute.",
  checkFilters(context) {
    const { object, filters } = context;
    for (const filter of filters) {
      for (const clause of filter.clauses) {
        const operator = clause.operator ? context.catalog.scopeOperator(clause.operator.value) : undefined;
        if (!operator) continue;
        const report = (
          message: string,
          span = clause.value?.span ?? clause.operator!.span,
          fixes?: Parameters<typeof context.report>[0]['fixes'],
        ): void => context.report({ code: this.code, message, span, fixes });
        const value = clause.value;

        if (operator.arity === 'unary') {
          if (value) {
            report(`${operator.name} takes no value.`, value.span, [
              { fix: 'remove-property', path: jsonPathOf(value.node), title: `Remove the value (${operator.name} takes none)` },
            ]);
          }
          const attribute = clause.attribute ? context.catalog.entraAttribute(object, clause.attribute.value) : undefined;
          if ((operator.name === 'IS TRUE' || operator.name === 'IS FALSE') && attribute && attribute.type !== 'Boolean') {
            report(
              `${operator.name} tests Boolean attributes, but "${attribute.name}" is a ${attribute.type}; use EQUALS with "True" or "False" if it holds those strings.`,
              clause.operator!.span,
            );
          }
          continue;
        }

        if (!value) {
          report(`${operator.name} needs a "value" to compare with.`, clause.operator!.span);
          continue;
        }
        const raw = value.value;
        if (Array.isArray(raw)) {
          report(
            raw.length > 1
              ? 'A clause takes one value; put alternatives in separate filters (they are OR-ed).'
              : 'Write the value as a string, not an array.',
            value.span,
            raw.length === 1 && (typeof raw[0] === 'string' || typeof raw[0] === 'number' || typeof raw[0] === 'boolean')
              ? [
                  {
                    fix: 'set-property',
                    path: jsonPathOf(value.node),
                    value: String(raw[0]),
                    title: `Use ${JSON.stringify(String(raw[0]))}`,
                  },
                ]
              : undefined,
          );
          continue;
        }
        if (raw === null || typeof raw === 'object') {
          report('The value must be a string (numbers and true/false are also accepted).', value.span);
          continue;
        }
        if (operator.valueType === 'integer') {
          const text = String(raw).trim();
          if (!/^-?\d+$/.test(text)) {
            const number = Number(text);
            report(
              `${operator.name} compares integers only; "${String(raw)}" is not an integer.`,
              value.span,
              text !== '' && Number.isFinite(number)
                ? [
                    {
                      fix: 'set-property',
                      path: jsonPathOf(value.node),
                      value: String(Math.trunc(number)),
                      title: `Use ${Math.trunc(number)}`,
                    },
                  ]
                : undefined,
            );
          } else if (typeof raw === 'string' && raw !== text) {
            report(`${operator.name} compares integers; remove the spaces around the value.`, value.span, [
              { fix: 'set-property', path: jsonPathOf(value.node), value: text, title: `Use "${text}"` },
            ]);
          }
        }
        if ((operator.valueType === 'string' || operator.valueType === 'regex') && raw === '') {
          report(
            `${operator.name} with an empty value never matches: Entra treats empty values as null, and null fails every clause. Use IS NULL / IS NOT NULL instead.`,
            value.span,
          );
        }
      }
    }
  },
};
