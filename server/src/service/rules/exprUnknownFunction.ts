import type { CallNode } from '../expression/ast';
import type { Rule } from './types';

export const exprUnknownFunction: Rule = {
  code: 'expr-unknown-function',
  defaultSeverity: 'error',
  documents: ['mapping'],
  description: 'A function name that Entra does not know.',
  checkExpression(context) {
    for (const node of context.nodes('call').nodes as CallNode[]) {
      if (context.catalog.functionByName(node.name)) continue;
      const span = { start: node.nameStart, end: node.nameEnd };
      const suggestion = context.catalog.suggestFunction(node.name);
      context.report({
        code: this.code,
        message: suggestion ? `Unknown function "${node.name}". Did you mean ${suggestion}?` : `Unknown function "${node.name}".`,
        span,
        fixes: suggestion ? [{ fix: 'replace', span, newText: suggestion, title: `Change to ${suggestion}` }] : undefined,
      });
    }
  },
};
