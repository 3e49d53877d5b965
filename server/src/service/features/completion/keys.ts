/** Property keys: inside the quotes of a key, or where a new property can start (then with its value and commas). */
import { encodeJsonStringBody } from '../../text/jsonString';
import type { JsonNode } from '../../model/types';
import type { Span } from '../../text/lineIndex';
import { contentSpan, isClosedString, type Place } from '../cursor';
import { nodeEnd } from '../jsonText';
import { code, escapeMarkdown } from '../markdown';
import { schemaProperties, schemaType, type SchemaProperty } from '../schemaInfo';
import type { CompletionContext } from './context';
import { separators, snippetLiteral, TRIGGER_SUGGEST } from './items';

export function completeKeys(context: CompletionContext, place: Extract<Place, { kind: 'key' } | { kind: 'new-key' }>): void {
  const { text, offset, items } = context;
  const objectNode = place.objectNode;
  const existing = new Set<string>();
  for (const property of objectNode.children ?? []) {
    if (place.kind === 'key' && property === place.property) continue;
    const key = property.children?.[0]?.value;
    if (typeof key === 'string') existing.add(key);
  }
  const properties = schemaProperties(context.document.kind, place.objectPath).filter((p) => !existing.has(p.name));
  if (place.kind === 'key') {
    const keyNode = place.keyNode;
    const hasColon = place.property.colonOffset !== undefined;
    const closed = isClosedString(text, keyNode);
    for (const property of properties) {
      if (hasColon) {
        // The value is there already: only the key's text changes.
        const span = closed ? contentSpan(text, keyNode) : { start: keyNode.offset + 1, end: offset };
        items.add({
          label: property.name,
          kind: 'property',
          span,
          newText: encodeJsonStringBody(property.name) + (closed ? '' : '"'),
          filterText: encodeJsonStringBody(property.name),
          detail: keyDetail(property),
          documentation: keyDocumentation(property),
          group: property.required ? 0 : 1,
        });
      } else {
        const span = { start: keyNode.offset, end: closed ? nodeEnd(keyNode) : offset };
        keyItem(context, property, span, `"${encodeJsonStringBody(property.name)}"`, objectNode);
      }
    }
    const typed = text.slice(keyNode.offset + 1, offset);
    items.preselect(hasColon ? typed : '"' + typed);
    return;
  }
  // A new key: replace a half-typed bare word around the cursor.
  let start = offset;
  while (start > 0 && /[A-Za-z0-9_$]/.test(text[start - 1])) start--;
  let end = offset;
  while (end < text.length && /[A-Za-z0-9_$]/.test(text[end])) end++;
  const span = { start, end };
  for (const property of properties) keyItem(context, property, span, property.name, objectNode);
  items.preselect(text.slice(start, offset));
}

/** A whole property: key, colon, a value placeholder of the schema's type, and the commas it needs. */
function keyItem(
  context: CompletionContext,
  property: SchemaProperty,
  span: Span,
  filterText: string,
  container: JsonNode,
): void {
  const { before, after } = separators(context.document, container, span);
  const value = valueSnippet(property);
  context.items.add({
    label: property.name,
    kind: 'property',
    span,
    newText: `"${snippetLiteral(encodeJsonStringBody(property.name))}": ${value.text}${after}`,
    snippet: true,
    filterText,
    detail: keyDetail(property),
    documentation: keyDocumentation(property),
    group: property.required ? 0 : 1,
    command: value.suggest ? TRIGGER_SUGGEST : undefined,
    additionalTextEdits: before,
  });
}

function keyDetail(property: SchemaProperty): string {
  return `${property.required ? 'required' : 'optional'} ${schemaType(property.schema)}`;
}

function keyDocumentation(property: SchemaProperty): string {
  const values = property.schema.enum ?? (property.schema.const !== undefined ? [property.schema.const] : undefined);
  const lines = [`${code(property.name)}${property.required ? ' (required)' : ''}`];
  if (property.schema.description) lines.push(escapeMarkdown(property.schema.description));
  if (values) lines.push(`Values: ${values.map((v) => code(JSON.stringify(v))).join(', ')}`);
  return lines.join('\n\n');
}

/** The value placeholder of a new property; `suggest` when completion should open inside it. */
function valueSnippet(property: SchemaProperty): { text: string; suggest: boolean } {
  const schema = property.schema;
  if (schema.enum && schema.enum.length > 0) {
    return { text: `"\${1|${schema.enum.map((v) => String(v).replace(/[,|\\$}]/g, '\\$&')).join(',')}|}"`, suggest: false };
  }
  if (schema.const !== undefined) return { text: snippetLiteral(JSON.stringify(schema.const)), suggest: false };
  switch (schemaType(schema)) {
    case 'string':
      return { text: '"$1"', suggest: true };
    case 'integer':
      return { text: '${1:1}', suggest: false };
    case 'boolean':
      return { text: '${1|true,false|}', suggest: false };
    case 'object':
      return { text: '{$1}', suggest: false };
    case 'array':
      return { text: '[$1]', suggest: false };
    default:
      return { text: '$1', suggest: false };
  }
}
