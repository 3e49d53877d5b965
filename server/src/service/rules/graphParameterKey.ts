import { printTree } from '../graph/tree';
import type { GraphDocument } from '../model/types';
import type { Rule } from './types';
import { innerSpan, objectMappings } from './util';
import { stringFieldOf } from '../model/jsonNodes';

/**
 * A Function node's parameter key that is not the Graph key of any of the function's
 * parameters: Graph places arguments by key, so the argument lands somewhere else or is rejected.
 */
export const graphParameterKey: Rule = {
  code: 'graph-parameter-key',
  defaultSeverity: 'warning',
  documents: ['graph'],
  description:
    'In a Graph source tree, a function parameter key that is not Graph\'s key for that function (e.g. the documentation\'s "oldValue" for Replace\'s "Find").',
  check(context) {
    const document = context.document as GraphDocument;
    for (const object of objectMappings(document)) {
      for (const mapping of object.mappings) {
        const tree = mapping.source?.graph?.tree;
        if (!tree || tree.type !== 'object') continue;
        for (const problem of printTree(document.text, tree, context.catalog).problems) {
          if (problem.kind !== 'parameter-key') continue;
          const field = stringFieldOf(document.text, problem.node);
          const signature = problem.functionName ? context.catalog.functionByName(problem.functionName) : undefined;
          const unconfirmed = signature?.parameters.some((p) => !p.graphKeyConfirmed)
            ? ` SCIM Mapper's keys for ${signature.name} come from the documentation, not from Graph's function schema, so this may be a gap in our catalog.`
            : '';
          const span = field ? innerSpan(field) : { start: problem.node.offset, end: problem.node.offset + problem.node.length };
          context.report({
            code: this.code,
            message: problem.message + unconfirmed,
            span,
            fixes:
              field && problem.replacement
                ? [{ fix: 'replace', span, newText: problem.replacement, title: `Change the key to ${problem.replacement}` }]
                : undefined,
          });
        }
      }
    }
  },
};
