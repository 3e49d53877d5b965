/**
 * Reads sample users and groups: JSON (one object or an array) in Entra's attribute names or in the
 * shape Microsoft Graph returns for GET /users/{id} and GET /groups/{id}, or a CSV file with a
 * header row. Plain text in, plain data out: every problem carries a line number so the CLI can
 * print `file:line`, and one broken sample never stops the others.
 */
import { printParseErrorCode, type Node as JsonNode } from 'jsonc-parser';
import { CORE_GROUP_SCHEMA, CORE_USER_SCHEMA } from '../aws/constraints';
import type { CatalogIndex } from '../catalog/lookup';
import type { EntraSourceAttribute, ObjectKind } from '../catalog/types';
import type { AppRoleAssignment } from '../evaluate/types';
import { plainValue } from '../model/jsonNodes';
import { LineIndex } from '../text/lineIndex';
import { parseJsonTree } from '../text/jsonTree';
import type {
  ExistingObject,
  JsonObject,
  ParsedSamples,
  Sample,
  SampleError,
  SampleInfo,
  SampleReference,
  SourceLocation,
} from './types';

export interface SampleReadOptions {
  object: ObjectKind;
  catalog: CatalogIndex;
  /** The display path used in locations. */
  file?: string;
  /** Default: from the file name (`.csv` → csv) or the content (a leading `{`/`[` → json). */
  format?: 'json' | 'csv';
}

/** Keys that describe the sample rather than an Entra attribute. */
const CONTROL_KEYS = new Set([
  'assigned',
  'deleted',
  'softDeleted',
  'IsSoftDeleted',
  'isSoftDeleted',
  'appRoleAssignments',
  'takenValues',
  'awsId',
]);

/** Microsoft Graph user properties that Entra's provisioning engine knows by another name. */
export const GRAPH_USER_RENAMES: Record<string, string> = {
  id: 'objectId',
  mobilePhone: 'mobile',
  faxNumber: 'facsimileTelephoneNumber',
  officeLocation: 'physicalDeliveryOfficeName',
  onPremisesSyncEnabled: 'dirSyncEnabled',
};

export const GRAPH_GROUP_RENAMES: Record<string, string> = {
  id: 'objectId',
  onPremisesSyncEnabled: 'dirSyncEnabled',
};

/** Properties only Graph's JSON has: their presence marks a Graph-shaped sample. */
const GRAPH_ONLY_KEYS = new Set([
  'businessPhones',
  'mobilePhone',
  'officeLocation',
  'onPremisesExtensionAttributes',
  'faxNumber',
  'onPremisesSyncEnabled',
  'employeeOrgData',
  'deletedDateTime',
]);

class SampleInputError extends Error {
  constructor(
    message: string,
    readonly node?: JsonNode,
  ) {
    super(message);
  }
}

/** A sample with no attributes (for `eval` without --user). */
export function emptySample(object: ObjectKind): Sample {
  return {
    object,
    attributes: {},
    references: new Map(),
    info: { label: '(no sample)', format: 'entra', mapped: [], ignored: [], warnings: [] },
  };
}

/**
 * Sets one attribute from text (`--set name=value`): Boolean attributes take true/false, multi-valued
 * ones a JSON array or `;`-separated values; IsSoftDeleted, assigned, deleted and softDeleted set the
 * sample's facts. Throws an Error with a message on a bad value.
 */
export function setSampleAttribute(sample: Sample, name: string, text: string, catalog: CatalogIndex): void {
  try {
    const field: Field = { key: name, value: text, fromCsv: true };
    if (CONTROL_KEYS.has(name)) {
      readControlKey(sample, field);
      return;
    }
    const definition = catalog.entraAttribute(sample.object, name) ?? catalog.entraAttributeIgnoreCase(sample.object, name);
    const value = attributeValue(field, definition);
    if (value === null) delete sample.attributes[name];
    else sample.attributes[name] = value;
  } catch (e) {
    if (e instanceof SampleInputError) throw new Error(e.message);
    throw e;
  }
}

/** Reads every sample in a file. */
export function readSamples(text: string, options: SampleReadOptions): ParsedSamples {
  // A NUL character is never in a JSON or CSV text file: say so instead of reading junk as cells.
  const nul = text.indexOf('\u0000');
  if (nul >= 0) {
    const position = new LineIndex(text).positionAt(nul);
    const location = { file: options.file, line: position.line + 1, column: position.character + 1 };
    return {
      samples: [],
      errors: [{ message: 'This is not a text file (it contains a NUL character); samples are JSON or CSV text.', location }],
      single: false,
    };
  }
  const format = options.format ?? guessFormat(text, options.file);
  return format === 'csv' ? readCsvSamples(text, options) : readJsonSamples(text, options);
}

function guessFormat(text: string, file: string | undefined): 'json' | 'csv' {
  if (file && /\.csv$/i.test(file)) return 'csv';
  if (file && /\.jsonc?$/i.test(file)) return 'json';
  const first = text.replace(/^\uFEFF/, '').trimStart()[0];
  return first === '{' || first === '[' || first === '/' ? 'json' : 'csv';
}

// ---------------------------------------------------------------------------------------------
// JSON

const PARSE_OPTIONS = { allowTrailingComma: true, disallowComments: false, allowEmptyContent: true };

function jsonErrorMessage(code: string): string {
  const messages: Record<string, string> = {
    InvalidSymbol: 'unexpected character',
    InvalidNumberFormat: 'malformed number',
    PropertyNameExpected: 'a property name in double quotes is expected',
    ValueExpected: 'a value is expected',
    ColonExpected: '":" is expected after the property name',
    CommaExpected: '"," is expected between items',
    CloseBraceExpected: '"}" is expected',
    CloseBracketExpected: '"]" is expected',
    EndOfFileExpected: 'only one top-level value is allowed',
    UnexpectedEndOfString: 'the string is not closed',
    InvalidEscapeCharacter: 'unknown escape sequence in a string',
    InvalidCharacter: 'control characters must be escaped inside strings',
  };
  return messages[code] ?? code;
}

/** Parses JSON (comments and trailing commas allowed) into a tree, or reports the first syntax error. */
function parseJsonText(text: string, file: string | undefined): { root?: JsonNode; lines: LineIndex; error?: SampleError } {
  const lines = new LineIndex(text);
  // Iterative and bounded in depth: a hostile sample cannot overflow the stack (text/jsonTree.ts).
  const { root, errors, tooDeep } = parseJsonTree(text.replace(/^\uFEFF/, ' '), PARSE_OPTIONS);
  if (tooDeep) {
    const position = lines.positionAt(tooDeep.offset);
    return {
      lines,
      error: {
        message: `The JSON nests values more than ${tooDeep.limit} levels deep; samples need only a few.`,
        location: { file, line: position.line + 1, column: position.character + 1 },
      },
    };
  }
  if (errors.length > 0) {
    const first = errors[0];
    const position = lines.positionAt(first.offset);
    return {
      lines,
      error: {
        message: `Invalid JSON: ${jsonErrorMessage(printParseErrorCode(first.error))}.`,
        location: { file, line: position.line + 1, column: position.character + 1 },
      },
    };
  }
  if (!root) return { lines, error: { message: 'The file is empty.', location: { file, line: 1 } } };
  return { root, lines };
}

function locate(lines: LineIndex, file: string | undefined, node: JsonNode): SourceLocation {
  const position = lines.positionAt(node.offset);
  return { file, line: position.line + 1, column: position.character + 1 };
}

function readJsonSamples(text: string, options: SampleReadOptions): ParsedSamples {
  const { root, lines, error } = parseJsonText(text, options.file);
  if (!root) return { samples: [], errors: [error!], single: true };
  const samples: Sample[] = [];
  const errors: SampleError[] = [];
  const elements = root.type === 'array' ? (root.children ?? []) : [root];
  elements.forEach((node, index) => {
    const location = locate(lines, options.file, node);
    try {
      if (node.type !== 'object')
        throw new SampleInputError(`Each ${options.object} must be a JSON object, not ${describeJson(plainValue(node))}.`, node);
      samples.push(readObject(node, options.object, options.catalog, 'json', location, index));
    } catch (e) {
      if (!(e instanceof SampleInputError)) throw e;
      errors.push({ message: e.message, location: e.node ? locate(lines, options.file, e.node) : location });
    }
  });
  return { samples, errors, single: root.type !== 'array' };
}

function describeJson(value: unknown): string {
  if (value === null) return 'null';
  if (Array.isArray(value)) return 'an array';
  if (typeof value === 'object') return 'an object';
  if (typeof value === 'string') return `the string ${JSON.stringify(value.length > 40 ? value.slice(0, 40) + '…' : value)}`;
  return `${typeof value === 'number' ? 'the number' : 'the boolean'} ${String(value)}`;
}

/** A property's value node, by name (the last occurrence wins, as in JSON.parse). */
function propertyNodes(node: JsonNode): Array<{ key: string; value: JsonNode }> {
  const out: Array<{ key: string; value: JsonNode }> = [];
  for (const prop of node.children ?? []) {
    const [key, value] = prop.children ?? [];
    if (key && value) out.push({ key: key.value as string, value });
  }
  return out;
}

/** A source of sample fields: JSON nodes (with positions) or CSV cells (strings). */
interface Field {
  key: string;
  value: unknown;
  node?: JsonNode;
  /** The field came from a CSV cell (strings to coerce). */
  fromCsv?: boolean;
}

function fieldsOfNode(node: JsonNode): Field[] {
  return propertyNodes(node).map(({ key, value }) => ({ key, value: plainValue(value), node: value }));
}

function readObject(
  node: JsonNode,
  object: ObjectKind,
  catalog: CatalogIndex,
  format: 'json',
  location: SourceLocation,
  index: number,
): Sample {
  return buildSample(fromPowerShell(fieldsOfNode(node)), object, catalog, format, location, index);
}

/**
 * `Get-MgUser | ConvertTo-Json` (Microsoft Graph PowerShell) writes Graph's properties in
 * PascalCase (`Id`, `UserPrincipalName`, `OnPremisesExtensionAttributes.ExtensionAttribute1`) and
 * puts what its model does not know under `AdditionalProperties`. Such an object (recognised by
 * `Id` without `id`) is read as the Graph JSON it stands for.
 */
function fromPowerShell(fields: Field[]): Field[] {
  const keys = new Set(fields.map((f) => f.key));
  if (!keys.has('Id') || keys.has('id')) return fields;
  const result: Field[] = [];
  for (const field of fields) {
    if (field.key === 'AdditionalProperties' && field.value && typeof field.value === 'object' && !Array.isArray(field.value)) {
      for (const [key, value] of Object.entries(field.value as Record<string, unknown>))
        result.push({ key, value, node: field.node });
      continue;
    }
    // PowerShell lists every property of its model, most of them empty; an empty one says nothing.
    if (field.value === null) continue;
    result.push({ ...field, key: camelKey(field.key), value: camelKeys(field.value) });
  }
  return result;
}

function camelKey(key: string): string {
  // Directory extensions (extension_<appId>_name) and @odata annotations keep their names.
  if (key.startsWith('@') || /^extension_/i.test(key)) return key;
  return key.charAt(0).toLowerCase() + key.slice(1);
}

function camelKeys(value: unknown): unknown {
  if (Array.isArray(value)) return value.map(camelKeys);
  if (value && typeof value === 'object')
    return Object.fromEntries(Object.entries(value as Record<string, unknown>).map(([k, v]) => [camelKey(k), camelKeys(v)]));
  return value;
}

// ---------------------------------------------------------------------------------------------
// Building a sample from fields

function isGraphShaped(fields: Field[], object: ObjectKind): boolean {
  // One pass, no sets: this runs for every object of a whole-tenant batch.
  let id = false;
  let objectId = false;
  let graphOnly = false;
  for (const { key } of fields) {
    if (key.startsWith('@odata.')) return true;
    if (key === 'id') id = true;
    else if (key === 'objectId') objectId = true;
    else if (object === 'user' && GRAPH_ONLY_KEYS.has(key)) graphOnly = true;
  }
  return (id && !objectId) || graphOnly;
}

function boolOf(field: Field, what: string): boolean {
  const v = field.value;
  if (typeof v === 'boolean') return v;
  if (typeof v === 'string' && /^(true|false)$/i.test(v.trim())) return v.trim().toLowerCase() === 'true';
  throw new SampleInputError(`"${field.key}" must be true or false (${what}), not ${describeJson(v)}.`, field.node);
}

function stringList(field: Field): string[] {
  const v = field.value;
  if (typeof v === 'string') return field.fromCsv ? splitList(v) : [v];
  if (Array.isArray(v) && v.every((x) => typeof x === 'string' || typeof x === 'number')) return v.map(String);
  throw new SampleInputError(`"${field.key}" must be an array of strings, not ${describeJson(v)}.`, field.node);
}

/** A list written as a JSON array of values, or as values separated by `separator`. */
function parseList(text: string, separator: string | RegExp): string[] {
  const trimmed = text.trim();
  if (trimmed.startsWith('[')) {
    try {
      const parsed = JSON.parse(trimmed) as unknown;
      if (Array.isArray(parsed)) return parsed.map(String);
    } catch {
      // Not JSON: read it as separated values.
    }
  }
  return trimmed
    .split(separator)
    .map((s) => s.trim())
    .filter((s) => s.length > 0);
}

/** A CSV cell holding several values: a JSON array, or values separated by `;`. */
function splitList(cell: string): string[] {
  return parseList(cell, ';');
}

function labelOf(attributes: Record<string, unknown>, object: ObjectKind, index: number): string {
  const candidates = object === 'user' ? ['userPrincipalName', 'displayName', 'mail', 'objectId'] : ['displayName', 'objectId'];
  for (const name of candidates) {
    const v = attributes[name];
    if (typeof v === 'string' && v.length > 0) return v;
  }
  return `#${index + 1}`;
}

/** Converts one attribute value to what the evaluator reads, checking it against the catalog type. */
function attributeValue(field: Field, definition: EntraSourceAttribute | undefined): unknown {
  const v = field.value;
  if (v === null || v === undefined) return null;
  if (definition?.multiValued) return stringList(field);
  const type = definition?.type;
  if (type === 'Boolean') return boolOf(field, `${field.key} is a Boolean attribute`);
  if (type === 'Integer') {
    if (typeof v === 'number' && Number.isInteger(v)) return v;
    if (typeof v === 'string' && /^[+-]?\d+$/.test(v.trim())) return v.trim();
    throw new SampleInputError(`"${field.key}" is an Integer attribute; ${describeJson(v)} is not an integer.`, field.node);
  }
  if (typeof v === 'string') return v;
  if (typeof v === 'number') return String(v);
  if (definition) {
    if (typeof v === 'boolean')
      throw new SampleInputError(
        `"${field.key}" is a ${definition.type} attribute; write it as a string, not ${describeJson(v)}.`,
        field.node,
      );
    throw new SampleInputError(`"${field.key}" holds one value; ${describeJson(v)} is not a string.`, field.node);
  }
  // An attribute the catalog does not know (a directory extension, a custom name): take scalars and string lists.
  if (typeof v === 'boolean') return v;
  if (Array.isArray(v) && v.every((x) => typeof x === 'string')) return v;
  throw new SampleInputError(
    `"${field.key}" must be a string, number, boolean or array of strings, not ${describeJson(v)}.`,
    field.node,
  );
}

function referenceOf(field: Field, value: unknown, catalog: CatalogIndex): SampleReference {
  if (typeof value === 'string' || typeof value === 'number') return { key: String(value) };
  if (value && typeof value === 'object' && !Array.isArray(value)) {
    const record = value as Record<string, unknown>;
    const odataType = typeof record['@odata.type'] === 'string' ? (record['@odata.type'] as string) : '';
    const isGroup = /group$/i.test(odataType) || record.object === 'group' || Array.isArray(record.members);
    const key = firstString(
      record,
      isGroup ? ['objectId', 'id', 'displayName'] : ['objectId', 'id', 'userPrincipalName', 'mail', 'displayName'],
    );
    if (!key) throw new SampleInputError(`"${field.key}" refers to an object without "objectId", "id" or a name.`, field.node);
    const label = firstString(record, ['userPrincipalName', 'displayName', 'mail']) ?? key;
    const reference: SampleReference = { key, label };
    if (typeof record.awsId === 'string') reference.awsId = record.awsId;
    if (isGroup) reference.isGroup = true;
    else reference.attributes = memberAttributes(record, catalog);
    return reference;
  }
  throw new SampleInputError(
    `"${field.key}" must be an object id or an object with "objectId", not ${describeJson(value)}.`,
    field.node,
  );
}

/** A member's own attributes (for scope checks of members), read leniently: bad fields are dropped. */
function memberAttributes(record: Record<string, unknown>, catalog: CatalogIndex): Record<string, unknown> {
  const fields: Field[] = Object.entries(record).map(([key, value]) => ({ key, value }));
  try {
    return buildSample(fields, 'user', catalog, 'json', { line: 0 }, 0).attributes;
  } catch {
    return {};
  }
}

function firstString(record: Record<string, unknown>, keys: string[]): string | undefined {
  for (const key of keys) {
    const v = record[key];
    if (typeof v === 'string' && v.length > 0) return v;
  }
  return undefined;
}

function appRoleAssignmentsOf(field: Field): AppRoleAssignment[] {
  const v = field.value;
  if (field.fromCsv && typeof v === 'string') return splitList(v).map((value) => ({ value }));
  if (!Array.isArray(v))
    throw new SampleInputError(`"appRoleAssignments" must be an array of {"value": …, "displayName": …}.`, field.node);
  return v.map((item) => {
    if (typeof item === 'string') return { value: item };
    if (item && typeof item === 'object' && typeof (item as Record<string, unknown>).value === 'string') {
      const record = item as Record<string, unknown>;
      const role: AppRoleAssignment = { value: record.value as string };
      if (typeof record.displayName === 'string') role.displayName = record.displayName;
      if (typeof record.id === 'string') role.id = record.id;
      return role;
    }
    throw new SampleInputError(`Each app-role assignment needs a string "value", not ${describeJson(item)}.`, field.node);
  });
}

function buildSample(
  fields: Field[],
  object: ObjectKind,
  catalog: CatalogIndex,
  format: 'json' | 'csv',
  location: SourceLocation,
  index: number,
): Sample {
  const graph = isGraphShaped(fields, object);
  const info: SampleInfo = {
    label: '',
    location: location.line > 0 ? location : undefined,
    format: format === 'csv' ? 'csv' : graph ? 'graph' : 'entra',
    mapped: [],
    ignored: [],
    warnings: [],
  };
  const attributes: Record<string, unknown> = {};
  const references = new Map<string, SampleReference>();
  const sample: Sample = { object, attributes, references, info };
  const renames = object === 'user' ? GRAPH_USER_RENAMES : GRAPH_GROUP_RENAMES;

  const setAttribute = (name: string, field: Field): void => {
    const definition = catalog.entraAttribute(object, name);
    if (name === 'manager' || (definition?.type === 'Reference' && name !== 'members' && name !== 'appRoleAssignments')) {
      if (field.value === null || field.value === undefined || field.value === '') return;
      const reference = referenceOf(field, field.value, catalog);
      references.set(reference.key, reference);
      attributes[name] = reference.key;
      return;
    }
    const value = attributeValue(field, definition);
    if (value !== null) attributes[name] = value;
  };

  for (const field of fields) {
    const { key } = field;
    if (key.startsWith('$') || key.startsWith('//')) continue; // comments and $schema
    if (key.startsWith('@odata.')) {
      if (graph) info.ignored.push({ field: key, reason: 'OData annotation' });
      continue;
    }
    if (CONTROL_KEYS.has(key)) {
      readControlKey(sample, field);
      continue;
    }
    if (object === 'group' && key === 'members') {
      readMembers(sample, field, catalog);
      continue;
    }
    if (graph && object === 'user' && key === 'businessPhones') {
      const phones = field.value === null ? [] : stringList(field);
      if (phones.length > 0) {
        attributes.telephoneNumber = phones[0];
        info.mapped.push({ from: 'businessPhones[0]', to: 'telephoneNumber' });
      }
      if (phones.length > 1)
        info.warnings.push(`businessPhones has ${phones.length} numbers; Entra's telephoneNumber holds the first only.`);
      continue;
    }
    if (graph && object === 'user' && key === 'onPremisesExtensionAttributes') {
      readExtensionAttributes(sample, field);
      continue;
    }
    if (graph && object === 'user' && key === 'employeeOrgData') {
      const v = field.value;
      if (v && typeof v === 'object' && !Array.isArray(v)) {
        for (const [sub, subValue] of Object.entries(v as Record<string, unknown>)) {
          if (subValue === null) continue;
          const name = `employeeOrgData.${sub}`;
          setAttribute(name, { key: name, value: subValue, node: field.node });
          info.mapped.push({ from: `employeeOrgData.${sub}`, to: name });
        }
      }
      continue;
    }
    if (graph && key === 'deletedDateTime') {
      if (field.value !== null && field.value !== undefined) {
        sample.softDeleted = true;
        info.mapped.push({ from: 'deletedDateTime', to: 'softDeleted' });
      }
      continue;
    }
    if (graph && renames[key]) {
      const to = renames[key];
      if (field.value !== null && field.value !== undefined) info.mapped.push({ from: key, to });
      setAttribute(to, { ...field, key: to });
      continue;
    }
    const known = catalog.entraAttribute(object, key);
    if (graph && !known) {
      info.ignored.push({ field: key, reason: `not a ${object} attribute Entra offers for provisioning` });
      continue;
    }
    if (!known) {
      const sameButCase = catalog.entraAttributeIgnoreCase(object, key);
      const suggestion = sameButCase?.name ?? catalog.suggestAttribute(object, key);
      info.warnings.push(
        `"${key}" is not an Entra ${object} attribute the dry run knows${suggestion ? ` (did you mean "${suggestion}"?)` : ''}; it is kept as given.`,
      );
    }
    setAttribute(key, field);
  }
  info.label = labelOf(attributes, object, index);
  return sample;
}

function readControlKey(sample: Sample, field: Field): void {
  if (field.value === null || field.value === undefined || field.value === '') return;
  switch (field.key) {
    case 'assigned':
      sample.assigned = boolOf(field, 'assigned to the app');
      return;
    case 'deleted':
      if (typeof field.value === 'string' && /^(soft|hard)$/i.test(field.value)) {
        if (field.value.toLowerCase() === 'soft') sample.softDeleted = true;
        else sample.deleted = true;
        return;
      }
      sample.deleted = boolOf(field, 'hard-deleted in Entra; use "soft" or "softDeleted": true for the recycle bin');
      return;
    case 'softDeleted':
      sample.softDeleted = boolOf(field, 'soft-deleted in Entra');
      return;
    case 'IsSoftDeleted':
    case 'isSoftDeleted':
      sample.isSoftDeleted = boolOf(field, 'IsSoftDeleted');
      return;
    case 'appRoleAssignments':
      sample.appRoleAssignments = appRoleAssignmentsOf(field);
      return;
    case 'takenValues':
      sample.takenValues = stringList(
        field.fromCsv ? field : { ...field, value: Array.isArray(field.value) ? field.value : [field.value] },
      );
      return;
    case 'awsId':
      // The object's own AWS id is only meaningful for members and managers; ignore it here.
      return;
  }
}

function readExtensionAttributes(sample: Sample, field: Field): void {
  const v = field.value;
  if (v === null || v === undefined) return;
  if (typeof v !== 'object' || Array.isArray(v)) {
    throw new SampleInputError(
      `"onPremisesExtensionAttributes" must be an object of extensionAttribute1…15, not ${describeJson(v)}.`,
      field.node,
    );
  }
  for (const [name, value] of Object.entries(v as Record<string, unknown>)) {
    if (!/^extensionAttribute([1-9]|1[0-5])$/.test(name)) {
      sample.info.ignored.push({ field: `onPremisesExtensionAttributes.${name}`, reason: 'not one of extensionAttribute1…15' });
      continue;
    }
    if (value === null || value === undefined) continue;
    if (typeof value !== 'string')
      throw new SampleInputError(
        `"onPremisesExtensionAttributes.${name}" must be a string, not ${describeJson(value)}.`,
        field.node,
      );
    sample.attributes[name] = value;
    sample.info.mapped.push({ from: `onPremisesExtensionAttributes.${name}`, to: name });
  }
}

function readMembers(sample: Sample, field: Field, catalog: CatalogIndex): void {
  const v = field.value;
  if (v === null || v === undefined) return;
  const items = field.fromCsv && typeof v === 'string' ? splitList(v) : v;
  if (!Array.isArray(items))
    throw new SampleInputError(`"members" must be an array of user objects or object ids, not ${describeJson(v)}.`, field.node);
  const keys: string[] = [];
  for (const item of items) {
    const reference = referenceOf(field, item, catalog);
    if (!sample.references.has(reference.key)) keys.push(reference.key);
    sample.references.set(reference.key, reference);
  }
  sample.attributes.members = keys;
}

// ---------------------------------------------------------------------------------------------
// CSV

/**
 * The delimiter of a CSV file: `,`, `;` (Excel in locales with a decimal comma) or a tab, whichever
 * the header line (outside quotes) holds most of; a comma when none.
 */
export function detectCsvDelimiter(text: string): ',' | ';' | '\t' {
  const counts = { ',': 0, ';': 0, '\t': 0 };
  let quoted = false;
  for (let i = 0; i < text.length; i++) {
    const ch = text[i];
    if (ch === '"') quoted = !quoted;
    else if (!quoted && (ch === '\n' || ch === '\r')) break;
    else if (!quoted && (ch === ',' || ch === ';' || ch === '\t')) counts[ch]++;
  }
  if (counts[';'] > counts[','] && counts[';'] >= counts['\t']) return ';';
  if (counts['\t'] > counts[','] && counts['\t'] > counts[';']) return '\t';
  return ',';
}

interface CsvRow {
  cells: string[];
  line: number;
}

/**
 * Splits CSV text into rows (RFC 4180: `"` quotes, `""` inside quotes, line breaks inside quoted
 * cells). A row with an unterminated quote is reported and ends the file.
 */
export function parseCsv(text: string): { rows: CsvRow[]; error?: { message: string; line: number } } {
  const rows: CsvRow[] = [];
  let input = text.replace(/^\uFEFF/, '');
  let i = 0;
  let line = 1;
  // Excel's hint line `sep=;` names the delimiter; otherwise the header line tells.
  const hint = /^sep=(.)\r?\n/.exec(input);
  const delimiter = hint ? hint[1] : detectCsvDelimiter(input);
  if (hint) {
    input = input.slice(hint[0].length);
    line = 2;
  }
  while (i < input.length) {
    const rowLine = line;
    const cells: string[] = [];
    let cell = '';
    let quoted = false;
    let atCellStart = true;
    let endOfRow = false;
    while (i < input.length && !endOfRow) {
      const ch = input[i];
      if (quoted) {
        if (ch === '"') {
          if (input[i + 1] === '"') {
            cell += '"';
            i += 2;
            continue;
          }
          quoted = false;
          i++;
          continue;
        }
        if (ch === '\n') line++;
        cell += ch;
        i++;
        continue;
      }
      if (ch === '"' && atCellStart) {
        quoted = true;
        atCellStart = false;
        i++;
        continue;
      }
      if (ch === delimiter) {
        cells.push(cell);
        cell = '';
        atCellStart = true;
        i++;
        continue;
      }
      if (ch === '\r' || ch === '\n') {
        i += ch === '\r' && input[i + 1] === '\n' ? 2 : 1;
        line++;
        endOfRow = true;
        continue;
      }
      if (ch === '"')
        return {
          rows,
          error: {
            message: 'A quote (") in the middle of an unquoted cell; quote the whole cell and double the quote ("").',
            line: rowLine,
          },
        };
      cell += ch;
      atCellStart = false;
      i++;
    }
    if (quoted) return { rows, error: { message: 'A quoted cell is not closed before the end of the file.', line: rowLine } };
    cells.push(cell);
    if (cells.length === 1 && cells[0].trim() === '') continue; // blank line
    rows.push({ cells, line: rowLine });
  }
  return { rows };
}

function readCsvSamples(text: string, options: SampleReadOptions): ParsedSamples {
  const { rows, error } = parseCsv(text);
  const errors: SampleError[] = [];
  const samples: Sample[] = [];
  if (rows.length === 0) {
    errors.push({
      message: error?.message ?? 'The CSV file has no header row.',
      location: { file: options.file, line: error?.line ?? 1 },
    });
    return { samples, errors, single: false };
  }
  const header = rows[0].cells.map((h) => h.trim());
  const seen = new Set<string>();
  for (const name of header) {
    if (name === '') {
      errors.push({ message: 'The header row has an empty column name.', location: { file: options.file, line: rows[0].line } });
      return { samples, errors, single: false };
    }
    if (seen.has(name)) {
      errors.push({ message: `The header row names "${name}" twice.`, location: { file: options.file, line: rows[0].line } });
      return { samples, errors, single: false };
    }
    seen.add(name);
  }
  if (rows.length === 1 && !error) {
    errors.push({
      message: `The CSV file has a header row (${header.length} column${header.length === 1 ? '' : 's'}) but no ${options.object}s below it.`,
      location: { file: options.file, line: rows[0].line },
    });
  }
  rows.slice(1).forEach((row, index) => {
    const location: SourceLocation = { file: options.file, line: row.line };
    if (row.cells.length !== header.length) {
      errors.push({
        message: `This row has ${row.cells.length} cell${row.cells.length === 1 ? '' : 's'} but the header has ${header.length} columns.`,
        location,
      });
      return;
    }
    const fields: Field[] = [];
    header.forEach((key, column) => {
      const cell = row.cells[column];
      if (cell === '') return; // an empty cell is a missing attribute
      fields.push({ key, value: cell, fromCsv: true });
    });
    try {
      samples.push(buildSample(fields, options.object, options.catalog, 'csv', location, index));
    } catch (e) {
      if (!(e instanceof SampleInputError)) throw e;
      errors.push({ message: e.message, location });
    }
  });
  if (error) errors.push({ message: error.message, location: { file: options.file, line: error.line } });
  return { samples, errors, single: false };
}

// ---------------------------------------------------------------------------------------------
// Existing AWS objects (--existing)

/**
 * Reads the SCIM JSON AWS returns: one resource (GET /Users/{id}, GET /Groups/{id}), an array of
 * them, or a ListResponse (`Resources`). Users and groups may be mixed; each is told apart by its
 * `schemas` or `meta.resourceType` (a resource with `userName` is a user).
 */
export function readExisting(text: string, file?: string): { objects: ExistingObject[]; errors: SampleError[] } {
  const { root, lines, error } = parseJsonText(text, file);
  if (!root) return { objects: [], errors: [error!] };
  let nodes: JsonNode[];
  if (root.type === 'array') nodes = root.children ?? [];
  else {
    const resources = propertyNodes(root).find((p) => p.key === 'Resources')?.value;
    nodes = resources?.type === 'array' ? (resources.children ?? []) : [root];
  }
  const objects: ExistingObject[] = [];
  const errors: SampleError[] = [];
  for (const node of nodes) {
    const location = locate(lines, file, node);
    const value = plainValue(node);
    if (node.type !== 'object') {
      errors.push({
        message: `Each existing object must be a SCIM resource (a JSON object), not ${describeJson(value)}.`,
        location,
      });
      continue;
    }
    const body = value as JsonObject;
    const kind = existingKind(body);
    if (!kind) {
      errors.push({
        message:
          'Cannot tell whether this is a user or a group: it has no "schemas", "meta.resourceType", "userName" or "displayName".',
        location,
      });
      continue;
    }
    if (typeof body.id !== 'string' || body.id.length === 0) {
      errors.push({
        message: `This ${kind} has no "id": give the JSON AWS returns for GET /${kind === 'user' ? 'Users' : 'Groups'}/{id}.`,
        location,
      });
      continue;
    }
    objects.push({ object: kind, body, location });
  }
  return { objects, errors };
}

function existingKind(body: JsonObject): ObjectKind | undefined {
  const schemas = Array.isArray(body.schemas) ? body.schemas.map(String) : [];
  if (schemas.includes(CORE_USER_SCHEMA)) return 'user';
  if (schemas.includes(CORE_GROUP_SCHEMA)) return 'group';
  const meta = body.meta;
  const resourceType = meta && typeof meta === 'object' && !Array.isArray(meta) ? meta.resourceType : undefined;
  if (typeof resourceType === 'string')
    return /^users?$/i.test(resourceType) ? 'user' : /^groups?$/i.test(resourceType) ? 'group' : undefined;
  if ('userName' in body) return 'user';
  if ('displayName' in body) return 'group';
  return undefined;
}

/** Reads --taken: a JSON array of strings, or one value per line. */
export function readTakenValues(text: string): string[] {
  return parseList(text, /\r?\n/);
}

// ---------------------------------------------------------------------------------------------
// One record at a time (the streaming readers of whole-tenant batches)

/** What a streaming reader gives for one record: a sample, or why it could not be read. */
export type SampleInput = { sample: Sample; error?: undefined } | { error: SampleError; sample?: undefined };

/**
 * One JSON record (an array element, a JSON Lines line, an element of a Graph page's `value`) as a
 * sample. `location` is where the record starts; a syntax error inside it is placed from there.
 */
export function sampleInputFromJsonText(
  text: string,
  location: SourceLocation,
  index: number,
  options: SampleReadOptions,
): SampleInput {
  let value: unknown;
  try {
    value = JSON.parse(text);
  } catch {
    // Comments, trailing commas, or a real error: the tolerant parser decides, and places the error.
    const parsed = parseJsonText(text, location.file);
    if (parsed.error || !parsed.root) {
      const at = parsed.error?.location;
      const line = at ? location.line + at.line - 1 : location.line;
      const column = at && at.line === 1 ? (location.column ?? 1) + (at.column ?? 1) - 1 : at?.column;
      return {
        error: { message: parsed.error?.message ?? 'The record is empty.', location: { file: location.file, line, column } },
      };
    }
    value = plainValue(parsed.root);
  }
  return sampleInputFromValue(value, location, index, options);
}

/** A parsed JSON value as a sample (it must be an object). */
export function sampleInputFromValue(
  value: unknown,
  location: SourceLocation,
  index: number,
  options: SampleReadOptions,
): SampleInput {
  if (value === null || typeof value !== 'object' || Array.isArray(value)) {
    return { error: { message: `Each ${options.object} must be a JSON object, not ${describeJson(value)}.`, location } };
  }
  const fields: Field[] = Object.entries(value as Record<string, unknown>).map(([key, v]) => ({ key, value: v }));
  try {
    return { sample: buildSample(fields, options.object, options.catalog, 'json', location, index) };
  } catch (e) {
    if (!(e instanceof SampleInputError)) throw e;
    return { error: { message: e.message, location } };
  }
}

/** Checks a CSV header row (trimmed names, none empty, none twice); the error when it is unusable. */
export function csvHeaderError(header: readonly string[]): string | undefined {
  const seen = new Set<string>();
  for (const name of header) {
    if (name === '') return 'The header row has an empty column name.';
    if (seen.has(name)) return `The header row names "${name}" twice.`;
    seen.add(name);
  }
  return undefined;
}

/** One CSV row under its header as a sample. */
export function sampleInputFromCsvRow(
  header: readonly string[],
  cells: readonly string[],
  location: SourceLocation,
  index: number,
  options: SampleReadOptions,
): SampleInput {
  if (cells.length !== header.length) {
    return {
      error: {
        message: `This row has ${cells.length} cell${cells.length === 1 ? '' : 's'} but the header has ${header.length} columns.`,
        location,
      },
    };
  }
  const fields: Field[] = [];
  for (let column = 0; column < header.length; column++) {
    const cell = cells[column];
    if (cell !== '') fields.push({ key: header[column], value: cell, fromCsv: true }); // an empty cell is a missing attribute
  }
  try {
    return { sample: buildSample(fields, options.object, options.catalog, 'csv', location, index) };
  } catch (e) {
    if (!(e instanceof SampleInputError)) throw e;
    return { error: { message: e.message, location } };
  }
}
