import type { AttributeNode } from '../expression/ast';
import type { Rule } from './types';

export const exprAttributeUnverified: Rule = {
  code: 'expr-attribute-unverified',
  defaultSeverity: 'information',
  documents: ['mapping'],
  description: 'A source attribute that Entra likely offers but that no published schema confirms.',
  checkExpression(context) {
    for (const node of context.nodes('attribute').nodes as AttributeNode[]) {
      if (!node.closed) continue;
      const known = context.catalog.entraAttribute(context.object, node.name);
      if (known?.status !== 'likely') continue;
      context.report({
        code: this.code,
        message: `[${node.name}] is likely available but not confirmed as a source attribute for outbound provisioning; check it in your tenant's attribute list.`,
        span: { start: node.start, end: node.end },
      });
    }
  },
};
