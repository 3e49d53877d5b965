/**
 * Inside a Graph source tree (a source written as nodes, not as expression text): attribute
 * names, function names and the parameter keys a function has not used yet. A constant's name
 * or a node's `expression` gets nothing (the expression is completed as an expression).
 */
import { findNodeAtLocation } from 'jsonc-parser';
import { prop, stringOf } from '../../model/jsonNodes';
import { encodeJsonStringBody } from '../../text/jsonString';
import type { Place } from '../cursor';
import { attributeDocumentation, code, escapeMarkdown, functionDocumentation, parameterDisplayName } from '../markdown';
import type { CompletionContext } from './context';
import { attributeDetail, functionDetail } from './details';
import { valueEdit } from './items';

export function completeSourceTree(context: CompletionContext, place: Extract<Place, { kind: 'source-tree' }>): void {
  const { items, document } = context;
  const { span, close, typed } = valueEdit(context.text, context.offset, { quoted: true, node: place.node });
  const role = place.role;
  if (role.kind === 'attribute') {
    const catalog = context.catalog;
    for (const attribute of catalog.entraAttributesFor(place.object)) {
      if (attribute.status === 'unavailable') continue;
      const body = encodeJsonStringBody(attribute.name);
      items.add({
        label: attribute.name,
        kind: 'variable',
        span,
        newText: body + close,
        filterText: body,
        detail: attributeDetail(attribute),
        documentation: attributeDocumentation(catalog, attribute),
        group: attribute.status === 'confirmed' ? 1 : 2,
      });
    }
  } else if (role.kind === 'function') {
    const catalog = context.catalog;
    for (const signature of catalog.catalogs.functions) {
      items.add({
        label: signature.name,
        kind: 'function',
        span,
        newText: signature.name + close,
        filterText: signature.name,
        detail: functionDetail(signature),
        documentation: functionDocumentation(catalog, signature),
        group: signature.status === 'documented' ? 1 : 3,
      });
    }
  } else if (role.kind === 'key') {
    const signature = context.catalog.functionByName(stringOf(prop(role.functionNode, 'name')) ?? '');
    if (signature) {
      // The keys the other parameters do not use yet (repeating ones always), in parameter order.
      const current = findNodeAtLocation(document.root!, place.path.slice(0, -1));
      const used = new Set(
        (prop(role.functionNode, 'parameters')?.children ?? [])
          .filter((pair) => pair !== current)
          .map((pair) => stringOf(prop(pair, 'key'))?.toLowerCase()),
      );
      const seen = new Set<string>();
      for (const parameter of signature.parameters) {
        const key = parameter.graphKey;
        if (seen.has(key) || (used.has(key.toLowerCase()) && !parameter.repeats)) continue;
        seen.add(key);
        items.add({
          label: key,
          kind: 'property',
          span,
          newText: encodeJsonStringBody(key) + close,
          filterText: encodeJsonStringBody(key),
          detail: `${signature.name} · ${parameterDisplayName(parameter)}${parameter.graphKeyConfirmed ? '' : ' · key not confirmed by Graph'}`,
          documentation: `${code(key)} — Graph's key for ${code(signature.name)}'s parameter ${code(parameter.name)}${parameter.required ? ' (required)' : ''}.\n\n${escapeMarkdown(parameter.description)}${parameter.graphKeyConfirmed ? '' : "\n\n⚠️ This key is taken from the documentation; Graph's function schema does not confirm it."}`,
          group: parameter.required ? 0 : 1,
        });
      }
    }
  }
  items.preselect(typed);
}
