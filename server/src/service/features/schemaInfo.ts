/**
 * The JSON schemas of mapping and scope files, read for property names, descriptions and allowed
 * values at a JSON path (completion and hover of keys and of enum values).
 */
import type { JSONPath } from 'jsonc-parser';
import mappingSchema from '../../../../schemas/mapping.schema.json';
import scopeSchema from '../../../../schemas/scope.schema.json';
import graphSchema from '../../../../schemas/synchronization-schema.schema.json';
import type { DocumentKind } from '../model/types';

export interface SchemaNode {
  type?: string | string[];
  description?: string;
  properties?: Record<string, SchemaNode>;
  required?: string[];
  items?: SchemaNode;
  enum?: unknown[];
  const?: unknown;
  oneOf?: SchemaNode[];
  anyOf?: SchemaNode[];
  $ref?: string;
  definitions?: Record<string, SchemaNode>;
}

const ROOTS: Record<DocumentKind, SchemaNode> = {
  mapping: mappingSchema as SchemaNode,
  scope: scopeSchema as SchemaNode,
  graph: graphSchema as SchemaNode,
};

function resolve(root: SchemaNode, node: SchemaNode | undefined): SchemaNode | undefined {
  let current = node;
  for (let guard = 0; current?.$ref && guard < 10; guard++) {
    const name = current.$ref.replace(/^#\/definitions\//, '');
    const target = root.definitions?.[name];
    // Keep the referring node's description, which is usually the more specific one.
    current = target ? { ...target, description: current.description ?? target.description } : undefined;
  }
  return current;
}

/** The node itself followed by its alternatives (oneOf / anyOf branches, resolved). */
function branches(root: SchemaNode, node: SchemaNode): SchemaNode[] {
  const list = [...(node.oneOf ?? []), ...(node.anyOf ?? [])];
  const alternatives = list
    .map((b) => resolve(root, b))
    .filter((b): b is SchemaNode => !!b)
    .map((b) => ({ ...b, description: b.description ?? node.description }));
  return [node, ...alternatives];
}

/** The schema of the value at `path`; with `objectOnly`, the branch that describes an object or array. */
function schemaAt(kind: DocumentKind, path: JSONPath): SchemaNode | undefined {
  const root = ROOTS[kind];
  let node: SchemaNode | undefined = root;
  for (const segment of path) {
    if (!node) return undefined;
    const candidates = branches(root, node);
    let next: SchemaNode | undefined;
    for (const candidate of candidates) {
      next = typeof segment === 'number' ? candidate.items : candidate.properties?.[segment];
      if (next) break;
    }
    node = resolve(root, next);
  }
  return node;
}

export interface SchemaProperty {
  name: string;
  schema: SchemaNode;
  required: boolean;
}

/** The properties an object at `path` may have. */
export function schemaProperties(kind: DocumentKind, path: JSONPath): SchemaProperty[] {
  const node = schemaAt(kind, path);
  if (!node) return [];
  const root = ROOTS[kind];
  const object = branches(root, node).find((b) => b.properties);
  if (!object?.properties) return [];
  return Object.entries(object.properties).map(([name, schema]) => ({
    name,
    schema: resolve(root, schema) ?? schema,
    required: object.required?.includes(name) ?? false,
  }));
}

/** The fixed values (enum / const / boolean) allowed at `path`. */
export function schemaValues(kind: DocumentKind, path: JSONPath): unknown[] {
  const node = schemaAt(kind, path);
  if (!node) return [];
  const values: unknown[] = [];
  for (const branch of branches(ROOTS[kind], node)) {
    if (branch.enum) values.push(...branch.enum);
    if (branch.const !== undefined) values.push(branch.const);
    if (branch.type === 'boolean') values.push(true, false);
  }
  return values;
}

/** The JSON type a schema node expects, simplified for snippets. */
export function schemaType(node: SchemaNode): 'string' | 'integer' | 'boolean' | 'object' | 'array' | 'any' {
  const root = node;
  if (root.enum || root.const !== undefined) return typeof (root.enum?.[0] ?? root.const) === 'string' ? 'string' : 'any';
  const types = root.oneOf?.map((b) => b.type) ?? [root.type];
  const first = types.find((t) => typeof t === 'string');
  if (first === 'string' || first === 'integer' || first === 'boolean' || first === 'object' || first === 'array') return first;
  if (root.oneOf?.some((b) => b.$ref)) return 'string';
  return 'any';
}
