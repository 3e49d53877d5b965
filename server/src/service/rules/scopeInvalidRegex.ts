import { compileRegex } from '../regex';
import { decodeJsonString, fileOffsetOf } from '../text/jsonString';
import type { Rule } from './types';

export const scopeInvalidRegex: Rule = {
  code: 'scope-invalid-regex',
  defaultSeverity: 'error',
  documents: ['mapping', 'scope'],
  description: 'A REGEX MATCH / NOT REGEX MATCH value is not a valid .NET regular expression.',
  checkFilters(context) {
    const { filters } = context;
    for (const filter of filters) {
      for (const clause of filter.clauses) {
        const operator = clause.operator ? context.catalog.scopeOperator(clause.operator.value) : undefined;
        const value = clause.value;
        if (operator?.valueType !== 'regex' || !value || typeof value.value !== 'string') continue;
        const compiled = compileRegex(value.value);
        if (compiled.ok) continue;
        const decoded = decodeJsonString(context.document.text.slice(value.span.start, value.span.end), value.span.start);
        const start = fileOffsetOf(decoded, compiled.error.offset);
        const end = fileOffsetOf(decoded, compiled.error.offset + Math.max(1, compiled.error.length));
        context.report({
          code: this.code,
          message: `Invalid regular expression: ${compiled.error.message}`,
          span: { start, end: Math.max(end, start + 1) },
        });
      }
    }
  },
};
