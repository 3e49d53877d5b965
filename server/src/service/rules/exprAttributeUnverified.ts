import type { Rule } from './types';
import { fileSpan, forEachExpressionNode } from './util';

export const exprAttributeUnverified: Rule = {
  code: 'expr-attribute-unverified',
  defaultSeverity: 'information',
  documents: ['mapping'],
  description: 'A source attribute that Entra likely offers but that no published schema confirms.',
  check(context) {
    forEachExpressionNode(context.document, (node, _parent, source, mapping) => {
      if (node.kind !== 'attribute' || !node.closed) return;
      const known = context.catalog.entraAttribute(mapping.object, node.name);
      if (known?.status !== 'likely') return;
      context.report({
        code: this.code,
        message: `[${node.name}] is likely available but not confirmed as a source attribute for outbound provisioning; check it in your tenant's attribute list.`,
        span: fileSpan(source, node.start, node.end),
      });
    }, 'attribute');
  },
};
