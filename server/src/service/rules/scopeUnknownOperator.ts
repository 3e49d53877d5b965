import type { Rule } from './types';
import { innerSpan } from './util';

export const scopeUnknownOperator: Rule = {
  code: 'scope-unknown-operator',
  defaultSeverity: 'error',
  documents: ['mapping', 'scope'],
  description: 'A scoping clause uses an operator Entra does not have.',
  checkFilters(context) {
    const names = context.catalog.catalogs.scopeOperators.map((o) => o.name);
    const { filters } = context;
    for (const filter of filters) {
      for (const clause of filter.clauses) {
        if (!clause.operator || context.catalog.scopeOperator(clause.operator.value)) continue;
        const span = innerSpan(clause.operator);
        const suggestion = context.catalog.suggestOperator(clause.operator.value);
        context.report({
          code: this.code,
          message: suggestion
            ? `Unknown scoping operator "${clause.operator.value}". Did you mean "${suggestion}"?`
            : `Unknown scoping operator "${clause.operator.value}". Operators: ${names.join(', ')}.`,
          span,
          fixes: suggestion ? [{ fix: 'replace', span, newText: suggestion, title: `Change to ${suggestion}` }] : undefined,
        });
      }
    }
  },
};
