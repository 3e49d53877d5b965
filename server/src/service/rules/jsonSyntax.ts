import type { Rule } from './types';

export const jsonSyntax: Rule = {
  code: 'json-syntax',
  defaultSeverity: 'error',
  documents: ['mapping', 'scope'],
  description: 'The file is not valid JSON with comments.',
  check(context) {
    for (const problem of context.document.syntaxErrors) {
      if (problem.tooLarge) continue; // reported by document-too-large
      context.report({ code: this.code, message: problem.message, span: problem.span });
    }
  },
};
