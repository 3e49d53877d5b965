/**
 * What the model keeps about a Microsoft Graph synchronization schema beyond the mapping model
 * every rule reads (see graph/read.ts). Fields are the JSON nodes they were read from, so rules
 * and quick fixes can point at them.
 */
import type { JSONPath } from 'jsonc-parser';
import type { EntraSourceAttribute } from '../catalog/types';
import type { JsonNode, StringField, ValueField } from '../model/fields';
import type { Span } from '../text/lineIndex';

/** The whole schema: where it is in the file and what it provisions to. */
export interface GraphSchemaInfo {
  /** From the file's root to the schema object: [] for a bare schema, ['schema'] for a job or template, ['value', 0, 'schema'] for a templates response. */
  schemaPath: JSONPath;
  schemaNode: JsonNode | undefined;
  /** The schema's `id` (a template id such as aWSSingleSignon.000…, or a job id). */
  id?: StringField;
  /** True when the schema is the AWS IAM Identity Center gallery template (or the settings say so). */
  aws: boolean;
  /** What made us decide `aws` (for messages), e.g. `targetDirectoryName "AWSSingleSignon"`. */
  awsEvidence?: string;
  /** Where a graph-not-aws finding points: the target directory name, else the schema id, else the schema. */
  targetSpan: Span;
  targetDirectoryName?: string;
  rules: GraphRuleInfo[];
  /** Object mappings we do not model (not User/Group, or in a rule that does not read from Entra). */
  unmodelled: GraphUnmodelledObject[];
  /** Attributes the schema's Entra directory defines that the bundled catalog does not know. */
  customAttributes: EntraSourceAttribute[];
}

export interface GraphRuleInfo {
  index: number;
  node: JsonNode;
  id?: string;
  name?: string;
  sourceDirectoryName?: string;
  targetDirectoryName?: StringField;
  /** The rule reads from Microsoft Entra ID (Azure Active Directory); only those rules are modelled. */
  fromEntra: boolean;
}

export interface GraphUnmodelledObject {
  rule: number;
  index: number;
  node: JsonNode;
  /** `sourceObjectName → targetObjectName`, for messages. */
  label: string;
  enabled: boolean;
  /** Where a finding points (the sourceObjectName value, else the object mapping). */
  span: Span;
}

/** An objectMapping read as a user or group section. */
export interface GraphObjectInfo {
  rule: number;
  index: number;
  sourceObjectName?: StringField;
  targetObjectName?: StringField;
  name?: StringField;
  flowTypes?: StringField;
  enabled?: ValueField<unknown>;
  /** The `scope` value (an object, or null). */
  scopeNode?: JsonNode;
  inputFilterGroups?: JsonNode;
  categoryFilterGroups?: JsonNode;
}

/** An attributeMapping's Graph-only fields. */
export interface GraphAttributeInfo {
  /** `flowType` as written (`apply` holds it translated to always / on-create). */
  flowType?: StringField;
  flowBehavior?: StringField;
  exportMissingReferences?: ValueField<unknown>;
  /** The `source` value node: an attributeMappingSource object, null, or (leniently) a string. */
  sourceNode?: JsonNode;
  defaultValueNode?: JsonNode;
}

/** Where a mapping's expression came from. */
export interface GraphSourceInfo {
  /** The `source` object (the attributeMappingSource tree). */
  tree: JsonNode;
  /**
   * True when the expression was printed from the tree (no `source.expression`): its decoded
   * offsets then point at the tree's `name` strings instead of one JSON string.
   */
  fromTree: boolean;
  /** `source.expression`, when present. */
  expression?: StringField;
}

/** A clause's `targetOperand.values`. */
export interface GraphClauseInfo {
  values?: JsonNode;
  valueCount: number;
}
