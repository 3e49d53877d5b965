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
  /** A regular expression a string must match (issue 17: emails and dates in "provisioning"). */
  pattern?: string;
  /** What to say when `pattern` fails (VS Code's JSON support reads the same keyword). */
  patternErrorMessage?: string;
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

/**
 * A schema node ready for validation: `$ref`s resolved and type lists made once, so that checking
 * the thousands of values of a large file allocates nothing per value that passes.
 */
interface Compiled {
  source: SchemaNode;
  types: string[] | undefined;
  oneOf: SchemaNode[] | undefined;
  anyOf: SchemaNode[] | undefined;
  /** The compiled schemas of own `properties`, filled as keys are met. */
  properties: Map<string, Compiled>;
  items: Compiled | undefined;
}

const patterns = new Map<string, RegExp>();
/** Our own schemas' patterns, compiled once (they are short and linear: no budget needed). */
function patternOf(source: string): RegExp {
  let re = patterns.get(source);
  if (!re) patterns.set(source, (re = new RegExp(source, 'u')));
  return re;
}

/** Compiled nodes per root schema and node (a `$ref` resolves against its root). */
const compiledNodes = new WeakMap<SchemaNode, WeakMap<object, Compiled>>();

class Validator {
  readonly problems: SchemaProblem[] = [];
  private readonly compiled: WeakMap<object, Compiled>;

  constructor(private readonly root: SchemaNode) {
    let compiled = compiledNodes.get(root);
    if (!compiled) compiledNodes.set(root, (compiled = new WeakMap()));
    this.compiled = compiled;
  }

  private compile(schema: SchemaNode): Compiled {
    let compiled = this.compiled.get(schema);
    if (!compiled) {
      const resolved = this.resolve(schema);
      const type = resolved.type;
      compiled = {
        source: resolved,
        types: type === undefined ? undefined : Array.isArray(type) ? type : [type],
        oneOf: resolved.oneOf,
        anyOf: resolved.anyOf,
        properties: new Map(),
        items: undefined,
      };
      this.compiled.set(schema, compiled);
    }
    return compiled;
  }

  private resolve(schema: SchemaNode): SchemaNode {
    let current = schema;
    for (let guard = 0; current.$ref && guard < 16; guard++) {
      const name = current.$ref.replace(/^#\/definitions\//, '');
      const target = this.root.definitions?.[name];
      if (!target) break;
      current = { ...target, description: current.description ?? target.description };
    }
    return current;
  }

  validate(node: JsonNode, schema: SchemaNode, problems: SchemaProblem[] = this.problems): void {
    this.validateCompiled(node, this.compile(schema), problems);
  }

  private validateCompiled(node: JsonNode, compiled: Compiled, problems: SchemaProblem[]): void {
    const schema = compiled.source;
    const types = compiled.types;
    if (types !== undefined) {
      let matched = false;
      for (const t of types) if ((matched = matchesType(node, t))) break;
      if (!matched) {
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
    if (schema.pattern !== undefined && typeof node.value === 'string' && !patternOf(schema.pattern).test(node.value)) {
      // Never the value itself: it may be long, hostile or secret.
      problems.push({ message: schema.patternErrorMessage ?? 'The value does not have the expected format.', span: span(node) });
    }
    if (node.type === 'object') this.validateObject(node, compiled, problems);
    if (node.type === 'array') {
      const items = node.children ?? [];
      if (schema.minItems !== undefined && items.length < schema.minItems) {
        problems.push({
          message: `At least ${schema.minItems} item${schema.minItems === 1 ? ' is' : 's are'} required.`,
          span: span(node),
        });
      }
      if (schema.items) {
        const itemSchema = (compiled.items ??= this.compile(schema.items));
        for (const item of items) this.validateCompiled(item, itemSchema, problems);
      }
    }
    if (compiled.oneOf) this.validateBranches(node, compiled.oneOf, problems);
    if (compiled.anyOf) this.validateBranches(node, compiled.anyOf, problems);
  }

  /** oneOf / anyOf: report the problems of the branch that came closest, so the message is specific. */
  private validateBranches(node: JsonNode, branches: SchemaNode[], problems: SchemaProblem[]): void {
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

  private validateObject(node: JsonNode, compiled: Compiled, problems: SchemaProblem[]): void {
    const schema = compiled.source;
    const children = node.children ?? [];
    for (const property of children) {
      const keyNode = property.children?.[0];
      if (!keyNode) continue;
      const valueNode = property.children![1];
      const key = keyNode.value as string;
      const known = compiled.properties.get(key);
      if (known) {
        if (valueNode) this.validateCompiled(valueNode, known, problems);
        continue;
      }
      // Looked up as a plain property, as JSON Schema tools written in JavaScript do.
      const propertySchema = schema.properties?.[key];
      if (propertySchema) {
        const propertyCompiled = this.compile(propertySchema);
        if (Object.hasOwn(schema.properties!, key)) compiled.properties.set(key, propertyCompiled);
        if (valueNode) this.validateCompiled(valueNode, propertyCompiled, problems);
      } else if (schema.additionalProperties === false) {
        const allowed = Object.keys(schema.properties ?? {}).filter((k) => k !== '$schema');
        problems.push({
          message: `Property "${key}" is not allowed here. Allowed: ${allowed.join(', ')}.`,
          span: span(keyNode),
        });
      }
    }
    for (const key of schema.required ?? []) {
      if (!hasKey(children, key)) {
        problems.push({
          message: `Missing required property "${key}".`,
          span: node.parent ? keySpan(node) : { start: node.offset, end: node.offset + 1 },
        });
      }
    }
  }
}

/** Whether an object's properties include `key` (objects here have a handful of properties). */
function hasKey(properties: JsonNode[], key: string): boolean {
  for (const property of properties) if (property.children?.[0]?.value === key) return true;
  return false;
}

export function validateAgainstSchema(root: JsonNode, schema: SchemaNode): SchemaProblem[] {
  const validator = new Validator(schema);
  validator.validate(root, schema);
  return validator.problems;
}
