/**
 * Microsoft Graph synchronization schema → mapping file (and scope files). Whatever a mapping
 * file cannot say is reported, never dropped silently: values that change what Entra does are
 * errors (the conversion is not faithful), bookkeeping such as ids and metadata is one warning
 * (convert back with `--base` to keep it).
 */
import type { CatalogIndex } from '../catalog/lookup';
import type { ObjectKind } from '../catalog/types';
import type { GraphDocument } from '../model/types';
import { itemsOf, plainValue } from '../model/jsonNodes';
import { GRAPH_FLOW_TYPES, isFullFlowTypes } from './read';
import { canonicalOfExpression, canonicalOfTree, printTree, sameCanonical } from './tree';
import type { ConversionProblem } from './write';

export interface MappingEntry {
  target: string;
  source: string;
  matchingPrecedence?: number;
  apply?: 'on-create' | 'always';
  default?: string;
}

export interface FilterEntry {
  name?: string;
  clauses: Array<{ attribute: string; operator: string; value?: string }>;
}

export interface ObjectSection {
  object: ObjectKind;
  enabled?: boolean;
  /** Inline filters, or a relative path to a scope file. */
  scope?: FilterEntry[] | string;
  mappings: MappingEntry[];
}

const INDENT = '  ';

function clauseLine(clause: FilterEntry['clauses'][number]): string {
  const parts = [`"attribute": ${JSON.stringify(clause.attribute)}`, `"operator": ${JSON.stringify(clause.operator)}`];
  if (clause.value !== undefined) parts.push(`"value": ${JSON.stringify(clause.value)}`);
  return `{ ${parts.join(', ')} }`;
}

function filtersBlock(filters: FilterEntry[], indent: string): string {
  if (filters.length === 0) return '[]';
  const inner = indent + INDENT;
  const items = filters.map((filter) => {
    const lines = [`${inner}{`];
    if (filter.name !== undefined) lines.push(`${inner}${INDENT}"name": ${JSON.stringify(filter.name)},`);
    const clauses =
      filter.clauses.length === 0
        ? '[]'
        : `[\n${filter.clauses.map((c) => `${inner}${INDENT}${INDENT}${clauseLine(c)}`).join(',\n')}\n${inner}${INDENT}]`;
    lines.push(`${inner}${INDENT}"clauses": ${clauses}`, `${inner}}`);
    return lines.join('\n');
  });
  return `[\n${items.join(',\n')}\n${indent}]`;
}

function mappingLine(mapping: MappingEntry): string {
  const parts = [`"target": ${JSON.stringify(mapping.target)}`, `"source": ${JSON.stringify(mapping.source)}`];
  if (mapping.matchingPrecedence !== undefined) parts.push(`"matchingPrecedence": ${mapping.matchingPrecedence}`);
  if (mapping.apply !== undefined) parts.push(`"apply": ${JSON.stringify(mapping.apply)}`);
  if (mapping.default !== undefined) parts.push(`"default": ${JSON.stringify(mapping.default)}`);
  return `{ ${parts.join(', ')} }`;
}

/** A mapping file in the layout of the bundled examples: one mapping per line. */
export function printMappingFile(sections: ObjectSection[]): string {
  const lines = ['{', `${INDENT}"target": "aws-iam-identity-center",`];
  sections.forEach((section, i) => {
    const body: string[] = [];
    const inner = INDENT + INDENT;
    if (section.enabled === false) body.push(`${inner}"enabled": false`);
    if (typeof section.scope === 'string') body.push(`${inner}"scope": ${JSON.stringify(section.scope)}`);
    else if (section.scope)
      body.push(`${inner}"scope": {\n${inner}${INDENT}"filters": ${filtersBlock(section.scope, inner + INDENT)}\n${inner}}`);
    const mappings =
      section.mappings.length === 0
        ? '[]'
        : `[\n${section.mappings.map((m) => `${inner}${INDENT}${mappingLine(m)}`).join(',\n')}\n${inner}]`;
    body.push(`${inner}"mappings": ${mappings}`);
    lines.push(`${INDENT}"${section.object}": {`, body.join(',\n'), `${INDENT}}${i < sections.length - 1 ? ',' : ''}`);
  });
  lines.push('}', '');
  return lines.join('\n');
}

/** A scope file for one object's filters. */
export function printScopeFile(object: ObjectKind, filters: FilterEntry[]): string {
  return `{\n${INDENT}"object": ${JSON.stringify(object)},\n${INDENT}"filters": ${filtersBlock(filters, INDENT)}\n}\n`;
}

export interface GraphToMappingOptions {
  catalog: CatalogIndex;
  /**
   * Write each object's filters to a scope file named `<stem>.<object>.scope.jsonc` next to the
   * mapping file, referenced as `./<that name>`; without it the filters are inline.
   */
  scopeFileStem?: string;
}

export interface GraphToMappingResult {
  sections: ObjectSection[];
  text: string;
  scopeFiles: Array<{ object: ObjectKind; fileName: string; text: string }>;
  problems: ConversionProblem[];
}

export function graphToMapping(doc: GraphDocument, options: GraphToMappingOptions): GraphToMappingResult {
  const { catalog } = options;
  const problems: ConversionProblem[] = [];
  const error = (message: string): void => void problems.push({ severity: 'error', message });
  const warning = (message: string): void => void problems.push({ severity: 'warning', message });
  if (doc.syntaxErrors.length > 0) error(`The schema is not valid JSON (${doc.syntaxErrors[0].message}).`);
  if (!doc.graph.aws) {
    warning(
      `This schema does not look like AWS IAM Identity Center's gallery app (${doc.graph.targetDirectoryName ? `it provisions to "${doc.graph.targetDirectoryName}"` : 'no target directory'}); a mapping file always targets AWS IAM Identity Center, so its checks will judge the targets by AWS's schema.`,
    );
  }
  warning(
    "A mapping file has no place for the schema's ids, names, metadata and directories: to keep them, convert back with --base and the exported schema.",
  );

  const sections: ObjectSection[] = [];
  const scopeFiles: GraphToMappingResult['scopeFiles'] = [];
  const customUsed = new Set<string>();
  const custom = new Map(doc.graph.customAttributes.map((a) => [`${a.object}:${a.name}`, a]));

  for (const object of doc.objects) {
    const label = object.object;
    if (sections.some((s) => s.object === label)) {
      error(
        `A second ${label} object mapping ("${object.graph?.name?.value ?? ''}") is not converted: a mapping file has one ${label} section.`,
      );
      continue;
    }
    const info = object.graph;
    const section: ObjectSection = { object: label, mappings: [] };
    if (info?.enabled?.value === false) section.enabled = false;
    if (info?.flowTypes && !isFullFlowTypes(info.flowTypes.value))
      error(
        `The ${label} object mapping's flowTypes "${info.flowTypes.value}" cannot be written in a mapping file (it always means Add, Update, Delete).`,
      );
    for (const key of ['inputFilterGroups', 'categoryFilterGroups'] as const) {
      if (itemsOf(info?.[key]).length > 0) error(`The ${label} scope's ${key} cannot be written in a mapping file.`);
    }
    if (object.scope?.kind === 'inline' && object.scope.filters.length > 0) {
      const filters: FilterEntry[] = object.scope.filters.map((filter, f) => {
        const nameNode = (filter.node.children ?? []).find((p) => p.children?.[0]?.value === 'name')?.children?.[1];
        const clauses = filter.clauses.map((clause, c) => {
          const where = `${label} filter ${f + 1}, clause ${c + 1}`;
          const operatorText = clause.operator?.value ?? '';
          const operator = catalog.scopeOperator(operatorText);
          if (!operator)
            warning(`The ${where} uses "${operatorText}", which is not an Entra scoping operator; it is kept as it is.`);
          const out: FilterEntry['clauses'][number] = {
            attribute: clause.attribute?.value ?? '',
            operator: operator?.name ?? operatorText,
          };
          const count = clause.graph?.valueCount ?? 0;
          if (count > 1)
            error(`The ${where} has ${count} values; a scope file holds one value per clause (only the first is written).`);
          if (count > 0) out.value = String(clause.value?.value ?? '');
          return out;
        });
        return typeof nameNode?.value === 'string' ? { name: nameNode.value, clauses } : { clauses };
      });
      if (options.scopeFileStem !== undefined) {
        const fileName = `${options.scopeFileStem}.${label}.scope.jsonc`;
        scopeFiles.push({ object: label, fileName, text: printScopeFile(label, filters) });
        section.scope = `./${fileName}`;
      } else {
        section.scope = filters;
      }
    }

    for (const mapping of object.mappings) {
      const target = mapping.target?.value;
      const where = `${label} mapping ${mapping.index + 1}${target ? ` (${target})` : ''}`;
      if (!target) {
        error(`The ${where} has no targetAttributeName and is not converted.`);
        continue;
      }
      const source = mapping.source;
      if (!source) {
        error(
          `The ${where} has no source (a default-only mapping${mapping.default ? ` of "${String(mapping.default.value)}"` : ''}); a mapping file needs a source, so it is not converted. Converting back with --base keeps it.`,
        );
        continue;
      }
      const graph = source.graph;
      if (graph?.expression && graph.tree.type === 'object') {
        const fromTree = canonicalOfTree(plainValue(graph.tree), catalog);
        const fromText = canonicalOfExpression(source.parsed);
        if (fromText && fromTree.type !== 'Invalid' && !sameCanonical(fromText, fromTree)) {
          error(`The ${where}: source.expression and the source tree disagree; the expression was used.`);
        }
      }
      if (graph && graph.tree.type === 'object') {
        for (const p of printTree(doc.text, graph.tree, catalog).problems) warning(`The ${where}: ${p.message}`);
      }
      if (source.parsed.errors.length > 0)
        warning(`The ${where}: the expression does not parse (${source.parsed.errors[0].message}); it is written as it is.`);
      const entry: MappingEntry = { target, source: source.value };
      const priority = mapping.matchingPrecedence?.value;
      if (typeof priority === 'number' && Number.isInteger(priority) && priority > 0) entry.matchingPrecedence = priority;
      else if (priority !== undefined && priority !== 0)
        error(`The ${where} has matchingPriority ${JSON.stringify(priority)}, which is not a non-negative integer.`);
      const flowType = mapping.graph?.flowType?.value;
      if (flowType !== undefined) {
        const known = GRAPH_FLOW_TYPES.find((t) => t.toLowerCase() === flowType.toLowerCase());
        if (known === 'ObjectAddOnly') entry.apply = 'on-create';
        else if (known !== 'Always')
          error(
            `The ${where} has flowType ${flowType}, which a mapping file cannot say (apply is always or on-create); written as always.`,
          );
      }
      const behavior = mapping.graph?.flowBehavior?.value;
      if (behavior !== undefined && behavior !== 'FlowWhenChanged')
        error(`The ${where} has flowBehavior ${behavior}, which a mapping file cannot say.`);
      if (mapping.graph?.exportMissingReferences?.value === true)
        error(`The ${where} has exportMissingReferences true, which a mapping file cannot say.`);
      const defaultValue = mapping.default?.value;
      if (typeof defaultValue === 'string') entry.default = defaultValue;
      else if (defaultValue !== undefined) error(`The ${where}'s defaultValue is not a string.`);
      for (const node of source.parsed.root ? [source.parsed.root] : []) {
        const stack = [node];
        while (stack.length > 0) {
          const n = stack.pop()!;
          if (n.kind === 'attribute' && custom.has(`${label}:${n.name}`)) customUsed.add(n.name);
          if (n.kind === 'call') for (const slot of n.args) if (slot.value) stack.push(slot.value);
          if (n.kind === 'comparison') stack.push(...[n.left, n.right].filter((x): x is NonNullable<typeof x> => !!x));
        }
      }
      section.mappings.push(entry);
    }
    sections.push(section);
  }
  if (sections.length === 0)
    error(
      'The schema has no User or Group object mapping in a rule from Azure Active Directory, so there is nothing to convert.',
    );
  const skipped = doc.graph.unmodelled;
  const enabledSkipped = skipped.filter((o) => o.enabled);
  for (const other of enabledSkipped)
    error(`The object mapping ${other.label} is not converted: a mapping file has only user and group sections.`);
  if (skipped.length > enabledSkipped.length)
    warning(
      `${skipped.length - enabledSkipped.length} disabled object mapping(s) (${skipped
        .filter((o) => !o.enabled)
        .map((o) => o.label)
        .join('; ')}) are not part of the mapping file; --base keeps them.`,
    );
  if (customUsed.size > 0) {
    warning(
      `The mappings use attributes this schema's directory defines but the bundled catalog does not know (${[...customUsed].join(', ')}); in the mapping file they are reported as unknown unless they follow the extension_<appId>_<name> pattern.`,
    );
  }
  return { sections, text: printMappingFile(sections), scopeFiles, problems };
}
