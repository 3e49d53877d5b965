import type { Rule } from './types';

export const exprSyntax: Rule = {
  code: 'expr-syntax',
  defaultSeverity: 'error',
  documents: ['mapping'],
  description: 'A `source` expression does not follow the Entra expression grammar.',
  checkExpression(context) {
    for (const error of context.parsed.errors) {
      context.report({ code: this.code, message: error.message, span: { start: error.start, end: error.end } });
    }
  },
};
