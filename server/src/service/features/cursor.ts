/**
 * THE answer to "where is the cursor?" for mapping files, scope files and Graph schemas alike.
 * `locate` finds the JSON node under the cursor on the model's cached tree (no re-parse, no
 * re-scan of the text) and says what the position means: a key, an expression, a target, a
 * scope path, a scoping clause field, a fixed value, a new array element. Completion, hover,
 * signature help and go-to-definition switch on the one `Place` it returns; none of them walks
 * the tree or tests paths itself.
 */
import { findNodeAtLocation, getNodePath, type JSONPath } from 'jsonc-parser';
import type { ObjectKind } from '../catalog/types';
import { parseExpression } from '../expression/parser';
import type { LanguageService } from '../languageService';
import { graphClauseField, graphPlace, isTreePath, treeRole, type TreeRole } from '../graph/paths';
import { prop, stringFieldOf } from '../model/jsonNodes';
import type {
  AttributeMappingModel,
  JsonNode,
  MappingLikeDocument,
  ModelDocument,
  ScopeDocument,
  SourceExpression,
} from '../model/types';
import type { Position, Range, Span } from '../text/lineIndex';

/**
 * Where a value is being written: between the quotes of a string literal, or bare (a literal
 * such as `true` or `12`, a half-typed word, or nothing yet after the colon). `span` is what a
 * bare value's completion replaces.
 */
export type ValueAt = { quoted: true; node: JsonNode } | { quoted: false; property: JsonNode; span: Span };

export type Place =
  /** Inside the quotes of a property key. */
  | { kind: 'key'; keyNode: JsonNode; property: JsonNode; objectNode: JsonNode; objectPath: JSONPath }
  /** In an object, where a new property could start. */
  | { kind: 'new-key'; objectNode: JsonNode; objectPath: JSONPath }
  /** Inside an expression string: a mapping's `source`, `sso.nameId`, a Graph `source.expression`. */
  | { kind: 'expression'; node: JsonNode; path: JSONPath; source: SourceExpression; object: ObjectKind }
  /** A name or parameter key inside a Graph source tree (`source.name`, `parameters[i].key`, ...). */
  | { kind: 'source-tree'; node: JsonNode; path: JSONPath; role: TreeRole; object: ObjectKind }
  /** An AWS target attribute (`target`, Graph's `targetAttributeName`). */
  | { kind: 'target'; at: ValueAt; path: JSONPath; object: ObjectKind }
  /** A mapping file's scope-file path (`user.scope` as a string). */
  | { kind: 'scope-path'; node: JsonNode; path: JSONPath }
  /** A field of a scoping clause: its attribute, operator or value (inline, scope file or Graph). */
  | { kind: 'clause'; field: ClauseField; at: ValueAt; path: JSONPath; object: ObjectKind }
  /** Any other value: the schema's fixed values (enums, constants, booleans) apply. */
  | { kind: 'value'; at: ValueAt; path: JSONPath }
  /** In an array, where a new element could start. */
  | { kind: 'element'; arrayNode: JsonNode; path: JSONPath }
  /** An empty (or blank) file: room for a whole-file skeleton. */
  | { kind: 'empty-file' }
  | { kind: 'none' };

export type ClauseField = 'attribute' | 'operator' | 'value';

export interface Cursor {
  document: ModelDocument;
  offset: number;
  place: Place;
}

/** The place of a position in an opened document (the caller resolved its kind once: service.open). */
export function locate(service: LanguageService, document: ModelDocument, position: Position): Cursor {
  const offset = document.lines.offsetAt(position);
  return { document, offset, place: placeAt(service, document, offset) };
}

/** True when a diagnostic's range and a request's range overlap or touch (code actions). */
export function rangesTouch(a: Range, b: Range): boolean {
  const before = (p: Range['start'], q: Range['start']) => p.line < q.line || (p.line === q.line && p.character < q.character);
  return !before(a.end, b.start) && !before(b.end, a.start);
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

/**
 * The innermost node that contains `offset` (its end included), as jsonc-parser's
 * findNodeAtOffset answers, but with a binary search over each node's children: the mappings
 * array of a large file has thousands, and every keystroke's completion starts here.
 */
export function nodeAt(node: JsonNode, offset: number): JsonNode | undefined {
  if (!(offset >= node.offset && offset <= node.offset + node.length)) return undefined;
  const children = node.children;
  if (!children || children.length === 0) return node;
  // The last child that starts at or before the offset.
  let low = 0;
  let high = children.length - 1;
  let last = -1;
  while (low <= high) {
    const middle = (low + high) >> 1;
    if (children[middle].offset <= offset) {
      last = middle;
      low = middle + 1;
    } else high = middle - 1;
  }
  // Siblings do not overlap, so only those ending at or after the offset can hold it; the first wins.
  let first = last;
  while (first > 0 && children[first - 1].offset + children[first - 1].length >= offset) first--;
  for (let i = Math.max(first, 0); i <= last; i++) {
    const found = nodeAt(children[i], offset);
    if (found) return found;
  }
  return node;
}

const WORD = /[A-Za-z0-9_.-]/;

function placeAt(service: LanguageService, document: ModelDocument, offset: number): Place {
  const root = document.root;
  const text = document.text;
  if (!root) return text.trim().length === 0 ? { kind: 'empty-file' } : { kind: 'none' };
  const node = nodeAt(root, offset);
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
        return { kind: 'key', keyNode: node, property: parent, objectNode, objectPath: getNodePath(objectNode) };
      }
      return valuePlace(service, document, { quoted: true, node }, getNodePath(node));
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
      const path = [...getNodePath(node.parent!), key.value as string];
      return valuePlace(service, document, { quoted: false, property: node, span: { start, end } }, path);
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
        const at: ValueAt = { quoted: false, property: parent, span: { start: node.offset, end: node.offset + node.length } };
        return valuePlace(service, document, at, getNodePath(node));
      }
      return { kind: 'none' };
    }
  }
}

/** What a value at `path` is. Expressions, source trees and scope paths are strings; a bare one there is a plain value. */
function valuePlace(service: LanguageService, document: ModelDocument, at: ValueAt, path: JSONPath): Place {
  if (at.quoted && isSourcePath(document, path)) {
    return {
      kind: 'expression',
      node: at.node,
      path,
      source: sourceExpressionOf(document, at.node, path),
      object: objectKindAt(service, document, path),
    };
  }
  if (at.quoted && document.kind === 'graph') {
    const place = graphPlace(document, path);
    const role = place?.mappingRest && place.object ? treeRole(document, path, place.mappingRest) : undefined;
    if (role && place?.object) return { kind: 'source-tree', node: at.node, path, role, object: place.object.object };
  }
  if (isTargetPath(document, path)) return { kind: 'target', at, path, object: objectKindAt(service, document, path) };
  if (at.quoted && isScopePath(document, path)) return { kind: 'scope-path', node: at.node, path };
  const field = clauseField(document, path);
  if (field) return { kind: 'clause', field, at, path, object: objectKindAt(service, document, path) };
  return { kind: 'value', at, path };
}

/** The Entra object a path in a document talks about (user or group). */
function objectKindAt(service: LanguageService, document: ModelDocument, path: JSONPath): ObjectKind {
  if (document.kind === 'scope') return service.scopeObjectOf(document as ScopeDocument);
  if (document.kind === 'graph') return graphPlace(document, path)?.object?.object ?? 'user';
  return path[0] === 'group' ? 'group' : 'user';
}

/** The attribute mapping a mapping-document path goes through (`[user, mappings, 3, ...]`). */
function mappingAt(document: ModelDocument, path: JSONPath): AttributeMappingModel | undefined {
  if (document.kind === 'graph') return graphPlace(document, path)?.mapping;
  if (document.kind !== 'mapping' || path[1] !== 'mappings' || typeof path[2] !== 'number') return undefined;
  const object = document.objects.find((o) => o.object === path[0]);
  return object?.mappings[path[2]];
}

/**
 * The expression of a `source` string: the cached one from the model when the node is the one
 * the model read (always, unless the key is duplicated), else parsed now (one string only).
 */
function sourceExpressionOf(document: ModelDocument, node: JsonNode, path: JSONPath): SourceExpression {
  const known = mappingAt(document, path)?.source;
  if (known && known.node === node) return known;
  const field = stringFieldOf(document.text, node)!;
  return { ...field, value: field.decoded.value, parsed: parseExpression(field.decoded.value) };
}

/** The objects of a mapping file or Graph schema (none for a scope file). */
export function objectsOf(document: ModelDocument): MappingLikeDocument['objects'] {
  return document.kind === 'scope' ? [] : (document as MappingLikeDocument).objects;
}

/** True for a `source` string of an attribute mapping, or a mapping file's `sso.nameId`. */
function isSourcePath(document: ModelDocument, path: JSONPath): boolean {
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

function isTargetPath(document: ModelDocument, path: JSONPath): boolean {
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
function clauseField(document: ModelDocument, path: JSONPath): ClauseField | undefined {
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
 * The clause a clause place is in: its attribute and operator as written (`attribute` /
 * `operator`, or Graph's `sourceOperandName` / `operatorName`), for hints about its value.
 */
export function clauseOf(
  document: ModelDocument,
  place: Extract<Place, { kind: 'clause' }>,
): { attribute: unknown; operator: unknown } {
  const graph = document.kind === 'graph';
  const path = place.path.slice(0, place.path.length - (graph && place.field === 'value' ? 3 : 1));
  const clauseNode = document.root ? findNodeAtLocation(document.root, path) : undefined;
  return {
    attribute: prop(clauseNode, graph ? 'sourceOperandName' : 'attribute')?.value,
    operator: prop(clauseNode, graph ? 'operatorName' : 'operator')?.value,
  };
}

/** The scope path string of a mapping file (`user.scope` as a string). */
function isScopePath(document: ModelDocument, path: JSONPath): boolean {
  return document.kind === 'mapping' && path.length === 2 && path[1] === 'scope' && (path[0] === 'user' || path[0] === 'group');
}
