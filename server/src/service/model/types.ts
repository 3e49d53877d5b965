import type { Node as JsonNode } from 'jsonc-parser';
import type { ObjectKind } from '../catalog/types';
import type { ParsedExpression } from '../expression/ast';
import type { LineIndex, Span } from '../text/lineIndex';
import type { DecodedJsonString } from '../text/jsonString';

export type { JsonNode };

export type DocumentKind = 'mapping' | 'scope';

export interface JsonSyntaxProblem {
  message: string;
  span: Span;
}

/** A JSON string value with its node and a decoded-index → file-offset map. */
export interface StringField {
  value: string;
  node: JsonNode;
  /** The literal including its quotes. */
  span: Span;
  decoded: DecodedJsonString;
}

/** Any JSON value we read, kept with its node so rules can point at it. */
export interface ValueField<T> {
  value: T;
  node: JsonNode;
  span: Span;
}

/** An expression read from a `source` string, with positions that map back into the file. */
export interface SourceExpression extends StringField {
  parsed: ParsedExpression;
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
}

export interface ScopeClauseModel {
  index: number;
  node: JsonNode;
  span: Span;
  attribute?: StringField;
  operator?: StringField;
  /** The `value` property, any JSON type (rules check it). */
  value?: ValueField<unknown>;
}

export interface ScopeFilterModel {
  index: number;
  node: JsonNode;
  span: Span;
  clauses: ScopeClauseModel[];
}

export type ScopeReference =
  | { kind: 'path'; path: StringField }
  | { kind: 'inline'; node: JsonNode; span: Span; filters: ScopeFilterModel[] };

export interface ObjectMappingModel {
  object: ObjectKind;
  node: JsonNode;
  /** The span of the `"user"` / `"group"` key, where object-level findings point. */
  keySpan: Span;
  scope?: ScopeReference;
  mappingsNode?: JsonNode;
  mappings: AttributeMappingModel[];
}

interface DocumentBase {
  uri: string;
  text: string;
  lines: LineIndex;
  root: JsonNode | undefined;
  syntaxErrors: JsonSyntaxProblem[];
}

export interface MappingDocument extends DocumentBase {
  kind: 'mapping';
  target?: StringField;
  objects: ObjectMappingModel[];
}

export interface ScopeDocument extends DocumentBase {
  kind: 'scope';
  /** The optional `object` field: which Entra object the filters test. */
  object?: ObjectKind;
  filtersNode?: JsonNode;
  filters: ScopeFilterModel[];
}

export type ModelDocument = MappingDocument | ScopeDocument;
