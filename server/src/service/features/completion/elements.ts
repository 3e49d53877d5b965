/** A new element of an array: a whole mapping, scoping filter or clause as a snippet, with the commas it needs. */
import type { Place } from '../cursor';
import type { CompletionContext } from './context';
import { separators, TRIGGER_SUGGEST } from './items';

export function completeElement(context: CompletionContext, place: Extract<Place, { kind: 'element' }>): void {
  const { document, items, offset } = context;
  const path = place.path;
  const last = path[path.length - 1];
  const span = { start: offset, end: offset };
  const { before, after } = separators(document, place.arrayNode, span);
  const add = (label: string, body: string, documentation: string): void =>
    items.add({
      label,
      kind: 'snippet',
      span,
      newText: body + after,
      snippet: true,
      filterText: '{',
      documentation,
      command: TRIGGER_SUGGEST,
      additionalTextEdits: before,
      group: 0,
    });
  if (document.kind === 'graph') {
    if (last === 'attributeMappings') {
      add(
        '{ "targetAttributeName", "source" }',
        '{ "defaultValue": null, "exportMissingReferences": false, "flowBehavior": "FlowWhenChanged", "flowType": "Always", "matchingPriority": 0, "source": { "expression": "[$2]", "name": "$2", "parameters": [], "type": "Attribute" }, "targetAttributeName": "$1" }',
        'A new Graph attribute mapping: the target attribute and a direct (Attribute) source; Always applies it on create and update.',
      );
    } else if (last === 'groups') {
      add(
        '{ "name", "clauses": [...] }',
        '{ "name": "$1", "clauses": [{ "operatorName": "$2", "sourceOperandName": "$3", "targetOperand": { "values": ["$4"] } }] }',
        'A new scoping filter group. Groups are OR-ed; the clauses inside one group are AND-ed.',
      );
    } else if (last === 'clauses') {
      add(
        '{ "operatorName", "sourceOperandName", "targetOperand" }',
        '{ "operatorName": "$1", "sourceOperandName": "$2", "targetOperand": { "values": ["$3"] } }',
        'A new scoping clause. Unary operators (IS TRUE, IS NULL, ...) take an empty values array.',
      );
    }
  } else if (document.kind === 'mapping' && path.length === 2 && last === 'mappings') {
    add(
      '{ "target", "source" }',
      '{ "target": "$1", "source": "$2" }',
      'A new attribute mapping: the AWS target attribute and the Entra expression that feeds it.',
    );
  } else if (last === 'filters') {
    add(
      '{ "clauses": [...] }',
      '{ "clauses": [{ "attribute": "$1", "operator": "$2", "value": "$3" }] }',
      'A new scoping filter. Filters are OR-ed; the clauses inside one filter are AND-ed.',
    );
  } else if (last === 'clauses') {
    add(
      '{ "attribute", "operator", "value" }',
      '{ "attribute": "$1", "operator": "$2", "value": "$3" }',
      'A new scoping clause. Unary operators (IS TRUE, IS NULL, ...) take no value.',
    );
  }
}
