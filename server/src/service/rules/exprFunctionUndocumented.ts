import type { CallNode } from '../expression/ast';
import type { Rule } from './types';

export const exprFunctionUndocumented: Rule = {
  code: 'expr-function-undocumented',
  defaultSeverity: 'warning',
  documents: ['mapping'],
  description: 'A function that is documented only for Cloud Sync or reported by users, not in the app-provisioning reference.',
  checkExpression(context) {
    for (const node of context.nodes('call').nodes as CallNode[]) {
      const signature = context.catalog.functionByName(node.name);
      if (!signature || signature.status === 'documented') continue;
      context.report({
        code: this.code,
        message: `${signature.name} is not in Entra's app-provisioning function reference (${signature.statusDetail}); it may fail when the mapping is saved or provisioned.`,
        span: { start: node.nameStart, end: node.nameEnd },
      });
    }
  },
};
