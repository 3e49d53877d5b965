/**
 * Reads a Microsoft Graph synchronization schema (GET …/synchronization/jobs/{jobId}/schema, or
 * the portal's "Review your schema" download) into the mapping model: every objectMapping of a
 * rule that reads from Entra, with sourceObjectName User or Group, becomes a user or group
 * section; attributeMappings become mappings; scope groups become filters. Spans point into the
 * Graph JSON, so every rule, feature and the dry run work on it unchanged.
 *
 * Field correspondences (mapping-model.md §3, scoping.md §8):
 *   targetAttributeName → target · source → source (its `expression`, else the tree printed as
 *   an expression) · matchingPriority → matchingPrecedence (0 = none) · flowType → apply
 *   (ObjectAddOnly = on-create, Always = always) · defaultValue → default (null = none) ·
 *   scope.groups[].clauses[] {sourceOperandName, operatorName, targetOperand.values[0]} →
 *   filters[].clauses[] {attribute, operator, value}.
 */
import type { JSONPath } from 'jsonc-parser';
import type { CatalogIndex } from '../catalog/lookup';
import type { EntraSourceAttribute, ObjectKind } from '../catalog/types';
import { parseExpression } from '../expression/parser';
import type {
  AttributeMappingModel,
  GraphDocument,
  JsonNode,
  JsonSyntaxProblem,
  ObjectMappingModel,
  ScopeClauseModel,
  ScopeFilterModel,
  SourceExpression,
  StringField,
} from '../model/types';
import { LineIndex } from '../text/lineIndex';
import { itemsOf, prop, spanOfNode, stringFieldOf, stringOf, valueFieldOf } from '../model/jsonNodes';
import { printTree } from './tree';
import type { GraphObjectInfo, GraphRuleInfo, GraphSchemaInfo, GraphUnmodelledObject } from './types';

/** `*.synchronization.json` and `*.sync-schema.json` (comments are allowed while editing). */
export const GRAPH_SCHEMA_NAME = /\.(synchronization|sync-schema)\.jsonc?$/i;

/** The gallery template of AWS IAM Identity Center (default-mappings.md). */
export const AWS_TEMPLATE_ID = 'aWSSingleSignon';
export const AWS_DIRECTORY_NAME = 'AWSSingleSignon';

/** Directory names Graph uses for Microsoft Entra ID. */
const ENTRA_DIRECTORY = /^\s*(azure active directory|microsoft entra id|azure ad|aad)\s*$/i;

export function isEntraDirectoryName(name: string | undefined): boolean {
  return name === undefined || ENTRA_DIRECTORY.test(name);
}

/** The Graph flowType values (v1.0 lists all five; beta the first three). */
export const GRAPH_FLOW_TYPES = ['Always', 'ObjectAddOnly', 'MultiValueAddOnly', 'ValueAddOnly', 'AttributeAddOnly'] as const;
/** The flowTypes value that means every action: Add, Update and Delete in any order and spacing. */
export function isFullFlowTypes(value: string): boolean {
  const parts = new Set(
    value
      .split(',')
      .map((p) => p.trim().toLowerCase())
      .filter(Boolean),
  );
  return parts.size === 3 && parts.has('add') && parts.has('update') && parts.has('delete');
}

/** Where the schema object is inside a file: a bare schema, a job or template, or a templates response. */
export function locateSchema(root: JsonNode | undefined): { node: JsonNode; path: JSONPath } | undefined {
  if (!root || root.type !== 'object') return undefined;
  if (prop(root, 'synchronizationRules')) return { node: root, path: [] };
  const schema = prop(root, 'schema');
  if (prop(schema, 'synchronizationRules')) return { node: schema!, path: ['schema'] };
  const items = itemsOf(prop(root, 'value'));
  for (let i = 0; i < items.length; i++) {
    const inner = prop(items[i], 'schema');
    if (prop(inner, 'synchronizationRules')) return { node: inner!, path: ['value', i, 'schema'] };
  }
  return undefined;
}

function objectKindOfName(name: string | undefined): ObjectKind | undefined {
  const lower = name?.trim().toLowerCase();
  return lower === 'user' ? 'user' : lower === 'group' ? 'group' : undefined;
}

/** `ObjectAddOnly` → on-create, `Always` → always; other values are kept as written. */
export function applyOfFlowType(flowType: string): string {
  const lower = flowType.toLowerCase();
  if (lower === 'objectaddonly') return 'on-create';
  if (lower === 'always') return 'always';
  return flowType;
}

function sourceOf(text: string, node: JsonNode | undefined, catalog: CatalogIndex): SourceExpression | undefined {
  if (!node) return undefined;
  if (node.type === 'string') {
    // Not Graph's shape (schema reports it), but read leniently so the expression is still checked.
    const field = stringFieldOf(text, node)!;
    return { ...field, parsed: parseExpression(field.value), graph: { tree: node, fromTree: false, expression: field } };
  }
  if (node.type !== 'object') return undefined;
  const expression = stringFieldOf(text, prop(node, 'expression'));
  if (expression)
    return { ...expression, parsed: parseExpression(expression.value), graph: { tree: node, fromTree: false, expression } };
  if (!prop(node, 'type') && !prop(node, 'name')) return undefined;
  const printed = printTree(text, node, catalog);
  return {
    value: printed.decoded.value,
    node,
    span: spanOfNode(node),
    decoded: printed.decoded,
    parsed: parseExpression(printed.decoded.value),
    graph: { tree: node, fromTree: true },
  };
}

function readAttributeMapping(
  text: string,
  object: ObjectKind,
  entry: JsonNode,
  index: number,
  catalog: CatalogIndex,
): AttributeMappingModel {
  if (entry.type !== 'object') return { object, index, node: entry, span: spanOfNode(entry) };
  const flowType = stringFieldOf(text, prop(entry, 'flowType'));
  const defaultNode = prop(entry, 'defaultValue');
  const sourceNode = prop(entry, 'source');
  return {
    object,
    index,
    node: entry,
    span: spanOfNode(entry),
    target: stringFieldOf(text, prop(entry, 'targetAttributeName')),
    source: sourceOf(text, sourceNode, catalog),
    matchingPrecedence: valueFieldOf(prop(entry, 'matchingPriority')),
    apply: flowType ? { ...flowType, value: applyOfFlowType(flowType.value) } : undefined,
    default: defaultNode && defaultNode.type !== 'null' ? valueFieldOf(defaultNode) : undefined,
    graph: {
      flowType,
      flowBehavior: stringFieldOf(text, prop(entry, 'flowBehavior')),
      exportMissingReferences: valueFieldOf(prop(entry, 'exportMissingReferences')),
      sourceNode,
      defaultValueNode: defaultNode,
    },
  };
}

function readClause(text: string, node: JsonNode, index: number): ScopeClauseModel {
  const values = prop(prop(node, 'targetOperand'), 'values');
  const items = itemsOf(values);
  return {
    index,
    node,
    span: spanOfNode(node),
    attribute: stringFieldOf(text, prop(node, 'sourceOperandName')),
    operator: stringFieldOf(text, prop(node, 'operatorName')),
    value: valueFieldOf(items[0]),
    graph: { values, valueCount: items.length },
  };
}

function readScopeGroups(text: string, scopeNode: JsonNode | undefined): ScopeFilterModel[] {
  return itemsOf(prop(scopeNode, 'groups')).map((node, index) => ({
    index,
    node,
    span: spanOfNode(node),
    clauses: itemsOf(prop(node, 'clauses')).map((clause, i) => readClause(text, clause, i)),
  }));
}

function readObjectMapping(
  text: string,
  node: JsonNode,
  object: ObjectKind,
  rule: number,
  index: number,
  catalog: CatalogIndex,
): ObjectMappingModel {
  const sourceObjectName = stringFieldOf(text, prop(node, 'sourceObjectName'));
  const scopeNode = prop(node, 'scope');
  const mappingsNode = prop(node, 'attributeMappings');
  const info: GraphObjectInfo = {
    rule,
    index,
    sourceObjectName,
    targetObjectName: stringFieldOf(text, prop(node, 'targetObjectName')),
    name: stringFieldOf(text, prop(node, 'name')),
    flowTypes: stringFieldOf(text, prop(node, 'flowTypes')),
    enabled: valueFieldOf(prop(node, 'enabled')),
    scopeNode,
    inputFilterGroups: prop(scopeNode, 'inputFilterGroups'),
    categoryFilterGroups: prop(scopeNode, 'categoryFilterGroups'),
  };
  return {
    object,
    node,
    keySpan: sourceObjectName ? sourceObjectName.span : { start: node.offset, end: node.offset + 1 },
    scope:
      scopeNode?.type === 'object'
        ? { kind: 'inline', node: scopeNode, span: spanOfNode(scopeNode), filters: readScopeGroups(text, scopeNode) }
        : undefined,
    mappingsNode,
    mappings: itemsOf(mappingsNode).map((entry, i) => readAttributeMapping(text, object, entry, i, catalog)),
    graph: info,
  };
}

/** Why a schema is taken for AWS IAM Identity Center's gallery app, or undefined. */
function awsEvidence(root: JsonNode | undefined, schema: JsonNode | undefined, rules: GraphRuleInfo[]): string | undefined {
  const id = stringOf(prop(schema, 'id'));
  if (id && id.toLowerCase().startsWith(AWS_TEMPLATE_ID.toLowerCase())) return `the schema id "${id}"`;
  const rule = rules.find((r) => r.targetDirectoryName?.value.toLowerCase() === AWS_DIRECTORY_NAME.toLowerCase());
  if (rule) return `targetDirectoryName "${rule.targetDirectoryName!.value}"`;
  for (const directory of itemsOf(prop(schema, 'directories'))) {
    const name = stringOf(prop(directory, 'name'));
    if (name?.toLowerCase() === AWS_DIRECTORY_NAME.toLowerCase()) return `the directory "${name}"`;
  }
  // A job (templateId) or template (id / factoryTag) around the schema.
  const holders = [root, ...itemsOf(prop(root, 'value'))];
  for (const holder of holders) {
    for (const key of ['templateId', 'factoryTag', 'id']) {
      const value = stringOf(prop(holder, key));
      if (value && value.toLowerCase() === AWS_TEMPLATE_ID.toLowerCase()) return `the ${key} "${value}"`;
    }
  }
  return undefined;
}

const ATTRIBUTE_TYPES = new Set(['String', 'Boolean', 'Integer', 'DateTime', 'Reference', 'Binary']);

/** Attributes the Entra directory of the schema defines that the catalog does not know (or only as likely). */
function customAttributes(schema: JsonNode | undefined, catalog: CatalogIndex): EntraSourceAttribute[] {
  const out: EntraSourceAttribute[] = [];
  for (const directory of itemsOf(prop(schema, 'directories'))) {
    const directoryName = stringOf(prop(directory, 'name'));
    if (!directoryName || !ENTRA_DIRECTORY.test(directoryName)) continue;
    for (const objectNode of itemsOf(prop(directory, 'objects'))) {
      const object = objectKindOfName(stringOf(prop(objectNode, 'name')));
      if (!object) continue;
      for (const attribute of itemsOf(prop(objectNode, 'attributes'))) {
        const name = stringOf(prop(attribute, 'name'));
        if (!name) continue;
        const known = catalog.entraAttribute(object, name);
        if (known && !(known.status === 'likely' && known.name === name)) continue;
        const rawType = stringOf(prop(attribute, 'type')) ?? 'String';
        const type = (ATTRIBUTE_TYPES.has(rawType) ? rawType : 'String') as EntraSourceAttribute['type'];
        const multiValued = prop(attribute, 'multivalued')?.value === true;
        const scopable = !multiValued && (type === 'String' || type === 'Boolean' || type === 'Integer');
        out.push({
          name,
          object,
          type,
          multiValued,
          status: 'confirmed',
          scopable,
          scopeUnsupportedReason: scopable
            ? undefined
            : `"${name}" is ${multiValued ? 'multi-valued' : `a ${type}`}, which scoping filters do not test.`,
          description: known
            ? `${known.description} This schema's "${directoryName}" directory defines it, which confirms it for this tenant.`
            : `Defined in this schema's "${directoryName}" directory (${type}${multiValued ? ', multi-valued' : ''}); not in the bundled catalog.`,
          notes: ['Read from directories[].objects[].attributes[] of this file.'],
          sources: known?.sources ?? [],
        });
      }
    }
  }
  return out;
}

export function readGraphDocument(
  uri: string,
  text: string,
  parsed: { root: JsonNode | undefined; errors: JsonSyntaxProblem[] },
  catalog: CatalogIndex,
): GraphDocument {
  const { root, errors } = parsed;
  const located = locateSchema(root);
  const schema = located?.node ?? (root?.type === 'object' ? root : undefined);
  const rules: GraphRuleInfo[] = [];
  const objects: ObjectMappingModel[] = [];
  const unmodelled: GraphUnmodelledObject[] = [];
  itemsOf(prop(schema, 'synchronizationRules')).forEach((ruleNode, ruleIndex) => {
    const sourceDirectoryName = stringOf(prop(ruleNode, 'sourceDirectoryName'));
    const rule: GraphRuleInfo = {
      index: ruleIndex,
      node: ruleNode,
      id: stringOf(prop(ruleNode, 'id')),
      name: stringOf(prop(ruleNode, 'name')),
      sourceDirectoryName,
      targetDirectoryName: stringFieldOf(text, prop(ruleNode, 'targetDirectoryName')),
      fromEntra: isEntraDirectoryName(sourceDirectoryName),
    };
    rules.push(rule);
    itemsOf(prop(ruleNode, 'objectMappings')).forEach((node, index) => {
      const sourceName = stringOf(prop(node, 'sourceObjectName'));
      const object = objectKindOfName(sourceName);
      if (rule.fromEntra && object && node.type === 'object') {
        objects.push(readObjectMapping(text, node, object, ruleIndex, index, catalog));
        return;
      }
      const sourceNode = prop(node, 'sourceObjectName');
      unmodelled.push({
        rule: ruleIndex,
        index,
        node,
        label: `${sourceName || '(no source object)'} → ${stringOf(prop(node, 'targetObjectName')) ?? '?'}${rule.fromEntra ? '' : ` (rule from "${sourceDirectoryName}")`}`,
        enabled: prop(node, 'enabled')?.value !== false,
        span: sourceNode ? spanOfNode(sourceNode) : { start: node.offset, end: node.offset + 1 },
      });
    });
  });
  const entraRule = rules.find((r) => r.fromEntra && r.targetDirectoryName) ?? rules.find((r) => r.targetDirectoryName);
  const target: StringField | undefined = entraRule?.targetDirectoryName;
  const id = stringFieldOf(text, prop(schema, 'id'));
  const evidence = awsEvidence(root, schema, rules);
  const info: GraphSchemaInfo = {
    schemaPath: located?.path ?? [],
    schemaNode: schema,
    id,
    aws: evidence !== undefined,
    awsEvidence: evidence,
    targetSpan: target
      ? target.span
      : id
        ? id.span
        : schema
          ? { start: schema.offset, end: schema.offset + 1 }
          : { start: 0, end: 0 },
    targetDirectoryName: target?.value,
    rules,
    unmodelled,
    customAttributes: customAttributes(schema, catalog),
  };
  return { kind: 'graph', uri, text, lines: new LineIndex(text), root, syntaxErrors: errors, target, objects, graph: info };
}
