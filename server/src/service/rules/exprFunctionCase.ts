import type { CallNode } from '../expression/ast';
import type { Rule } from './types';

/**
 * Entra's docs call the syntax case-sensitive, yet Microsoft's own examples use `switch` and
 * `Instr`. Names resolve case-insensitively and a different casing is only a warning.
 */
export const exprFunctionCase: Rule = {
  code: 'expr-function-case',
  defaultSeverity: 'warning',
  documents: ['mapping'],
  description: 'A function name written with other casing than the documented one.',
  checkExpression(context) {
    for (const node of context.nodes('call').nodes as CallNode[]) {
      const signature = context.catalog.functionByName(node.name);
      if (!signature || signature.name === node.name) continue;
      const span = { start: node.nameStart, end: node.nameEnd };
      context.report({
        code: this.code,
        message: `"${node.name}" is documented as ${signature.name}; the docs call the syntax case-sensitive, so write it as documented.`,
        span,
        fixes: [{ fix: 'replace', span, newText: signature.name, title: `Change to ${signature.name}` }],
      });
    }
  },
};
