/**
 * A scoping clause's fields: the object's scopable attributes, the scope operators, and for the
 * value a hint from the clause's operator (an integer, an anchored regex) or attribute (True /
 * False for a Boolean). Unary operators take no value, so nothing is offered there.
 */
import type { Place } from '../cursor';
import { clauseOf } from '../cursor';
import { attributeDocumentation, code, operatorDetail, operatorDocumentation } from '../markdown';
import type { CompletionContext } from './context';
import { attributeDetail } from './details';
import { quotedValue, snippetLiteral, valueEdit } from './items';

export function completeClause(context: CompletionContext, place: Extract<Place, { kind: 'clause' }>): void {
  const { items, catalog } = context;
  const edit = valueEdit(context.text, context.offset, place.at);
  const { span, inString, close } = edit;
  if (place.field === 'attribute') {
    for (const attribute of catalog.entraAttributesFor(place.object)) {
      if (!attribute.scopable || attribute.status === 'unavailable') continue;
      items.add({
        label: attribute.name,
        kind: 'variable',
        span,
        ...quotedValue(edit, attribute.name),
        detail: attributeDetail(attribute),
        documentation: attributeDocumentation(catalog, attribute),
        group: attribute.status === 'confirmed' ? 0 : 1,
      });
    }
  } else if (place.field === 'operator') {
    for (const operator of catalog.catalogs.scopeOperators) {
      items.add({
        label: operator.name,
        kind: 'operator',
        span,
        ...quotedValue(edit, operator.name),
        detail: operatorDetail(operator),
        documentation: operatorDocumentation(catalog, operator),
        group: operator.semanticsUnknown ? 9 : 1,
      });
    }
  } else {
    // Value hints from the clause's operator and attribute.
    const clause = clauseOf(context.document, place);
    const operator = typeof clause.operator === 'string' ? catalog.scopeOperator(clause.operator) : undefined;
    const attribute = typeof clause.attribute === 'string' ? catalog.entraAttribute(place.object, clause.attribute) : undefined;
    if (operator?.arity === 'unary') {
      // No value.
    } else if (operator?.valueType === 'integer') {
      items.add({
        label: '0',
        kind: 'value',
        span,
        newText: inString ? '${1:0}' + snippetLiteral(close) : '${1:0}',
        snippet: true,
        filterText: '0',
        detail: 'integer',
        documentation: `${code(operator.name)} compares integers: write a whole number such as ${code('0')} or ${code('1000')}, as a number or a string of digits.`,
      });
    } else if (operator?.valueType === 'regex') {
      items.add({
        label: '^…$',
        kind: 'snippet',
        span,
        newText: inString ? '^${1:pattern}\\$' + snippetLiteral(close) : '"^${1:pattern}\\$"',
        snippet: true,
        filterText: inString ? '^' : '"^',
        detail: 'anchored regular expression',
        documentation: `Whether ${code(operator.name)} is anchored to the whole value is not documented; write ${code('^')} and ${code('$')} explicitly. Backslashes must be doubled in JSON (${code('\\\\d')}).`,
      });
    } else if (attribute?.type === 'Boolean') {
      for (const value of ['True', 'False']) {
        items.add({
          label: value,
          kind: 'value',
          span,
          ...quotedValue(edit, value),
          detail: `Boolean value of ${attribute.name}`,
          documentation: `${code(attribute.name)} is a Boolean; Graph's own example compares Booleans with EQUALS and the string ${code(value)}. ${code(`IS ${value.toUpperCase()}`)} is the unary alternative.`,
        });
      }
    }
  }
  items.preselect(edit.typed);
}
