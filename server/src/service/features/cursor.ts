/**
 * Where a position falls in a mapping or scope file, found on the cached jsonc-parser tree with
 * findNodeAtOffset (no re-parse, no re-scan of the text): inside a key, inside a string value,
 * at a bare value, between the properties of an object or between the elements of an array.
 */
import { findNodeAtOffset, getNodePath, type JSONPath } from 'jsonc-parser';
import type { ObjectKind } from '../catalog/types';
import { parseExpression } from '../expression/parser';
import type { LanguageService } from '../languageService';
import { graphClauseField, graphPlace, isTreePath } from '../graph/paths';
import { prop } from '../model/jsonNodes';
import type {
  AttributeMappingModel,
  JsonNode,
  MappingDocument,
  ModelDocument,
  SourceExpression,
  StringField,
} from '../model/types';
import type { Position, Span } from '../text/lineIndex';
import { decodeJsonString } from '../text/jsonString';

export type Place =
  /** Inside the quotes of a property key. */
  | { kind: 'key-string'; keyNode: JsonNode; property: JsonNode; objectNode: JsonNode; objectPath: JSONPath }
  /** In an object, where a new property could start. */
  | { kind: 'new-key'; objectNode: JsonNode; objectPath: JSONPath }
  /** Inside the quotes of a string value (a property value or an array element). */
  | { kind: 'string-value'; node: JsonNode; path: JSONPath }
  /** A value position outside quotes: a missing value after `:` or a literal (number, true, a half-typed word). */
  | { kind: 'bare-value'; property: JsonNode; path: JSONPath; span: Span }
  /** In an array, where a new element could start. */
  | { kind: 'element'; arrayNode: JsonNode; path: JSONPath }
  | { kind: 'none' };

export interface Cursor {
  document: ModelDocument;
  offset: number;
  place: Place;
}

/**
 * The cached model of a document. A file whose name does not say its kind (an editor buffer with
 * a language id but another name) is recognised from its content, as the LSP layer would.
 */
export function documentOf(service: LanguageService, uri: string, text: string): ModelDocument | undefined {
  return service.open(uri, text);
}

export function locate(service: LanguageService, uri: string, text: string, position: Position): Cursor | undefined {
  const document = documentOf(service, uri, text);
  if (!document) return undefined;
  const offset = document.lines.offsetAt(position);
  return { document, offset, place: placeAt(document, offset) };
}

/** True when the string literal has its closing quote. */
export function isClosedString(text: string, node: JsonNode): boolean {
  const end = node.offset + node.length;
  if (node.length < 2 || text[end - 1] !== '"') return false;
  let backslashes = 0;
  for (let i = end - 2; i > node.offset && text[i] === '\\'; i--) backslashes++;
  return backslashes % 2 === 0;
}

/** True when `offset` is between the quotes of a string literal (an unclosed one runs to its end). */
function isInsideString(text: string, node: JsonNode, offset: number): boolean {
  if (node.type !== 'string' || offset <= node.offset) return false;
  const end = node.offset + node.length;
  return isClosedString(text, node) ? offset < end : offset <= end;
}

/** The span of a string literal's contents, without its quotes. */
export function contentSpan(text: string, node: JsonNode): Span {
  const end = node.offset + node.length;
  return { start: node.offset + 1, end: Math.max(node.offset + 1, isClosedString(text, node) ? end - 1 : end) };
}

const WORD = /[A-Za-z0-9_.-]/;

function placeAt(document: ModelDocument, offset: number): Place {
  const root = document.root;
  const text = document.text;
  if (!root) return { kind: 'none' };
  const node = findNodeAtOffset(root, offset, true);
  if (!node) return { kind: 'none' };
  switch (node.type) {
    case 'string': {
      const parent = node.parent;
      if (!isInsideString(text, node, offset)) {
        // Just after a closing quote: nothing to complete.
        return { kind: 'none' };
      }
      if (parent?.type === 'property' && parent.children?.[0] === node) {
        const objectNode = parent.parent!;
        return { kind: 'key-string', keyNode: node, property: parent, objectNode, objectPath: getNodePath(objectNode) };
      }
      return { kind: 'string-value', node, path: getNodePath(node) };
    }
    case 'property': {
      const key = node.children?.[0];
      const value = node.children?.[1];
      if (node.colonOffset === undefined || offset <= node.colonOffset || !key) return { kind: 'none' };
      // Between the colon and an existing value: nothing to offer.
      if (value) return { kind: 'none' };
      // No value yet; a half-typed word (`t`, `tr`) is an invalid symbol the tree does not hold.
      let start = offset;
      while (start > node.colonOffset + 1 && WORD.test(text[start - 1])) start--;
      let end = offset;
      while (end < text.length && WORD.test(text[end])) end++;
      return {
        kind: 'bare-value',
        property: node,
        path: [...getNodePath(node.parent!), key.value as string],
        span: { start, end },
      };
    }
    case 'object':
      if (offset <= node.offset || (offset >= node.offset + node.length && text[node.offset + node.length - 1] === '}'))
        return { kind: 'none' };
      return { kind: 'new-key', objectNode: node, objectPath: getNodePath(node) };
    case 'array':
      if (offset <= node.offset || (offset >= node.offset + node.length && text[node.offset + node.length - 1] === ']'))
        return { kind: 'none' };
      return { kind: 'element', arrayNode: node, path: getNodePath(node) };
    default: {
      // A literal that is an array element or a property value.
      const parent = node.parent;
      if (parent?.type === 'property' && parent.children?.[1] === node) {
        return {
          kind: 'bare-value',
          property: parent,
          path: getNodePath(node),
          span: { start: node.offset, end: node.offset + node.length },
        };
      }
      return { kind: 'none' };
    }
  }
}

/** The Entra object a path in a document talks about (user or group). */
export function objectKindAt(service: LanguageService, document: ModelDocument, path: JSONPath): ObjectKind {
  if (document.kind === 'scope') return service.scopeObjectOf(document);
  if (document.kind === 'graph') return graphPlace(document, path)?.object?.object ?? 'user';
  return path[0] === 'group' ? 'group' : 'user';
}

/** The attribute mapping a mapping-document path goes through (`[user, mappings, 3, ...]`). */
export function mappingAt(document: ModelDocument, path: JSONPath): AttributeMappingModel | undefined {
  if (document.kind === 'graph') return graphPlace(document, path)?.mapping;
  if (document.kind !== 'mapping' || path[1] !== 'mappings' || typeof path[2] !== 'number') return undefined;
  const object = (document as MappingDocument).objects.find((o) => o.object === path[0]);
  return object?.mappings[path[2]];
}

/** A string node as a StringField, from the model when it holds this node. */
export function stringFieldOf(text: string, node: JsonNode, known?: StringField): StringField {
  if (known && known.node === node) return known;
  const raw = text.slice(node.offset, node.offset + node.length);
  return {
    value: String(node.value ?? ''),
    node,
    span: { start: node.offset, end: node.offset + node.length },
    decoded: decodeJsonString(raw, node.offset),
  };
}

/**
 * The expression of a `source` string: the cached one from the model when the node is the one
 * the model read (always, unless the key is duplicated), else parsed now (one string only).
 */
export function sourceExpressionOf(document: ModelDocument, node: JsonNode, path: JSONPath): SourceExpression {
  const known = mappingAt(document, path)?.source;
  if (known && known.node === node) return known;
  const field = stringFieldOf(document.text, node);
  return { ...field, value: field.decoded.value, parsed: parseExpression(field.decoded.value) };
}

/** The value of a property of an object node (the last occurrence wins, as in the model). */
export function propertyValue(objectNode: JsonNode | undefined, name: string): unknown {
  return prop(objectNode, name)?.value;
}

/** True for a `source` string of an attribute mapping, or a mapping file's `sso.nameId`. */
export function isSourcePath(document: ModelDocument, path: JSONPath): boolean {
  if (document.kind === 'graph') {
    // source.expression, or the expression of a node of the source tree.
    const rest = graphPlace(document, path)?.mappingRest;
    return !!rest && rest.length > 1 && rest[rest.length - 1] === 'expression' && isTreePath(rest, rest.length - 1);
  }
  if (document.kind !== 'mapping') return false;
  // `sso.nameId` is an expression too (the SAML NameID's source): completion, hover and signature help apply.
  return (
    (path.length === 4 && path[1] === 'mappings' && path[3] === 'source') ||
    (path.length === 2 && path[0] === 'sso' && path[1] === 'nameId')
  );
}

export function isTargetPath(document: ModelDocument, path: JSONPath): boolean {
  if (document.kind === 'graph') {
    const rest = graphPlace(document, path)?.mappingRest;
    return rest?.length === 1 && rest[0] === 'targetAttributeName';
  }
  return (
    document.kind === 'mapping' &&
    path.length === 4 &&
    path[1] === 'mappings' &&
    path[3] === 'target' &&
    (path[0] === 'user' || path[0] === 'group')
  );
}

/** The path of a scope clause field (`attribute`, `operator`, `value`) or undefined. */
export function clauseField(document: ModelDocument, path: JSONPath): 'attribute' | 'operator' | 'value' | undefined {
  if (document.kind === 'graph') {
    const rest = graphPlace(document, path)?.rest;
    return rest ? graphClauseField(rest) : undefined;
  }
  const n = path.length;
  if (n < 5) return undefined;
  const field = path[n - 1];
  if (
    path[n - 3] !== 'clauses' ||
    typeof path[n - 2] !== 'number' ||
    typeof path[n - 4] !== 'number' ||
    path[n - 5] !== 'filters'
  )
    return undefined;
  const prefix = path.slice(0, n - 5);
  const ok =
    document.kind === 'scope'
      ? prefix.length === 0
      : prefix.length === 2 && prefix[1] === 'scope' && (prefix[0] === 'user' || prefix[0] === 'group');
  if (!ok) return undefined;
  return field === 'attribute' || field === 'operator' || field === 'value' ? field : undefined;
}

/**
 * The clause object a clause-field path is in, with the names of its attribute and operator
 * properties (`attribute` / `operator`, or Graph's `sourceOperandName` / `operatorName`).
 */
export function clauseOf(document: ModelDocument, path: JSONPath): { path: JSONPath; attributeKey: string; operatorKey: string } {
  if (document.kind === 'graph') {
    const field = clauseField(document, path);
    return {
      path: path.slice(0, path.length - (field === 'value' ? 3 : 1)),
      attributeKey: 'sourceOperandName',
      operatorKey: 'operatorName',
    };
  }
  return { path: path.slice(0, -1), attributeKey: 'attribute', operatorKey: 'operator' };
}

/** The scope path string of a mapping file (`user.scope` as a string). */
export function isScopePath(document: ModelDocument, path: JSONPath): boolean {
  return document.kind === 'mapping' && path.length === 2 && path[1] === 'scope' && (path[0] === 'user' || path[0] === 'group');
}
