import type { Rule } from './types';
import { fileSpan, forEachExpressionNode } from './util';

/**
 * Entra's docs call the syntax case-sensitive, yet Microsoft's own examples use `switch` and
 * `Instr`. Names resolve case-insensitively and a different casing is only a warning.
 */
export const exprFunctionCase: Rule = {
  code: 'expr-function-case',
  defaultSeverity: 'warning',
  documents: ['mapping'],
  description: 'A function name written with other casing than the documented one.',
  check(context) {
    forEachExpressionNode(context.document, (node, _parent, source) => {
      if (node.kind !== 'call') return;
      const signature = context.catalog.functionByName(node.name);
      if (!signature || signature.name === node.name) return;
      const span = fileSpan(source, node.nameStart, node.nameEnd);
      context.report({
        code: this.code,
        message: `"${node.name}" is documented as ${signature.name}; the docs call the syntax case-sensitive, so write it as documented.`,
        span,
        fixes: [{ fix: 'replace', span, newText: signature.name, title: `Change to ${signature.name}` }],
      });
    }, 'call');
  },
};
