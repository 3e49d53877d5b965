import { MAX_NESTING, parseExpression } from '../expression/parser';
import { itemsOf, plainValue, prop } from '../model/jsonNodes';
import { rewriteSourceFix } from '../graph/fixes';
import { canonicalOfExpression, canonicalOfTree, printCanonical, sameCanonical, type Canonical } from '../graph/tree';
import type { GraphDocument, JsonNode } from '../model/types';
import { encodeJsonStringBody } from '../text/jsonString';
import type { FixData, Rule } from './types';
import { innerSpan, objectMappings } from './util';
import { stringFieldOf } from '../model/jsonNodes';

function hasInvalid(c: Canonical): boolean {
  if (c.type === 'Invalid') return true;
  return c.type === 'Function' && c.args.some((a) => a !== null && hasInvalid(a));
}

/**
 * Graph stores an expression twice: as `source.expression` and as the source tree. They should
 * say the same thing; when they do not, which one Graph provisions with is not documented.
 */
export const graphExpressionMismatch: Rule = {
  code: 'graph-expression-mismatch',
  defaultSeverity: 'error',
  documents: ['graph'],
  description:
    "In a Graph schema, a source's `expression` text and its source tree (Attribute / Constant / Function nodes) say different things.",
  check(context) {
    const document = context.document as GraphDocument;
    const catalog = context.catalog;
    for (const object of objectMappings(document)) {
      for (const mapping of object.mappings) {
        const source = mapping.source;
        const tree = source?.graph?.tree;
        if (!source || !tree || tree.type !== 'object' || (!prop(tree, 'type') && !prop(tree, 'name'))) continue;
        const expression = source.graph!.expression;
        if (expression) {
          const fromText = canonicalOfExpression(source.parsed);
          const fromTree = canonicalOfTree(plainValue(tree), catalog);
          if (fromText && !hasInvalid(fromTree) && !sameCanonical(fromText, fromTree)) {
            const treeText = printCanonical(fromTree);
            const span = innerSpan(expression);
            const fixes: FixData[] = [];
            const rebuilt = rewriteSourceFix(
              document,
              mapping,
              source.value,
              catalog,
              'Rebuild the source tree from source.expression',
              true,
            );
            if (rebuilt) fixes.push(rebuilt);
            fixes.push({
              fix: 'replace',
              span,
              newText: encodeJsonStringBody(treeText),
              title: 'Rewrite source.expression from the source tree',
            });
            context.report({
              code: this.code,
              message: `source.expression is ${source.value} but the source tree says ${treeText}; Graph does not document which of the two it provisions with.`,
              span,
              fixes,
            });
            continue;
          }
        }
        // The `expression` of each node below the top should match its subtree too.
        const stale = staleChild(document.text, tree, catalog, 0);
        if (stale) {
          const span = innerSpan(stale.field);
          context.report({
            code: this.code,
            message: `This node's expression is ${stale.field.value} but its subtree says ${stale.treeText}; Graph does not document which of the two it provisions with.`,
            span,
            fixes: [
              {
                fix: 'replace',
                span,
                newText: encodeJsonStringBody(stale.treeText),
                title: 'Rewrite this expression from the source tree',
              },
            ],
          });
        }
      }
    }
  },
};

function staleChild(
  text: string,
  node: JsonNode,
  catalog: Parameters<typeof canonicalOfTree>[1],
  depth: number,
): { field: NonNullable<ReturnType<typeof stringFieldOf>>; treeText: string } | undefined {
  if (depth > MAX_NESTING) return undefined;
  for (const pair of itemsOf(prop(node, 'parameters'))) {
    const value = prop(pair, 'value');
    if (!value || value.type !== 'object') continue;
    const field = stringFieldOf(text, prop(value, 'expression'));
    if (field) {
      const fromText = canonicalOfExpression(parseExpression(field.value));
      const fromTree = canonicalOfTree(plainValue(value), catalog);
      if (fromText && !hasInvalid(fromTree) && !sameCanonical(fromText, fromTree))
        return { field, treeText: printCanonical(fromTree) };
    }
    const deeper = staleChild(text, value, catalog, depth + 1);
    if (deeper) return deeper;
  }
  return undefined;
}
