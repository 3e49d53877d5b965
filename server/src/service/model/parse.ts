import { printParseErrorCode } from 'jsonc-parser';
import { defaultCatalog } from '../catalog';
import type { CatalogIndex } from '../catalog/lookup';
import type { ObjectKind } from '../catalog/types';
import { parseExpressionShared } from '../expression/parser';
import { GRAPH_SCHEMA_NAME, locateSchema, readGraphDocument } from '../graph/read';
import { LineIndex } from '../text/lineIndex';
import { decodeJsonStringAt } from '../text/jsonString';
import { prop, propertyNode, spanOfNode, valueFieldOf } from './jsonNodes';
import { parseJsonTree } from '../text/jsonTree';
import type {
  AttributeMappingModel,
  DocumentKind,
  GraphDocument,
  JsonNode,
  JsonSyntaxProblem,
  MappingDocument,
  ModelDocument,
  ObjectMappingModel,
  ProvisioningModel,
  ScopeClauseModel,
  ScopeDocument,
  ScopeFilterModel,
  ScopeReference,
  SourceExpression,
  StringField,
} from './types';

const MAPPING_NAME = /\.mapping\.jsonc?$/i;
const SCOPE_NAME = /\.scope\.jsonc?$/i;

/** The kind of a file from its name, or undefined when it is not one of ours. */
export function documentKindOf(uriOrPath: string): DocumentKind | undefined {
  const name = uriOrPath.split(/[?#]/)[0];
  if (MAPPING_NAME.test(name)) return 'mapping';
  if (SCOPE_NAME.test(name)) return 'scope';
  if (GRAPH_SCHEMA_NAME.test(name)) return 'graph';
  return undefined;
}

/**
 * A file name without the suffix that says its kind (`people.mapping.jsonc` → `people`,
 * `app.synchronization.json` → `app`), or without `.json(c)` when it has none: the stem that
 * scope files and backups are named after.
 */
export function fileStem(name: string): string {
  const base = name.split(/[/\\]/).pop() ?? name;
  for (const pattern of [MAPPING_NAME, SCOPE_NAME, GRAPH_SCHEMA_NAME]) if (pattern.test(base)) return base.replace(pattern, '');
  return base.replace(/\.jsonc?$/i, '');
}

/**
 * Guesses the kind of a file with another name from its top-level properties: a Graph
 * synchronization schema has `synchronizationRules` (bare, or inside a job, template or a
 * templates response), a scope file `filters`.
 */
export function documentKindFromContent(text: string): DocumentKind {
  const root = parseJsonTree(text, PARSE_OPTIONS).root;
  if (locateSchema(root)) return 'graph';
  if (root && prop(root, 'filters') && !prop(root, 'user') && !prop(root, 'group')) return 'scope';
  return 'mapping';
}

/**
 * The one place a document's kind is decided: the kind the editor gives (its language id), else
 * the file name, else the content (an editor buffer or a file named on the command line).
 */
export function resolveDocumentKind(uriOrPath: string, text: string, given?: DocumentKind): DocumentKind {
  return given ?? documentKindOf(uriOrPath) ?? documentKindFromContent(text);
}

const PARSE_OPTIONS = { allowTrailingComma: true, disallowComments: false, allowEmptyContent: true };

function parseJson(text: string): { root: JsonNode | undefined; errors: JsonSyntaxProblem[] } {
  const tree = parseJsonTree(text, PARSE_OPTIONS);
  if (tree.tooDeep) {
    const { offset, limit } = tree.tooDeep;
    const message = `This file nests values more than ${limit} levels deep here, so it is not checked (mapping and scope files need fewer than ten).`;
    return { root: undefined, errors: [{ message, span: { start: offset, end: offset + 1 }, tooLarge: true }] };
  }
  const { root, errors } = tree;
  // jsonc-parser reports one "} expected" per unclosed level at the same offset; one is enough.
  const seen = new Set<string>();
  const unique = errors.filter((e) => {
    const key = `${e.error}:${e.offset}`;
    if (seen.has(key)) return false;
    seen.add(key);
    return true;
  });
  return {
    root,
    errors: unique.map((e) => ({
      message: describeParseError(printParseErrorCode(e.error)),
      span: { start: Math.min(e.offset, text.length), end: Math.min(text.length, e.offset + Math.max(e.length, 1)) },
    })),
  };
}

function describeParseError(code: string): string {
  switch (code) {
    case 'InvalidSymbol':
      return 'Invalid JSON: unexpected character.';
    case 'InvalidNumberFormat':
      return 'Invalid JSON: malformed number.';
    case 'PropertyNameExpected':
      return 'Invalid JSON: a property name in double quotes is expected.';
    case 'ValueExpected':
      return 'Invalid JSON: a value is expected.';
    case 'ColonExpected':
      return 'Invalid JSON: ":" is expected after the property name.';
    case 'CommaExpected':
      return 'Invalid JSON: "," is expected between items.';
    case 'CloseBraceExpected':
      return 'Invalid JSON: "}" is expected.';
    case 'CloseBracketExpected':
      return 'Invalid JSON: "]" is expected.';
    case 'EndOfFileExpected':
      return 'Invalid JSON: only one top-level value is allowed.';
    case 'InvalidCommentToken':
      return 'Invalid JSON: malformed comment.';
    case 'UnexpectedEndOfComment':
      return 'Invalid JSON: the comment is not closed.';
    case 'UnexpectedEndOfString':
      return 'Invalid JSON: the string is not closed.';
    case 'UnexpectedEndOfNumber':
      return 'Invalid JSON: the number is incomplete.';
    case 'InvalidUnicode':
      return 'Invalid JSON: malformed \\u escape.';
    case 'InvalidEscapeCharacter':
      return 'Invalid JSON: unknown escape sequence in a string.';
    case 'InvalidCharacter':
      return 'Invalid JSON: control characters must be escaped inside strings.';
    default:
      return `Invalid JSON (${code}).`;
  }
}

/**
 * Reads model fields from the nodes of one parsed text. `exact` is set when the JSON parser found
 * no error: every string node's value is then the exact decoding of its literal (see
 * decodeJsonStringAt), which spares decoding escaped strings twice.
 */
interface FieldReader {
  text: string;
  exact: boolean;
}

function stringField(reader: FieldReader, node: JsonNode | undefined): StringField | undefined {
  if (!node || node.type !== 'string') return undefined;
  const value = node.value as string;
  return {
    value,
    node,
    span: spanOfNode(node),
    decoded: decodeJsonStringAt(reader.text, node.offset, node.length, value, reader.exact),
  };
}

function sourceExpression(reader: FieldReader, node: JsonNode | undefined): SourceExpression | undefined {
  if (!node || node.type !== 'string') return undefined;
  const decoded = decodeJsonStringAt(reader.text, node.offset, node.length, node.value as string, reader.exact);
  // Positions in the expression map to the file through `decoded`, so the expression is the
  // decoded text. It differs from jsonc-parser's value only around invalid escapes, which
  // jsonc-parser drops and the decoder keeps (as completion and hover read it, see cursor.ts).
  const value = decoded.value;
  return { value, node, span: spanOfNode(node), decoded, parsed: parseExpressionShared(value) };
}

function readClauses(reader: FieldReader, filterNode: JsonNode): ScopeClauseModel[] {
  const clausesNode = prop(filterNode, 'clauses');
  if (!clausesNode || clausesNode.type !== 'array') return [];
  return (clausesNode.children ?? []).map((node, index) => ({
    index,
    node,
    span: spanOfNode(node),
    attribute: stringField(reader, prop(node, 'attribute')),
    operator: stringField(reader, prop(node, 'operator')),
    value: valueFieldOf(prop(node, 'value')),
  }));
}

function readFilters(reader: FieldReader, filtersNode: JsonNode | undefined): ScopeFilterModel[] {
  if (!filtersNode || filtersNode.type !== 'array') return [];
  return (filtersNode.children ?? []).map((node, index) => ({
    index,
    node,
    span: spanOfNode(node),
    clauses: node.type === 'object' ? readClauses(reader, node) : [],
  }));
}

function readScopeReference(reader: FieldReader, node: JsonNode | undefined): ScopeReference | undefined {
  if (!node) return undefined;
  if (node.type === 'string') return { kind: 'path', path: stringField(reader, node)! };
  if (node.type === 'object') {
    return { kind: 'inline', node, span: spanOfNode(node), filters: readFilters(reader, prop(node, 'filters')) };
  }
  return undefined;
}

/** One attribute mapping. Its properties are read in one pass; the last occurrence of a key wins, as in `property`. */
function readAttributeMapping(reader: FieldReader, object: ObjectKind, index: number, entry: JsonNode): AttributeMappingModel {
  if (entry.type !== 'object') return { object, index, node: entry, span: spanOfNode(entry) };
  let target: JsonNode | undefined;
  let source: JsonNode | undefined;
  let matching: JsonNode | undefined;
  let apply: JsonNode | undefined;
  let defaultValue: JsonNode | undefined;
  // Which known keys were seen (one bit each), and whether the object is simple (see AttributeMappingModel.simple).
  let seen = 0;
  let simple = true;
  for (const prop of entry.children ?? []) {
    const key = prop.children?.[0];
    if (!key) continue;
    const value = prop.children?.[1];
    let bit = 0;
    switch (key.value) {
      case 'target':
        target = value;
        bit = 1;
        break;
      case 'source':
        source = value;
        bit = 2;
        break;
      case 'matchingPrecedence':
        matching = value;
        bit = 4;
        break;
      case 'apply':
        apply = value;
        bit = 8;
        break;
      case 'default':
        defaultValue = value;
        bit = 16;
        break;
    }
    if (bit === 0 || (seen & bit) !== 0 || (value !== undefined && (value.type === 'object' || value.type === 'array')))
      simple = false;
    seen |= bit;
  }
  return {
    object,
    index,
    node: entry,
    span: spanOfNode(entry),
    target: stringField(reader, target),
    source: sourceExpression(reader, source),
    matchingPrecedence: valueFieldOf(matching),
    apply: stringField(reader, apply),
    default: valueFieldOf(defaultValue),
    simple,
  };
}

function readObjectMapping(reader: FieldReader, root: JsonNode, object: ObjectKind): ObjectMappingModel | undefined {
  const node = prop(root, object);
  if (!node || node.type !== 'object') return undefined;
  const keyNode = node.parent?.children?.[0];
  const mappingsNode = prop(node, 'mappings');
  const mappings: AttributeMappingModel[] = [];
  if (mappingsNode?.type === 'array') {
    const entries = mappingsNode.children ?? [];
    for (let index = 0; index < entries.length; index++)
      mappings.push(readAttributeMapping(reader, object, index, entries[index]));
  }
  return {
    object,
    node,
    keySpan: keyNode ? spanOfNode(keyNode) : spanOfNode(node),
    scope: readScopeReference(reader, prop(node, 'scope')),
    mappingsNode,
    mappings,
  };
}

export function parseMappingDocument(uri: string, text: string): MappingDocument {
  const { root, errors } = parseJson(text);
  const reader: FieldReader = { text, exact: errors.length === 0 };
  const objects: ObjectMappingModel[] = [];
  if (root) {
    for (const kind of ['user', 'group'] as const) {
      const mapping = readObjectMapping(reader, root, kind);
      if (mapping) objects.push(mapping);
    }
  }
  return {
    kind: 'mapping',
    uri,
    text,
    lines: new LineIndex(text),
    root,
    syntaxErrors: errors,
    target: root ? stringField(reader, prop(root, 'target')) : undefined,
    objects,
    ...readSso(reader, root),
    provisioning: readProvisioning(root),
  };
}

/** The `"provisioning"` section, read as nodes: the rules judge the values. */
function readProvisioning(root: JsonNode | undefined): ProvisioningModel | undefined {
  const property = root?.type === 'object' ? propertyNode(root, 'provisioning') : undefined;
  const node = property?.children?.[1];
  if (!property || !node || node.type !== 'object') return undefined;
  const fields: ProvisioningModel['fields'] = new Map();
  for (const child of node.children ?? []) {
    const [key, value] = child.children ?? [];
    if (!key || !value || typeof key.value !== 'string') continue;
    fields.set(key.value, { ...valueFieldOf(value)!, keySpan: spanOfNode(key) });
  }
  return { node, keySpan: spanOfNode(property.children![0]), fields };
}

/** The optional `"sso": { "nameId": "<expression>" }` of a mapping file. */
function readSso(reader: FieldReader, root: JsonNode | undefined): { sso?: MappingDocument['sso'] } {
  const node = prop(root, 'sso');
  if (!node || node.type !== 'object') return {};
  return { sso: { node, span: spanOfNode(node), nameId: sourceExpression(reader, prop(node, 'nameId')) } };
}

export function parseScopeDocument(uri: string, text: string): ScopeDocument {
  const { root, errors } = parseJson(text);
  const reader: FieldReader = { text, exact: errors.length === 0 };
  const filtersNode = root ? prop(root, 'filters') : undefined;
  const objectValue = root ? prop(root, 'object')?.value : undefined;
  return {
    object: objectValue === 'user' || objectValue === 'group' ? objectValue : undefined,
    kind: 'scope',
    uri,
    text,
    lines: new LineIndex(text),
    root,
    syntaxErrors: errors,
    filtersNode,
    filters: readFilters(reader, filtersNode),
  };
}

/** A Graph synchronization schema; the catalog places Graph's keyed function parameters. */
function parseGraphDocument(uri: string, text: string, catalog: CatalogIndex = defaultCatalog): GraphDocument {
  return readGraphDocument(uri, text, parseJson(text), catalog);
}

export function parseDocument(
  uri: string,
  text: string,
  kind: DocumentKind | undefined = documentKindOf(uri),
  catalog: CatalogIndex = defaultCatalog,
): ModelDocument | undefined {
  if (kind === 'mapping') return parseMappingDocument(uri, text);
  if (kind === 'scope') return parseScopeDocument(uri, text);
  if (kind === 'graph') return parseGraphDocument(uri, text, catalog);
  return undefined;
}
