/**
 * Mapping file (and its scope files) → Microsoft Graph synchronization schema, ready to PUT.
 *
 * Without a base the schema is built around the AWS IAM Identity Center gallery template's
 * identifiers (default-mappings.md). With `base` (a schema exported with GET …/schema, or the
 * portal's download) that schema is updated in place: its ids, directories, metadata and every
 * field a mapping file does not manage stay as they are, attribute mappings keep their position
 * and fields, and a source whose meaning did not change keeps its exact text, so the result is a
 * minimal diff of the export.
 */
import { CORE_GROUP_SCHEMA, ENTERPRISE_USER_SCHEMA } from '../aws/constraints';
import { plainValue } from '../model/jsonNodes';
import { parseJsonTree } from '../text/jsonTree';
import type { CatalogIndex } from '../catalog/lookup';
import type { ObjectKind } from '../catalog/types';
import { parseExpression } from '../expression/parser';
import type { ParsedExpression } from '../expression/ast';
import type { MappingDocument, ScopeFilterModel } from '../model/types';
import type { ScopeResolution } from '../rules/types';
import { canonicalOfExpression, canonicalOfTree, expressionToTree, sameCanonical, type GraphSource } from './tree';
import { AWS_DIRECTORY_NAME, AWS_TEMPLATE_ID, applyOfFlowType, isEntraDirectoryName } from './read';
import { layoutOf } from './fixes';

/** Something a conversion could not carry over exactly. Errors make the CLI exit with 1. */
export interface ConversionProblem {
  severity: 'error' | 'warning';
  message: string;
}

/** The AWS IAM Identity Center gallery template's identifiers (default-mappings.md; user names inferred). */
export const AWS_TEMPLATE = {
  schemaId: `${AWS_TEMPLATE_ID}.00000000000000000000000000000000`,
  version: '6.0',
  ruleId: '03f7d90d-bf71-41b1-bda6-aaf0ddbee5d8',
  ruleName: 'USERGROUP_OUTBOUND_USERGROUP',
  sourceDirectoryName: 'Azure Active Directory',
  targetDirectoryName: AWS_DIRECTORY_NAME,
  flowTypes: 'Add,Update,Delete',
  objects: {
    // Documented: the group mapping's name and target object.
    group: {
      name: 'Provision Azure Active Directory Groups',
      sourceObjectName: 'Group',
      targetObjectName: CORE_GROUP_SCHEMA,
    },
    // Inferred by analogy (the reference has no published user object mapping).
    user: {
      name: 'Provision Azure Active Directory Users',
      sourceObjectName: 'User',
      targetObjectName: ENTERPRISE_USER_SCHEMA,
    },
  },
} as const;

// -------------------------------------------------------------------------------------------
// What a mapping file says, as plain data

export interface ClauseIntent {
  attribute: string;
  operator: string;
  value?: string;
}

export interface FilterIntent {
  name?: string;
  clauses: ClauseIntent[];
}

export interface AttributeIntent {
  target: string;
  source: string;
  parsed: ParsedExpression;
  matchingPrecedence?: number;
  apply?: 'always' | 'on-create';
  default?: string;
}

export interface ObjectIntent {
  object: ObjectKind;
  enabled: boolean;
  /** null: no scoping filter. */
  filters: FilterIntent[] | null;
  mappings: AttributeIntent[];
}

/** Reads a mapping document (resolving scope files) into plain data, reporting what Graph cannot take. */
export function readMappingIntent(
  doc: MappingDocument,
  resolveScope: (path: string) => ScopeResolution,
  catalog: CatalogIndex,
): { objects: ObjectIntent[]; problems: ConversionProblem[] } {
  const problems: ConversionProblem[] = [];
  const error = (message: string): void => void problems.push({ severity: 'error', message });
  const warning = (message: string): void => void problems.push({ severity: 'warning', message });
  // SAML settings belong to the enterprise app's single sign-on configuration, not to provisioning.
  if (doc.sso)
    warning(
      '"sso" is not part of a synchronization schema (the SAML NameID is set in the enterprise app\'s single sign-on configuration), so it is not converted.',
    );
  if (doc.syntaxErrors.length > 0)
    error(`The mapping file is not valid JSON (${doc.syntaxErrors[0].message}); fix it with scim-mapper check first.`);
  const root = doc.root;
  if (root?.type === 'object' && (root.children ?? []).some((p) => p.children?.[0]?.value === 'description')) {
    warning('The file\'s "description" has no place in a Graph schema and is left out.');
  }
  const objects: ObjectIntent[] = [];
  for (const object of doc.objects) {
    const label = object.object;
    const hasKey = (node: typeof object.node, key: string): boolean =>
      node.type === 'object' && (node.children ?? []).some((p) => p.children?.[0]?.value === key);
    if (hasKey(object.node, 'description'))
      warning(`The ${label} section's "description" has no place in a Graph schema and is left out.`);
    const enabledNode = (object.node.children ?? []).find((p) => p.children?.[0]?.value === 'enabled')?.children?.[1];
    let filters: FilterIntent[] | null = null;
    const scope = object.scope;
    let scopeFilters: ScopeFilterModel[] | undefined;
    if (scope?.kind === 'inline') scopeFilters = scope.filters;
    else if (scope?.kind === 'path') {
      const resolution = resolveScope(scope.path.value);
      if (resolution.status === 'found') scopeFilters = resolution.document.filters;
      else
        error(
          `The ${label} scope file "${scope.path.value}" ${resolution.status === 'missing' ? 'cannot be read' : `is not usable: ${resolution.reason}`}; the schema would have no scoping filter.`,
        );
    }
    if (scopeFilters) {
      filters = scopeFilters.map((filter, f) => {
        const name =
          filter.node.type === 'object'
            ? (filter.node.children ?? []).find((p) => p.children?.[0]?.value === 'name')?.children?.[1]?.value
            : undefined;
        const clauses = filter.clauses.map((clause, c): ClauseIntent => {
          const where = `${label} filter ${f + 1}, clause ${c + 1}`;
          const operatorText = clause.operator?.value ?? '';
          const operator = catalog.scopeOperator(operatorText);
          if (!clause.attribute || !clause.operator) error(`The ${where} lacks its attribute or operator.`);
          if (clause.operator && !operator)
            warning(`The ${where} uses "${operatorText}", which is not an Entra scoping operator; it is written as it is.`);
          const out: ClauseIntent = { attribute: clause.attribute?.value ?? '', operator: operator?.graphName ?? operatorText };
          const raw = clause.value?.value;
          if (raw !== undefined) {
            if (typeof raw === 'string' || typeof raw === 'number' || typeof raw === 'boolean') out.value = String(raw);
            else error(`The ${where} has a value that is not a string, number or Boolean; Graph's targetOperand holds strings.`);
          }
          return out;
        });
        return typeof name === 'string' ? { name, clauses } : { clauses };
      });
    }
    const mappings: AttributeIntent[] = [];
    for (const mapping of object.mappings) {
      const where = `${label} mapping ${mapping.index + 1}${mapping.target ? ` (${mapping.target.value})` : ''}`;
      if (mapping.node.type !== 'object') {
        error(`The ${where} is not an object.`);
        continue;
      }
      if (hasKey(mapping.node, 'description'))
        warning(`The ${where}'s "description" has no place in a Graph attribute mapping and is left out.`);
      if (!mapping.target) {
        error(`The ${where} has no target.`);
        continue;
      }
      if (!mapping.source) {
        error(`The ${where} has no source.`);
        continue;
      }
      const intent: AttributeIntent = {
        target: mapping.target.value,
        source: mapping.source.value,
        parsed: mapping.source.parsed,
      };
      const precedence = mapping.matchingPrecedence?.value;
      if (precedence !== undefined) {
        if (typeof precedence === 'number' && Number.isInteger(precedence) && precedence > 0)
          intent.matchingPrecedence = precedence;
        else
          error(
            `The ${where} has matchingPrecedence ${JSON.stringify(precedence)}; Graph's matchingPriority is a positive integer (0 means no matching).`,
          );
      }
      const apply = mapping.apply?.value;
      if (apply === 'always' || apply === 'on-create') intent.apply = apply;
      else if (apply !== undefined)
        error(`The ${where} has apply ${JSON.stringify(apply)}; only always and on-create have a Graph flowType.`);
      const value = mapping.default?.value;
      if (typeof value === 'string') intent.default = value;
      else if (typeof value === 'number' || typeof value === 'boolean') {
        intent.default = String(value);
        warning(
          `The ${where}'s default ${JSON.stringify(value)} is written as the string "${String(value)}" (Graph's defaultValue is a string).`,
        );
      } else if (value !== undefined && value !== null) error(`The ${where}'s default is not a string.`);
      mappings.push(intent);
    }
    objects.push({ object: object.object, enabled: enabledNode?.value !== false, filters, mappings });
  }
  if (objects.length === 0) error('The mapping file has no "user" or "group" section.');
  return { objects, problems };
}

// -------------------------------------------------------------------------------------------
// Graph values

export interface GraphAttributeMapping {
  defaultValue: string | null;
  exportMissingReferences: boolean;
  flowBehavior: string;
  flowType: string;
  matchingPriority: number;
  source: GraphSource | null;
  targetAttributeName: string;
}

/** A new Graph attribute mapping, with every field Graph's own exports carry. */
export function graphAttributeMapping(
  intent: { target: string; parsed: ParsedExpression; matchingPrecedence?: number; apply?: string; default?: string },
  catalog: CatalogIndex,
): { value: GraphAttributeMapping; problems: ConversionProblem[] } {
  const { source, problems } = expressionToTree(intent.parsed, catalog);
  return {
    value: {
      defaultValue: intent.default ?? null,
      exportMissingReferences: false,
      flowBehavior: 'FlowWhenChanged',
      flowType: intent.apply === 'on-create' ? 'ObjectAddOnly' : 'Always',
      matchingPriority: intent.matchingPrecedence ?? 0,
      source,
      targetAttributeName: intent.target,
    },
    problems: problems.map((p) => ({ severity: p.severity, message: `${intent.target}: ${p.message}` })),
  };
}

/** A Graph scope value for filters (null when there are none); keeps the base's other filter lists. */
function graphScope(filters: FilterIntent[] | null, base?: Record<string, unknown> | null): Record<string, unknown> | null {
  if (!filters) return null;
  const groups = filters.map((filter) => ({
    ...(filter.name !== undefined ? { name: filter.name } : {}),
    clauses: filter.clauses.map((c) => ({
      operatorName: c.operator,
      sourceOperandName: c.attribute,
      targetOperand: { values: c.value === undefined ? [] : [c.value] },
    })),
  }));
  if (base && typeof base === 'object') return { ...base, groups };
  return { groups, inputFilterGroups: [], categoryFilterGroups: [] };
}

/** What a Graph scope value says, as filters (null: no filter), for comparisons. */
function filtersOfGraphScope(scope: unknown, catalog: CatalogIndex): FilterIntent[] | null {
  if (!scope || typeof scope !== 'object') return null;
  const groups = (scope as Record<string, unknown>).groups;
  if (!Array.isArray(groups) || groups.length === 0) return null;
  return groups.map((g) => {
    const group = (g ?? {}) as Record<string, unknown>;
    const clauses = (Array.isArray(group.clauses) ? group.clauses : []).map((c) => {
      const clause = (c ?? {}) as Record<string, unknown>;
      const operatorName = typeof clause.operatorName === 'string' ? clause.operatorName : '';
      const values = ((clause.targetOperand ?? {}) as Record<string, unknown>).values;
      const out: ClauseIntent = {
        attribute: typeof clause.sourceOperandName === 'string' ? clause.sourceOperandName : '',
        operator: catalog.scopeOperator(operatorName)?.graphName ?? operatorName,
      };
      if (Array.isArray(values) && values.length > 0) out.value = String(values[0]);
      return out;
    });
    return typeof group.name === 'string' ? { name: group.name, clauses } : { clauses };
  });
}

function sameFilters(a: FilterIntent[] | null, b: FilterIntent[] | null): boolean {
  return JSON.stringify(a ?? []) === JSON.stringify(b ?? []);
}

function newObjectMapping(intent: ObjectIntent, catalog: CatalogIndex, problems: ConversionProblem[]): Record<string, unknown> {
  const template = AWS_TEMPLATE.objects[intent.object];
  return {
    enabled: intent.enabled,
    flowTypes: AWS_TEMPLATE.flowTypes,
    name: template.name,
    scope: graphScope(intent.filters),
    sourceObjectName: template.sourceObjectName,
    targetObjectName: template.targetObjectName,
    attributeMappings: intent.mappings.map((m) => {
      const { value, problems: p } = graphAttributeMapping(m, catalog);
      problems.push(...p);
      return value;
    }),
  };
}

// -------------------------------------------------------------------------------------------
// The conversion

export interface MappingToGraphOptions {
  catalog: CatalogIndex;
  /** Resolves a scope path of the mapping file (LanguageService.resolveScope against its URI). */
  resolveScope: (path: string) => ScopeResolution;
  /** The text of an exported schema to update instead of the template. */
  baseText?: string;
}

export interface MappingToGraphResult {
  /** The schema (the PUT body) as plain data. */
  schema: Record<string, unknown>;
  /** The schema as JSON text, in the base's layout (or two-space indentation). */
  text: string;
  problems: ConversionProblem[];
}

type Json = Record<string, unknown>;

function objectKindOf(name: unknown): ObjectKind | undefined {
  const lower = typeof name === 'string' ? name.trim().toLowerCase() : '';
  return lower === 'user' ? 'user' : lower === 'group' ? 'group' : undefined;
}

/** The schema object inside an exported file (bare, a job or template, or a templates response). */
export function schemaOfValue(value: unknown): Json | undefined {
  if (!value || typeof value !== 'object') return undefined;
  const root = value as Json;
  if (Array.isArray(root.synchronizationRules)) return root;
  const schema = root.schema as Json | undefined;
  if (schema && Array.isArray(schema.synchronizationRules)) return schema;
  if (Array.isArray(root.value)) {
    for (const item of root.value as Json[]) {
      const inner = item?.schema as Json | undefined;
      if (inner && Array.isArray(inner.synchronizationRules)) return inner;
    }
  }
  return undefined;
}

export function mappingToGraph(doc: MappingDocument, options: MappingToGraphOptions): MappingToGraphResult {
  const { catalog } = options;
  const { objects, problems } = readMappingIntent(doc, options.resolveScope, catalog);
  const warning = (message: string): void => void problems.push({ severity: 'warning', message });

  if (options.baseText === undefined) {
    const schema: Json = {
      id: AWS_TEMPLATE.schemaId,
      version: AWS_TEMPLATE.version,
      synchronizationRules: [
        {
          editable: true,
          id: AWS_TEMPLATE.ruleId,
          name: AWS_TEMPLATE.ruleName,
          priority: 1,
          sourceDirectoryName: AWS_TEMPLATE.sourceDirectoryName,
          targetDirectoryName: AWS_TEMPLATE.targetDirectoryName,
          objectMappings: objects.map((o) => newObjectMapping(o, catalog, problems)),
        },
      ],
    };
    warning(
      "Without --base the schema carries the gallery template's ids and no directories. A PUT replaces the whole schema, so GET your job's schema first (…/synchronization/jobs/{jobId}/schema) and pass it as --base.",
    );
    return { schema, text: JSON.stringify(schema, null, 2) + '\n', problems };
  }

  // The bounded parser: a hostile base file nested thousands of levels deep must not overflow the stack.
  const base = parseJsonTree(options.baseText);
  const schema = base.root && base.errors.length === 0 ? schemaOfValue(plainValue(base.root)) : undefined;
  if (!base.root || base.errors.length > 0 || !schema) {
    problems.push({
      severity: 'error',
      message: base.tooDeep
        ? `The base schema nests values more than ${base.tooDeep.limit} levels deep.`
        : !base.root || base.errors.length > 0
          ? 'The base schema is not valid JSON.'
          : 'The base file has no synchronizationRules: it is not a synchronization schema.',
    });
    return { schema: {}, text: '', problems };
  }
  const rules = schema.synchronizationRules as Json[];
  const rule = rules.find(
    (r) =>
      isEntraDirectoryName(typeof r?.sourceDirectoryName === 'string' ? r.sourceDirectoryName : undefined) &&
      Array.isArray(r.objectMappings),
  );
  if (!rule) {
    problems.push({
      severity: 'error',
      message: 'The base schema has no synchronization rule from Azure Active Directory with objectMappings.',
    });
    return { schema, text: '', problems };
  }
  const objectMappings = rule.objectMappings as Json[];
  for (const intent of objects) {
    const existing = objectMappings.find((o) => objectKindOf(o?.sourceObjectName) === intent.object);
    if (!existing) {
      objectMappings.push(newObjectMapping(intent, catalog, problems));
      warning(`The base has no ${intent.object} object mapping; a new one was added from the gallery template.`);
      continue;
    }
    updateObjectMapping(existing, intent, catalog, problems);
  }
  for (const other of objectMappings) {
    const kind = objectKindOf(other?.sourceObjectName);
    if (kind && !objects.some((o) => o.object === kind))
      warning(`The mapping file has no ${kind} section; the base's ${kind} object mapping is kept unchanged.`);
  }
  const layout = layoutOf(options.baseText);
  const trailing = /\r?\n$/.test(options.baseText) ? layout.eol : '';
  return { schema, text: JSON.stringify(schema, null, layout.unit).split('\n').join(layout.eol) + trailing, problems };
}

function updateObjectMapping(target: Json, intent: ObjectIntent, catalog: CatalogIndex, problems: ConversionProblem[]): void {
  const warning = (message: string): void => void problems.push({ severity: 'warning', message });
  if ((target.enabled !== false) !== intent.enabled) target.enabled = intent.enabled;
  if (!sameFilters(filtersOfGraphScope(target.scope, catalog), intent.filters)) {
    target.scope = graphScope(intent.filters, target.scope && typeof target.scope === 'object' ? (target.scope as Json) : null);
  }
  const baseMappings = Array.isArray(target.attributeMappings) ? (target.attributeMappings as Json[]) : [];
  const used = new Set<Json>();
  const next: Json[] = [];
  for (const m of intent.mappings) {
    const existing = baseMappings.find((b) => !used.has(b) && b?.targetAttributeName === m.target);
    if (!existing) {
      const { value, problems: p } = graphAttributeMapping(m, catalog);
      problems.push(...p);
      next.push(value as unknown as Json);
      continue;
    }
    used.add(existing);
    updateAttributeMapping(existing, m, catalog, problems);
    next.push(existing);
  }
  const removed: string[] = [];
  for (const b of baseMappings) {
    if (used.has(b)) continue;
    // A default-only mapping (source null) cannot be written in a mapping file, so its absence says nothing.
    if (b?.source === null || b?.source === undefined) {
      next.push(b);
      warning(
        `The base's default-only mapping of ${String(b?.targetAttributeName)} (source null) is kept: a mapping file cannot express it.`,
      );
      continue;
    }
    removed.push(String(b?.targetAttributeName));
  }
  if (removed.length > 0)
    warning(`Removed from the ${intent.object} object mapping (not in the mapping file): ${removed.join(', ')}.`);
  target.attributeMappings = next;
}

function updateAttributeMapping(
  target: Json,
  intent: AttributeIntent,
  catalog: CatalogIndex,
  problems: ConversionProblem[],
): void {
  const warning = (message: string): void => void problems.push({ severity: 'warning', message });
  const wanted = canonicalOfExpression(intent.parsed);
  if (!wanted || !sameCanonical(canonicalOfTree(target.source, catalog), wanted)) {
    const { source, problems: p } = expressionToTree(intent.parsed, catalog);
    problems.push(...p.map((x) => ({ severity: x.severity, message: `${intent.target}: ${x.message}` })));
    if (source) target.source = source;
  } else {
    // Same meaning: keep the base's tree; keep its expression text unless ours was rewritten.
    const source = target.source as Json | null;
    if (source && typeof source === 'object' && typeof source.expression === 'string' && source.expression !== intent.source) {
      const theirs = canonicalOfExpression(parseExpression(source.expression));
      if (!theirs || !sameCanonical(theirs, wanted)) source.expression = intent.source;
    }
  }
  const priority = intent.matchingPrecedence ?? 0;
  if ((typeof target.matchingPriority === 'number' ? target.matchingPriority : 0) !== priority)
    target.matchingPriority = priority;
  const current = typeof target.flowType === 'string' ? target.flowType : 'Always';
  const currentApply = applyOfFlowType(current);
  if (intent.apply === undefined && currentApply !== 'always' && currentApply !== 'on-create') {
    warning(`${intent.target}: the base's flowType ${current} has no mapping-file equivalent and is kept.`);
  } else if ((intent.apply ?? 'always') !== currentApply) {
    target.flowType = intent.apply === 'on-create' ? 'ObjectAddOnly' : 'Always';
  }
  const defaultValue = intent.default ?? null;
  if ((target.defaultValue ?? null) !== defaultValue) target.defaultValue = defaultValue;
}
