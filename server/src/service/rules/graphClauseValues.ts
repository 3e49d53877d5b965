import type { Rule } from './types';

export const graphClauseValues: Rule = {
  code: 'graph-clause-values',
  defaultSeverity: 'warning',
  documents: ['graph'],
  description:
    'In a Graph schema, a scoping clause with more than one value in `targetOperand.values`, whose meaning Graph does not document.',
  checkFilters(context) {
    const { filters } = context;
    for (const filter of filters) {
      for (const clause of filter.clauses) {
        const values = clause.graph?.values;
        if (!values || clause.graph!.valueCount < 2) continue;
        context.report({
          code: this.code,
          message: `targetOperand.values has ${clause.graph!.valueCount} values; Graph does not document what several values mean (the portal writes one per clause), and SCIM Mapper checks and dry-runs only the first. Put alternatives in separate filter groups (they are OR-ed).`,
          span: { start: values.offset, end: values.offset + values.length },
        });
      }
    }
  },
};
