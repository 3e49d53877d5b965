import type { Rule } from './types';
import { fileSpan, forEachExpressionNode } from './util';

export const exprUnknownFunction: Rule = {
  code: 'expr-unknown-function',
  defaultSeverity: 'error',
  documents: ['mapping'],
  description: 'A function name that Entra does not know.',
  check(context) {
    forEachExpressionNode(context.document, (node, _parent, source) => {
      if (node.kind !== 'call' || context.catalog.functionByName(node.name)) return;
      const span = fileSpan(source, node.nameStart, node.nameEnd);
      const suggestion = context.catalog.suggestFunction(node.name);
      context.report({
        code: this.code,
        message: suggestion
          ? `Unknown function "${node.name}". Did you mean ${suggestion}?`
          : `Unknown function "${node.name}".`,
        span,
        fixes: suggestion ? [{ fix: 'replace', span, newText: suggestion, title: `Change to ${suggestion}` }] : undefined,
      });
    }, 'call');
  },
};
