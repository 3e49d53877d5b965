/**
 * Inside an expression string: attribute names after `[`, function names where a value can
 * start (as snippets with their parameters unless a `(` follows), and a keyword parameter's
 * values (Enum parameters such as Replace's mode, written without quotes).
 */
import type { FunctionSignature, ObjectKind } from '../../catalog/types';
import { parameterForSlot } from '../../expression/bind';
import type { Span } from '../../text/lineIndex';
import { decodedIndexOf, encodeJsonStringBody, fileOffsetOf } from '../../text/jsonString';
import type { Place } from '../cursor';
import { callContextAt, expressionSpot } from '../expressionContext';
import { attributeDocumentation, code, escapeMarkdown, functionDocumentation, parameterDisplayName } from '../markdown';
import type { CompletionContext } from './context';
import { attributeDetail, functionDetail } from './details';
import { jsonSnippet, TRIGGER_PARAMETER_HINTS } from './items';

export function completeExpression(context: CompletionContext, place: Extract<Place, { kind: 'expression' }>): void {
  const { source, object } = place;
  const { items, catalog } = context;
  const index = decodedIndexOf(source.decoded, context.offset);
  const text = source.parsed.text;
  const spot = expressionSpot(text, index);
  const toFile = (span: Span): Span => ({
    start: fileOffsetOf(source.decoded, span.start),
    end: fileOffsetOf(source.decoded, span.end),
  });
  if (spot.kind === 'attribute') {
    attributes(context, object, toFile(spot.replace));
    items.preselect(text.slice(spot.name.start, index));
    return;
  }
  if (spot.kind !== 'identifier') return;
  const span = toFile(spot.word);
  const typed = text.slice(spot.word.start, index);
  const call = callContextAt(catalog, source.parsed.root, index);
  if (call?.parameter?.type === 'Enum' && call.parameter.enumValues) {
    for (const value of call.parameter.enumValues) {
      items.add({
        label: value,
        kind: 'enumMember',
        span,
        newText: value,
        detail: `${call.signature!.name} ${call.parameter.name}`,
        documentation: `${code(value)} — a value of ${code(call.signature!.name)}'s ${code(call.parameter.name)} parameter, written without quotes.\n\n${escapeMarkdown(call.parameter.description)}`,
        group: 0,
      });
    }
    items.preselect(typed);
    return;
  }
  for (const signature of catalog.catalogs.functions) {
    const snippet = !spot.followedByParen;
    items.add({
      label: signature.name,
      kind: 'function',
      span,
      newText: snippet ? functionSnippet(signature) : signature.name,
      snippet,
      filterText: signature.name,
      detail: functionDetail(signature),
      documentation: functionDocumentation(catalog, signature),
      group: signature.status === 'documented' ? 1 : 3,
      command: snippet && signature.parameters.length > 0 ? TRIGGER_PARAMETER_HINTS : undefined,
    });
  }
  items.preselect(typed);
}

/** The object's attributes (with the closing `]`), then name patterns such as directory extensions as snippets. */
function attributes(context: CompletionContext, object: ObjectKind, span: Span): void {
  const { items, catalog } = context;
  for (const attribute of catalog.entraAttributesFor(object)) {
    if (attribute.status === 'unavailable') continue;
    items.add({
      label: attribute.name,
      kind: 'variable',
      span,
      newText: encodeJsonStringBody(attribute.name + ']'),
      filterText: attribute.name,
      detail: attributeDetail(attribute),
      documentation: attributeDocumentation(catalog, attribute),
      group: attribute.status === 'confirmed' ? 1 : 2,
    });
  }
  for (const attribute of catalog.catalogs.entraAttributes) {
    if (!attribute.pattern || attribute.object !== object || attribute.status === 'unavailable') continue;
    const parts = attribute.name.split(/(<[^>]+>)/).filter(Boolean);
    let n = 0;
    const body = parts.map((p) => (p.startsWith('<') ? `\${${++n}:${jsonSnippet(p.slice(1, -1))}}` : jsonSnippet(p))).join('');
    items.add({
      label: attribute.name,
      kind: 'variable',
      span,
      newText: body + ']',
      snippet: true,
      filterText: attribute.name,
      detail: attributeDetail(attribute),
      documentation: attributeDocumentation(catalog, attribute),
      group: 3,
    });
  }
}

/** `Join(${1:separator}, ${2:source})`, escaped for a JSON string and for the snippet syntax. */
export function functionSnippet(signature: FunctionSignature): string {
  if (signature.name === 'Replace') {
    // The common literal mode, with every positional slot written so the empty ones are visible.
    return 'Replace(${1:source}, ${2:oldValue}, , , ${3:replacementValue}, , )';
  }
  const hasRepeats = signature.parameters.some((p) => p.repeats);
  const count = Math.max(signature.minArgs, hasRepeats ? 2 : 0);
  const slots: string[] = [];
  for (let i = 0; i < count; i++) {
    const parameter = parameterForSlot(signature, i, count);
    const name = parameter ? parameterDisplayName(parameter) : `argument${i + 1}`;
    slots.push(`\${${i + 1}:${jsonSnippet(name)}}`);
  }
  return `${jsonSnippet(signature.name)}(${slots.join(', ')})`;
}
