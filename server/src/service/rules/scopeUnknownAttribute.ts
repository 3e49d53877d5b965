import type { Rule } from './types';
import { innerSpan } from './util';

export const scopeUnknownAttribute: Rule = {
  code: 'scope-unknown-attribute',
  defaultSeverity: 'error',
  documents: ['mapping', 'scope'],
  description: 'A scoping clause tests an attribute the Entra source object does not have (names are case-sensitive).',
  checkFilters(context) {
    const { object, filters } = context;
    for (const filter of filters) {
      for (const clause of filter.clauses) {
        const attribute = clause.attribute;
        if (!attribute || attribute.value.length === 0) continue;
        if (context.catalog.entraAttribute(object, attribute.value)) continue;
        const span = innerSpan(attribute);
        const caseMatch = context.catalog.entraAttributeIgnoreCase(object, attribute.value);
        const suggestion = caseMatch?.name ?? context.catalog.suggestAttribute(object, attribute.value);
        context.report({
          code: this.code,
          message: caseMatch
            ? `Attribute names are case-sensitive: the ${object} attribute is "${caseMatch.name}".`
            : `Unknown ${object} attribute "${attribute.value}"${suggestion ? `. Did you mean "${suggestion}"?` : '.'}`,
          span,
          fixes: suggestion ? [{ fix: 'replace', span, newText: suggestion, title: `Change to ${suggestion}` }] : undefined,
        });
      }
    }
  },
};
