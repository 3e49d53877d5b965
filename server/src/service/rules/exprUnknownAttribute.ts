import type { Rule } from './types';
import { fileSpan, forEachExpressionNode } from './util';

export const exprUnknownAttribute: Rule = {
  code: 'expr-unknown-attribute',
  defaultSeverity: 'error',
  documents: ['mapping'],
  description: 'An `[attribute]` that the Entra source object does not have (names are case-sensitive).',
  check(context) {
    forEachExpressionNode(context.document, (node, _parent, source, mapping) => {
      if (node.kind !== 'attribute' || !node.closed || node.name.length === 0) return;
      const object = mapping.object;
      const known = context.catalog.entraAttribute(object, node.name);
      // Only the name between the brackets is replaced by a fix (computed only for a finding).
      const nameSpan = () => fileSpan(source, node.start + 1, node.end - 1);
      if (known) {
        if (known.status === 'unavailable') {
          context.report({
            code: this.code,
            message: `[${node.name}] is not offered as a source attribute for ${object}s by default${known.notes?.[0] ? `: ${known.notes[0]}` : '.'}`,
            span: fileSpan(source, node.start, node.end),
          });
        }
        return;
      }
      const caseMatch = context.catalog.entraAttributeIgnoreCase(object, node.name);
      if (caseMatch) {
        context.report({
          code: this.code,
          message: `Attribute names are case-sensitive: Entra knows [${caseMatch.name}], not [${node.name}].`,
          span: fileSpan(source, node.start, node.end),
          fixes: [{ fix: 'replace', span: nameSpan(), newText: caseMatch.name, title: `Change to [${caseMatch.name}]` }],
        });
        return;
      }
      const other = object === 'user' ? 'group' : 'user';
      if (context.catalog.entraAttribute(other, node.name)) {
        context.report({
          code: this.code,
          message: `[${node.name}] is a ${other} attribute; ${object} mappings can only read ${object} attributes.`,
          span: fileSpan(source, node.start, node.end),
        });
        return;
      }
      const suggestion = context.catalog.suggestAttribute(object, node.name);
      context.report({
        code: this.code,
        message: `Unknown ${object} attribute [${node.name}]${suggestion ? `. Did you mean [${suggestion}]?` : '.'} Custom attributes must be added to the source schema first.`,
        span: fileSpan(source, node.start, node.end),
        fixes: suggestion ? [{ fix: 'replace', span: nameSpan(), newText: suggestion, title: `Change to [${suggestion}]` }] : undefined,
      });
    }, 'attribute');
  },
};
