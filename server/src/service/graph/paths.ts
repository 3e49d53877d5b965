/**
 * Where a JSON path points in a Graph schema, for the editor features: which object and
 * attribute mapping, and which field of it (target, source expression, a node of the source
 * tree, a scope clause field).
 */
import { findNodeAtLocation, type JSONPath } from 'jsonc-parser';
import type { AttributeMappingModel, GraphDocument, JsonNode, ObjectMappingModel } from '../model/types';
import { prop, stringOf } from '../model/jsonNodes';

export interface GraphPlace {
  object: ObjectMappingModel | undefined;
  /** The path below the objectMapping. */
  rest: JSONPath;
  /** Set when the path goes through `attributeMappings[i]`. */
  mapping?: AttributeMappingModel;
  mappingIndex?: number;
  /** The path below the attribute mapping. */
  mappingRest?: JSONPath;
}

/** Splits a path of a Graph document at its objectMapping and attribute mapping. */
export function graphPlace(document: GraphDocument, path: JSONPath): GraphPlace | undefined {
  const prefix = document.graph.schemaPath;
  for (let i = 0; i < prefix.length; i++) if (path[i] !== prefix[i]) return undefined;
  const p = path.slice(prefix.length);
  if (p[0] !== 'synchronizationRules' || typeof p[1] !== 'number' || p[2] !== 'objectMappings' || typeof p[3] !== 'number')
    return undefined;
  const objectNode = document.root ? findNodeAtLocation(document.root, [...prefix, ...p.slice(0, 4)]) : undefined;
  const object = objectNode ? document.objects.find((o) => o.node === objectNode) : undefined;
  const rest = p.slice(4);
  const place: GraphPlace = { object, rest };
  if (rest[0] === 'attributeMappings' && typeof rest[1] === 'number') {
    place.mappingIndex = rest[1];
    place.mapping = object?.mappings[rest[1]];
    place.mappingRest = rest.slice(2);
  }
  return place;
}

/** True for `source`, `source.parameters[i].value`, … (a node of a source tree), given the path below the mapping. */
export function isTreePath(mappingRest: JSONPath, length = mappingRest.length): boolean {
  if (mappingRest[0] !== 'source') return false;
  let i = 1;
  while (
    i + 2 < length + 1 &&
    mappingRest[i] === 'parameters' &&
    typeof mappingRest[i + 1] === 'number' &&
    mappingRest[i + 2] === 'value'
  )
    i += 3;
  return i === length;
}

export type TreeRole =
  /** The `name` of an Attribute node. */
  | { kind: 'attribute'; treeNode: JsonNode }
  /** The `name` of a Function node. */
  | { kind: 'function'; treeNode: JsonNode }
  /** The `name` of a Constant node. */
  | { kind: 'constant'; treeNode: JsonNode }
  /** The `key` of a Function's parameter; `functionNode` is the Function. */
  | { kind: 'key'; functionNode: JsonNode }
  /** The `expression` of a node. */
  | { kind: 'expression'; treeNode: JsonNode };

/** What a string inside a source tree is. */
export function treeRole(document: GraphDocument, path: JSONPath, mappingRest: JSONPath): TreeRole | undefined {
  const last = mappingRest[mappingRest.length - 1];
  const root = document.root;
  if (!root) return undefined;
  if (last === 'name' || last === 'expression') {
    if (!isTreePath(mappingRest, mappingRest.length - 1)) return undefined;
    const treeNode = findNodeAtLocation(root, path.slice(0, -1));
    if (!treeNode) return undefined;
    if (last === 'expression') return { kind: 'expression', treeNode };
    const type = stringOf(prop(treeNode, 'type'))?.toLowerCase();
    if (type === 'attribute') return { kind: 'attribute', treeNode };
    if (type === 'function') return { kind: 'function', treeNode };
    if (type === 'constant') return { kind: 'constant', treeNode };
    return undefined;
  }
  // source … parameters, i, key
  if (last === 'key' && mappingRest[mappingRest.length - 3] === 'parameters' && isTreePath(mappingRest, mappingRest.length - 3)) {
    const functionNode = findNodeAtLocation(root, path.slice(0, -3));
    return functionNode ? { kind: 'key', functionNode } : undefined;
  }
  return undefined;
}

/** The clause field a path below an objectMapping points at: sourceOperandName, operatorName or a value. */
export function graphClauseField(rest: JSONPath): 'attribute' | 'operator' | 'value' | undefined {
  if (
    rest[0] !== 'scope' ||
    rest[1] !== 'groups' ||
    typeof rest[2] !== 'number' ||
    rest[3] !== 'clauses' ||
    typeof rest[4] !== 'number'
  )
    return undefined;
  if (rest.length === 6 && rest[5] === 'sourceOperandName') return 'attribute';
  if (rest.length === 6 && rest[5] === 'operatorName') return 'operator';
  if (rest.length === 8 && rest[5] === 'targetOperand' && rest[6] === 'values' && typeof rest[7] === 'number') return 'value';
  return undefined;
}
