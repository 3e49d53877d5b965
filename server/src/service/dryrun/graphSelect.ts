/**
 * Which Microsoft Graph properties a dry run of real tenant objects must ask for. Graph returns
 * only a handful of default user properties unless `$select` names the others, and several Entra
 * attributes have other names in Graph (the reverse of what samples.ts reads: objectId → id,
 * telephoneNumber → businessPhones, mobile → mobilePhone, extensionAttributeN →
 * onPremisesExtensionAttributes, …). The manager comes through `$expand=manager`.
 */
import type { CatalogIndex } from '../catalog/lookup';
import type { ObjectKind } from '../catalog/types';
import { walk } from '../expression/ast';
import type { MappingLikeDocument, ScopeFilterModel } from '../model/types';
import type { ScopeResolution } from '../rules/types';
import { GRAPH_GROUP_RENAMES, GRAPH_USER_RENAMES } from './samples';

export interface GraphSelection {
  /** Graph property names for `$select`, sorted. */
  select: string[];
  /** Whether the manager is needed (`$expand=manager`). */
  expandManager: boolean;
  /** Whether group members are needed (read from …/members, paged). */
  members: boolean;
  /** Entra attribute names Graph has no property for (computed by the dry run, or unknown). */
  notInGraph: string[];
}

/** Entra names computed by the provisioning engine or the dry run, never read from Graph. */
const COMPUTED = new Set([
  'IsSoftDeleted',
  'appRoleAssignments',
  'SingleAppRoleAssignment',
  'AppRoleAssignmentsComplex',
  'assigned',
]);

/** What every tenant dry run reads regardless of the mapping: the id, labels and IsSoftDeleted's inputs. */
const ALWAYS: Record<ObjectKind, string[]> = {
  user: ['id', 'userPrincipalName', 'displayName', 'accountEnabled', 'deletedDateTime'],
  group: ['id', 'displayName'],
};

function reverse(renames: Record<string, string>): Map<string, string> {
  return new Map(Object.entries(renames).map(([graph, entra]) => [entra.toLowerCase(), graph]));
}
const USER_GRAPH_NAMES = reverse(GRAPH_USER_RENAMES);
const GROUP_GRAPH_NAMES = reverse(GRAPH_GROUP_RENAMES);

/** The Graph property for one Entra attribute name (null: nothing to select). */
function graphPropertyOf(object: ObjectKind, entraName: string, catalog: CatalogIndex): string | null {
  if (COMPUTED.has(entraName)) return null;
  if (/^extension_[0-9a-f]{32}_\w+$/i.test(entraName)) return entraName;
  const lower = entraName.toLowerCase();
  if (object === 'user') {
    if (lower === 'telephonenumber') return 'businessPhones';
    if (/^extensionattribute([1-9]|1[0-5])$/.test(lower)) return 'onPremisesExtensionAttributes';
    if (lower.startsWith('employeeorgdata.')) return 'employeeOrgData';
  }
  const renamed = (object === 'user' ? USER_GRAPH_NAMES : GROUP_GRAPH_NAMES).get(lower);
  if (renamed) return renamed;
  const known = catalog.entraAttribute(object, entraName) ?? catalog.entraAttributeIgnoreCase(object, entraName);
  return known ? known.name : null;
}

/** Attribute names an object's mappings and scoping filters read. */
export function attributesUsed(
  doc: MappingLikeDocument,
  object: ObjectKind,
  resolveScope: (path: string) => ScopeResolution,
): Set<string> {
  const names = new Set<string>();
  for (const section of doc.objects) {
    if (section.object !== object) continue;
    for (const mapping of section.mappings) {
      walk(mapping.source?.parsed.root ?? null, (node) => {
        if (node.kind === 'attribute') names.add(node.name);
      });
    }
    let filters: ScopeFilterModel[] = [];
    if (section.scope?.kind === 'inline') filters = section.scope.filters;
    else if (section.scope?.kind === 'path') {
      const resolved = resolveScope(section.scope.path.value);
      if (resolved.status === 'found') filters = resolved.document.filters;
    }
    for (const filter of filters)
      for (const clause of filter.clauses) if (clause.attribute?.value) names.add(clause.attribute.value);
  }
  return names;
}

export function graphSelection(object: ObjectKind, entraNames: Iterable<string>, catalog: CatalogIndex): GraphSelection {
  const select = new Set(ALWAYS[object]);
  const notInGraph: string[] = [];
  let expandManager = false;
  let members = false;
  for (const name of entraNames) {
    if (object === 'user' && name === 'manager') {
      expandManager = true;
      continue;
    }
    if (object === 'group' && name === 'members') {
      members = true;
      continue;
    }
    const property = graphPropertyOf(object, name, catalog);
    if (property) select.add(property);
    else notInGraph.push(name);
  }
  return { select: [...select].sort(), expandManager, members, notInGraph: notInGraph.sort() };
}
