import type { AttributeNode } from '../expression/ast';
import type { Rule } from './types';

export const exprUnknownAttribute: Rule = {
  code: 'expr-unknown-attribute',
  defaultSeverity: 'error',
  documents: ['mapping'],
  description: 'An `[attribute]` that the Entra source object does not have (names are case-sensitive).',
  checkExpression(context) {
    const object = context.object;
    for (const node of context.nodes('attribute').nodes as AttributeNode[]) {
      if (!node.closed || node.name.length === 0) continue;
      const known = context.catalog.entraAttribute(object, node.name);
      if (known) {
        if (known.status === 'unavailable') {
          context.report({
            code: this.code,
            message: `[${node.name}] is not offered as a source attribute for ${object}s by default${known.notes?.[0] ? `: ${known.notes[0]}` : '.'}`,
            span: { start: node.start, end: node.end },
          });
        }
        continue;
      }
      // Only the name between the brackets is replaced by a fix.
      const nameSpan = { start: node.start + 1, end: node.end - 1 };
      const caseMatch = context.catalog.entraAttributeIgnoreCase(object, node.name);
      if (caseMatch) {
        context.report({
          code: this.code,
          message: `Attribute names are case-sensitive: Entra knows [${caseMatch.name}], not [${node.name}].`,
          span: { start: node.start, end: node.end },
          fixes: [{ fix: 'replace', span: nameSpan, newText: caseMatch.name, title: `Change to [${caseMatch.name}]` }],
        });
        continue;
      }
      const other = object === 'user' ? 'group' : 'user';
      if (context.catalog.entraAttribute(other, node.name)) {
        context.report({
          code: this.code,
          message: `[${node.name}] is a ${other} attribute; ${object} mappings can only read ${object} attributes.`,
          span: { start: node.start, end: node.end },
        });
        continue;
      }
      const suggestion = context.catalog.suggestAttribute(object, node.name);
      context.report({
        code: this.code,
        message: `Unknown ${object} attribute [${node.name}]${suggestion ? `. Did you mean [${suggestion}]?` : '.'} Custom attributes must be added to the source schema first.`,
        span: { start: node.start, end: node.end },
        fixes: suggestion
          ? [{ fix: 'replace', span: nameSpan, newText: suggestion, title: `Change to [${suggestion}]` }]
          : undefined,
      });
    }
  },
};
