import type { JsonNode } from '../model/types';
import type { Span } from '../text/lineIndex';

/**
 * The subset of JSON Schema (draft 7) our own schemas use. Validating against the shipped schema
 * files keeps one source of truth for the file structure: editors that only read the schema and
 * our `schema` diagnostics agree.
 */
export interface SchemaNode {
  type?: string | string[];
  const?: unknown;
  enum?: unknown[];
  properties?: Record<string, SchemaNode>;
  required?: string[];
  additionalProperties?: boolean;
  items?: SchemaNode;
  minItems?: number;
  minLength?: number;
  minimum?: number;
  oneOf?: SchemaNode[];
  anyOf?: SchemaNode[];
  $ref?: string;
  definitions?: Record<string, SchemaNode>;
  description?: string;
}

export interface SchemaProblem {
  message: string;
  span: Span;
}

function typeOfNode(node: JsonNode): string {
  if (node.type === 'number') return Number.isInteger(node.value) ? 'integer' : 'number';
  return node.type;
}

function matchesType(node: JsonNode, type: string): boolean {
  const actual = typeOfNode(node);
  return actual === type || (type === 'number' && actual === 'integer');
}

function describeType(types: string[]): string {
  const names = types.map((t) => (t === 'integer' ? 'an integer' : t === 'object' || t === 'array' ? `an ${t}` : `a ${t}`));
  return names.length === 1 ? names[0] : names.slice(0, -1).join(', ') + ' or ' + names[names.length - 1];
}

function span(node: JsonNode): Span {
  return { start: node.offset, end: node.offset + node.length };
}

/** The span of a property's key, where "not allowed" and "missing" problems read best. */
function keySpan(node: JsonNode): Span {
  const key = node.parent?.type === 'property' ? node.parent.children?.[0] : undefined;
  return key ? span(key) : span(node);
}

const resolvedRefs = new WeakMap<SchemaNode, WeakMap<SchemaNode, SchemaNode>>();

class Validator {
  readonly problems: SchemaProblem[] = [];

  constructor(private readonly root: SchemaNode) {}

  private resolve(schema: SchemaNode): SchemaNode {
    if (!schema.$ref) return schema;
    // A $ref resolves the same way every time: once per schema node, not once per validated value.
    let cache = resolvedRefs.get(this.root);
    if (!cache) resolvedRefs.set(this.root, (cache = new WeakMap()));
    const known = cache.get(schema);
    if (known) return known;
    const resolved = this.resolveUncached(schema);
    cache.set(schema, resolved);
    return resolved;
  }

  private resolveUncached(schema: SchemaNode): SchemaNode {
    let current = schema;
    for (let guard = 0; current.$ref && guard < 16; guard++) {
      const name = current.$ref.replace(/^#\/definitions\//, '');
      const target = this.root.definitions?.[name];
      if (!target) break;
      current = { ...target, description: current.description ?? target.description };
    }
    return current;
  }

  validate(node: JsonNode, schemaIn: SchemaNode, problems: SchemaProblem[] = this.problems): void {
    const schema = this.resolve(schemaIn);
    if (schema.type !== undefined) {
      const types = Array.isArray(schema.type) ? schema.type : [schema.type];
      if (!types.some((t) => matchesType(node, t))) {
        problems.push({ message: `Expected ${describeType(types)} here.`, span: span(node) });
        return;
      }
    }
    if (schema.const !== undefined && node.value !== schema.const) {
      problems.push({ message: `Expected ${JSON.stringify(schema.const)}.`, span: span(node) });
    }
    if (schema.enum && !schema.enum.includes(node.value)) {
      problems.push({ message: `Expected one of ${schema.enum.map((v) => JSON.stringify(v)).join(', ')}.`, span: span(node) });
    }
    if (schema.minLength !== undefined && typeof node.value === 'string' && node.value.length < schema.minLength) {
      problems.push({ message: 'This value must not be empty.', span: span(node) });
    }
    if (schema.minimum !== undefined && typeof node.value === 'number' && node.value < schema.minimum) {
      problems.push({ message: `The value must be at least ${schema.minimum}.`, span: span(node) });
    }
    if (node.type === 'object') this.validateObject(node, schema, problems);
    if (node.type === 'array') {
      const items = node.children ?? [];
      if (schema.minItems !== undefined && items.length < schema.minItems) {
        problems.push({ message: `At least ${schema.minItems} item${schema.minItems === 1 ? ' is' : 's are'} required.`, span: span(node) });
      }
      if (schema.items) for (const item of items) this.validate(item, schema.items, problems);
    }
    for (const key of ['oneOf', 'anyOf'] as const) {
      const branches = schema[key];
      if (!branches) continue;
      // Report the problems of the branch that came closest, so the message is specific.
      let best: SchemaProblem[] | undefined;
      for (const branch of branches) {
        const branchProblems: SchemaProblem[] = [];
        this.validate(node, branch, branchProblems);
        if (branchProblems.length === 0) {
          best = undefined;
          break;
        }
        if (!best || branchProblems.length < best.length) best = branchProblems;
      }
      if (best) problems.push(...best);
    }
  }

  private validateObject(node: JsonNode, schema: SchemaNode, problems: SchemaProblem[]): void {
    const present = new Set<string>();
    for (const property of node.children ?? []) {
      const [keyNode, valueNode] = property.children ?? [];
      if (!keyNode) continue;
      const key = keyNode.value as string;
      present.add(key);
      const propertySchema = schema.properties?.[key];
      if (propertySchema) {
        if (valueNode) this.validate(valueNode, propertySchema, problems);
      } else if (schema.additionalProperties === false) {
        const allowed = Object.keys(schema.properties ?? {}).filter((k) => k !== '$schema');
        problems.push({
          message: `Property "${key}" is not allowed here. Allowed: ${allowed.join(', ')}.`,
          span: span(keyNode),
        });
      }
    }
    for (const key of schema.required ?? []) {
      if (!present.has(key)) {
        problems.push({ message: `Missing required property "${key}".`, span: node.parent ? keySpan(node) : { start: node.offset, end: node.offset + 1 } });
      }
    }
  }
}

export function validateAgainstSchema(root: JsonNode, schema: SchemaNode): SchemaProblem[] {
  const validator = new Validator(schema);
  validator.validate(root, schema);
  return validator.problems;
}
