import type { Rule } from './types';
import { fileSpan, objectMappings } from './util';

export const exprSyntax: Rule = {
  code: 'expr-syntax',
  defaultSeverity: 'error',
  documents: ['mapping'],
  description: 'A `source` expression does not follow the Entra expression grammar.',
  check(context) {
    for (const object of objectMappings(context.document)) {
      for (const mapping of object.mappings) {
        const source = mapping.source;
        if (!source) continue;
        for (const error of source.parsed.errors) {
          context.report({ code: this.code, message: error.message, span: fileSpan(source, error.start, error.end) });
        }
      }
    }
  },
};
