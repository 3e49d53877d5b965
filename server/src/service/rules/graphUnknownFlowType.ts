import { GRAPH_FLOW_TYPES } from '../graph/read';
import { closestMatch } from '../util/similar';
import type { Rule } from './types';
import { innerSpan, objectMappings } from './util';

export const graphUnknownFlowType: Rule = {
  code: 'graph-unknown-flow-type',
  defaultSeverity: 'error',
  documents: ['graph'],
  description:
    "In a Graph schema, an attribute mapping's `flowType` is not one Graph defines (Always, ObjectAddOnly, MultiValueAddOnly, ValueAddOnly, AttributeAddOnly).",
  check(context) {
    for (const object of objectMappings(context.document)) {
      for (const mapping of object.mappings) {
        const flowType = mapping.graph?.flowType;
        if (!flowType || (GRAPH_FLOW_TYPES as readonly string[]).includes(flowType.value)) continue;
        const span = innerSpan(flowType);
        const caseMatch = GRAPH_FLOW_TYPES.find((t) => t.toLowerCase() === flowType.value.toLowerCase());
        const suggestion = caseMatch ?? closestMatch(flowType.value, GRAPH_FLOW_TYPES);
        context.report({
          code: this.code,
          message: caseMatch
            ? `Graph writes this flowType as "${caseMatch}".`
            : `Unknown flowType "${flowType.value}"${suggestion ? `. Did you mean "${suggestion}"?` : ''} Graph defines ${GRAPH_FLOW_TYPES.join(', ')} (Always: create and update; ObjectAddOnly: only on create).`,
          span,
          fixes: suggestion ? [{ fix: 'replace', span, newText: suggestion, title: `Change to ${suggestion}` }] : undefined,
        });
      }
    }
  },
};
