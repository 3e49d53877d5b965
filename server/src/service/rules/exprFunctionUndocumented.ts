import type { Rule } from './types';
import { fileSpan, forEachExpressionNode } from './util';

export const exprFunctionUndocumented: Rule = {
  code: 'expr-function-undocumented',
  defaultSeverity: 'warning',
  documents: ['mapping'],
  description: 'A function that is documented only for Cloud Sync or reported by users, not in the app-provisioning reference.',
  check(context) {
    forEachExpressionNode(context.document, (node, _parent, source) => {
      if (node.kind !== 'call') return;
      const signature = context.catalog.functionByName(node.name);
      if (!signature || signature.status === 'documented') return;
      context.report({
        code: this.code,
        message: `${signature.name} is not in Entra's app-provisioning function reference (${signature.statusDetail}); it may fail when the mapping is saved or provisioned.`,
        span: fileSpan(source, node.nameStart, node.nameEnd),
      });
    }, 'call');
  },
};
