import type { ObjectKind } from '../catalog/types';
import type { ParsedExpression } from '../expression/ast';
import type { LineIndex, Span } from '../text/lineIndex';
import type { GraphAttributeInfo, GraphClauseInfo, GraphObjectInfo, GraphSchemaInfo, GraphSourceInfo } from '../graph/types';
import type { JsonNode, StringField, ValueField } from './fields';

export type { JsonNode, StringField, ValueField };

/** `graph`: a Microsoft Graph synchronization schema, read into the same model as a mapping file. */
export type DocumentKind = 'mapping' | 'scope' | 'graph';

export interface JsonSyntaxProblem {
  message: string;
  span: Span;
  /**
   * The file was not read because it is larger than the size limit or nested deeper than JSON is
   * read (see text/jsonTree.ts): reported as `document-too-large`, not `json-syntax`.
   */
  tooLarge?: boolean;
}

/** An expression read from a `source` string, with positions that map back into the file. */
export interface SourceExpression extends StringField {
  parsed: ParsedExpression;
  /** Graph schema files: the `source` tree this expression was read from. */
  graph?: GraphSourceInfo;
}

export interface AttributeMappingModel {
  object: ObjectKind;
  index: number;
  node: JsonNode;
  span: Span;
  target?: StringField;
  source?: SourceExpression;
  matchingPrecedence?: ValueField<unknown>;
  apply?: StringField;
  default?: ValueField<unknown>;
  /** Graph schema files: flowType, flowBehavior, … (`apply` holds flowType as always / on-create). */
  graph?: GraphAttributeInfo;
  /**
   * True when the mapping object has only the keys above, each once, and no object or array
   * value: found while the model reads it, so that json-duplicate-key need not walk it again.
   */
  simple?: boolean;
}

export interface ScopeClauseModel {
  index: number;
  node: JsonNode;
  span: Span;
  attribute?: StringField;
  operator?: StringField;
  /** The `value` property, any JSON type (rules check it). */
  value?: ValueField<unknown>;
  /** Graph schema files: `targetOperand.values` (`value` is its first element). */
  graph?: GraphClauseInfo;
}

export interface ScopeFilterModel {
  index: number;
  node: JsonNode;
  span: Span;
  clauses: ScopeClauseModel[];
}

export type ScopeReference =
  { kind: 'path'; path: StringField } | { kind: 'inline'; node: JsonNode; span: Span; filters: ScopeFilterModel[] };

export interface ObjectMappingModel {
  object: ObjectKind;
  node: JsonNode;
  /** The span of the `"user"` / `"group"` key, where object-level findings point. */
  keySpan: Span;
  scope?: ScopeReference;
  mappingsNode?: JsonNode;
  mappings: AttributeMappingModel[];
  /** Graph schema files: the objectMapping's own fields. */
  graph?: GraphObjectInfo;
}

interface DocumentBase {
  uri: string;
  text: string;
  lines: LineIndex;
  root: JsonNode | undefined;
  syntaxErrors: JsonSyntaxProblem[];
}

/** What mapping files and Graph schemas share: rules, features and the dry run read only this. */
interface MappingModelBase extends DocumentBase {
  target?: StringField;
  objects: ObjectMappingModel[];
}

/** The optional top-level `"sso"` object of a mapping file: how users sign in to AWS. */
export interface SsoModel {
  node: JsonNode;
  span: Span;
  /** The expression behind the SAML NameID claim (Entra's "Unique User Identifier"); AWS matches it to userName. */
  nameId?: SourceExpression;
}

export interface MappingDocument extends MappingModelBase {
  kind: 'mapping';
  sso?: SsoModel;
  /** The optional top-level `"provisioning"` section (issue 17), when it is an object. */
  provisioning?: ProvisioningModel;
}

/** The `"provisioning"` section: its node and each property's value with the span of its key. */
export interface ProvisioningModel {
  node: JsonNode;
  keySpan: Span;
  fields: Map<string, ValueField<unknown> & { keySpan: Span }>;
}

/**
 * A Graph synchronization schema (`*.synchronization.json`): its User and Group object mappings
 * read as `objects`, with every span pointing into the Graph JSON.
 */
export interface GraphDocument extends MappingModelBase {
  kind: 'graph';
  graph: GraphSchemaInfo;
}

/** A document with object mappings: a mapping file or a Graph schema. */
export type MappingLikeDocument = MappingDocument | GraphDocument;

export interface ScopeDocument extends DocumentBase {
  kind: 'scope';
  /** The optional `object` field: which Entra object the filters test. */
  object?: ObjectKind;
  filtersNode?: JsonNode;
  filters: ScopeFilterModel[];
}

export type ModelDocument = MappingDocument | ScopeDocument | GraphDocument;
