import type { Rule } from './types';
import { innerSpan } from './util';

export const scopeUnsupportedAttribute: Rule = {
  code: 'scope-unsupported-attribute',
  defaultSeverity: 'error',
  documents: ['mapping', 'scope'],
  description:
    'A scoping clause tests an attribute Entra cannot filter on (multi-valued attributes, manager, appRoleAssignments, userType, members, dates).',
  checkFilters(context) {
    const { object, filters } = context;
    for (const filter of filters) {
      for (const clause of filter.clauses) {
        if (!clause.attribute) continue;
        const attribute = context.catalog.entraAttribute(object, clause.attribute.value);
        if (!attribute) continue;
        let reason: string | undefined;
        if (attribute.multiValued)
          reason = `"${attribute.name}" is multi-valued, and scoping filters do not support multi-valued attributes.`;
        else if (!attribute.scopable)
          reason = attribute.scopeUnsupportedReason ?? `Scoping filters cannot test "${attribute.name}".`;
        else if (attribute.status === 'unavailable')
          reason = `"${attribute.name}" is not offered as a source attribute by default.`;
        if (!reason) continue;
        context.report({ code: this.code, message: reason, span: innerSpan(clause.attribute) });
      }
    }
  },
};
