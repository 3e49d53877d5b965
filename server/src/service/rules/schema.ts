import mappingSchema from '../../../../schemas/mapping.schema.json';
import scopeSchema from '../../../../schemas/scope.schema.json';
import { validateAgainstSchema, type SchemaNode } from '../schema/validate';
import type { Rule } from './types';

export const schema: Rule = {
  code: 'schema',
  defaultSeverity: 'error',
  documents: ['mapping', 'scope'],
  description: 'The file\'s structure does not follow the mapping or scope file format (unknown or missing properties, wrong types).',
  check(context) {
    const root = context.document.root;
    if (!root) return;
    const definition = (context.document.kind === 'mapping' ? mappingSchema : scopeSchema) as SchemaNode;
    for (const problem of validateAgainstSchema(root, definition)) {
      context.report({ code: this.code, message: problem.message, span: problem.span });
    }
  },
};
