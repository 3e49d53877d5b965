/**
 * Turns target paths and values into the SCIM JSON Entra sends (reference: aws/default-mappings.md,
 * "How Entra turns these into SCIM"): `schemas` (core, plus enterprise when used), the nested
 * `name`, one array element per distinct `[type eq "x"]` filter (the work email marked primary),
 * enterprise attributes under their URN, the manager as a reference, `meta.resourceType`, and
 * null values left out.
 */
import { CORE_GROUP_SCHEMA, CORE_USER_SCHEMA } from '../aws/constraints';
import type { ObjectKind } from '../catalog/types';
import type { JsonObject, JsonValue } from './types';

/** Where a mapping's target lands in a SCIM resource. */
export type TargetLocation =
  /** A core attribute, possibly nested: ['userName'], ['name', 'givenName']. */
  | { kind: 'core'; path: string[] }
  /** One element of a multi-valued attribute selected by a value filter: emails[type eq "work"].value. */
  | { kind: 'collection'; collection: string; filterAttribute: string; filterValue: string; sub: string }
  /** An attribute of a schema extension: enterprise department, manager, or a custom extension. */
  | { kind: 'extension'; schema: string; path: string[] }
  /** A group's members (sent with PATCH after the group exists). */
  | { kind: 'members' };

const COLLECTION_PATH = /^([A-Za-z][\w$-]*)\[\s*([A-Za-z][\w$-]*)\s+eq\s+"([^"]*)"\s*\]\.([A-Za-z][\w$-]*)$/i;
const DOTTED_PATH = /^[A-Za-z$][\w$-]*(\.[A-Za-z$][\w$-]*)*$/;
const SCHEMA_URN = /^(urn:ietf:params:scim:schemas:(?:core|extension):[^\s]*?:2\.0:(?:User|Group)):(.+)$/i;

/** Where a target path lands, or undefined when the path cannot be placed in a SCIM body. */
export function parseTargetPath(path: string, object: ObjectKind): TargetLocation | undefined {
  if (object === 'group' && path === 'members') return { kind: 'members' };
  const urn = SCHEMA_URN.exec(path);
  if (urn) {
    const schema = urn[1];
    const rest = urn[2];
    if (/^urn:ietf:params:scim:schemas:core:2\.0:(User|Group)$/i.test(schema)) return parseTargetPath(rest, object);
    if (!DOTTED_PATH.test(rest)) return undefined;
    return { kind: 'extension', schema, path: rest.split('.') };
  }
  const filtered = COLLECTION_PATH.exec(path);
  if (filtered)
    return {
      kind: 'collection',
      collection: filtered[1],
      filterAttribute: filtered[2],
      filterValue: filtered[3],
      sub: filtered[4],
    };
  if (DOTTED_PATH.test(path)) return { kind: 'core', path: path.split('.') };
  return undefined;
}

/** The value of a string in a SCIM filter: a JSON string, so `"` and `\` are escaped. */
export function scimFilterString(value: string): string {
  return JSON.stringify(value);
}

export function lookupRequest(object: ObjectKind, target: string, value: string): string {
  return object === 'user'
    ? `GET /Users?filter=${target} eq ${scimFilterString(value)}`
    : `GET /Groups?excludedAttributes=members&filter=${target} eq ${scimFilterString(value)}`;
}

/** One value to place in a body. */
export interface PlacedValue {
  location: TargetLocation;
  value: JsonValue;
  /** The key that identifies the mapping (for reporting which mapping filled a collection element). */
  owner: number;
}

/** A collection element in the body and the mappings that filled it. */
export interface CollectionElement {
  collection: string;
  key: string;
  owners: number[];
}

export interface BuiltBody {
  body: JsonObject;
  /** Every element of every collection, in body order. */
  elements: CollectionElement[];
}

function isObject(value: JsonValue | undefined): value is JsonObject {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

function setNested(target: JsonObject, path: string[], value: JsonValue): void {
  let node = target;
  for (let i = 0; i < path.length - 1; i++) {
    const existing = node[path[i]];
    if (!isObject(existing)) node[path[i]] = {};
    node = node[path[i]] as JsonObject;
  }
  node[path[path.length - 1]] = value;
}

/** Builds a POST body from values in mapping order. */
export function buildBody(object: ObjectKind, values: PlacedValue[]): BuiltBody {
  const core: JsonObject = {};
  const extensions = new Map<string, JsonObject>();
  const elements: CollectionElement[] = [];
  const elementObjects = new Map<string, JsonObject>();

  for (const placed of values) {
    const { location, value } = placed;
    switch (location.kind) {
      case 'core':
        setNested(core, location.path, value);
        break;
      case 'extension': {
        let ext = extensions.get(location.schema);
        if (!ext) extensions.set(location.schema, (ext = {}));
        setNested(ext, location.path, value);
        break;
      }
      case 'collection': {
        // AppRoleAssignmentsComplex yields whole role elements: they are the collection.
        if (Array.isArray(value) && value.every(isObject)) {
          const list = (
            Array.isArray(core[location.collection]) ? core[location.collection] : (core[location.collection] = [])
          ) as JsonValue[];
          for (const element of value) {
            list.push(element);
            elements.push({ collection: location.collection, key: `#${elements.length}`, owners: [placed.owner] });
          }
          break;
        }
        const key = `${location.collection}|${location.filterAttribute.toLowerCase()}=${location.filterValue.toLowerCase()}`;
        let element = elementObjects.get(key);
        if (!element) {
          element = {};
          const filterAttribute = location.filterAttribute;
          if (location.collection.toLowerCase() === 'emails' && filterAttribute.toLowerCase() === 'type') element.primary = true;
          if (filterAttribute.toLowerCase() === 'primary') element.primary = /^true$/i.test(location.filterValue);
          else element[filterAttribute] = location.filterValue;
          elementObjects.set(key, element);
          const list = (
            Array.isArray(core[location.collection]) ? core[location.collection] : (core[location.collection] = [])
          ) as JsonValue[];
          list.push(element);
          elements.push({ collection: location.collection, key, owners: [] });
        }
        element[location.sub] = value;
        elements.find((e) => e.key === key)!.owners.push(placed.owner);
        break;
      }
      case 'members':
        break;
    }
  }

  const schemas: JsonValue[] = [object === 'user' ? CORE_USER_SCHEMA : CORE_GROUP_SCHEMA, ...extensions.keys()];
  const body: JsonObject = { schemas, ...core, meta: { resourceType: object === 'user' ? 'User' : 'Group' } };
  for (const [schema, ext] of extensions) body[schema] = ext;
  return { body, elements };
}

function getIgnoreCase(node: JsonValue | undefined, key: string): JsonValue | undefined {
  if (!isObject(node)) return undefined;
  if (key in node) return node[key];
  const lower = key.toLowerCase();
  for (const k of Object.keys(node)) if (k.toLowerCase() === lower) return node[k];
  return undefined;
}

/** The value an existing AWS resource holds at a target location (undefined when absent). */
export function existingValueAt(existing: JsonObject, location: TargetLocation): JsonValue | undefined {
  switch (location.kind) {
    case 'core': {
      let node: JsonValue | undefined = existing;
      for (const key of location.path) node = getIgnoreCase(node, key);
      return node;
    }
    case 'extension': {
      let node: JsonValue | undefined = getIgnoreCase(existing, location.schema);
      for (const key of location.path) node = getIgnoreCase(node, key);
      return node;
    }
    case 'collection': {
      const list = getIgnoreCase(existing, location.collection);
      if (!Array.isArray(list)) return undefined;
      const element = list.find((e) => {
        const v = getIgnoreCase(e, location.filterAttribute);
        return v !== undefined && v !== null && String(v).toLowerCase() === location.filterValue.toLowerCase();
      });
      return element === undefined ? undefined : getIgnoreCase(element, location.sub);
    }
    case 'members':
      return getIgnoreCase(existing, 'members');
  }
}
