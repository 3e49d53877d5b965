/** Any other value: the schema's fixed values at the path (enums, constants, true / false), with their documentation. */
import type { JSONPath } from 'jsonc-parser';
import { encodeJsonStringBody } from '../../text/jsonString';
import type { Place } from '../cursor';
import { code } from '../markdown';
import { schemaValues } from '../schemaInfo';
import { valueDoc } from '../valueDocs';
import type { CompletionContext } from './context';
import { valueEdit } from './items';

export function completeFixedValues(context: CompletionContext, place: Extract<Place, { kind: 'value' }>): void {
  const { items } = context;
  const { span, close, inString, typed } = valueEdit(context.text, context.offset, place.at);
  for (const value of schemaValues(context.document.kind, place.path)) {
    // In a string only string values fit; a bare value may be any literal.
    if (inString && typeof value !== 'string') continue;
    const label = typeof value === 'string' ? value : JSON.stringify(value);
    const newText = inString ? encodeJsonStringBody(String(value)) + close : JSON.stringify(value);
    items.add({
      label,
      kind: 'value',
      span,
      newText,
      filterText: inString ? encodeJsonStringBody(String(value)) : newText,
      documentation: valueDocumentation(place.path, value),
    });
  }
  items.preselect(typed);
}

function valueDocumentation(path: JSONPath, value: unknown): string {
  const known = valueDoc(value);
  if (known) return `${code(JSON.stringify(value))} — ${known}`;
  const key = path[path.length - 1];
  return `${code(JSON.stringify(value))} for ${code(String(key))}.`;
}
