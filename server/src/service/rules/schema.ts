import mappingSchema from '../../../../schemas/mapping.schema.json';
import scopeSchema from '../../../../schemas/scope.schema.json';
import graphSchema from '../../../../schemas/synchronization-schema.schema.json';
import { validateAgainstSchema, type SchemaNode } from '../schema/validate';
import type { Rule } from './types';

const SCHEMAS = { mapping: mappingSchema, scope: scopeSchema, graph: graphSchema } as Record<string, SchemaNode>;

export const schema: Rule = {
  code: 'schema',
  defaultSeverity: 'error',
  documents: ['mapping', 'scope', 'graph'],
  description:
    "The file's structure does not follow the mapping or scope file format, or Graph's synchronization schema (unknown or missing properties, wrong types).",
  check(context) {
    const document = context.document;
    // A Graph schema may sit inside a job, a template or a templates response.
    const root = document.kind === 'graph' ? document.graph.schemaNode : document.root;
    if (!root) return;
    const definition = SCHEMAS[document.kind];
    for (const problem of validateAgainstSchema(root, definition)) {
      context.report({ code: this.code, message: problem.message, span: problem.span });
    }
  },
};
