import type { Rule } from './types';
import { innerSpan } from './util';

export const scopeOperatorUndocumented: Rule = {
  code: 'scope-operator-undocumented',
  defaultSeverity: 'warning',
  documents: ['mapping', 'scope'],
  description:
    "A scoping operator whose meaning Microsoft does not document (& and !&), so neither Entra's behaviour nor our dry run can be trusted.",
  checkFilters(context) {
    const { filters } = context;
    for (const filter of filters) {
      for (const clause of filter.clauses) {
        const operator = clause.operator ? context.catalog.scopeOperator(clause.operator.value) : undefined;
        if (!operator?.semanticsUnknown) continue;
        context.report({
          code: this.code,
          message: `The meaning of "${operator.name}" is not documented (the docs say only that it is true if the attribute "exists in the input string value"); the dry run cannot evaluate it.`,
          span: innerSpan(clause.operator!),
        });
      }
    }
  },
};
