/**
 * Hover documentation: functions, attributes and enum identifiers inside `source` expressions,
 * AWS targets, scoping attributes and operators, property keys and fixed values.
 */
import { findNodeAtLocation, type JSONPath } from 'jsonc-parser';
import type { ObjectKind } from '../catalog/types';
import { walk, type ExprNode } from '../expression/ast';
import type { LanguageService } from '../languageService';
import { prop, stringOf } from '../model/jsonNodes';
import { assignSlots } from '../graph/tree';
import type { JsonNode, ModelDocument, SourceExpression } from '../model/types';
import type { Position, Span } from '../text/lineIndex';
import { decodedIndexOf, fileOffsetOf } from '../text/jsonString';
import { contentSpan, locate, type Place } from './cursor';
import { callContextAt } from './expressionContext';
import {
  attributeDocumentation,
  code,
  escapeMarkdown,
  functionDocumentation,
  markdown,
  operatorDocumentation,
  targetDocumentation,
} from './markdown';
import { schemaProperties, schemaValues } from './schemaInfo';
import type { Hover } from './types';
import { valueDoc } from './valueDocs';
import { failureModeNotes } from './failureModeDocs';
import { unsupportedParentOf } from '../aws/constraints';

export function hover(service: LanguageService, document: ModelDocument, position: Position): Hover | null {
  const { offset, place } = locate(service, document, position);
  const text = document.text;
  const make = (value: string, span: Span): Hover => ({ contents: markdown(value), range: document.lines.rangeOf(span) });

  switch (place.kind) {
    case 'key': {
      const key = String(place.keyNode.value);
      const property = schemaProperties(document.kind, place.objectPath).find((p) => p.name === key);
      if (!property?.schema.description) return null;
      return make(`${code(key)}${property.required ? ' (required)' : ''}\n\n${escapeMarkdown(property.schema.description)}`, {
        start: place.keyNode.offset,
        end: place.keyNode.offset + place.keyNode.length,
      });
    }
    case 'expression':
      return expressionHover(service, document, place.source, place.object, offset);
    case 'source-tree': {
      const tree = graphTreeHover(service, document, place);
      return tree ? make(tree, contentSpan(text, place.node)) : fixedValueHover(service, document, place.path, place.node, make);
    }
    case 'target': {
      if (!place.at.quoted) return null;
      const { node } = place.at;
      const value = String(node.value ?? '');
      const span = contentSpan(text, node);
      const catalog = service.catalogFor(document);
      const object = place.object;
      const target = catalog.awsTarget(object, value) ?? catalog.awsTargetIgnoreCase(object, value);
      if (!target) {
        // A path under an unsupported attribute (photos[…].value): the attribute's own documentation.
        const parent = unsupportedParentOf(catalog, object, value);
        const parentTarget = parent ? catalog.awsTarget(object, parent.parent) : undefined;
        return parent && parentTarget
          ? make(
              `⚠️ ${code(value)} is part of ${code(parent.parent)}, which AWS does not accept.\n\n${targetDocumentation(catalog, parentTarget)}`,
              span,
            )
          : null;
      }
      const caseNote =
        target.path !== value
          ? `⚠️ Written ${code(value)}; the attribute is ${code(target.path)} (Entra compares names case-sensitively).\n\n`
          : '';
      return make(caseNote + targetDocumentation(catalog, target), span);
    }
    case 'clause': {
      if (!place.at.quoted) return null;
      const { node } = place.at;
      const value = String(node.value ?? '');
      const catalog = service.catalogFor(document);
      if (place.field === 'attribute') {
        const attribute = catalog.entraAttribute(place.object, value) ?? catalog.entraAttributeIgnoreCase(place.object, value);
        return attribute ? make(attributeDocumentation(catalog, attribute), contentSpan(text, node)) : null;
      }
      if (place.field === 'operator') {
        const operator = catalog.scopeOperator(value);
        return operator ? make(operatorDocumentation(catalog, operator), contentSpan(text, node)) : null;
      }
      return fixedValueHover(service, document, place.path, node, make);
    }
    case 'scope-path':
      return fixedValueHover(service, document, place.path, place.node, make);
    case 'value':
      return place.at.quoted ? fixedValueHover(service, document, place.path, place.at.node, make) : null;
    default:
      return null;
  }
}

/** A fixed value of the schema (an enum value, a constant) with its documentation. */
function fixedValueHover(
  service: LanguageService,
  document: ModelDocument,
  path: JSONPath,
  node: JsonNode,
  make: (value: string, span: Span) => Hover,
): Hover | null {
  const value = String(node.value ?? '');
  if (!schemaValues(document.kind, path).includes(value)) return null;
  const key = String(path[path.length - 1]);
  const property = schemaProperties(document.kind, path.slice(0, -1)).find((p) => p.name === key);
  const known = valueDoc(value);
  const text = [
    `${code(JSON.stringify(value))}${known ? ` — ${known}` : ''}`,
    property?.schema.description ? escapeMarkdown(property.schema.description) : undefined,
  ]
    .filter(Boolean)
    .join('\n\n');
  // The provisioning target: what no check can see in a file (token expiry, quotas).
  const notes = value === 'aws-iam-identity-center' ? failureModeNotes(service.catalogFor(document)) : undefined;
  return make(notes ? `${text}\n\n${notes}` : text, contentSpan(document.text, node));
}

/** Hover text for a name or key inside a Graph source tree. */
function graphTreeHover(
  service: LanguageService,
  document: ModelDocument,
  place: Extract<Place, { kind: 'source-tree' }>,
): string | undefined {
  const { role, object } = place;
  const value = String(place.node.value ?? '');
  const catalog = service.catalogFor(document);
  if (role.kind === 'attribute') {
    const attribute = catalog.entraAttribute(object, value) ?? catalog.entraAttributeIgnoreCase(object, value);
    return attribute ? attributeDocumentation(catalog, attribute) : undefined;
  }
  if (role.kind === 'function') {
    const signature = catalog.functionByName(value);
    return signature ? functionDocumentation(catalog, signature) : undefined;
  }
  if (role.kind === 'key') {
    const signature = catalog.functionByName(stringOf(prop(role.functionNode, 'name')) ?? '');
    if (!signature) return undefined;
    const pairs = (prop(role.functionNode, 'parameters')?.children ?? []).map((pair) => ({
      key: stringOf(prop(pair, 'key')) ?? '',
      value: pair,
    }));
    const keyNode = document.root ? findNodeAtLocation(document.root, place.path) : undefined;
    const slot = assignSlots(signature, pairs).slots.findIndex((pair) => pair !== null && prop(pair, 'key') === keyNode);
    const parameter = signature.parameters.find((p) => p.graphKey.toLowerCase() === value.toLowerCase());
    if (!parameter) return undefined;
    return `${code(value)} — Graph's key for ${code(signature.name)}'s parameter ${code(parameter.name)}${slot >= 0 ? ` (argument ${slot + 1})` : ''}.\n\n${escapeMarkdown(parameter.description)}${parameter.graphKeyConfirmed ? '' : "\n\n⚠️ SCIM Mapper takes this key from the documentation; Graph's function schema does not confirm it."}`;
  }
  return undefined;
}

/** The deepest expression node whose name (call, attribute, identifier) is under `index`. */
function nameAt(root: ExprNode | null, index: number): ExprNode | undefined {
  let found: ExprNode | undefined;
  walk(root, (node) => {
    if (node.kind === 'call' && index >= node.nameStart && index < node.nameEnd) found = node;
    else if ((node.kind === 'attribute' || node.kind === 'identifier') && index >= node.start && index < node.end) found = node;
  });
  return found;
}

function expressionHover(
  service: LanguageService,
  document: ModelDocument,
  source: SourceExpression,
  object: ObjectKind,
  offset: number,
): Hover | null {
  const index = decodedIndexOf(source.decoded, offset);
  const node = nameAt(source.parsed.root, index);
  if (!node) return null;
  const catalog = service.catalogFor(document);
  const range = (start: number, end: number) =>
    document.lines.rangeOf({ start: fileOffsetOf(source.decoded, start), end: fileOffsetOf(source.decoded, end) });
  if (node.kind === 'call') {
    const signature = catalog.functionByName(node.name);
    if (!signature) return null;
    const caseNote =
      signature.name !== node.name ? `⚠️ Written ${code(node.name)}; the documented name is ${code(signature.name)}.\n\n` : '';
    return {
      contents: markdown(caseNote + functionDocumentation(catalog, signature)),
      range: range(node.nameStart, node.nameEnd),
    };
  }
  if (node.kind === 'attribute') {
    const attribute = catalog.entraAttribute(object, node.name) ?? catalog.entraAttributeIgnoreCase(object, node.name);
    if (!attribute) return null;
    const caseNote =
      !attribute.pattern && attribute.name !== node.name
        ? `⚠️ Written ${code(`[${node.name}]`)}; attribute names are case-sensitive: ${code(`[${attribute.name}]`)}.\n\n`
        : '';
    return { contents: markdown(caseNote + attributeDocumentation(catalog, attribute)), range: range(node.start, node.end) };
  }
  if (node.kind === 'identifier') {
    const call = callContextAt(catalog, source.parsed.root, index);
    const parameter = call?.parameter;
    if (!call?.signature || !parameter?.enumValues) return null;
    const value = parameter.enumValues.find((v) => v.toLowerCase() === node.name.toLowerCase());
    if (!value) return null;
    return {
      contents: markdown(
        `${code(value)} — a value of ${code(call.signature.name)}'s ${code(parameter.name)} parameter.\n\n${escapeMarkdown(parameter.description)}`,
      ),
      range: range(node.start, node.end),
    };
  }
  return null;
}
